"""Checks that keep numbers which are not crime statistics out of the claims.

Ages ("a 24-year-old"), money ("$4.2 million"), times ("2:30 a.m."), addresses ("1400 block"),
labels ("Part 1", "District 9"), dates ("March 3") and years used as counts are refused here;
every refusal returns a short reason that the assembly step logs at debug level.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extract.columns import lowers, texts
from extract.offense_terms import OFFENSE_TERMS
from extract.vocab import (
    CHANGE_FOLLOWERS,
    COUNT_NOUNS,
    LABEL_WORDS_BEFORE,
    MONEY_BEFORE,
    MONTHS,
    NON_CRIME_TOPICS,
    NON_CRIME_UNITS,
    PERCENT_WORDS,
    SENTENCE_BREAKS,
    TIME_WORDS_AFTER,
)

_YEAR = re.compile(r"^(19|20)\d\d$")
_OFFENSE_FIRST_WORDS = frozenset(p.split()[0] for p in OFFENSE_TERMS)


#: doc.user_data key of the offense ruler's mentions, as (start, end, offense, detail, generic).
OFFENSES_KEY = "offense_mentions"


def looks_like_year(text: str) -> bool:
    return bool(_YEAR.match(text))


def _lower(doc: Doc, i: int) -> str:
    return lowers(doc)[i] if 0 <= i < len(doc) else ""


def number_refusal(doc: Doc, first: int, last: int) -> str | None:
    """Why the number in tokens first..last (inclusive) is not a statistic, or None if it may be."""
    before = _lower(doc, first - 1)
    after = _lower(doc, last + 1)
    if before in MONEY_BEFORE or after in {"dollars", "dollar", "cents"}:
        return "money"
    if first == last and lowers(doc)[first] == "one" and before in _PRONOUN_ONE_LEADS:
        return "a pronoun ('the one recorded in the 1990s')"
    if (before in LABEL_WORDS_BEFORE and after not in PERCENT_WORDS) \
            or (texts(doc)[first][:1] == "0" and texts(doc)[first][1:2].isdigit()):  # "007", not "0.8"
        return "label"  # but "a level 30% higher" is a change
    if before in MONTHS or after in MONTHS:
        return "date"
    if after in TIME_WORDS_AFTER or after == ":":
        return "time"
    if after == "-" and _lower(doc, last + 2) in {"year", "years"}:
        return "age"
    if after in {"years", "year"} and _lower(doc, last + 2) == "old":
        return "age"
    if after in {"block", "blocks"}:
        return "address"
    if before == "in" and first >= 2 and doc[first - 2].like_num:
        return "ratio ('1 in 3')"
    if before in {"per", "every", "/"}:
        return "the base of a rate ('per 100,000')"
    if after == "-" and _lower(doc, last + 2) in _SIZE_UNITS:
        return "a measure ('six-month report', '40-foot')"
    if after == "-" and doc[last + 2 : last + 3].text[:1].isdigit():
        return "range or phone number"
    return None


#: Words before "one" that make it a pronoun, not a number: "far below the one recorded in 1990".
_PRONOUN_ONE_LEADS = frozenset({"the", "this", "that", "each", "any", "every", "no", "another", "which"})
#: Nouns of a period after "that" / "this" / "last": "3,951 that year".
_PERIOD_UNITS = frozenset({"year", "month", "week", "quarter", "period", "time", "day", "weekend"})
#: Measures written "22-inch", "40-foot", "5-pound": sizes, never counts of crimes.
_SIZE_UNITS = frozenset({"inch", "inches", "foot", "feet", "pound", "pounds", "mile", "miles", "ounce", "acre",
                         "story", "yard", "gallon", "liter", "meter", "minute", "hour", "day", "week", "month"})


def follower_refusal(doc: Doc, last: int) -> str | None:
    """Why the word after the number of a change or level makes it something else, or None."""
    i = last + 1
    if i >= len(doc):
        return None
    token = doc[i]
    low = token.lower_
    if low in PERCENT_WORDS:
        return "percent"
    if low in NON_CRIME_UNITS and i not in offense_starts(doc):  # "8,384 cars stolen" is an offense
        return f"unit {low!r}"
    if low in {"-", "–"} and i + 1 < len(doc) and lowers(doc)[i + 1] in NON_CRIME_UNITS | _SIZE_UNITS:
        return f"unit {lowers(doc)[i + 1]!r}"  # "22-inch tires", "a 12-year low" is read elsewhere
    if token.is_punct or token.is_space or low in SENTENCE_BREAKS:
        return None
    if low in CHANGE_FOLLOWERS or low in COUNT_NOUNS or low in _OFFENSE_FIRST_WORDS or token.like_num:
        return None
    if not token.is_alpha:
        return None
    if low in {"that", "which"} and i + 1 < len(doc) and lowers(doc)[i + 1] in {"were", "was", "had", "have", "are",
                                                                               "is"}:
        return None  # "a decrease from the 114 that were reported in 2021"
    if low in {"that", "this", "last", "the"} and i + 1 < len(doc) and lowers(doc)[i + 1] in _PERIOD_UNITS:
        return None  # "going from 3,951 that year to 2,352": the figure's own period
    return f"followed by {low!r}"


def offense_starts(doc: Doc) -> frozenset[int]:
    """The tokens where an offense mention (the offense ruler's) starts, worked out once per Doc."""
    return _mention_bounds(doc, 0)


def offense_ends(doc: Doc) -> frozenset[int]:
    """The tokens right after an offense mention ends ("homicide rates": "rates"), once per Doc."""
    return _mention_bounds(doc, 1)


#: doc.user_data keys of `offense_starts` (side 0) and `offense_ends` (side 1).
_BOUNDS_KEYS = ("offense_starts", "offense_ends")


def _mention_bounds(doc: Doc, side: int) -> frozenset[int]:
    key = _BOUNDS_KEYS[side]
    bounds = doc.user_data.get(key)
    if bounds is None:
        bounds = doc.user_data[key] = frozenset(m[side] for m in doc.user_data.get(OFFENSES_KEY, ()))
    return bounds


def described_offense_follows(doc: Doc, last: int, words: int = 2) -> bool:
    """Do up to ``words`` describing words and then an offense or a counted noun follow the number
    at ``last`` ("19 bank robberies", "37 gang-related homicides", "19 such incidents")?"""
    for i in range(last + 1, min(len(doc), last + 2 + words)):
        token = doc[i]
        if token.lower_ in _OFFENSE_FIRST_WORDS or token.lower_ in COUNT_NOUNS:
            # "2,100 untested rape kits": an offense word that names something else
            return i > last + 1 and not any(w in NON_CRIME_TOPICS for w in lowers(doc)[i + 1:min(len(doc), i + 3)])
        if not (token.is_alpha or token.text == "-") or (token.is_stop and token.lower_ != "such") \
                or token.lower_ in NON_CRIME_TOPICS:  # "19 such incidents": the ones named before
            return False
    return False

