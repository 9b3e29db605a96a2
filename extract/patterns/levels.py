"""Levels: counts with their period, levels reached after a change, rates and records."""

from __future__ import annotations

from extract.patterns import Alt, Rule
from extract.patterns.tokens import (
    COUNT_FOLLOWERS,
    DECADE,
    DECADE_LEAD,
    DIR,
    NUM,
    ORDINAL_NUMBER,
    QUAL,
    SENTENCE_BREAKS,
    YEAR,
    filler,
    word,
    words,
)
from extract.vocab import (
    DECREASE_COMPARATIVES,
    FLAT_WORDS,
    HISTORIC_WORDS,
    INCREASE_COMPARATIVES,
    LEVEL_LINKS,
    LEVEL_VERBS,
    MONTHS,
    RECORD_EXTREMES,
    RECORD_HIGH,
    RECORD_LOW,
    RECORD_SPAN_WORDS,
    TALLY_VERBS,
)

COUNT = Rule(
    id="count.v2", kind="count", priority=10,
    builder="count",
    patterns=((("num", NUM), ("word", COUNT_FOLLOWERS)),),
    examples=("63 burglaries last year", "19 killings in 2024", "five homicides so far this year"),
)
#: "the city's 88th homicide of the year": a running total, written as an ordinal.
COUNT_ORDINAL = Rule(
    id="count_ordinal.v2", kind="count", priority=10,
    builder="count_ordinal",
    patterns=((("num", ORDINAL_NUMBER), ("word", COUNT_FOLLOWERS)),),
    examples=("Riverton's 88th homicide of the year", "the 203rd homicide victim in the city this year"),
)
#: "37 gun-related homicides", "53 drug overdose incidents": a count whose offense follows one or
#: two words that describe it.
COUNT_DESCRIBED = Rule(
    id="count_described.v1", kind="count", priority=9, max_fill=3,
    builder="count_described",
    patterns=((("num", NUM), ("fill", {"IS_STOP": False, "IS_TITLE": False, "LIKE_NUM": False, "IS_SPACE": False,
                                       "LOWER": {"NOT_IN": sorted(SENTENCE_BREAKS | {",", "(", ")", "'", '"', "$"})},
                                       "OP": "*"}),
               ("word", COUNT_FOLLOWERS)),),
    examples=("Riverton recorded 37 gang-related homicides last year", "the city logged 14 unsolved homicides in 2023"),
)
#: "In 2023, that number was at 39", "The figure for Baltimore is about 56": a level named by the
#: paragraph's figure word, its offense the one the paragraph is about.
_FIGURE_WORDS = words({"number", "figure", "total", "count", "tally", "toll"})
_FIGURE_STOPS = frozenset({"of", "was", "is", "at", "to", "rate"})
_FIGURE_LINKS = words({"of", "was", "is", "at", "to", "reached", "hit"})
LEVEL_NAMED = Rule(
    id="level_named.v3", kind="count", priority=8, max_fill=5, reach=12,
    builder="level_named",
    patterns=((("word", _FIGURE_WORDS), ("fill", filler(allow_comma=False, stop=_FIGURE_STOPS)),
               ("word", _FIGURE_LINKS), ("adv", QUAL), ("num", NUM)),
              # "the number of homicides was 41 last year": what the figure counts is named with it
              (("word", _FIGURE_WORDS), ("word", word("of")), ("fill", filler(allow_comma=False, stop=_FIGURE_STOPS)),
               ("word", _FIGURE_LINKS), ("adv", QUAL), ("num", NUM))),
    examples=("Homicides rose again; that number was at 39 in 2023", "the number of homicides was 41 last year"),
)
#: "the number of shooting victims this year, 187": the figure set after a comma.
COUNT_APPOSITION = Rule(
    id="count_apposition.v1", kind="count", priority=14, max_fill=6, reach=12,
    builder="count_apposition",
    patterns=((("word", words({"number", "figure", "total", "count", "tally", "toll"})), ("word", word("of")),
               ("fill", filler(allow_comma=False, stop=frozenset({"since"}))), ("word", {"ORTH": ","}), ("adv", QUAL), ("num", NUM)),),
    examples=("Police tallied the number of shooting victims this year, 187",),
)
#: "Year to date: Homicides: 12; robberies: 40": an offense, a colon or dash, its figure (the
#: lists of press releases and flattened tables).
COUNT_LABELLED = Rule(
    id="count_labelled.v1", kind="count", priority=12, reach=4,
    builder="count_labelled",
    patterns=((("word", {"ORTH": {"IN": [":", "-", "—", "–"]}}), ("adv", QUAL), ("num", NUM)),),
    examples=("Year to date: Homicides: 12; robberies: 40",),
)
LEVEL = Rule(
    id="level_to.v1", kind="count", priority=20, max_fill=8, reach=14,
    builder="level",
    patterns=((("dir", DIR), ("fill", filler(stop=frozenset({"to", "and", "but", "while", "below",
                                                             "above", "past", "under"}))),
               ("to", words({"to", "below", "above", "past", "under"})), ("adv", QUAL), ("num", NUM)),),
    examples=("climbing to 1,204 reported cases", "dropped by 14, to 48", "fell below 3,000",
              "fell from the year before to 48"),
)
LEVEL_AT = Rule(
    id="level_at.v1", kind="count", priority=20, reach=10,
    builder="level_at",
    patterns=((("dir", words(LEVEL_VERBS)), ("adv", words(LEVEL_LINKS, "*")), ("num", NUM)),
              (("dir", words(FLAT_WORDS | {"even"})), ("adv", word("at")), ("num", NUM))),
    examples=("the homicide total hit 151", "Arsons reached 312", "held steady at 88", "stood at 212",
              "were flat at 1,210", "are even at 31"),
)
COUNT_KILLED = Rule(
    id="count_killed.v1", kind="count", priority=15,
    builder="count_killed",
    patterns=((("dir", words({"killed", "claimed", "took"})), ("adv", QUAL), ("num", NUM),
               ("word", words({"people", "lives", "persons", "residents", "pedestrians", "children"}))),),
    examples=("Drug overdoses killed 712 people",),
)
#: "There were no homicides in the township in 2018": none is a count of 0 (the real-news
#: conventions), said of a tally ("there were", "there have been"), plural, with the offense
#: right after "no". "There was no shooting" (one event that did not happen) is not one. "no" is
#: too common in news to start a claim window (it cost crawl-like text a fifth of its speed), so
#: the rule runs in the long window of a number in its sentence, usually the year it speaks of.
COUNT_NONE = Rule(
    id="count_none.v1", kind="count", priority=10, reach=18,
    builder="count_none",
    patterns=((("word", word("there")), ("word", words({"were", "have", "had"})), ("word", word("been", "?")),
               ("num", word("no")), ("word", COUNT_FOLLOWERS)),),
    examples=("There were no homicides in Riverton in 2019", "there have been no carjackings so far in 2024"),
)
_PERIOD_LEADS = frozenset({"so", "this", "through", "in", "last", "year-to-date", "ytd", "as"})
COUNT_WITH = Rule(
    id="count_with.v2", kind="count", priority=15,
    builder="count_with",
    patterns=((("word", words(TALLY_VERBS)), ("adv", QUAL), ("num", NUM), ("period", words(_PERIOD_LEADS))),
              # "there have been 71 so far this year", "there were 204 in 2013"
              (("word", word("there")), ("word", words({"were", "was", "have", "has", "had"})),
               ("word", word("been", "?")), ("adv", QUAL), ("num", NUM), ("period", words(_PERIOD_LEADS))),
              # "when there were 204.", "there have been 71 — a 545% increase"
              (("word", word("there")), ("word", words({"were", "was", "have", "has", "had"})),
               ("word", word("been", "?")), ("adv", QUAL), ("num", NUM), ("word", words({".", "—", "–", ";", ","}))),
              # "2020 saw 132, and 2019 had 115.": the year is the subject
              (("period", YEAR), ("word", words(TALLY_VERBS)), ("adv", QUAL), ("num", NUM),
               ("word", words({".", "—", "–", ";", ","})))),
    examples=("Homicides are down 21.7%, with 47 so far in 2025", "Carjackings soared: the city had 1,900 last year",
              "Homicides fell sharply; there have been 71 so far this year",
              "Overdose deaths fell to 41 in 2023; 2022 had 52, the county said"),
)
#: "61 overdose calls, 14 of which were fatal", "10 of them from heroin": a part of a count
#: named before it in the sentence, which it shares the offense of.
COUNT_SUBSET = Rule(
    id="count_subset.v1", kind="count", priority=9, reach=4,
    builder="count_subset", text_offense_only=True,
    patterns=((("num", NUM), ("word", word("of")), ("word", words({"which", "them", "those", "these"}))),),
    examples=("Medics answered 61 overdose calls, 14 of which were fatal",),
)
#: "a peak of 48 in 2020", "historic lows of 335", "its previous record of 92": a level named by
#: what it was (the record itself, if any, is its own claim).
_PEAK_WORDS = words({"peak", "high", "highs", "low", "lows", "record", "total", "tally", "toll"})
COUNT_PEAK = Rule(
    id="count_peak.v2", kind="count", priority=12,
    builder="count_peak",
    patterns=((("word", _PEAK_WORDS), ("word", word("of")), ("adv", QUAL), ("num", NUM)),
              # "The previous high was 72, in 2017": the figure of an earlier year
              (("word", words({"previous", "prior"})), ("word", _PEAK_WORDS), ("word", _FIGURE_LINKS),
               ("adv", QUAL), ("num", NUM))),
    examples=("Homicides fell from a peak of 48 in 2020", "murders hit historic lows of 335 in 2013",
              "Homicides rose to 82 in 2019; the previous high was 72, in 2017"),
)
#: "193 in 2012, 156 in 2013 and 150 in 2014": counts by year, the offense named before them.
COUNT_IN_YEAR = Rule(
    id="count_in_year.v2", kind="count", priority=8,
    builder="count_in_year",
    patterns=((("num", NUM), ("period", words({"in", "during", "for"})), ("year", YEAR)),
              # "12 in March, 9 in April and 15 in May 2024": counts by month
              (("num", NUM), ("period", words({"in", "during", "for"})), ("period", words(MONTHS)),
               ("year", {**YEAR, "OP": "?"}))),
    examples=("Homicides numbered 193 in 2012, 156 in 2013 and 150 in 2014",
              "Riverton had 12 burglaries in March, 9 in April and 15 in May"),
)
#: "a 15 percent decrease from 2011 (2,394)", "down 8.6% from last year (210)": a period's figure
#: in brackets after it.
COUNT_IN_BRACKETS = Rule(
    id="count_in_brackets.v1", kind="count", priority=7, reach=6,
    builder="count_in_brackets",
    patterns=((("period", words({"year", "ago", "before", "earlier", "period"})), ("word", {"ORTH": "("}),
               ("num", NUM), ("word", {"ORTH": ")"})),
              (("year", YEAR), ("word", {"ORTH": "("}), ("num", NUM), ("word", {"ORTH": ")"}))),
    examples=("Robberies fell 12 percent from 2019 (1,204)", "Burglaries were down 8% from last year (340)"),
)
#: Words before a span of years: "in more than 30 years", "for the first time in nearly a decade".
_SPAN_HEDGES = words({"a", "more", "than", "nearly", "almost", "over", "at", "least", "the", "about", "roughly"}, "*")
RECORD_FIRST_TIME = Rule(
    id="record_first_time.v4", kind="record", priority=35, reach=12, max_fill=6,
    builder="record_first_time",
    patterns=((("word", word("first")), ("word", word("time")), ("word", word("since")),
               ("adv", words(MONTHS, "?")), ("word", word("of", "?")), ("year", YEAR)),
              # "the first year since 2011 to show a decrease": the direction follows
              (("word", word("first")), ("word", word("year")), ("word", word("since")), ("year", YEAR)),
              # "the first time there has been a decline since 2013"
              (("word", word("first")), ("word", word("time")), ("fill", filler(allow_comma=False,
                                                                                stop=frozenset({"since"}))),
               ("word", word("since")), ("adv", words(MONTHS, "?")), ("word", word("of", "?")), ("year", YEAR)),
              # "topped 1,000 for the first time in 14 years": a record over a span
              (("word", word("first")), ("word", word("time")), ("word", words({"in", "for"})),
               ("adv", _SPAN_HEDGES),
               ("num", Alt.of([{"LIKE_NUM": True, "OP": "?"}])), ("span", words(set(RECORD_SPAN_WORDS))))),
    examples=("fell below 3,000 for the first time since 2001", "topped 500 for the first time in 12 years",
              "dropped below 100 for the first time since March of 2019",
              "fell in 2019, the first time there has been a decline since 2013",
              "2019 was the first year since 2011 to show a decrease"),
)
RATE = Rule(
    id="rate_per.v1", kind="rate", priority=50, max_fill=4,
    builder="rate",
    patterns=((("num", NUM), ("fill", filler(allow_comma=False, stop=frozenset({"per", "every"}))),
               ("per", words({"per", "every", "/"})),
               ("per", words({"100,000", "100000", "100k", "1,000", "1000", "thousand", "capita"}))),),
    examples=("812 per 100,000 residents", "fell to 6.1 per 100,000 people",
              "21.4 homicides for every 100,000 residents", "a homicide rate of 12.7/100,000",
              "50 crimes per thousand residents"),
)
#: "Riverton's rate of 25 per 100,000 compares to Lake City at 22, Springfield at 14.9 and
#: Dayton at 8.4": places listed with their figure after a rate, each a rate of its own.
RATE_PLACE_ITEM = Rule(
    id="rate_place_item.v2", kind="rate", priority=44, reach=10,
    builder="rate_place_item",
    patterns=((("word", words({",", "and", "to", "with"})), ("word", {"IS_TITLE": True}),
               ("word", {"IS_TITLE": True, "OP": "*"}), ("word", word("at")), ("adv", QUAL), ("num", NUM)),
              # "The five states with the highest rates were West Virginia (52.8), Delaware (48.0), ..."
              (("word", {"IS_TITLE": True}), ("word", {"IS_TITLE": True, "OP": "*"}), ("word", {"ORTH": "("}),
               ("adv", QUAL), ("num", NUM), ("word", {"ORTH": ")"}))),
    examples=("The rate of 25 homicides per 100,000 residents compares to Lake City at 22 and Dayton at 8.4",
              "The counties with the highest robbery rates were Marlow (212.4) and Lake (198.1)"),
)
#: "a murder rate of 4.5", "the rate was 2,210": a rate with its base left unsaid (per 100,000,
#: or per 1,000 when the sentence says so). Its offense must be named with the rate.
RATE_OF = Rule(
    id="rate_of.v3", kind="rate", priority=45, max_fill=8, reach=12,
    builder="rate_of",
    patterns=((("word", words({"rate", "rates"})),
               ("fill", filler(allow_comma=False, stop=frozenset({"of", "was", "is", "at", "to", "rate"}))),
               ("word", words({"of", "was", "is", "at", "to", "reached", "hit"})),
               ("adv", words({"now", "currently", "still", "already"}, "?")), ("adv", QUAL), ("num", NUM)),),
    examples=("a murder rate of 4.5", "the homicide rate stood at 29.6", "Flint's violent crime rate was 2,210",
              "the homicide rate per capita is now 21.3"),
)
_SUPERLATIVE = words(RECORD_LOW | RECORD_HIGH)
RECORD_SINCE = Rule(
    id="record_since.v3", kind="record", priority=35, reach=18, max_fill=10,
    builder="record_since",
    patterns=(
        (("sup", _SUPERLATIVE), ("fill", filler(allow_comma=False, stop=frozenset({"since"}))),
         ("word", word("since")), ("adv", words({"at", "least"}, "*")), ("year", YEAR)),
        (("sup", _SUPERLATIVE), ("fill", filler(allow_comma=False, stop=frozenset({"since"}))),
         ("word", word("since")), ("adv", DECADE_LEAD), ("year", DECADE)),
        # "fewer murders than any year since 1965", "higher than it has been since 2001": the
        # lowest or highest since then
        (("sup", words(DECREASE_COMPARATIVES | INCREASE_COMPARATIVES)),
         ("fill", filler(allow_comma=False, stop=frozenset({"since"}))), ("word", word("than")),
         ("fill", filler(allow_comma=False, stop=frozenset({"since"}))), ("word", word("since")),
         ("adv", words(MONTHS, "?")), ("word", word("of", "?")), ("year", YEAR)),
        # "the fewest overdose deaths in any 12-month period since June 2020"
        (("sup", _SUPERLATIVE), ("fill", filler(allow_comma=False, stop=frozenset({"since"}))),
         ("word", word("since")), ("adv", words(MONTHS)), ("word", word("of", "?")), ("year", YEAR)),
        # "the fewest since the department began tracking shooting victims in 2015"
        # (the builder wants a record-keeping start in it: "began", "started")
        (("sup", _SUPERLATIVE), ("fill", filler(allow_comma=False, stop=frozenset({"since"}))),
         ("word", word("since")), ("fill", filler(allow_comma=False, stop=frozenset({"since", "in"}))),
         ("word", words({"for", "in"})), ("adv", word("the", "?")),  # a word set other rules use
         ("year", Alt.of([YEAR], [DECADE]))),
    ),
    examples=("lowest number of shooting victims since 2006", "the highest total since 2015",
              "fewer burglaries than in any year since 1971", "higher than it has been since 2001",
              "the fewest shootings in any 12-month span since May 2019",
              "the most killings since at least 2010",
              "the fewest since the department began tracking shooting victims in 2015",
              "the fewest murders since comparable records were kept in the 1960s"),
)
#: Words between "in" and a record's span: "in the past eight years", "in more than half a century".
_SPAN_LEADS = words({"a", "more", "than", "nearly", "almost", "over", "at", "least", "the", "past", "last", "about",
                     "roughly", "two", "three", "four", "five", "half", "few", "several"}, "*")
RECORD_SPAN = Rule(
    id="record_span.v4", kind="record", priority=35, reach=18, max_fill=8,
    builder="record_span",
    patterns=((("sup", _SUPERLATIVE), ("fill", filler(allow_comma=False, stop=frozenset({"in", "since", "of", "over"}))),
               ("word", words({"in", "for", "of", "over"})),
               ("adv", _SPAN_LEADS),
               ("num", Alt.of([{"LIKE_NUM": True, "OP": "?"}])),
               ("span", words(set(RECORD_SPAN_WORDS)))),
              # "the second highest number of killings in the past decade": "of" inside the fill
              (("sup", _SUPERLATIVE), ("fill", filler(allow_comma=False, stop=frozenset({"since"}))),
               ("word", words({"in", "for", "of", "over"})), ("adv", _SPAN_LEADS),
               ("num", Alt.of([{"LIKE_NUM": True, "OP": "?"}])), ("span", words(set(RECORD_SPAN_WORDS)))),
              # "more pedestrians died last year than at any time over the past three decades"
              (("sup", words({"more", "fewer", "less", "additional"})),
               ("fill", filler(allow_comma=False, stop=frozenset({"since"}))),
               ("word", word("than")), ("word", words({"at", "in"}, "?")), ("word", word("any")),
               ("adv", word("other", "?")), ("word", words({"time", "year"})),
               ("word", words({"in", "for", "of", "over"})), ("adv", _SPAN_LEADS),
               ("num", Alt.of([{"LIKE_NUM": True, "OP": "?"}])), ("span", words(set(RECORD_SPAN_WORDS))))),
    examples=("fewest homicides in a decade", "the most shootings in 20 years", "lowest in two decades",
              "the highest number of killings in the past decade",
              "the second-highest total of the past eight years", "the highest in more than half a century",
              "more burglaries last year than at any time over the past two decades"),
)

RECORD_EXTREME = Rule(
    id="record_extreme.v1", kind="record", priority=35,
    builder="record_extreme",
    patterns=((("num", NUM), ("word", {"ORTH": "-", "OP": "?"}),
               ("span", words({"year", "decade"})), ("word", {"ORTH": "-", "OP": "?"}),
               ("sup", words(set(RECORD_EXTREMES)))),),
    examples=("a 10-year low", "a 25-year high", "a two-decade low"),
)

_SEEN_WORDS = frozenset({"seen", "recorded", "reached", "matched", "experienced", "witnessed", "had", "been"})
RECORD_NOT_SEEN = Rule(
    id="record_not_seen.v2", kind="record", priority=35, reach=10,
    builder="record_not_seen",
    patterns=(
        (("word", words({"not", "never"})), ("word", word("been", "?")),
         ("word", words({"seen", "recorded", "reached", "matched"})),
         ("word", word("since")), ("adv", words({"at", "least"}, "*")), ("year", YEAR)),
        # "not experienced since the early 1950s", "has not seen such small numbers since 1962"
        (("word", words({"not", "never"})), ("word", words(_SEEN_WORDS)),
         ("fill", filler(allow_comma=False, stop=frozenset({"since"}))), ("word", word("since")),
         ("adv", DECADE_LEAD), ("year", Alt.of([YEAR], [DECADE]))),
        (("word", words({"not", "never"})), ("word", word("been", "?")),
         ("word", words({"seen", "recorded", "reached", "matched"})),
         ("word", words({"in", "for"})),
         ("adv", _SPAN_HEDGES),
         ("num", Alt.of([{"LIKE_NUM": True, "OP": "?"}])), ("span", words(set(RECORD_SPAN_WORDS)))),
    ),
    max_fill=6,
    examples=("levels not seen since 1999", "a level not seen in more than 30 years", "not seen in a decade",
              "historic lows not experienced since the early 1950s", "a drop that had not been seen in 30 years"),
)
#: Records with no year or span: "the lowest on record", "the most in city history", "a record 33".
_HISTORY = Alt.of(
    [word("on"), word("record")],
    [word("in"), words({"recorded", "the", "its", "their", "city", "county", "state", "department", "modern",
                        "police", "agency", "compstat", "’s", "'s"}, "*"), word("history")],
    [word("ever"), words({"recorded", "reported", "seen", "measured", "logged"})],
    [word("since"), words({"records", "record-keeping", "recordkeeping"}), words({"began", "started", "begun"})],
    # "since the department began keeping records", "since the city started tracking them"
    [word("since"), word("the", "?"), words({"department", "city", "police", "county", "state", "agency", "fbi"}, "*"),
     words({"began", "started", "begun"}), words({"keeping", "tracking", "collecting", "counting"}),
     words({"records", "track", "data", "statistics", "them"}, "?")],
)
#: "a record number", "its lowest level": what a record with no year or span is a record of.
_RECORD_NOUNS = words({"number", "year", "total", "high", "highs", "low", "lows", "levels", "level", "pace"})
RECORD_HISTORY = Rule(
    id="record_history.v4", kind="record", priority=35, reach=14, max_fill=8,
    builder="record_history",
    patterns=(
        (("sup", words(RECORD_LOW | RECORD_HIGH)), ("fill", filler(allow_comma=False, stop=frozenset(
            {"since", "on", "ever", "history"}))), ("span", _HISTORY)),
        # "a record 33 overdose deaths", "a record-breaking 218 homicides": the count is its own claim
        (("word", words({"a", "new", "all-time"})), ("sup", word("record")), ("word", {"ORTH": "-", "OP": "?"}),
         ("adv", words({"breaking", "setting", "high"}, "?")), ("num", NUM)),
        # "a record number of youth homicides", "a record year", "record lows"
        (("sup", word("record")), ("word", {"ORTH": "-", "OP": "?"}), ("span", _RECORD_NOUNS)),
        # "recorded its fewest shootings last year", "overall crime was at its lowest": a record
        # in the subject's own history; an adjective after "most" is not one ("its most violent")
        (("word", words({"its", "their"})), ("sup", words(RECORD_LOW | RECORD_HIGH)),
         ("span", Alt.of([_RECORD_NOUNS],
                         [{"IS_PUNCT": True}], [COUNT_FOLLOWERS]))),
        # "historic lows for both categories", "an all-time high"
        (("sup", words(HISTORIC_WORDS)), ("span", words(set(RECORD_EXTREMES)))),
        (("sup", word("all")), ("word", {"ORTH": "-"}), ("word", word("time")), ("span", words(set(RECORD_EXTREMES)))),
        # "more homicides in 2019 than in any other year"
        (("sup", words({"more", "fewer", "less", "additional"})),
         ("fill", filler(allow_comma=False, stop=frozenset({"since", "on", "ever", "history"}))),
         ("word", word("than")), ("word", word("in", "?")), ("word", word("any")), ("adv", word("other", "?")),
         ("span", words({"time", "year"}))),
        # "set a new record for homicides"
        (("word", words({"set", "sets", "setting", "broke", "breaking", "shattered", "topped"})),
         ("adv", words({"a", "new", "the", "all-time", "city", "annual"}, "*")), ("adv", {"IS_TITLE": True, "OP": "*"}),
         ("sup", word("record"))),
    ),
    examples=("the lowest number of murders on record", "the most homicides in city history",
              "burglaries were at their lowest since the department began keeping records",
              "Riverton recorded its fewest shootings", "burglaries were at their lowest.",
              "a record 41 overdose deaths", "a record number of carjackings", "set a new record for shootings",
              "has already set a Marlow County record for overdose deaths",
              "shootings hit historic lows", "more homicides in 2019 than in any other year",
              "homicides reached an all-time high in 1990"),
)
#: "The last time there were fewer than 150 murders was in 1971": a record year, in the direction
#: of its comparison word.
RECORD_LAST_TIME = Rule(
    id="record_last_time.v1", kind="record", priority=35, reach=18, max_fill=14,
    builder="record_last_time",
    patterns=((("word", word("last")), ("word", words({"time", "year"})),
               ("fill", filler(allow_comma=False, stop=frozenset({"was", "last"}))),
               ("word", word("was")), ("adv", words({"in", "back"}, "*")), ("year", YEAR)),),
    examples=("The last time there were fewer than 150 murders was in 1971",
              "The last year the city had more than 200 homicides was 1995"),
)
RULES: list[Rule] = [COUNT_ORDINAL, COUNT_LABELLED, COUNT_APPOSITION, LEVEL_NAMED, COUNT_DESCRIBED, RATE_PLACE_ITEM, COUNT_SUBSET, COUNT_PEAK, RATE_OF, COUNT_IN_YEAR, COUNT_IN_BRACKETS, COUNT_NONE, RECORD_HISTORY, RECORD_LAST_TIME, RECORD_NOT_SEEN, COUNT, LEVEL, LEVEL_AT, COUNT_KILLED, COUNT_WITH, RATE, RECORD_SINCE, RECORD_SPAN, RECORD_EXTREME,
                     RECORD_FIRST_TIME]
