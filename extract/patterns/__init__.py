"""Claim and period patterns as data, compiled for spaCy's Matcher.

A rule is a versioned id ("pct_change.v1"), the claim kind it makes, and patterns written as
sequences of *roles*: ``("num", NUM)`` says "these tokens are the claim's number". An element
is one token dict or an `Alt` of token sequences (e.g. "%" | "per cent" | "percentage points");
`compile_rule` expands the alternatives into plain spaCy patterns and remembers, for each
pattern element, its role. With ``Matcher(..., with_alignments=True)`` the component then knows
which tokens are the number, the direction word, the percent sign and so on.

Bump a rule's version when its patterns change so that stored claims can be traced back.
Each claim rule names its builder (``Rule(builder="percent")``, extract/builders.py) and carries
the behaviour flags that builder reads. How to add a rule, the budgets, and extra rules loaded
from a file: README.md beside this module.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from extract.flags import FlagRegistry

TokenSpec = dict[str, Any]

#: The roles a pattern element may play; anything else is refused at compile time.
ROLES: frozenset[str] = frozenset({
    "num", "num2", "old", "new", "pct", "dir", "adv", "fill", "word", "frac", "mult", "flat",
    "per", "sup", "span", "year", "cmp", "to", "from", "period",
})
FAMILIES: frozenset[str] = frozenset({"claims", "periods"})


class PatternError(ValueError):
    """A rule is malformed (empty alternation, unknown role, bad id)."""


@dataclass(frozen=True, slots=True)
class Alt:
    """Alternative token sequences for one element, e.g. "%" | "per cent"."""

    options: tuple[tuple[TokenSpec, ...], ...]

    @classmethod
    def of(cls, *options: Sequence[TokenSpec]) -> Alt:
        if not options or any(not o for o in options):
            raise PatternError("An Alt needs at least one non-empty token sequence.")
        return cls(tuple(tuple(o) for o in options))


Element = tuple[str, "TokenSpec | Alt"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One versioned rule: id, kind, family, role patterns, priority and example phrases, and
    for a claim rule the builder that turns its matches into drafts (extract/builders.py
    ``BUILDERS``, by name) with the behaviour flags that builder and assembly read."""

    id: str
    kind: str
    patterns: tuple[tuple[Element, ...], ...]
    family: str = "claims"
    priority: int = 0
    examples: tuple[str, ...] = ()
    max_fill: int = 6  # most tokens the "fill" role may take (fillers match lazily with "*")
    reach: int = 6  # most tokens between the rule's number (or trigger word) and either end of a match
    builder: str = ""  # name of its builder in extract/builders.py BUILDERS; claim rules need one
    filled_pair: bool = False  # a from-to whose two figures are joined by free text: refuse a figure between
    text_offense_only: bool = False  # the offense must be named in the text, not carried from context
    one_offense: bool = False  # the claim is about one offense of a list ("the latter by 22 percent")


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    key: str  # "<rule id>#<n>", the Matcher key
    rule: Rule
    tokens: list[TokenSpec]
    roles: tuple[str, ...]  # role of each pattern element


def _check_spec(spec: TokenSpec, rule_id: str) -> None:
    for attr, value in spec.items():
        if isinstance(value, dict):
            for op, items in value.items():
                if op in ("IN", "NOT_IN") and not items:
                    raise PatternError(f"Rule {rule_id}: empty {op} list for {attr}. "
                                       "Fill the word table or drop the element.")


def _is_hot(spec: TokenSpec, leading: bool) -> bool:
    """Elements the Matcher evaluates on many tokens: a pattern's leading ones and repeaters."""
    op = str(spec.get("OP", ""))
    return leading or op in ("*", "+") or op.startswith("{")


#: The TEXT test of a number written with its sign ("+4"); `_fast` swaps it for the signed-number flag.
SIGNED_NUMBER_REGEX = r"^[+\-−]\d"


def _fast(tokens: list[TokenSpec], flags: FlagRegistry) -> list[TokenSpec]:
    """Swap hot word-set predicates (Python, run per token) for lexeme flags (checked in C).

    There are only about 45 free flag bits, so sets the Matcher rarely reaches stay IN lists.
    """
    out: list[TokenSpec] = []
    leading = True
    for spec in tokens:
        spec = dict(spec)
        if spec.get("LIKE_NUM") is True:  # a number token: one flag instead of LIKE_NUM + NOT_IN
            del spec["LIKE_NUM"]
            spec.pop("LOWER", None)
            signed = spec.get("TEXT") == {"REGEX": SIGNED_NUMBER_REGEX}
            if signed:
                del spec["TEXT"]  # the signed-number flag tests it; any other TEXT test stays
            spec[flags.signed if signed else flags.number] = True
        lower = spec.get("LOWER")
        if isinstance(lower, dict) and len(lower) == 1:
            (op, items), = lower.items()
            hot = op == "NOT_IN" or (op == "IN" and _is_hot(spec, leading))
            flag = flags.flag_for(frozenset(items)) if hot else None
            if flag is not None:
                del spec["LOWER"]
                spec[flag] = op == "IN"
        if spec.get("OP") in (None, "+", "!"):
            leading = False
        out.append(spec)
    return out


def compile_rule(rule: Rule, flags: FlagRegistry | None = None) -> list[CompiledPattern]:
    """Expand a rule's alternatives into Matcher patterns with a role per element.

    Without ``flags`` the patterns use only documented attributes (so ``Matcher(validate=True)``
    checks them); with ``flags`` word sets become lexeme flags, which is much faster.
    """
    if "." not in rule.id or not rule.id.rsplit(".", 1)[1].startswith("v"):
        raise PatternError(f"Rule id {rule.id!r} needs a version suffix, e.g. 'pct_change.v1'.")
    if rule.family not in FAMILIES:
        raise PatternError(f"Rule {rule.id}: unknown family {rule.family!r}; use one of {sorted(FAMILIES)}.")
    if not rule.patterns:
        raise PatternError(f"Rule {rule.id} has no patterns.")
    compiled: list[CompiledPattern] = []
    for pattern in rule.patterns:
        choices: list[tuple[tuple[str, tuple[TokenSpec, ...]], ...]] = []
        for role, spec in pattern:
            if role not in ROLES:
                raise PatternError(f"Rule {rule.id}: unknown role {role!r}; known roles: {sorted(ROLES)}.")
            options = spec.options if isinstance(spec, Alt) else ((spec,),)
            for option in options:
                for token in option:
                    _check_spec(token, rule.id)
            choices.append(tuple((role, option) for option in options))
        for combo in itertools.product(*choices):
            tokens: list[TokenSpec] = []
            roles: list[str] = []
            for role, option in combo:
                tokens.extend(dict(t) for t in option)
                roles.extend([role] * len(option))
            if flags is not None:
                tokens = _fast(tokens, flags)
            compiled.append(CompiledPattern(f"{rule.id}#{len(compiled)}", rule, tokens, tuple(roles)))
    if rule.family == "claims" and not rule.builder:
        raise PatternError(f"Rule {rule.id} names no builder; give it builder=<a name in "
                           "extract/builders.py BUILDERS>, e.g. builder='percent'.")
    return compiled


#: Every rule compiled in this process, by id: assembly finds a match's rule here (its builder,
#: kind, priority and flags), for the built-in rules and for extra ones loaded from a file.
_KNOWN: dict[str, Rule] = {}


def compile_rules(rules: Iterable[Rule], flags: FlagRegistry | None = None) -> list[CompiledPattern]:
    """Compile a rule set (see `compile_rule`) and remember its rules for `rule_by_id`.

    A rule id names one rule for the whole process: the same id with other content (another
    rule set, an extra-patterns file) is refused, because stored claims name their rule by id.
    """
    seen: dict[str, Rule] = {}
    out: list[CompiledPattern] = []
    for rule in rules:
        if rule.id in seen:
            raise PatternError(f"Rule id {rule.id} is defined twice; bump the version of one of them.")
        known = _KNOWN.get(rule.id)
        if known is not None and known != rule:
            raise PatternError(f"Rule id {rule.id} is already a different rule; give yours another id or "
                               "bump its version (.v2).")
        seen[rule.id] = rule
        out.extend(compile_rule(rule, flags))
    _KNOWN.update(seen)
    return out


def register_unmatched(rules: Iterable[Rule]) -> None:
    """Make known rules whose drafts come from elsewhere than the Matcher (the learned reader of
    extract/number_roles.py), so that assembly finds their kind and flags by id like any rule's."""
    for rule in rules:
        known = _KNOWN.get(rule.id)
        if known is not None and known != rule:
            raise PatternError(f"Rule id {rule.id} is defined twice; bump the version of one of them.")
        if rule.patterns or rule.builder:
            raise PatternError(f"Rule {rule.id} has patterns or a builder: compile it with compile_rules instead.")
        _KNOWN[rule.id] = rule


def rule_by_id(rule_id: str) -> Rule | None:
    """The rule of a match (by its id), once a rule set holding it was compiled."""
    return _KNOWN.get(rule_id)


def all_rules() -> list[Rule]:
    """Every rule of the current rule set, claims first, then periods."""
    from extract.patterns import changes, comparisons, levels, periods

    return [*changes.RULES, *comparisons.RULES, *levels.RULES, *periods.RULES]


#: Rule sets by name, for the component's config (``ruleset = "claims.v1"``).
RULESETS = {"claims.v1": all_rules}
