"""Rules as a file: extra rules a newsroom loads without editing the package, and the built-in
rules written out (like spaCy's ``SpanRuler.add_patterns`` / ``to_disk``).

A file is JSON (a list of rules, or ``{"rules": [...]}``), JSON Lines (one rule a line) or TOML
(``[[rules]]`` tables). A rule::

    {"id": "pct_change_plunged.v1", "builder": "percent",
     "patterns": [[{"role": "dir", "words": ["plunged", "plummeted"]}, {"role": "adv", "use": "ADV"},
                   {"role": "num", "use": "NUM"}, {"role": "pct", "use": "PCT"}]],
     "examples": ["burglaries plunged 40 percent"]}

Each element has a ``role`` (see ``ROLES``) and one of: ``words`` (a list; ``op`` optional),
``word`` (one word; ``op`` optional), ``use`` (a shared building block: ``BLOCKS``), ``token``
(a spaCy token pattern) or ``alt`` (alternative token sequences). A rule reuses an existing
builder (extract/builders.py ``BUILDERS``); ``kind`` and ``priority`` default to those of the
built-in rules with that builder, and every pattern must hold the roles that builder reads.
Anything wrong is a `PatternFileError` naming the file, the rule and what to change.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.errors import MatchPatternError
from spacy.matcher import Matcher

from extract.builders import BUILDERS
from extract.errors import ExtractError
from extract.patterns import (
    FAMILIES,
    ROLES,
    Alt,
    Element,
    PatternError,
    Rule,
    TokenSpec,
    all_rules,
    compile_rule,
    tokens,
)

#: Fields a rule in a file may have.
FIELDS = frozenset({"id", "builder", "kind", "family", "priority", "patterns", "examples", "max_fill", "reach",
                    "filled_pair", "text_offense_only", "one_offense"})
#: Most tokens a rule may reach from its trigger (the claim matcher's long windows).
MAX_REACH = 18


class PatternFileError(PatternError, ExtractError):
    """An extra-patterns file cannot be read or holds a malformed rule."""


def _blocks() -> dict[str, TokenSpec | Alt]:
    return {"NUM": tokens.NUM, "PCT": tokens.PCT, "DIR": tokens.DIR, "DIR_NOUN": tokens.DIR_NOUN,
            "ADV": tokens.ADV, "QUAL": tokens.QUAL, "FRACTION": tokens.FRACTION, "YEAR": tokens.YEAR,
            "SIGNED_NUMBER": tokens.SIGNED_NUMBER, "COUNT_FOLLOWERS": tokens.COUNT_FOLLOWERS,
            "FILLER": tokens.filler(), "FILLER_NO_COMMA": tokens.filler(allow_comma=False)}


#: Names a file may ``use`` for shared building blocks (extract/patterns/tokens.py).
BLOCKS: tuple[str, ...] = ("NUM", "PCT", "DIR", "DIR_NOUN", "ADV", "QUAL", "FRACTION", "YEAR", "SIGNED_NUMBER",
                           "COUNT_FOLLOWERS", "FILLER", "FILLER_NO_COMMA")


#: Roles builders read as optional context; the others are what a builder needs.
CONTEXT_ROLES = frozenset({"word", "adv", "fill"})

#: Per builder name: the kind and priority of its built-in rules, and the core role sets of
#: their patterns (a new pattern must hold one of them: the builder reads those roles).
Defaults = dict[str, tuple[str, int, tuple[frozenset[str], ...]]]


def builder_defaults() -> Defaults:
    """Kind, priority and core role sets of each builder, from the built-in rules using it."""
    out: Defaults = {}
    for rule in all_rules():
        if rule.family != "claims":
            continue
        cores = tuple(frozenset(role for role, _spec in pattern) - CONTEXT_ROLES for pattern in rule.patterns)
        if rule.builder in out:
            kind, priority, known = out[rule.builder]
            out[rule.builder] = (kind, priority, tuple(dict.fromkeys(known + cores)))
        else:
            out[rule.builder] = (rule.kind, rule.priority, tuple(dict.fromkeys(cores)))
    return out


def _element(raw: Any, where: str) -> Element:
    if not isinstance(raw, dict):
        raise PatternFileError(f"{where}: an element is an object like {{\"role\": \"num\", \"use\": \"NUM\"}}.")
    role = raw.get("role")
    if role not in ROLES:
        raise PatternFileError(f"{where}: unknown role {role!r}; use one of {sorted(ROLES)}.")
    given = [k for k in ("words", "word", "use", "token", "alt") if k in raw]
    extra = set(raw) - {"role", "op", "words", "word", "use", "token", "alt"}
    if len(given) != 1 or extra:
        raise PatternFileError(f"{where}: give the {role!r} element exactly one of words, word, use, token, alt "
                               f"(got {sorted(set(raw) - {'role'})}).")
    op = raw.get("op")
    if op is not None and (given[0] not in ("words", "word") or op not in ("?", "*", "+", "!")):
        raise PatternFileError(f"{where}: \"op\" goes with words or word and is one of ?, *, +, !.")
    key, value = given[0], raw[given[0]]
    spec: TokenSpec | Alt
    if key == "words":
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            raise PatternFileError(f"{where}: \"words\" is a list of words.")
        if not value:
            raise PatternFileError(f"{where}: the word list of the {role!r} element is empty; fill it or drop "
                                   "the element.")
        spec = {"LOWER": {"IN": sorted({w.lower() for w in value})}}
    elif key == "word":
        if not isinstance(value, str) or not value.strip():
            raise PatternFileError(f"{where}: \"word\" is one non-empty word.")
        spec = {"LOWER": value.lower()}
    elif key == "use":
        blocks = _blocks()
        if value not in blocks:
            raise PatternFileError(f"{where}: unknown building block {value!r}; use one of {list(BLOCKS)}.")
        spec = blocks[value]
    elif key == "token":
        if not isinstance(value, dict) or not value:
            raise PatternFileError(f"{where}: \"token\" is a spaCy token pattern object, e.g. {{\"LOWER\": \"up\"}}.")
        spec = dict(value)
    else:
        if not isinstance(value, list) or not all(isinstance(o, list) and o and all(isinstance(t, dict) for t in o)
                                                  for o in value) or not value:
            raise PatternFileError(f"{where}: \"alt\" is a non-empty list of non-empty lists of token objects.")
        spec = Alt.of(*[[dict(t) for t in option] for option in value])
    if op is not None and isinstance(spec, dict):
        spec["OP"] = op
    return role, spec


def _bool(raw: dict[str, Any], key: str, where: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise PatternFileError(f"{where}: {key} is true or false.")
    return value


def _int(raw: dict[str, Any], key: str, default: int, low: int, high: int, where: str) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise PatternFileError(f"{where}: {key} is a whole number from {low} to {high}.")
    return value


def rule_from_dict(raw: Any, where: str, defaults: Defaults | None = None) -> Rule:
    """One rule from its file form, checked (``where`` says which file and rule, for errors)."""
    if not isinstance(raw, dict):
        raise PatternFileError(f"{where}: a rule is an object with id, builder and patterns.")
    unknown = set(raw) - FIELDS
    if unknown:
        raise PatternFileError(f"{where}: unknown field(s) {sorted(unknown)}; a rule has {sorted(FIELDS)}.")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise PatternFileError(f"{where}: the rule has no \"id\"; give it a versioned one, e.g. \"my_rule.v1\".")
    where = f"{where} ({rule_id})"
    family = raw.get("family", "claims")
    if family not in FAMILIES:
        raise PatternFileError(f"{where}: unknown family {family!r}; use one of {sorted(FAMILIES)}.")
    defaults = builder_defaults() if defaults is None else defaults
    builder = raw.get("builder", "")
    if family == "claims":
        if builder not in BUILDERS:
            raise PatternFileError(f"{where}: unknown builder {builder!r}; a rule reuses one of {sorted(BUILDERS)}.")
        kind, priority, cores = defaults.get(builder, ("", 0, ()))
        if raw.get("kind", kind) != kind:
            raise PatternFileError(f"{where}: builder {builder!r} makes {kind!r} claims, not {raw['kind']!r}; "
                                   "drop \"kind\" or pick a builder of that kind.")
    else:
        if builder:
            raise PatternFileError(f"{where}: period rules have no builder.")
        kind, priority, cores = "period", 0, ()
        if raw.get("kind", kind) != kind:
            raise PatternFileError(f"{where}: a period rule's kind is \"period\".")
    patterns = raw.get("patterns")
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, list) and p for p in patterns):
        raise PatternFileError(f"{where}: \"patterns\" is a non-empty list of patterns, each a non-empty list "
                               "of elements.")
    parsed = []
    for n, pattern in enumerate(patterns, 1):
        elements = tuple(_element(e, f"{where}, pattern {n}, element {k}") for k, e in enumerate(pattern, 1))
        roles = {role for role, _spec in elements}
        if cores and not any(core <= roles for core in cores):
            wanted = " or ".join("{" + ", ".join(sorted(c)) + "}" for c in cores)
            raise PatternFileError(f"{where}, pattern {n}: builder {builder!r} reads the roles {wanted}; the "
                                   f"pattern has {{{', '.join(sorted(roles))}}}.")
        parsed.append(elements)
    examples = raw.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, str) and e.strip() for e in examples):
        raise PatternFileError(f"{where}: \"examples\" is a list of phrases the rule finds.")
    rule = Rule(id=rule_id, kind=kind, patterns=tuple(parsed), family=family,
                priority=_int(raw, "priority", priority, -1000, 1000, where),
                examples=tuple(examples), max_fill=_int(raw, "max_fill", 6, 0, 20, where),
                reach=_int(raw, "reach", 6, 1, MAX_REACH, where), builder=builder,
                filled_pair=_bool(raw, "filled_pair", where), text_offense_only=_bool(raw, "text_offense_only", where),
                one_offense=_bool(raw, "one_offense", where))
    try:
        compile_rule(rule)
    except PatternError as exc:
        raise PatternFileError(f"{where}: {exc}") from exc
    _validate_with_spacy(rule, where)
    return rule


def _validate_with_spacy(rule: Rule, where: str) -> None:
    """spaCy's own pattern schema check (unknown attributes, bad operators)."""

    matcher = Matcher(spacy.blank("en").vocab, validate=True)
    for compiled in compile_rule(rule):
        try:
            matcher.add(compiled.key, [compiled.tokens])
        except MatchPatternError as exc:
            raise PatternFileError(f"{where}: spaCy refuses a token pattern: {exc}") from exc


def _records(path: Path) -> list[tuple[str, Any]]:
    """(where, raw rule) of each rule in the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PatternFileError(f"Cannot read the patterns file {path}: {exc.strerror}.") from exc
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            data = tomllib.loads(text)
            rules = data.get("rules")
            if not isinstance(rules, list):
                raise PatternFileError(f"{path}: a TOML patterns file holds [[rules]] tables.")
            return [(f"{path}, rule {n}", r) for n, r in enumerate(rules, 1)]
        if suffix == ".jsonl":
            return [(f"{path}:{n}", json.loads(line)) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        if suffix == ".json":
            data = json.loads(text)
            rules = data.get("rules") if isinstance(data, dict) else data
            if not isinstance(rules, list):
                raise PatternFileError(f"{path}: a JSON patterns file is a list of rules or {{\"rules\": [...]}}.")
            return [(f"{path}, rule {n}", r) for n, r in enumerate(rules, 1)]
    except json.JSONDecodeError as exc:
        raise PatternFileError(f"{path}: not valid JSON at line {exc.lineno}: {exc.msg}.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PatternFileError(f"{path}: not valid TOML: {exc}.") from exc
    raise PatternFileError(f"{path}: a patterns file ends in .json, .jsonl or .toml.")


def load_rules(path: Path | str, taken: Iterable[Rule] | None = None) -> list[Rule]:
    """The rules of a patterns file, checked; ``taken`` are the rules already in the pipeline
    (the built-in ones by default), whose ids the file may not reuse."""
    path = Path(path)
    taken_ids = {r.id for r in (all_rules() if taken is None else taken)}
    defaults = builder_defaults()
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for where, raw in _records(path):
        rule = rule_from_dict(raw, where, defaults)
        if rule.id in taken_ids:
            raise PatternFileError(f"{where}: rule id {rule.id} is a built-in rule's; give yours another name "
                                   "(or a new version, .v2, to replace a rule of your own).")
        if rule.id in seen:
            raise PatternFileError(f"{where}: rule id {rule.id} is already used at {seen[rule.id]}.")
        seen[rule.id] = where
        rules.append(rule)
    if not rules:
        raise PatternFileError(f"{path} holds no rules.")
    return rules


def _spec_dict(spec: TokenSpec | Alt) -> dict[str, Any]:
    if isinstance(spec, Alt):
        return {"alt": [[dict(t) for t in option] for option in spec.options]}
    return {"token": dict(spec)}


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """A rule in its file form (every word list written out), so that `rule_from_dict` gives it back."""
    out: dict[str, Any] = {"id": rule.id, "kind": rule.kind, "family": rule.family}
    if rule.builder:
        out["builder"] = rule.builder
    out.update(priority=rule.priority, max_fill=rule.max_fill, reach=rule.reach)
    if rule.filled_pair:
        out["filled_pair"] = True
    if rule.text_offense_only:
        out["text_offense_only"] = True
    if rule.one_offense:
        out["one_offense"] = True
    out["patterns"] = [[{"role": role, **_spec_dict(spec)} for role, spec in pattern] for pattern in rule.patterns]
    out["examples"] = list(rule.examples)
    return out


def dump_rules(rules: Iterable[Rule], path: Path | str) -> int:
    """Write rules to a .json or .jsonl file (like ``SpanRuler.to_disk``); returns how many."""
    path = Path(path)
    dicts = [rule_to_dict(r) for r in rules]
    if path.suffix.lower() == ".jsonl":
        path.write_text("".join(json.dumps(d, ensure_ascii=False, allow_nan=False) + "\n" for d in dicts), encoding="utf-8")
    elif path.suffix.lower() == ".json":
        path.write_text(json.dumps({"rules": dicts}, ensure_ascii=False, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    else:
        raise PatternFileError(f"{path}: rules are written to a .json or .jsonl file.")
    return len(dicts)
