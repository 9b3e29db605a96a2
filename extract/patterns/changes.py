"""Changes: percent changes, fractions, multipliers, "flat", and count differences."""

from __future__ import annotations

from extract.patterns import Rule
from extract.patterns.tokens import (
    ADV,
    DIR,
    DIR_NOUN,
    FRACTION,
    NUM,
    PCT,
    QUAL,
    SIGNED_NUMBER,
    YEAR,
    filler,
    word,
    words,
)
from extract.vocab import (
    CHANGE_ADJECTIVES,
    CUT_WORDS,
    DECREASE_COMPARATIVES,
    FLAT_VERBS,
    FLAT_WORDS,
    INCREASE_COMPARATIVES,
    MULTIPLIER_WORDS,
    MULTIPLIERS,
    REDUCE_VERBS,
    TIMES_COMPARATIVES,
)

PCT_NOUN = Rule(
    id="pct_change_noun.v1", kind="percent_change", priority=40,
    builder="percent",
    patterns=((("num", NUM), ("pct", PCT), ("adv", {"ORTH": "-", "OP": "?"}), ("adv", words(CHANGE_ADJECTIVES, "*")),
               ("dir", DIR_NOUN)),),
    examples=("a 53% decrease in murders", "an 18-percent drop", "a 12.4 percent decline",
              "a 12% year-over-year decrease", "a 21%-decline in murders"),
)
PCT_VERB = Rule(
    id="pct_change_verb.v3", kind="percent_change", priority=40, max_fill=3,
    builder="percent",
    patterns=((("dir", DIR), ("adv", ADV), ("num", NUM), ("pct", PCT)),
              # "are up very slightly—2.1 percent—": the figure set off by a dash
              (("dir", DIR), ("adv", ADV), ("word", words({"—", "–", "--"})), ("adv", QUAL), ("num", NUM),
               ("pct", PCT)),
              # "is down in the city 11 percent from last year": where, between the verb and its figure
              (("dir", DIR), ("word", words({"in", "for"})),
               ("fill", filler(allow_comma=False, stop=frozenset({"of", "was", "is", "at", "to", "rate"}))),
               ("adv", ADV), ("num", NUM), ("pct", PCT)),
              # "robberies were off 23 percent"
              (("dir", word("off")), ("adv", ADV), ("num", NUM), ("pct", PCT))),
    examples=("fell 18 percent", "declined by more than 30 percent", "is down 7.5%", "up 3 pct",
              "are up slightly—2.1 percent", "is down in the city 11 percent from last year",
              "robberies were off 23 percent"),
)
PCT_COMPARATIVE = Rule(
    id="pct_change_comparative.v2", kind="percent_change", priority=40,
    builder="percent",
    patterns=((("num", NUM), ("pct", PCT),
               ("dir", words(DECREASE_COMPARATIVES | INCREASE_COMPARATIVES))),),
    examples=("22% below its 2021 level", "15 percent fewer burglaries", "10 per cent higher",
              "31 percent ahead of last year's pace"),
)
PCT_NOUN_OF = Rule(
    id="pct_change_of.v1", kind="percent_change", priority=40,
    builder="percent",
    patterns=((("dir", DIR_NOUN), ("word", word("of")), ("adv", ADV), ("num", NUM), ("pct", PCT)),),
    examples=("a decline of 12 percent", "an increase of nearly 20%"),
)
#: "a 34.3% overdose death decline": the offense's words between the percent and its change noun.
PCT_NOUN_DESCRIBED = Rule(
    id="pct_change_noun_described.v1", kind="percent_change", priority=39, max_fill=3,
    builder="percent",
    patterns=((("num", NUM), ("pct", PCT),
               ("fill", filler(allow_comma=False, stop=frozenset({"of", "the", "a", "an", "and", "or", "to", "from",
                                                                   "in", "than", "for", "was", "is", "were"}))),
               ("dir", DIR_NOUN)),),
    examples=("a 34.3% overdose death decline", "a 12 percent burglary increase"),
)
#: "In Los Angeles, the increase was nearly 9 percent": the change noun as the subject, its
#: figure after "was" (the offense is the sentence's or the paragraph's).
PCT_NOUN_WAS = Rule(
    id="pct_change_noun_was.v1", kind="percent_change", priority=40,
    builder="percent",
    patterns=((("dir", DIR_NOUN), ("word", words({"was", "is", "were"})), ("adv", ADV), ("num", NUM), ("pct", PCT)),),
    examples=("the increase was nearly 9 percent", "the decline is 14%"),
)
#: "a decrease in reported burglaries of 18%": the offense between the change noun and its figure.
PCT_NOUN_IN_OF = Rule(
    id="pct_change_noun_in_of.v1", kind="percent_change", priority=40, max_fill=3, reach=10,
    builder="percent",
    patterns=((("dir", DIR_NOUN), ("word", word("in")),
               # the stop words of level_named's filler: a word set other rules use
               ("fill", filler(allow_comma=False, stop=frozenset({"of", "was", "is", "at", "to", "rate"}))),
               ("word", word("of")), ("adv", ADV), ("num", NUM), ("pct", PCT)),),
    examples=("a decrease in reported burglaries of 18%", "an increase in car thefts of nearly 12 percent"),
)
FRACTION_CHANGE = Rule(
    id="fraction_change.v1", kind="percent_change", priority=40,
    builder="fraction",
    patterns=(
        (("dir", DIR), ("adv", ADV), ("frac", FRACTION)),
        (("dir", words(CUT_WORDS)), ("adv", ADV), ("word", words({"in", "by"})), ("adv", ADV), ("frac", FRACTION)),
        (("dir", DIR_NOUN), ("word", word("of")), ("adv", ADV), ("frac", FRACTION)),
    ),
    examples=("dropped by nearly a third", "fell by half", "cut in half", "cut nearly in half", "rose by two-thirds",
              "a decline of nearly one-fifth"),
)
MULTIPLIER = Rule(
    id="multiplier.v1", kind="percent_change", priority=40,
    builder="multiplier",
    patterns=((("mult", words(set(MULTIPLIERS))),),),
    examples=("more than doubled", "tripled", "halved"),
)
FLAT = Rule(
    id="flat.v1", kind="percent_change", priority=40,
    builder="flat",
    patterns=(
        (("word", words(FLAT_VERBS)), ("adv", words(FLAT_VERBS, "*")), ("flat", words(FLAT_WORDS))),
        (("flat", words(FLAT_WORDS)), ("word", words({"from", "compared", "versus", "over", "year-over-year"}))),
        (("flat", word("even")), ("word", word("at")), ("num", NUM)),
    ),
    examples=("robberies were flat", "burglaries remained essentially unchanged", "unchanged from 2023",
              "homicides are even at 31"),
)
PCT_SIGNED = Rule(
    id="pct_change_signed.v1", kind="percent_change", priority=40,
    builder="signed_percent",
    patterns=((("num", SIGNED_NUMBER), ("pct", PCT)),),
    examples=("Burglary -27.3%", "Auto thefts -12 pct", "larceny +4 pct"),
)
PCT_DETACHED = Rule(
    id="pct_change_detached.v1", kind="percent_change", priority=40, max_fill=8, reach=16,
    builder="percent",
    patterns=((("dir", DIR), ("fill", filler()), ("word", {"ORTH": ","}), ("word", word("by")), ("adv", ADV),
               ("num", NUM), ("pct", PCT)),),
    examples=("rose for the first time in three years, by 4 percent",),
)
REDUCE = Rule(
    id="pct_change_reduce.v1", kind="percent_change", priority=40, max_fill=5, reach=12,
    builder="percent_or_fraction",
    patterns=(
        (("dir", words(REDUCE_VERBS)), ("fill", filler(allow_comma=False, stop=frozenset({"by"}))),
         ("word", word("by")), ("adv", ADV), ("num", NUM), ("pct", PCT)),
        (("dir", words(REDUCE_VERBS)), ("fill", filler(allow_comma=False, stop=frozenset({"by"}))),
         ("word", word("by")), ("adv", ADV), ("frac", FRACTION)),
    ),
    examples=("cut homicides by a third", "reduced residential burglaries by 18%"),
)
FRACTION_COMPARE = Rule(
    id="fraction_compare.v1", kind="percent_change", priority=40,
    builder="fraction",
    patterns=((("frac", FRACTION), ("dir", words({"fewer", "more", "less"}))),),
    examples=("one-third fewer homicides", "a third more carjackings"),
)
MULTIPLIER_TIMES = Rule(
    id="multiplier_times.v2", kind="percent_change", priority=40,
    builder="multiplier_times",
    patterns=(
        (("num", NUM), ("word", word("times")), ("dir", words(TIMES_COMPARATIVES))),
        (("num", NUM), ("word", word("times")), ("dir", word("as")), ("word", words({"many", "much"}))),
    ),
    examples=("1.5 times higher than last year", "three times as many shootings as in 2019",
              "2.5 times the 2020 total", "two times what it was at this time last year"),
)
MULTIPLIER_COMPARE = Rule(
    id="multiplier_compare.v2", kind="percent_change", priority=40,
    builder="multiplier_compare",
    patterns=(
        (("frac", word("half")), ("word", word("as")), ("word", words({"many", "much"}))),
        (("mult", words(set(MULTIPLIER_WORDS))), ("word", words({"as", "the", "that", "what", "those", "last"}))),
        # "nearly double pre-pandemic levels": the same word list as "a record number", "record lows"
        (("mult", words(set(MULTIPLIER_WORDS))),
         ("fill", filler(allow_comma=False, stop=frozenset({"since", "on", "ever", "history"}))),
         ("word", words({"number", "year", "total", "high", "highs", "low", "lows", "levels", "level", "pace"}))),
    ),
    examples=("half as many as the year before", "more than double the 2020 total", "twice as many",
              "shootings were still nearly double pre-pandemic levels"),
)
COUNT_MORE_FEWER = Rule(
    id="count_change_more.v1", kind="count_change", priority=30,
    builder="count_more",
    patterns=((("num", NUM), ("dir", words({"more", "fewer", "less", "additional"}))),),
    examples=("12 fewer robberies", "15 more shootings"),
)
COUNT_BY = Rule(
    id="count_change_by.v2", kind="count_change", priority=30,
    builder="count_change",
    patterns=(
        (("dir", DIR), ("adv", ADV), ("num", NUM)),
        (("dir", DIR_NOUN), ("word", word("of")), ("adv", ADV), ("num", NUM)),
    ),
    examples=("dropped by 14", "rose by 15 cases", "were down 6", "an increase of 9 homicides"),
)

PCT_RANGE = Rule(
    id="pct_change_range.v1", kind="percent_change", priority=45, reach=10,
    builder="percent_range",
    patterns=(
        (("dir", DIR), ("adv", ADV), ("word", word("between", "?")), ("num", NUM), ("to", words({"to", "and"})),
         ("num2", NUM), ("pct", PCT)),
        (("num", NUM), ("to", word("to")), ("num2", NUM), ("pct", PCT), ("adv", words(CHANGE_ADJECTIVES, "*")),
         ("dir", DIR_NOUN)),
    ),
    examples=("down 15 to 20 percent", "rose between 8 and 10 percent", "a 5 to 7 percent drop"),
)
#: "Homicides are down in six cities, including 27% in Los Angeles, 22% in Houston and 16% in
#: Philadelphia": list items that are places, sharing the head's verb and offense.
PCT_PLACE_LIST = Rule(
    id="pct_place_list.v4", kind="percent_change", priority=38, reach=14, builder="percent_place_item",
    patterns=((("word", words({",", "and", "including", "with"})), ("adv", QUAL), ("num", NUM), ("pct", PCT),
               ("word", words({"in", "for"})), ("word", word("the", "?")), ("word", {"IS_TITLE": True})),
              (("word", words({",", "and"})), ("adv", QUAL), ("num", NUM), ("pct", PCT),
               ("word", words({"countywide", "county-wide", "statewide", "nationwide", "citywide", "city-wide"}))),
              # "burglary is down 13 percent and 24 percent; ...", "... respectively"
              (("word", word("and")), ("adv", QUAL), ("num", NUM), ("pct", PCT),
               ("word", words({";", ",", ".", "respectively", "—", "–"}))),
              # "dipped 3.2 percent in 2013 and 5.7 percent in 2014", "... and 35 percent from 2001"
              (("word", words({",", "and"})), ("adv", QUAL), ("num", NUM), ("pct", PCT),
               ("word", words({"in", "for"})), ("year", YEAR)),
              (("word", words({",", "and"})), ("adv", QUAL), ("num", NUM), ("pct", PCT),
               ("word", words({"from", "since", "over", "versus", "vs."}))),
              # "followed by the South with 4.1 percent, the Midwest with 2.6 percent"
              (("word", {"IS_TITLE": True}), ("word", word("with")), ("adv", QUAL), ("num", NUM), ("pct", PCT)),
              # items after a semicolon: "...; 44% in Virginia Beach; 20% in Dallas" (a word set of
              # the pattern above), and with the verb left out: "...; Howard County by 6 percent"
              (("word", words({";", ",", ".", "respectively", "—", "–"})), ("adv", QUAL), ("num", NUM), ("pct", PCT),
               ("word", words({"in", "for"})), ("word", {"IS_TITLE": True})),
              (("word", words({";", ",", ".", "respectively", "—", "–"})), ("word", word("and", "?")),
               ("span", {"IS_TITLE": True, "OP": "+"}), ("word", word("by")), ("adv", QUAL), ("num", NUM),
               ("pct", PCT)),
              # "the largest declines belonged to Nevada (47.1 percent), Idaho (40.1 percent) ..."
              (("span", {"IS_TITLE": True}), ("span", {"IS_TITLE": True, "OP": "*"}), ("word", {"ORTH": "("}),
               ("adv", QUAL), ("num", NUM), ("pct", PCT), ("word", {"ORTH": ")"}))),
    examples=("Homicides are down in several cities, including 27% in Los Angeles and 16% in Philadelphia",
              "Burglaries fell 10.3 percent in the city and 7.9 percent countywide",
              "Burglaries dipped 3.2 percent in 2013 and 5.7 percent in 2014",
              "Burglaries are down 11 percent from last year and 35 percent from 2001",
              "Car thefts rose most in the West, followed by the South with 4.1 percent",
              "Burglaries fell 6 percent in Riverton; 11% in Lake City; and 3% in Marlow",
              "Thefts in Riverton rose by 4 percent; Lake City by 7 percent; and Marlow County by 2 percent",
              "The largest declines in burglaries were in Marlow (12 percent) and Lake City (9 percent)"),
)
#: "Robberies and burglaries both fell, the latter by 22 percent": the last offense named, in the
#: direction of the verb before.
PCT_LATTER = Rule(
    id="pct_latter.v1", kind="percent_change", priority=38, reach=8, builder="percent_place_item", one_offense=True,
    patterns=((("word", word("the")), ("word", word("latter")), ("word", word("by", "?")), ("adv", QUAL),
               ("num", NUM), ("pct", PCT)),),
    examples=("Robberies and burglaries both fell last year, the latter by 22 percent",),
)
PCT_ELLIPSIS = Rule(
    id="pct_change_ellipsis.v1", kind="percent_change", priority=40, max_fill=5, reach=12,
    builder="percent_ellipsis",
    patterns=(
        (("word", {"ORTH": ","}), ("word", word("and", "?")),
         ("fill", filler(allow_comma=False, stop=frozenset({"by", "and"}))), ("word", word("by")),
         ("adv", ADV), ("num", NUM), ("pct", PCT)),
        (("word", words({",", "and"})), ("fill", filler(allow_comma=False, stop=frozenset({"by", "and"}))),
         ("adv", ADV), ("num", NUM), ("pct", PCT)),
    ),
    examples=("homicides fell 25 percent, shootings by 30 percent", ", and carjackings by nearly 45 percent",
              "robberies fell 12%, burglaries 8% and car thefts 20%"),
)

RULES: list[Rule] = [PCT_NOUN_WAS, PCT_NOUN_DESCRIBED, PCT_NOUN_IN_OF, PCT_LATTER, PCT_PLACE_LIST, PCT_RANGE, PCT_ELLIPSIS, PCT_NOUN, PCT_VERB, PCT_COMPARATIVE, PCT_NOUN_OF, PCT_SIGNED, PCT_DETACHED, REDUCE,
                     FRACTION_CHANGE, FRACTION_COMPARE, MULTIPLIER, MULTIPLIER_TIMES, MULTIPLIER_COMPARE, FLAT, COUNT_MORE_FEWER,
                     COUNT_BY]
