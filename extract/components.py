"""spaCy components: rule matchers that annotate a Doc, one per kind of evidence.

Each component has the same shape: ``__call__`` runs a pure ``match(doc)`` and then
``set_annotations(doc, matches)``. Results go to ``doc.spans``:

- ``sentence_splitter`` -> sentence boundaries (spaCy's sentencizer rule, plus line breaks and
  opening quotes), computed on arrays
- ``offense_ruler``  -> ``doc.spans["offenses"]`` (label = offense, kb_id = offense_detail)
- ``place_ruler``    -> ``doc.spans["places"]`` (US city names)
- ``claim_matcher``  -> ``doc.spans["claims"]`` (label = rule id) and ``doc.spans["periods"]``;
  the role of each token of each claim span is kept in ``doc.user_data["claim_roles"]``.

The claim-assembly step (extract/assemble.py) reads these spans and makes `Claim` records.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

import numpy
from spacy.attrs import IDS, IS_PUNCT, IS_SPACE, LOWER, ORTH, SENT_START
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from extract.anchors import AnchorIndex, WordBits
from extract.builders import BUILDERS
from extract.columns import lowers, sentence_of
from extract.filters import OFFENSES_KEY
from extract.flags import FlagRegistry, is_decade, is_number, is_signed_number, is_year
from extract.gazetteer import PLACE_LEADS, ambiguous_place_names, place_names
from extract.offense_terms import ASSAULTED_GROUPS, EVENT_HELPERS, EVENT_PHRASES, OFFENSE_TERMS, EventPhrase
from extract.patterns import RULESETS, PatternError, compile_rules
from extract.patterns.files import load_rules
from extract.screen import OffenseScreen
from extract.vocab import (
    EXAMPLE_LIST_WORDS,
    EXAMPLE_MARKERS,
    FLAT_WORDS,
    FRACTIONS,
    GENERIC_OFFENSE_TERMS,
    HISTORIC_WORDS,
    MULTIPLIER_WORDS,
    MULTIPLIERS,
    PERSON_TITLES,
    PLACE_PREFIXES,
    RECORD_TRIGGERS,
    UMBRELLA_OFFENSES,
)

logger = logging.getLogger(__name__)

ROLES_KEY = "claim_roles"
#: doc.user_data key of the offense mentions as (start, end, offense, detail, generic) tuples.
#: Every claim pattern holds a number or one of these words; the matcher runs near them only.
TRIGGER_WORDS: frozenset[str] = (frozenset(FRACTIONS) | frozenset(MULTIPLIERS) | frozenset(MULTIPLIER_WORDS)
                                 | FLAT_WORDS | frozenset({"decade", "decades", "century", "record", "history"})
                                 | RECORD_TRIGGERS | HISTORIC_WORDS)
#: Window margins (tokens each side of a trigger): rules reaching further than the short one
#: run on the long windows. The Matcher's cost grows with patterns x tokens, so short rules
#: on short windows save most of it.
SHORT_REACH = 6
LONG_REACH = 18
#: Margin around claim matches where period phrases are looked for.
PERIOD_REACH = 14


#: Word-class bits of the trigger test: the lowest bits of a token's bit row, below the anchor
#: bits (extract/anchors.py reserves them).
TRIGGER_BITS = 4
NUMBER_BIT, WORD_BIT, YEAR_BIT, SIGNED_BIT = (1 << i for i in range(TRIGGER_BITS))


def trigger_bits(word: str) -> int:
    """The trigger classes of a word (lower-cased; the same tests as the lexeme flags)."""
    return ((NUMBER_BIT if is_number(word) else 0) | (WORD_BIT if word in TRIGGER_WORDS else 0)
            | (YEAR_BIT if is_year(word) else 0) | (SIGNED_BIT if is_signed_number(word) else 0)
            | (NUMBER_BIT | YEAR_BIT if is_decade(word) else 0))  # "since the 1960s": long windows only


@dataclass(frozen=True, slots=True)
class RuleMatch:
    rule: str
    family: str
    start: int
    end: int
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Scan:
    """One Doc's trigger windows (None: scan the whole Doc), its sentence bounds and token bits."""

    windows: dict[str, tuple[list[tuple[int, int]], list[int]]] | None
    starts: numpy.ndarray | None = None
    ends: numpy.ndarray | None = None
    bits: numpy.ndarray | None = None
    lower: numpy.ndarray | None = None
    #: per window kind, the anchor bits of each window as an array (`AnchorIndex.present_rows`)
    rows: dict[str, numpy.ndarray] | None = None
    #: per window kind, the anchor bits of all its windows OR-ed (`AnchorIndex.could_keep`)
    unions: dict[str, int] | None = None
    #: the trigger tokens of the short and of the long windows
    triggers: dict[str, numpy.ndarray] | None = None
    #: the anchor bits of the whole Doc OR-ed: a rule that cannot match anywhere in the Doc needs
    #: no windows worked out
    anywhere: int = 0
    #: the window kinds not worked out yet (`ClaimMatcher._fill` works out those a rule could use)
    pending: set[str] | None = None


def _merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping (sorted) token ranges."""
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _join(windows: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    """Join sorted, disjoint windows less than ``gap`` tokens apart into one range."""
    joined: list[tuple[int, int]] = []
    for start, end in windows:
        if joined and start - joined[-1][1] < gap:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


#: Token attributes a pattern element may test that `Doc.to_array` gives as they are compared
#: (hashes, 0/1 or lengths); lexeme flags (int keys) too. TEXT is ORTH.
_ARRAY_ATTRS = frozenset({"LOWER", "ORTH", "TEXT", "NORM", "SHAPE", "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT",
                          "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "LIKE_NUM",
                          "IS_CURRENCY", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT"})
#: Tokens of a match's start that `pattern_heads` describes.
HEAD_TOKENS = 2

#: What one token of a match's head must be: all of (attribute, the values it may have), or None
#: for any token.
Need = tuple[tuple[str | int, tuple[int, ...]], ...] | None


def _need(spec: dict, strings: object) -> Need:
    """The values a pattern element requires of its token's attributes (the same test the Matcher
    makes, or a looser one), or None when it may match any token as far as this can tell."""
    if spec.get("OP") == "!":
        return None
    out: list[tuple[str | int, tuple[int, ...]]] = []
    for attr, value in spec.items():
        if attr == "OP" or not (isinstance(attr, int) or attr in _ARRAY_ATTRS):
            continue  # not a test this reads: looser, which is safe
        column = "ORTH" if attr == "TEXT" else attr
        if isinstance(value, bool):
            out.append((column, (int(value),)))
        elif isinstance(value, int):
            out.append((column, (value,)))
        elif isinstance(value, str):  # as written and lower-cased: more values than the Matcher's is safe
            out.append((column, tuple(sorted({strings.add(value), strings.add(value.lower())}))))  # type: ignore[attr-defined]
        elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
            out.append((column, tuple(sorted({h for v in value["IN"]
                                              for h in (strings.add(v), strings.add(v.lower()))}))))  # type: ignore[attr-defined]
    return tuple(sorted(out, key=repr)) or None


def pattern_heads(tokens: list[dict], strings: object, size: int = HEAD_TOKENS) -> list[tuple[Need, ...]] | None:
    """What the first ``size`` tokens of any match of a pattern must be, one tuple per way its
    optional elements can be taken (shorter when a match can be shorter); None when a match
    may start at any token. After an element that repeats ("*", "+") any token may follow."""
    if all(spec.get("OP") in ("?", "*") for spec in tokens):
        return None

    def heads(i: int, need: int) -> list[tuple[Need, ...]]:
        if need == 0 or i == len(tokens):
            return [()]
        spec = tokens[i]
        op = spec.get("OP")
        if op in (None, "1", "!", "?"):
            take = [(_need(spec, strings), *rest) for rest in heads(i + 1, need - 1)]
            return take + heads(i + 1, need) if op == "?" else take
        if op in ("*", "+"):
            take = [(_need(spec, strings), *(None,) * (need - 1))]
            return take + heads(i + 1, need) if op == "*" else take
        return [(None,) * need]  # "{n,m}" and the like: any token

    out = [h for h in heads(0, size) if h]
    return out if all(any(n is not None for n in h) for h in out) else None


def longest_match(tokens: list[dict]) -> int | None:
    """The most tokens a match of a pattern can have; None when elements repeat."""
    if any(spec.get("OP") not in (None, "1", "!", "?") for spec in tokens):
        return None
    return len(tokens)


def _start_ranges(windows: list[tuple[int, int]], starts: numpy.ndarray, length: int | None) -> list[tuple[int, int]]:
    """The parts of ``windows`` that a match starting at one of ``starts`` (sorted token
    indices) and at most ``length`` tokens long (None: any length) can cover, merged."""
    out: list[tuple[int, int]] = []
    if not len(starts):
        return out
    if len(starts) <= _FEW_STARTS:  # numpy's call overhead is more than a short loop
        lows = [lo for lo, _hi in windows]
        for start in starts.tolist():
            k = bisect_right(lows, start) - 1
            if k >= 0 and start < windows[k][1]:
                out.append((start, windows[k][1] if length is None else min(start + length, windows[k][1])))
        return _merge(out)
    los = numpy.array([lo for lo, _hi in windows])
    his = numpy.array([hi for _lo, hi in windows])
    k = numpy.searchsorted(los, starts, side="right") - 1
    inside = (k >= 0) & (starts < his[numpy.maximum(k, 0)])
    first, k = starts[inside], k[inside]
    last = his[k] if length is None else numpy.minimum(first + length, his[k])
    return _merge(zip(first.tolist(), last.tolist(), strict=True))


#: Up to this many start tokens, `_start_ranges` places them in a Python loop.
_FEW_STARTS = 64


def _no_bits(word: str) -> int:
    return 0


def _bools(rows: numpy.ndarray) -> numpy.ndarray:
    """uint64 bit rows (n, width) as booleans (width * 64, n): bit b of word w is row 64 * w + b."""
    return numpy.unpackbits(rows.view(numpy.uint8), axis=1, bitorder="little").T.astype(bool)


def lexeme_flags(vocab: Vocab, word: str) -> int:
    """The lexeme flags of a word as written (`Vocab.add_flag`), as one int."""
    return int(vocab[word].flags)


def _as_ints(rows: numpy.ndarray) -> list[int]:
    """Bit rows (uint64 words, lowest first) as Python ints."""
    out = rows[:, 0].tolist()
    for k in range(1, rows.shape[1]):
        out = [a | (b << (64 * k)) for a, b in zip(out, rows[:, k].tolist(), strict=True)]
    return out


def _union(rows: numpy.ndarray) -> int:
    """Bit rows (uint64 words, lowest first) OR-ed together, as one Python int."""
    return _as_ints(numpy.bitwise_or.reduce(rows, axis=0, keepdims=True))[0]


def _period_group(rule_id: str, tokens: list[dict], strings: object, groups: dict[tuple[str, str], str]) -> str:
    """The Matcher group of a period pattern: the patterns of a period rule that can start with
    the same words (`pattern_heads`) share one, "<rule id>/<n>".

    A Matcher tries each of its patterns at every token it scans, and most period patterns
    open with a word list the Matcher tests in Python. Grouped by first word, each group runs
    only from the tokens where its own patterns can start, up to its own longest match. Period
    matches only mark where period phrases are (`ClaimMatcher.set_annotations` keeps the
    longest of overlapping ones), so the order the groups find them in does not matter; claim
    rules keep one Matcher each, as the order of their matches does."""
    heads = pattern_heads(tokens, strings)
    firsts = "any" if heads is None else repr(sorted({repr(h[0]) for h in heads}))
    if (rule_id, firsts) not in groups:
        groups[rule_id, firsts] = f"{rule_id}/{sum(1 for r, _f in groups if r == rule_id)}"
    return groups[rule_id, firsts]


def _member(values: numpy.ndarray, keys: numpy.ndarray) -> numpy.ndarray:
    """``numpy.isin(values, keys)`` for sorted ``keys``: a binary search per value, about ten
    times faster than isin's sort of both arrays on a Doc's hashes."""
    if not len(keys):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(keys, values), len(keys) - 1)
    return keys[at] == values


def _first(item: tuple) -> int:
    return item[0]


#: Windows of a one-pattern rule closer than this (tokens) are scanned by one Matcher call (for
#: a rule of k patterns, JOIN_GAP // k). Measured (CPU): a call and its Span cost about 6 us, a
#: token about 1 us per pattern for one pattern (0.5 us each for 20).
JOIN_GAP = 6


#: Docs shorter than this (tokens) are scanned from every token: working out where each rule's
#: matches can start costs about 0.6 ms a Doc, and saves about 1 us a token a rule.
GATE_MIN_TOKENS = 300
#: Window kinds with fewer windows than this are checked window by window (`AnchorIndex.keep`).
KEEP_IN_NUMPY = 16


class ClaimMatcher:
    """Runs the claim rules of a rule set near trigger words, then period rules near the matches.

    Each rule has its own Matcher, run only on the windows that hold all the words one of its
    patterns requires (extract/anchors.py): the Matcher's cost grows with patterns x tokens.
    """

    def __init__(self, nlp: Language, name: str, ruleset: str, spans_key: str, periods_key: str,
                 validate: bool, extra_patterns: str = "") -> None:
        if ruleset not in RULESETS:
            raise ValueError(f"Unknown rule set {ruleset!r}. Use one of {sorted(RULESETS)}, e.g. "
                             f"nlp.add_pipe('claim_matcher', config={{'ruleset': 'claims.v1'}}).")
        self.name = name
        self.spans_key = spans_key
        self.periods_key = periods_key
        # Validated patterns must use documented attributes only; otherwise word sets become
        # lexeme flags and the matchers only look at windows around trigger words.
        self.flags = None if validate else FlagRegistry(nlp.vocab)
        self.join_gap = JOIN_GAP
        self.gate_min_tokens = GATE_MIN_TOKENS
        self._patterns = {}
        rules = RULESETS[ruleset]()
        if extra_patterns:  # a newsroom's own rules (extract/patterns/files.py)
            rules = [*rules, *load_rules(extra_patterns, taken=rules)]
        raw = {c.key: c.tokens for c in compile_rules(rules)}
        matchers: dict[str, Matcher] = {}
        raw_by_rule: dict[str, list[list[dict]]] = {}
        #: (rule id, matcher, window: "periods" or "<triggers>:<reach>"), claims rules first; a
        #: period rule is split into groups of patterns by their first word (`_period_group`)
        self.rules: list[tuple[str, Matcher, str]] = []
        period_groups: dict[tuple[str, str], str] = {}
        #: the group (an entry of ``rules``) of each pattern, by its key
        self.group_of: dict[str, str] = {}
        group_of = self.group_of
        for compiled in compile_rules(rules, self.flags):
            rule = compiled.rule
            if rule.reach > LONG_REACH:
                raise ValueError(f"Rule {rule.id} reaches {rule.reach} tokens; the windows reach {LONG_REACH}.")
            group = rule.id if rule.family != "periods" else _period_group(rule.id, compiled.tokens, nlp.vocab.strings,
                                                                          period_groups)
            if group not in matchers:
                matchers[group] = Matcher(nlp.vocab, validate=validate)
                window = ("periods" if rule.family == "periods" else
                          f"{'short' if rule.reach <= SHORT_REACH else 'long'}:{rule.reach}")
                self.rules.append((group, matchers[group], window))
            matchers[group].add(compiled.key, [compiled.tokens])
            group_of[compiled.key] = group
            raw_by_rule.setdefault(group, []).append(raw[compiled.key])
            self._patterns[nlp.vocab.strings.add(compiled.key)] = compiled
        for compiled in self._patterns.values():
            if compiled.rule.family == "claims" and compiled.rule.builder not in BUILDERS:
                raise PatternError(f"Rule {compiled.rule.id} names builder {compiled.rule.builder!r}, which "
                                   f"does not exist; use one of {sorted(BUILDERS)} (extract/builders.py).")
        if self.flags is not None and self.flags.report():
            logger.info(  # speed only; tests/extract/test_rule_budgets.py pins the count
                "claim_matcher %s: %s", name, self.flags.report())
        if not self._patterns:
            logger.warning("claim_matcher %s has no patterns; it will find nothing.", name)
        #: per rule: the heads its matches can start with (`pattern_heads`) and its longest
        #: match; None when any token may start one (see `_starting`)
        self.starts: dict[str, tuple[list[tuple[Need, ...]], int | None] | None] = {}
        for rule_id in matchers:
            tokens = [c.tokens for c in self._patterns.values() if group_of[c.key] == rule_id]
            found = [pattern_heads(t, nlp.vocab.strings) for t in tokens]
            if not found or any(f is None for f in found):
                self.starts[rule_id] = None
                continue
            heads = sorted({h for f in found for h in f}, key=repr)  # type: ignore[union-attr]
            lengths = [longest_match(t) for t in tokens]
            self.starts[rule_id] = (heads, None if None in lengths else max(lengths))  # type: ignore[type-var]
        needs = sorted({n for gate in self.starts.values() if gate for h in gate[0] for n in h if n is not None},
                       key=repr)
        #: the token attributes the heads test: LOWER comes from the scan, the rest from one
        #: `Doc.to_array` per Doc
        self._head_attrs: list[str | int] = sorted({a for n in needs for a, _v in n if isinstance(a, str)} - {"LOWER"})
        column = {a: i for i, a in enumerate(self._head_attrs)}
        #: each head test as (column, sorted allowed values); column -1 is LOWER, and -64 - f the
        #: lexeme flag f (read from `lexeme_flags`, much faster than `Doc.to_array` of flags).
        #: Test 0 is "the head is shorter" (anything, even past the Doc's end), 1 "any token".
        self._tests: list[list[tuple[int, numpy.ndarray]]] = [[], []] + [
            [(-64 - a if isinstance(a, int) else column.get(a, -1), numpy.array(v, dtype="uint64")) for a, v in n]
            for n in needs]
        self._flags = WordBits(nlp.vocab, {}, partial(lexeme_flags, nlp.vocab))
        index = {n: k + 2 for k, n in enumerate(needs)}
        #: the heads of every gated rule, as rows of test numbers (`_tests`), one column per head
        #: token; rule k's rows start at ``_head_offsets[k]``
        self._gated = {rule_id: k for k, rule_id in enumerate(r for r, gate in self.starts.items() if gate)}
        heads_of = [[[1 if n is None else index[n] for n in h] + [0] * (HEAD_TOKENS - len(h))
                     for h in self.starts[rule_id][0]] for rule_id in self._gated]  # type: ignore[index]
        self._heads = numpy.array([h for hs in heads_of for h in hs], dtype="int64").reshape(-1, HEAD_TOKENS)
        self._head_offsets = numpy.cumsum([0] + [len(hs) for hs in heads_of[:-1]]).astype("int64")
        # tests of one LOWER word list are read for all of them with one table look-up
        self._word_tests = [k for k, test in enumerate(self._tests) if len(test) == 1 and test[0][0] == -1]
        words: dict[str, int] = {}
        for slot, k in enumerate(self._word_tests):
            for h in self._tests[k][0][1].tolist():
                word = nlp.vocab.strings[h]
                words[word] = words.get(word, 0) | (1 << slot)
        #: tests of one lexeme flag being set: (test, flag id), read from the flags' bits at once
        self._flag_tests = [(k, -64 - test[0][0]) for k, test in enumerate(self._tests)
                            if len(test) == 1 and test[0][0] <= -64 and test[0][1].tolist() == [1]]
        self._test_words = WordBits(nlp.vocab, words, _no_bits, width=max(1, -(-len(self._word_tests) // 64)))
        #: matchers whose matches need no alignment for their roles (spaCy's alignments cost a
        #: list per match): each pattern either has no operator (a match takes its elements one
        #: token each) or plays one role throughout (all the period rules'); by id of the matcher
        self._unaligned = {id(m) for rule_id, m, _w in self.rules
                           if all(len(set(c.roles)) == 1 or all(t.get("OP") in (None, "1") for t in c.tokens)
                                  for c in self._patterns.values() if group_of[c.key] == rule_id)}
        order = {"short": 0, "long": 1, "periods": 2}
        self.rules.sort(key=lambda r: order[r[2].split(":")[0]])
        self._windows = sorted({r[2] for r in self.rules} - {"periods"})
        #: the rules of each window kind, and each rule's place among them
        self._by_window: dict[str, list[str]] = {}
        for rule_id, _matcher, window in self.rules:
            self._by_window.setdefault(window, []).append(rule_id)
        self._row_in_window = {r: k for rules_ in self._by_window.values() for k, r in enumerate(rules_)}
        self.anchors = AnchorIndex(nlp.vocab, raw_by_rule, reserved=TRIGGER_BITS)
        self.words = WordBits(nlp.vocab, self.anchors.table, trigger_bits, width=self.anchors.width)

    def windows(self, doc: Doc) -> dict[str, tuple[list[tuple[int, int]], list[int]]] | None:
        """Windows for the short rules (see `_scan`), by window kind; None when every rule must
        scan the whole Doc."""
        scan = self._scan(doc)
        for window in self._windows:
            self._fill(scan, window)
        return scan.windows

    def _scan(self, doc: Doc) -> _Scan:
        """Windows for the short rules (around numbers other than years, and trigger words) and
        for the long ones (which also start from years: "since 2006"): the rule's ``reach`` tokens
        each side of a trigger, cut at the trigger's sentence (assembly drops matches that cross
        one), with the anchor bits found in each. None when every rule must scan the whole Doc."""
        n = len(doc)
        if self.flags is None:
            return _Scan(None)
        out: dict[str, tuple[list[tuple[int, int]], list[int]]] = {w: ([], []) for w in self._windows}
        if not n:
            return _Scan(out)
        marks = doc.to_array([LOWER, SENT_START])
        bits = self.words(marks[:, 0])
        classes = bits[:, 0]
        number, word, year = ((classes & numpy.uint64(b)) != 0 for b in (NUMBER_BIT | SIGNED_BIT, WORD_BIT, YEAR_BIT))
        long = numpy.flatnonzero(number | word)
        if not len(long):
            return _Scan(out)
        short = numpy.flatnonzero((number & ~year) | word)
        starts = numpy.flatnonzero(marks[:, 1] == 1)
        if not len(starts) or starts[0] != 0:
            starts = numpy.concatenate([[0], starts])
        ends = numpy.append(starts[1:], n)
        bits = numpy.concatenate([bits, numpy.zeros((1, bits.shape[1]), dtype="uint64")])
        anywhere = _union(self.anchors.present_rows(bits, numpy.zeros(1, dtype="int64"), numpy.full(1, n)))
        return _Scan(out, starts, ends, bits, marks[:, 0], {}, {}, {"short": short, "long": long}, anywhere,
                     set(self._windows))

    def _fill(self, scan: _Scan, window: str) -> None:
        """Work out the windows of one kind (`_scan`) and the anchor bits in each, once a Doc."""
        if scan.pending is None or window not in scan.pending:
            return
        scan.pending.discard(window)
        assert scan.windows is not None and scan.rows is not None and scan.unions is not None \
            and scan.triggers is not None and scan.starts is not None and scan.ends is not None \
            and scan.bits is not None
        kind, reach_text = window.split(":")
        triggers, reach = scan.triggers[kind], int(reach_text)
        if not len(triggers):
            return
        starts, ends = scan.starts, scan.ends
        sent = numpy.searchsorted(starts, triggers, side="right") - 1
        lo = numpy.maximum(triggers - reach, starts[sent])
        hi = numpy.minimum(triggers + reach + 2, ends[sent])  # as before: reach + 1 tokens after
        found = scan.rows[window] = self.anchors.present_rows(scan.bits, lo, hi)
        scan.windows[window] = (list(zip(lo.tolist(), hi.tolist(), strict=True)), _as_ints(found))
        scan.unions[window] = _union(found)

    def _run(self, matcher: Matcher, doc: Doc, ranges: list[tuple[int, int]], found: list[RuleMatch],
             starts: tuple[numpy.ndarray, int | None] | None = None) -> None:
        """The matches of ``matcher`` inside ``ranges`` (merged where they overlap), window by
        window. With ``starts`` (the tokens where a match can start, and the longest match) only
        the tokens from each such start on are scanned. Ranges less than ``JOIN_GAP`` tokens
        apart are scanned by one Matcher call (a call costs about as much as scanning a dozen
        tokens more), and only the matches that lie inside one of the windows are kept, in the
        order window-by-window calls give them."""
        windows = _merge(sorted(ranges))
        calls = _join(windows if starts is None else _start_ranges(windows, *starts),
                      max(2, self.join_gap // len(matcher)))  # a call costs less than more patterns
        n = len(doc)
        patterns = self._patterns
        placed: list[tuple[int, int, int, int, list[list[int]]]] = []
        align = id(matcher) not in self._unaligned
        if calls == windows:  # each call is one window
            for k, (offset, window_end) in enumerate(windows):
                target = doc if (offset, window_end) == (0, n) else Span(doc, offset, window_end)
                for match_id, start, end, *alignment in matcher(target, with_alignments=align):
                    placed.append((k, match_id, start + offset, end + offset, alignment))
        else:
            los = [lo for lo, _hi in windows]
            for offset, call_end in calls:
                target = doc if (offset, call_end) == (0, n) else Span(doc, offset, call_end)
                for match_id, start, end, *alignment in matcher(target, with_alignments=align):
                    start, end = start + offset, end + offset
                    k = bisect_right(los, start) - 1
                    if end <= windows[k][1]:  # k >= 0: calls start at a window's start
                        placed.append((k, match_id, start, end, alignment))
            placed.sort(key=_first)
        seen: set[tuple[int, int, int]] = set()
        for _k, match_id, start, end, alignment in placed:
            key = (match_id, start, end)  # the pattern's key, as a hash
            if key in seen:
                continue
            seen.add(key)
            compiled = patterns[match_id]
            roles = compiled.roles
            if alignment:
                roles = tuple([roles[i] for i in alignment[0]])
            elif len(roles) != end - start:  # no alignment: one role throughout (`_unaligned`)
                roles = (roles[0],) * (end - start)
            found.append(RuleMatch(compiled.rule.id, compiled.rule.family, start, end, roles))

    def _keep(self, rule_id: str, window: str, scan: _Scan, windows: dict[str, tuple[list[tuple[int, int]], list[int]]],
              rows: dict[str, numpy.ndarray], cache: dict, unions: dict[str, int]) -> list[tuple[int, int]]:
        """`AnchorIndex.keep`, in numpy for all the rules of a window kind at once (``cache``).
        Many rules lack a required word in every window of a Doc: one look-up of the windows'
        union (``unions``) tells so without testing window by window. A window kind is worked
        out when its first rule gets here (`match` has passed over the rules that cannot match
        anywhere in the Doc)."""
        self._fill(scan, window)
        if window not in rows:
            return []  # no window of this kind
        if not self.anchors.could_keep(rule_id, unions[window]):
            return []
        ranges, present = windows[window]
        if len(ranges) < KEEP_IN_NUMPY:
            return self.anchors.keep(rule_id, ranges, present)
        verdicts = cache.get(window)
        if verdicts is None:
            verdicts = cache[window] = self.anchors.keep_groups(self._by_window[window], rows[window])
        return [ranges[i] for i in numpy.flatnonzero(verdicts[self._row_in_window[rule_id]]).tolist()]

    def _starting(self, rule_id: str, doc: Doc, scan: _Scan, cache: dict
                  ) -> tuple[numpy.ndarray, int | None] | None:
        """The tokens where a match of the rule can start (its patterns' first tokens, from
        `pattern_heads`), and its longest match (None: unbounded); None when any token may
        start one. The first call on a Doc works this out for every rule that could match
        anywhere in it (``cache``)."""
        k = self._gated.get(rule_id)
        if k is None or len(doc) < self.gate_min_tokens:
            return None
        starts = cache.get("starts")
        if starts is None:
            gated = [g for r, g in self._gated.items() if scan.pending is None or self.anchors.could_keep(r, scan.anywhere)]
            starts = cache["starts"] = self._all_starts(doc, scan, gated)
        table, row_of = starts
        return numpy.flatnonzero(table[row_of[k]]), self.starts[rule_id][1]  # type: ignore[index]

    def _all_starts(self, doc: Doc, scan: _Scan, gated: list[int]) -> tuple[numpy.ndarray, dict[int, int]]:
        """For the gated rules ``gated`` (their places in `_gated`, ascending), which tokens could
        start one of their matches: one row per rule, and the row of each. The other rules' heads
        are not tested (most rules on a page of news are ruled out by its words, `match`)."""
        n = len(doc)
        if not gated:
            return numpy.zeros((0, n), dtype=bool), {}
        heads, offsets = self._heads_of(gated)
        needed = set(numpy.unique(heads).tolist())
        pad = HEAD_TOKENS - 1
        met = numpy.ones((len(self._tests), n + pad), dtype=bool)  # test k on token i; past the end:
        met[1:, n:] = False  # only test 0 ("the head is shorter") holds
        lower = scan.lower if scan.lower is not None else doc.to_array(LOWER)
        met[self._word_tests, :n] = _bools(self._test_words(lower))[:len(self._word_tests)]
        done = set(self._word_tests)
        orth = doc.to_array(ORTH)
        flags = self._flags(orth)[:, 0]  # each token's lexeme flags (IS_DIGIT, LIKE_NUM ... are some)
        if self._flag_tests:
            tests, ids = zip(*self._flag_tests, strict=True)
            met[list(tests), :n] = _bools(flags.reshape(-1, 1))[list(ids)]
            done.update(tests)
        columns: dict[int, numpy.ndarray] = {}  # the head attributes read so far, by column
        for k in range(2, len(self._tests)):
            if k in done or k not in needed:
                continue
            out = met[k, :n]
            for col, allowed in self._tests[k]:
                if col <= -64:
                    values = (flags >> numpy.uint64(-64 - col)) & numpy.uint64(1)
                elif col == -1:
                    values = lower
                else:
                    values = columns.get(col)
                    if values is None:
                        values = columns[col] = self._head_column(doc, col, orth, flags)
                if len(allowed) == 1:
                    out &= values == allowed[0]
                else:
                    at = numpy.minimum(numpy.searchsorted(allowed, values), len(allowed) - 1)
                    out &= allowed[at] == values
        hit = met[heads[:, 0], :n].copy()
        for j in range(1, HEAD_TOKENS):
            hit &= met[heads[:, j], j:n + j]
        # OR the heads of each rule, on bytes (numpy's reduceat on booleans is slow)
        packed = numpy.bitwise_or.reduceat(numpy.packbits(hit, axis=1), offsets, axis=0)
        return numpy.unpackbits(packed, axis=1, count=n).astype(bool), {g: i for i, g in enumerate(gated)}

    def _head_column(self, doc: Doc, col: int, orth: numpy.ndarray, flags: numpy.ndarray) -> numpy.ndarray:
        """One head attribute (`_head_attrs`) of every token, as `Doc.to_array` gives it: a flag
        attribute (IS_DIGIT, LIKE_NUM ...) is its bit of the lexeme flags, ORTH is at hand, and
        only the others (LENGTH, SHAPE) are read from the Doc (reading flags with to_array cost
        half a millisecond a page)."""
        attr = self._head_attrs[col]
        attr_id = IDS[attr]
        if attr_id < 64:  # a lexeme flag: Token.is_digit is Lexeme.c_check_flag(lex, IS_DIGIT)
            return (flags >> numpy.uint64(attr_id)) & numpy.uint64(1)
        if attr_id == ORTH:
            return orth
        return doc.to_array(attr).astype("uint64")

    def _heads_of(self, gated: list[int]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The head rows (`_heads`) of the gated rules ``gated``, and where each rule's rows start."""
        if len(gated) == len(self._head_offsets):
            return self._heads, self._head_offsets
        ends = numpy.append(self._head_offsets[1:], len(self._heads))
        rows = [numpy.arange(self._head_offsets[g], ends[g]) for g in gated]
        sizes = [len(r) for r in rows]
        return self._heads[numpy.concatenate(rows)], numpy.cumsum([0] + sizes[:-1]).astype("int64")

    def match(self, doc: Doc) -> list[RuleMatch]:
        """Claim rules near trigger words, then period rules near the claim matches."""
        found: list[RuleMatch] = []
        scan = self._scan(doc)
        windows = scan.windows
        whole = [(0, len(doc))] if len(doc) else []
        rows = scan.rows if scan.rows is not None else {}
        unions = scan.unions if scan.unions is not None else {}
        columns: dict = {}  # the Doc's attribute columns and head tests (`_starting`)
        # a rule none of whose patterns has all its words anywhere in the Doc matches nowhere in it
        # (its windows' words are some of the Doc's): most rules on most pages, skipped at once
        anywhere = scan.anywhere if scan.pending is not None else None
        could_keep = self.anchors.could_keep
        for rule_id, matcher, window in self.rules:
            if anywhere is not None and not could_keep(rule_id, anywhere):
                continue
            if window == "periods" and windows is not None and "periods" not in windows:
                if not found:
                    break
                # period phrases count only inside the claim's sentence (extract/resolve.py)
                starts, ends = scan.starts, scan.ends  # set: there were matches, so there were triggers
                assert starts is not None and ends is not None and scan.bits is not None
                first = numpy.array([m.start for m in found])
                sent = numpy.searchsorted(starts, first, side="right") - 1
                lo = numpy.maximum(first - PERIOD_REACH, starts[sent])
                hi = numpy.minimum(numpy.array([m.end for m in found]) + PERIOD_REACH + 1, ends[sent])
                ranges = list(zip(lo.tolist(), hi.tolist(), strict=True))
                rows["periods"] = self.anchors.present_rows(scan.bits, lo, hi)
                windows["periods"] = (ranges, _as_ints(rows["periods"]))
                unions["periods"] = _union(rows["periods"])
            if windows is None:
                if window == "periods" and not found:
                    break
                self._run(matcher, doc, whole, found)
                continue
            kept = self._keep(rule_id, window, scan, windows, rows, columns, unions)
            if kept:
                self._run(matcher, doc, kept, found, self._starting(rule_id, doc, scan, columns))
        return found

    def set_annotations(self, doc: Doc, matches: list[RuleMatch]) -> None:
        claims = [m for m in matches if m.family == "claims"]
        doc.spans[self.spans_key] = [Span(doc, m.start, m.end, label=m.rule) for m in claims]
        doc.user_data[ROLES_KEY] = [list(m.roles) for m in claims]
        periods = [Span(doc, m.start, m.end, label=m.rule) for m in matches if m.family == "periods"]
        doc.spans[self.periods_key] = filter_spans(periods)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


def longest_first(matches: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """spaCy's ``filter_spans`` on (key, start, end) tuples: longest (then first) wins an
    overlap; the result is in text order. No Span objects are made."""
    taken: set[int] = set()
    kept = []
    for key, start, end in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if start in taken or end - 1 in taken:
            continue
        kept.append((key, start, end))
        taken.update(range(start, end))
    kept.sort(key=lambda m: m[1])
    return kept


def _in_compound(doc: Doc, start: int, end: int) -> bool:
    """Is the span glued by a hyphen to the word after or before it?"""
    text = lowers(doc)  # "-" is its own lower case
    after = end < len(doc) - 1 and text[end] == "-" and not doc[end - 1].whitespace_ \
        and not doc[end].whitespace_
    before = start > 1 and text[start - 1] == "-" and not doc[start - 2].whitespace_ \
        and not doc[start - 1].whitespace_
    return after or before


def _an_example(doc: Doc, ending: dict[int, tuple[int, str]], start: int) -> bool:
    """Does the offense mention at ``start`` stand in a list of examples that follows a category
    ("violent crime, most notably cases of rape, battery and robbery"; "Property crimes, which
    include burglary and larceny, fell"; "Property crime – burglary, theft and auto theft –
    jumped")? ``ending`` maps the end of each mention before it to its (start, offense). An item
    may hold a few words the vocabulary does not know ("assaults with a dangerous weapon",
    "non-negligent manslaughter"); a number or a clause mark ends the search."""
    floor = sentence_of(doc, start).start if doc.has_annotation("SENT_START") else 0
    low = lowers(doc)
    i = start - 1
    unknown = 0  # words of the current item that name no offense
    while i >= floor and start - i <= _EXAMPLE_REACH:
        earlier = ending.get(i + 1)
        if earlier is not None and earlier[1] not in UMBRELLA_OFFENSES:
            i, unknown = earlier[0] - 1, 0  # an earlier item of the same list
            continue
        word = low[i]
        if _example_marker(doc, i, floor):
            return _category_before(doc, ending, i, floor)
        if word in _ASIDE_OPENERS or _spaced_dash(doc, i):
            return _category_before(doc, ending, i, floor)
        if word in EXAMPLE_LIST_WORDS:
            unknown = 0 if word in {",", "and", "or", "&"} else unknown
        elif doc[i].like_num or doc[i].is_punct and word != "-" or word in _CLAUSE_BREAKS:
            return False
        else:
            unknown += 1
            if unknown > _ITEM_WORDS:
                return False
        i -= 1
    return False


def _example_marker(doc: Doc, i: int, floor: int) -> bool:
    """Does token ``i`` open a list of examples: "including", "such as", "which include",
    "which are", "classified as"?"""
    word = doc[i].lower_
    before = doc[i - 1].lower_ if i > floor else ""
    if word == "as":
        return before in {"such", "classified", "defined"}
    if word in {"are", "is", "were"}:
        return before == "which"
    return word in EXAMPLE_MARKERS


def _spaced_dash(doc: Doc, i: int) -> bool:
    """Is token ``i`` a hyphen standing for a dash, with a space on both sides ("offenses - assault")?"""
    return doc[i].text == "-" and i > 0 and bool(doc[i - 1].whitespace_) and bool(doc[i].whitespace_)


def _category_before(doc: Doc, ending: dict[int, tuple[int, str]], i: int, floor: int) -> bool:
    """Is the nearest mention before the list opener at ``i`` a category ("violent crimes in May,
    most notably ...")? A number between them means the category had its own figure ("Violent
    crime rose 5 percent, including murders, which were up 3 percent"): the examples then speak
    for themselves."""
    for j in range(i, max(floor, i - _CATEGORY_REACH), -1):
        if j < i and doc[j].like_num:
            return False
        category = ending.get(j)
        if category is not None:
            return category[1] in UMBRELLA_OFFENSES
    return False


#: Most tokens from an example back to the word that opens its list.
_EXAMPLE_REACH = 30
#: Most words an item of a list of examples may hold besides its offense.
_ITEM_WORDS = 4
#: Words that end a clause, so that a list of examples cannot reach back across them.
_CLAUSE_BREAKS = frozenset({"while", "but", "when", "whereas", "although", "though", "after", "before"})
#: Most tokens between a category and the word that opens its list of examples.
_CATEGORY_REACH = 7
#: Marks that open an aside right after a category, which then lists its examples.
_ASIDE_OPENERS = frozenset({"–", "—", "--", "("})


def event_patterns(event: EventPhrase) -> list[list[dict[str, object]]]:
    """Matcher patterns for one `EventPhrase`: subject ("and" subject), helpers, verb, and the
    word that must follow the verb within three tokens when the phrase names one."""
    subjects = {"LOWER": {"IN": sorted(event.subjects)}}
    head = [subjects, {"LOWER": {"IN": ["and", "or"]}, "OP": "?"}, {**subjects, "OP": "?"},
            {"LOWER": {"IN": sorted(EVENT_HELPERS)}, "OP": "*"}, {"LOWER": {"IN": sorted(event.verbs)}}]
    if not event.after:
        return [head]
    gap = {"ORTH": {"NOT_IN": sorted(_CLAUSE_MARKS)}, "IS_SENT_START": False}
    after = {"LOWER": {"IN": sorted(event.after)}}
    return [[*head, *[gap] * n, after] for n in range(EVENT_GAP + 1)]


#: Most words between an event's verb and the word that must follow it ("killed in
#: alcohol-impaired-driving crashes": six, hyphens included).
EVENT_GAP = 6
#: Marks an event's verb and its following word must not straddle.
_CLAUSE_MARKS = frozenset({",", ";", ":", ".", "!", "?", "(", ")", "—", "–", "--", '"', "“", "”"})


def hyphened_forms(phrase: str) -> list[str]:
    """A phrase as written, and with a hyphen in one of its gaps ("motor-vehicle thefts",
    "fatal-crash deaths"): news copy hyphenates compound modifiers, and a mention glued to a
    hyphen is refused as part of a compound word."""
    words = phrase.split(" ")
    return [phrase] + [" ".join(words[:k]) + "-" + " ".join(words[k:]) for k in range(1, len(words))]


#: Most tokens from an event's subject to its verb: "people and cyclists have all already been
#: killed" (an event's Matcher allows any number of helper words; real text has a few).
EVENT_REACH = 10


class OffenseRuler:
    """Finds offense wording (extract/offense_terms.py) with a PhraseMatcher on LOWER."""

    def __init__(self, nlp: Language, name: str, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._terms: dict[int, tuple[str, str | None]] = {}
        self._phrases: dict[int, str] = {}
        for phrase, (offense, detail) in OFFENSE_TERMS.items():
            key = nlp.vocab.strings.add(phrase)
            self._terms[key] = (offense, detail)
            self._phrases[key] = phrase
            self.matcher.add(phrase, [nlp.make_doc(form) for form in hyphened_forms(phrase)])
        #: wording with a gap ("2,400 Hyundais and Kias were stolen"), extract/offense_terms.py
        self.events = Matcher(nlp.vocab)
        for k, event in enumerate(EVENT_PHRASES):
            name = f"event {k}: {event.offense}"
            key = nlp.vocab.strings.add(name)
            self._terms[key] = (event.offense, event.detail)
            self._phrases[key] = name
            self.events.add(name, event_patterns(event))
        strings = nlp.vocab.strings
        #: the hashes of the events' subject and verb words, to find where an event can match
        self._event_subjects = numpy.array(sorted({strings.add(w) for e in EVENT_PHRASES for w in e.subjects}),
                                           dtype="uint64")
        self._event_verbs = numpy.array(sorted({strings.add(w) for e in EVENT_PHRASES for w in e.verbs}),
                                        dtype="uint64")
        #: a raw-text test that a text could hold any of these mentions (extract/screen.py)
        self.screen = OffenseScreen(OFFENSE_TERMS, (w for e in EVENT_PHRASES for w in e.subjects),
                                    (w for e in EVENT_PHRASES for w in e.verbs))

    def _event_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The event phrases' matches, found by running their Matcher only where a subject word
        has a verb word at most ``EVENT_REACH`` tokens after it (its Python-level word-list tests
        cost as much as tokenizing, run over every token of a long article)."""
        if not len(doc):
            return []
        lower = doc.to_array(LOWER)
        verbs = numpy.flatnonzero(_member(lower, self._event_verbs))
        if not len(verbs):
            return []
        subjects = numpy.flatnonzero(_member(lower, self._event_subjects))
        if not len(subjects):
            return []
        after = numpy.searchsorted(verbs, subjects)  # the first verb at or after each subject
        ok = after < len(verbs)
        subjects, verb_at = subjects[ok], verbs[after[ok]]
        near = verb_at - subjects <= EVENT_REACH
        windows = _merge(zip(subjects[near].tolist(), numpy.minimum(verb_at[near] + EVENT_GAP + 2, len(doc)).tolist(),
                             strict=True))
        found = []
        for start, end in windows:
            found.extend((key, s + start, e + start) for key, s, e in self.events(doc[start:end]))
        return found

    def match(self, doc: Doc) -> list[tuple[int, int, str, str, bool]]:
        """(start, end, offense, detail, generic) of each offense mention, in text order. The
        examples listed after a category ("violent crime, such as robberies") count as generic:
        they lose to the category named before them."""
        out: list[tuple[int, int, str, str, bool]] = []
        ending: dict[int, tuple[int, str]] = {}
        for key, start, end in longest_first([*self.matcher(doc), *self._event_matches(doc)]):
            if _in_compound(doc, start, end):
                continue  # "murder-mystery", "overdose-reversal kits", "anti-theft"
            offense, detail = self._terms[key]
            if offense in {"assault", "aggravated_assault"} and _on_a_group(doc, start, end):
                offense, detail = "other", None  # "assaults on police officers": a category of its own
            phrase = self._phrases[key]
            generic = phrase in GENERIC_OFFENSE_TERMS and (
                end - start == 1 or doc[start:end].text.lower() == phrase)
            generic = generic or _an_example(doc, ending, start)
            out.append((start, end, offense, detail or "", generic))
            ending[end] = (start, offense)
        return out

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, str, str, bool]]) -> None:
        doc.spans[self.spans_key] = [Span(doc, s, e, label=o, kb_id=d) for s, e, o, d, _ in matches]
        doc.user_data[OFFENSES_KEY] = matches  # the same, as plain tuples for assembly

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


def _on_a_group(doc: Doc, start: int, end: int) -> bool:
    """Are the assaults at start..end those of one group of people ("assaults on police
    officers", "assaults against bus drivers", "bus operator assaults")?"""
    before = doc[start - 1].lower_ if start > 0 else ""
    if before in ASSAULTED_GROUPS:
        return True
    if end < len(doc) and doc[end].lower_ in {"on", "against"}:
        return any(t.lower_ in ASSAULTED_GROUPS for t in doc[end + 1:min(end + 4, len(doc))])
    return False


def _introduced_as_place(doc: Doc, start: int, end: int) -> bool:
    """Is a name that is also a word or a person's name ("Phoenix", "Jackson") used as a place:
    after "in", "of", "outside" ..., and not the first word of "Jackson County", "Phoenix Suns";
    or an item of a list of places with their figures ("..., Cleveland at 22")?"""
    if end + 1 < len(doc) and doc[end].lower_ == "at" and doc[end + 1].like_num and start > 0 \
            and doc[start - 1].lower_ in {",", "and", "to", "with"}:
        return True  # a list of places with their figures: "..., Cleveland at 22, Columbus at 11.2"
    if start == 0 or doc[start - 1].lower_ not in PLACE_LEADS:
        return False
    return end >= len(doc) or not doc[end].is_title


def _is_a_name(doc: Doc, start: int, end: int) -> bool:
    """Is the city name at start..end a person's name ("select board chair Thomas Greer",
    "Mayor Greer", "Sgt. Mesa")? Its word before is a title, or a capitalised word that is not
    a function word or a place prefix ("In Chicago", "East Cleveland", "WASHINGTON")."""
    if start == 0:
        return False
    before = doc[start - 1]
    low = before.lower_
    if low in PERSON_TITLES:
        return True
    if not before.is_title or before.is_sent_start or low in STOP_WORDS or low in PLACE_PREFIXES:
        return False
    return end - start == 1  # a one-word city after a first name; "Thomas Kansas City" is rare


class PlaceRuler:
    """Finds US city names from the gazetteer with a PhraseMatcher on ORTH."""

    def __init__(self, nlp: Language, name: str, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.cities = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.cities.add("city", list(nlp.tokenizer.pipe(place_names())))
        self.cities.add("ambiguous", list(nlp.tokenizer.pipe(ambiguous_place_names())))
        self.ambiguous = nlp.vocab.strings["ambiguous"]

    def match(self, doc: Doc) -> list[Span]:
        found = [Span(doc, s, e, label="city") for key, s, e in self.cities(doc)
                 if key != self.ambiguous or _introduced_as_place(doc, s, e)]
        return [span for span in filter_spans(found) if not _is_a_name(doc, span.start, span.end)]

    def set_annotations(self, doc: Doc, matches: list[Span]) -> None:
        doc.spans[self.spans_key] = matches

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


class SentenceSplitter:
    """Sentence boundaries from punctuation, in numpy over the Doc's arrays.

    The same rule as spaCy's sentencizer (a sentence ends at ".", "!", "?" or another sentence
    mark, and the next token that is not punctuation starts the next one), plus two starts it
    misses: after a line break (headings, datelines) and at an opening quote after a full stop
    ('said. “This year ...'). spaCy's sentencizer makes a Token object per token; this does not.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        strings = nlp.vocab.strings
        self.stops = numpy.sort(numpy.array([strings.add(p) for p in Sentencizer.default_punct_chars],
                                            dtype="uint64"))
        self.open_quote = strings.add("“")

    def match(self, doc: Doc) -> numpy.ndarray:
        """The index of every token that starts a sentence (0 included)."""
        n = len(doc)
        if n == 0:
            return numpy.zeros(0, dtype="int64")
        cols = doc.to_array([ORTH, IS_PUNCT, IS_SPACE])
        at = numpy.minimum(numpy.searchsorted(self.stops, cols[:, 0]), len(self.stops) - 1)
        ends = self.stops[at] == cols[:, 0]
        words = numpy.flatnonzero(~(ends | (cols[:, 1] == 1)))
        after = numpy.searchsorted(words, numpy.flatnonzero(ends), side="right")
        starts = [numpy.zeros(1, dtype="int64"), words[after[after < len(words)]]]
        spaces = numpy.flatnonzero(cols[:-1, 2] == 1)
        starts.append(numpy.array([i + 1 for i in spaces if "\n" in doc[int(i)].text], dtype="int64"))
        found = set(numpy.concatenate(starts).tolist())
        quotes = numpy.flatnonzero(cols[1:, 0] == self.open_quote) + 1
        for q in quotes[ends[quotes - 1]].tolist():  # the quote, not the word after it, starts
            nxt = numpy.searchsorted(words, q, side="right")
            if nxt < len(words):
                found.discard(int(words[nxt]))
            found.add(q)
        return numpy.array(sorted(found), dtype="int64")

    def set_annotations(self, doc: Doc, starts: numpy.ndarray) -> None:
        if not len(doc):
            return
        values = numpy.full((len(doc), 1), -1, dtype="int64")
        values[starts, 0] = 1
        doc.from_array([SENT_START], values.astype("uint64"))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


@Language.factory("sentence_splitter", assigns=["token.is_sent_start"], default_config={})
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(nlp, name)


@Language.factory("claim_matcher", assigns=["doc.spans"],
                  default_config={"ruleset": "claims.v1", "spans_key": "claims",
                                  "periods_key": "periods", "validate": False, "extra_patterns": ""})
def make_claim_matcher(nlp: Language, name: str, ruleset: str, spans_key: str, periods_key: str,
                       validate: bool, extra_patterns: str) -> ClaimMatcher:
    """``extra_patterns``: a JSON, JSON Lines or TOML file of rules added to the rule set."""
    return ClaimMatcher(nlp, name, ruleset, spans_key, periods_key, validate, extra_patterns)


@Language.factory("offense_ruler", assigns=["doc.spans"], default_config={"spans_key": "offenses"})
def make_offense_ruler(nlp: Language, name: str, spans_key: str) -> OffenseRuler:
    return OffenseRuler(nlp, name, spans_key)


@Language.factory("place_ruler", assigns=["doc.spans"], default_config={"spans_key": "places"})
def make_place_ruler(nlp: Language, name: str, spans_key: str) -> PlaceRuler:
    return PlaceRuler(nlp, name, spans_key)
