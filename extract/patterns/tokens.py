"""Token building blocks shared by the rule modules (numbers, percent signs, direction words)."""

from __future__ import annotations

from extract.offense_terms import EVENT_PHRASES, OFFENSE_TERMS
from extract.patterns import SIGNED_NUMBER_REGEX, Alt, TokenSpec
from extract.vocab import (
    CHANGE_ADVERBS,
    DECREASE_NOUNS,
    DECREASE_WORDS,
    GENERIC_COUNT_NOUNS,
    INCREASE_NOUNS,
    INCREASE_WORDS,
    ORDINAL_WORDS,
    PERCENT_SECOND_WORDS,
    PERCENT_WORDS,
    QUALIFIERS,
    SENTENCE_BREAKS,
)


def words(items: frozenset[str] | set[str] | list[str], op: str | None = None) -> TokenSpec:
    """One token whose lower-case form is in ``items``."""
    spec: TokenSpec = {"LOWER": {"IN": sorted(items)}}
    if op:
        spec["OP"] = op
    return spec


def word(text: str, op: str | None = None) -> TokenSpec:
    spec: TokenSpec = {"LOWER": text}
    if op:
        spec["OP"] = op
    return spec


_NUMBER_TOKEN: TokenSpec = {"LIKE_NUM": True, "LOWER": {"NOT_IN": sorted(ORDINAL_WORDS)}}

#: A number as written: "14", "1,204", "7.5", "twenty-two", "two dozen", "18-" (of "18-percent").
#: (With lexeme flags the number token also covers "dozen"; see extract/flags.py.)
NUM = Alt.of([_NUMBER_TOKEN, {"ORTH": "-", "OP": "?"}, {**_NUMBER_TOKEN, "OP": "?"}])
#: A number written with its sign: "-27.3", "+4" (a lexeme flag when compiled fast).
SIGNED_NUMBER: TokenSpec = {"LIKE_NUM": True, "TEXT": {"REGEX": SIGNED_NUMBER_REGEX}}
#: Only a four-digit year.
YEAR: TokenSpec = {"IS_DIGIT": True, "LENGTH": 4}
#: A decade as written: "1960s", "1990s" (a record "since the 1960s" dates from its first year).
DECADE: TokenSpec = {"TEXT": {"REGEX": r"^(1[89]|20)\d0s$"}}
#: "88th", "1,000th": a running total written as an ordinal in digits, by its shape (an exact
#: SHAPE is tested in C; a REGEX would run in Python on every number the Matcher meets). The
#: builder checks the suffix ("5am" has the shape of "5th").
ORDINAL_NUMBER = Alt.of([{"SHAPE": "dxx"}], [{"SHAPE": "ddxx"}], [{"SHAPE": "dddxx"}], [{"SHAPE": "d,dddxx"}])
#: Words between "since" and a decade: "since at least the early 1990s", "since the mid-1970s".
DECADE_LEAD: TokenSpec = words({"at", "least", "the", "early", "mid", "late", "-"}, "*")

#: "%", "percent", "pct", "per cent", "percentage points" (assembly checks the pairs).
PCT = Alt.of([words(PERCENT_WORDS), words(PERCENT_SECOND_WORDS, "?")])

DIR_WORDS = DECREASE_WORDS | INCREASE_WORDS
DIR: TokenSpec = words(DIR_WORDS)
DIR_NOUN: TokenSpec = words(DECREASE_NOUNS | INCREASE_NOUNS)

_QUALIFIER_WORDS = {w for phrase, _ in QUALIFIERS for w in phrase} - {"a", "an", "to", "no", "in", "of"}
#: Adverbs, "by" and hedges between a direction word and its number: "declined by more than".
#: ("*" rather than "{0,4}": the Matcher expands counted repeats into optional states.)
ADV: TokenSpec = words(CHANGE_ADVERBS | _QUALIFIER_WORDS, "*")
QUAL: TokenSpec = words(_QUALIFIER_WORDS, "*")

#: "a third", "one quarter", "half", "two-thirds", "three quarters".
FRACTION = Alt.of(
    [words({"a", "one"}), {"ORTH": "-", "OP": "?"}, words({"third", "quarter", "fourth", "fifth", "tenth"})],
    [word("half")],
    [words({"two", "three", "four"}), {"ORTH": "-", "OP": "?"}, words({"thirds", "quarters", "fourths", "fifths"})],
)


def filler(*, allow_comma: bool = True, stop: frozenset[str] = frozenset()) -> TokenSpec:
    """Any tokens inside one clause (no sentence break); the rule's ``max_fill`` bounds them."""
    banned = set(SENTENCE_BREAKS) | set(stop) | ({","} if not allow_comma else set())
    return {"LOWER": {"NOT_IN": sorted(banned)}, "OP": "*"}


#: First words of offense phrases and count modifiers: what may follow a bare count.
COUNT_FOLLOWERS: TokenSpec = words(
    {phrase.split()[0] for phrase in OFFENSE_TERMS}
    | {word for event in EVENT_PHRASES for word in event.subjects}
    | {"reported", "recorded", "confirmed", "new", "total", "such", "fatal", "deadly", "separate", "more",
       "additional", "gun", "armed", "violent", "criminal"} | GENERIC_COUNT_NOUNS
)
