"""Word tables of the possible-claims detector (extract/possible.py). Data only: no logic here.

The detector reuses the extractor's tables (extract/vocab.py, extract/offense_terms.py); these
are the few words it needs besides them: cues that a sentence states a statistic, and signs that
its numbers are about something else (police work, polls, budgets, one incident).
"""

from __future__ import annotations

import re

from extract.vocab import (
    COMPARE_WORDS,
    DECREASE_COMPARATIVES,
    DECREASE_NOUNS,
    DECREASE_WORDS,
    INCREASE_COMPARATIVES,
    INCREASE_NOUNS,
    INCREASE_WORDS,
    MONTHS,
    MULTIPLIER_WORDS,
    MULTIPLIERS,
    RECORD_HIGH,
    RECORD_LOW,
)

#: Crime words the offense table leaves out because no rule needs them, lower case, with the
#: offense each names (None: it depends on the sentence). A sentence must hold one of these or an
#: offense phrase of extract/offense_terms.py.
EXTRA_OFFENSE_WORDS: dict[str, str | None] = {
    "murdered": "homicide", "homicidal": "homicide", "carjacked": "carjacking", "burglarized": "burglary",
    "fatalities": None, "stolen": None, "deaths": None, "death": None, "died": None,
}

#: Statistic cues by family, as lower-case tokens. The family names are what a possible claim's
#: ``cues`` list.
CHANGE_CUES: frozenset[str] = (DECREASE_WORDS | INCREASE_WORDS | DECREASE_NOUNS | INCREASE_NOUNS
                               | DECREASE_COMPARATIVES | INCREASE_COMPARATIVES | frozenset(MULTIPLIERS)
                               | frozenset(MULTIPLIER_WORDS) | frozenset({"doubling", "halving", "nearly-double"}))
COMPARISON_CUES: frozenset[str] = COMPARE_WORDS | frozenset({"than", "respectively", "compares", "comparison"})
PERCENT_CUES: frozenset[str] = frozenset({"%", "percent", "pct", "pct.", "per-cent"})
RATE_CUES: frozenset[str] = frozenset({"rate", "rates", "capita"})
RECORD_CUES: frozenset[str] = RECORD_LOW | RECORD_HIGH | frozenset({
    "record", "records", "all-time", "historic", "lowest", "highest", "safest", "worst"})
TOTAL_CUES: frozenset[str] = frozenset({"total", "totals", "tally", "toll", "tallied", "totaled", "count",
                                        "recorded", "number", "figure", "figures"})
#: Period phrases on the lower-cased sentence ("so far this year", "in 2023", "through June").
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
PERIOD_PATTERN = re.compile(
    r"\b(?:this|last|past|previous|prior|same|that|the) (?:fiscal )?(?:year|quarter|decade|period)\b"
    r"|\bso far\b|\byear[- ]to[- ]date\b|\bytd\b|\bper (?:year|month|day|week)\b|\ba year\b"
    r"|\bannual(?:ly)?\b|\bas of\b|\bat this (?:time|point)\b|\bfirst (?:quarter|half|\w+ months)\b"
    r"|\b(?:19|20)\d\d\b|\b(?:19|20)\d0s\b"
    rf"|\b(?:through|since|until) (?:{_MONTH_ALT})(?=\W|$)"
    r"|\b(?:since|over the past|in the past|over the last|in the last) \w+ (?:years|months|decades)\b"
)

#: Words anywhere in a sentence that make its numbers police work, a poll, money, staff, or
#: time spent, not a count of crimes. Each maps to the reason a refusal names.
SENTENCE_VETOES: dict[str, str] = {
    **{w: "enforcement" for w in """
    arrest arrests arrested arresting seized seizing seizure seizures confiscated confiscating
    tickets ticketed citations summonses warrants indicted indictment convicted sentenced
    charged charges prosecuted suspects accused admitted confessed""".split()},
    **{w: "clearance" for w in "clearance cleared solved unsolved".split()},
    **{w: "calls for service" for w in "calls 911".split()},
    **{w: "poll" for w in "poll polls polled survey surveyed respondents".split()},
    **{w: "staffing or budget" for w in """budget budgets deficit funding grants grant positions
    staffing hires hired recruits overtime""".split()},
    **{w: "response times" for w in "response".split()},
}

#: Words right after a number (after any adjective) that make it a count of something that is not
#: a crime, beyond extract/vocab.py's NON_CRIME_UNITS.
OTHER_UNITS: frozenset[str] = frozenset("""
agencies cities states counties precincts organizations groups suspects offenders bullets
shifts times percentage-points bonds firesetters assessments police areas
""".split())
#: Words a number's phrase may start with before its noun: "53 drug overdose incidents".
NUMBER_ADJECTIVES: frozenset[str] = frozenset("""
more additional other illegal reported confirmed total such new fatal nonfatal non-fatal
""".split())
#: A percent of a whole: "16 percent of all deaths", "accounted for 60 percent".
SHARE_LEAD_WORDS: frozenset[str] = frozenset("""
accounting accounted accounts account made make makes making comprised comprise comprises
represented represent represents representing share portion proportion majority
""".split())
#: Words before a number that make it an age: "ages 25 to 50", "aged 19".
AGE_LEADS: frozenset[str] = frozenset({"age", "ages", "aged"})
#: Words before a number that make it part of a formula: "x 100,000".
FORMULA_LEADS: frozenset[str] = frozenset({"x", "×", "/", "*", "="})
#: Words that make a sentence's percents shares of a whole: "the share of carjackings by
#: juveniles more than doubled, from 18% to 41%".
SHARE_WORDS: frozenset[str] = frozenset({"share", "proportion", "percentage", "majority", "fraction"})
#: Qualifiers before a number, not comparisons: "more than 600", "at least seven".
QUALIFIER_PAIRS: frozenset[tuple[str, str]] = frozenset({
    ("more", "than"), ("less", "than"), ("fewer", "than"), ("at", "least"), ("at", "most"),
    ("up", "to"), ("no", "more")})
#: Words before a number that make it a population: "a population of 153,701".
POPULATION_LEADS: frozenset[str] = frozenset({"population", "populations", "residents", "inhabitants"})
