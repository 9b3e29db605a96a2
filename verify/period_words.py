"""Period phrases of crime news as patterns (rules as data). periods.py composes them."""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

ORDINALS: dict[str, int] = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                            "fourth": 4, "4th": 4}
NUMBER_WORDS: dict[str, int] = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                                "nine": 9, "ten": 10, "eleven": 11, "3": 3, "4": 4, "5": 5, "6": 6,
                                "7": 7, "8": 8, "9": 9, "10": 10, "11": 11}

#: "over the past two years", "in three years", "over the last five years": a change measured
#: over several years, whose comparison lies that many years back.
YEARS_SPAN_WORDS: dict[str, int] = {"two": 2, "2": 2, **{k: v for k, v in NUMBER_WORDS.items() if v >= 3},
                                    **{str(n): n for n in range(12, 61)},
                                    "twelve": 12, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30,
                                    "forty": 40, "fifty": 50}
OVER_YEARS = re.compile(r"\b(?:over|in|during|across)\s+(?:the\s+)?(?:past|last|previous|prior)?\s*(?P<n>"
                        + "|".join(sorted(YEARS_SPAN_WORDS, key=len, reverse=True)) + r")\s+years\b")

#: "the same period two years ago": a comparison that many years back.
YEARS_AGO = re.compile(r"\b(?P<n>" + "|".join(sorted(YEARS_SPAN_WORDS, key=len, reverse=True))
                       + r")\s+years\s+(?:ago|earlier|before)\b")

# "so far this year", "year to date", "at this point last year" ...: Jan 1 -> cut-off
YTD = re.compile(
    r"\b(so far(?: this year| in (?:the year|\d{4}))?|year[- ]to[- ]date|ytd|to date|"
    r"this (?:time|point) (?:last|a) year|(?:the )?same (?:time|period|point) (?:last|a) year|"
    r"last year at (?:the|this) same (?:time|point)|"
    r"at this (?:time|point)|this year|thus far)\b")
# "through June", "through Sept. 30", "through the end of September", "as of Oct. 2, 2016"
CUTOFF = re.compile(
    r"\b(?:through|thru|as of|until|up to|ending)\s+(?:the end of\s+)?" + _MONTH
    + r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b")
QUARTER = re.compile(r"\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th) quarter\b|\bq(?P<q>[1-4])\b")
HALF = re.compile(r"\b(?P<ord>first|second) half\b")
FIRST_MONTHS = re.compile(r"\bfirst (?P<n>three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2}) months\b")
IN_MONTH = re.compile(r"\b(?:in|during|for|this) " + _MONTH + r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b")
LAST_MONTH = re.compile(r"\blast month\b")
ROLLING_12 = re.compile(r"\b(?:past|last|previous|prior) (?:12|twelve) months\b")
# an explicit span of the year that follows a span phrase: "first quarter of 2024"
SPAN_YEAR = re.compile(r"\b(?:of|in) (?P<year>(?:19|20)\d{2})\b")
YEAR = re.compile(r"(?<![\d,.])(?P<year>(?:19|20)\d{2})(?![\d])")
# a year that names the comparison, not the claim's own period
BASELINE_YEAR_BEFORE = re.compile(
    r"(?:same (?:period|time|point|months|weeks|stretch|span)(?: (?:in|of|during|last))?|compared (?:to|with)(?: the same period (?:in|of))?|"
    r"than(?: in)?|from(?: (?:its|their|the))?|since|versus|vs\.?|over|relative to|below(?: (?:its|their|the))?|"
    r"above(?: (?:its|their|the))?|(?:its|their|the))\s+$")
BASELINE_YEAR_AFTER = re.compile(r"^\s*(?:level|levels|peak|high|low|total|totals|figures?)\b")
SAME_PERIOD = re.compile(r"\bsame (?:period|time|point|months|stretch)\b")
SINCE_YEAR = re.compile(r"\bsince (?P<year>(?:19|20)\d{2})\b")
LAST_YEAR = re.compile(r"\blast year\b(?!'s)|\bthan last\b")
LAST_YEAR_AS_BASELINE = re.compile(
    r"(?:compared (?:to|with)|than|from|since|versus|vs\.?|over|relative to|below|above)\s+(?:the same period\s+)?"
    r"(?:of\s+|in\s+)?(?:last year|last\b)|at this (?:time|point) last year|this (?:time|point) last year")
YEAR_EARLIER = re.compile(
    r"\b(?:a year (?:earlier|ago|before|prior)|the (?:previous|prior|preceding) year|the year before|"
    r"year[- ]over[- ]year|from a year ago|last year's)\b")
