"""Period phrases: the claim's own period ("so far this year") and its baseline ("last year")."""

from __future__ import annotations

from extract.patterns import Alt, Rule
from extract.patterns.tokens import YEAR, word, words
from extract.vocab import MONTHS, PERIOD_SUBJECT_VERBS

_UNIT = words({"year", "month", "week", "quarter", "summer", "winter", "spring", "fall", "weekend",
               "decade", "months", "years", "weeks", "days"})
_NUMBERISH = {"LIKE_NUM": True, "OP": "?"}

PERIOD = Rule(
    id="period.v4", kind="period", family="periods",
    patterns=(
        (("period", word("so")), ("period", word("far")),
         ("period", words({"this", "in"}, "?")), ("period", words({"year", "month", "week", "quarter"}, "?")),
         ("period", {"IS_DIGIT": True, "LENGTH": 4, "OP": "?"})),
        (("period", words({"this", "last", "past", "previous", "prior", "next"})), ("period", _UNIT)),
        # "over the weekend", "during the year", "that year"
        (("period", words({"over", "during"})), ("period", word("the")), ("period", _UNIT)),
        (("period", word("that")), ("period", words({"year", "month", "week", "weekend", "quarter"}))),
        (("period", words({"this", "that", "the", "same"})), ("period", words({"time", "point"})),
         ("period", word("last")), ("period", word("year"))),
        (("period", word("the", "?")), ("period", word("same")),
         ("period", words({"period", "time", "stretch", "months", "span", "point"})),
         ("period", words({"last", "a", "in", "of", "the"}, "?")),
         ("period", words({"year", "previous", "prior"}, "?")), ("period", {"IS_DIGIT": True, "LENGTH": 4, "OP": "?"}),
         ("period", words({"earlier", "ago", "before"}, "?"))),
        # "the same period two years ago"
        (("period", word("the", "?")), ("period", word("same")),
         ("period", words({"period", "time", "stretch", "months", "span", "point"})), ("period", {"LIKE_NUM": True}),
         ("period", _UNIT), ("period", words({"earlier", "ago", "before"}))),
        (("period", word("year")), ("period", {"ORTH": "-", "OP": "?"}), ("period", word("to")),
         ("period", {"ORTH": "-", "OP": "?"}), ("period", word("date"))),
        (("period", word("a")), ("period", word("year")), ("period", words({"earlier", "ago", "before"}))),
        # "To date, San Francisco has seen only four homicides"
        (("period", {"LOWER": "to", "IS_SENT_START": True}), ("period", word("date"))),
        (("period", word("the")), ("period", words({"previous", "prior"})), ("period", _UNIT)),
        (("period", word("the")), ("period", words({"year", "month", "week", "quarter"})),
         ("period", words({"before", "prior", "earlier"}))),
        # "an increase of 13 percent over the year before": the comparison, not "over the year"
        (("period", words({"over", "during"})), ("period", word("the")),
         ("period", words({"year", "month", "week", "quarter"})), ("period", words({"before", "prior", "earlier"}))),
        (("period", words({"in", "during", "for"})), ("period", YEAR)),
        (("period", words({"in", "during", "for"})), ("period", words(MONTHS)), ("period", {"IS_DIGIT": True, "LENGTH": 4, "OP": "?"})),
        (("period", words({"from", "since", "over", "versus", "vs."})), ("period", YEAR)),
        # "down 27% from this time in 2012"
        (("period", words({"from", "since", "over", "versus", "vs."})), ("period", words({"this", "that", "the"})),
         ("period", words({"time", "point"})), ("period", words({"in", "during", "for"})), ("period", YEAR)),
        # "from January 2020", "this January", "last March"
        (("period", words({"from", "since", "over", "versus", "vs."})), ("period", words(MONTHS)), ("period", YEAR)),
        (("period", words({"this", "last", "past", "previous", "prior", "next"})), ("period", words(MONTHS))),
        # "only six reported for all of 2013", "789 shooting incidents in all of 2017"
        (("period", word("for")), ("period", word("all")), ("period", word("of")), ("period", YEAR)),
        (("period", word("in")), ("period", word("all")), ("period", word("of")), ("period", YEAR)),
        # "which had 90 killings as recently as 2009"
        (("period", word("as")), ("period", words({"recently", "late"})), ("period", word("as")), ("period", YEAR)),
        # "2020 saw 132 deaths": the year is the subject
        (("period", YEAR), ("word", words(PERIOD_SUBJECT_VERBS))),
        # "since the start of 2021", "since the beginning of the year": a span so far
        (("period", word("since")), ("period", word("the")), ("period", words({"start", "beginning"})),
         ("period", word("of")), ("period", words({"the", "this"}, "?")), ("period", Alt.of([YEAR], [words({"year"})]))),
        # "since January", "since Jan. 1": this year so far
        (("period", word("since")), ("period", words(MONTHS)), ("period", {"IS_DIGIT": True, "LENGTH": {"<=": 2}, "OP": "?"}),
         ("period", word("of", "?")), ("period", {"IS_DIGIT": True, "LENGTH": 4, "OP": "?"})),
        (("period", words({"compared", "comparison"})), ("period", words({"with", "to"})), ("period", YEAR)),
        # "in May compared to April"
        (("period", words({"compared", "comparison"})), ("period", words({"with", "to"})), ("period", words(MONTHS)),
         ("period", {"IS_DIGIT": True, "LENGTH": 4, "OP": "?"})),
        # "as of Dec. 19, 674 people were killed": the count so far, to that day
        (("period", word("as")), ("period", word("of")), ("period", words(MONTHS)),
         ("period", {"IS_DIGIT": True, "LENGTH": {"<=": 2}, "OP": "?"})),
        (("period", words({"through", "thru", "until"})), ("period", words({"the"}, "?")),
         ("period", words({"end"}, "?")), ("period", words({"of"}, "?")), ("period", words(MONTHS)),
         ("period", {"IS_DIGIT": True, "LENGTH": 4, "OP": "?"})),
        (("period", word("the")), ("period", words({"first", "second", "third", "last", "past"})),
         ("period", _NUMBERISH), ("period", words({"quarter", "half", "months", "weeks", "days"})),
         ("period", word("of", "?")), ("period", words({"the", "this"}, "?")),
         ("period", words({"year"}, "?")), ("period", {"IS_DIGIT": True, "LENGTH": 4, "OP": "?"})),
        (("period", words({"its", "their", "the"})), ("period", YEAR),
         ("period", words({"year", "-", "end", "year-end", "annual", "final", "midyear"}, "*")),
         ("period", words({"level", "peak", "high", "total", "spike", "low", "levels", "totals"}))),
        (("period", words({"over", "in"})), ("period", word("the")), ("period", words({"past", "last"})),
         ("period", _NUMBERISH), ("period", _UNIT)),
        (("period", word("than")), ("period", word("last")), ("period", words({"year"}, "?"))),
        (("period", words({"ended", "closed", "finished", "ending", "ends"})), ("period", word("the", "?")),
         ("period", words({"year", "month", "quarter"}))),
        (("period", words({"ended", "closed", "finished", "ending", "ends"})), ("period", YEAR)),
    ),
    examples=("so far this year", "this time last year", "the same period in 2023", "year to date",
              "in 2024", "as recently as 2009", "through June", "the first six months of the year", "its 2021 level",
              "in all of 2017", "since the start of 2021"),
)

RULES: list[Rule] = [PERIOD]
