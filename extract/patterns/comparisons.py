"""From-to comparisons, in both orders: "from 30 to 14", "fell to 22 from 35",
"41 shootings through June, down from 57", "30 last year, compared to 14 this year"."""

from __future__ import annotations

from extract.patterns import Rule
from extract.patterns.tokens import DIR, NUM, QUAL, YEAR, filler, word, words
from extract.vocab import (
    COMPARE_PHRASE_WORDS,
    COMPARE_WORDS,
    FROM_LEAD_WORDS,
    MULTIPLIER_WORDS,
    OLDER_FIGURE_FOLLOWERS,
    PERCENT_WORDS,
)

#: Words between "from" and its number: "from a high of 4,410", "from nearly 30".
FROM_LEAD_FILL = frozenset({"a", "an", "the", "high", "low", "peak", "record", "of", "total", "about", "nearly",
                            "roughly", "more", "than", "just", "over", "under", "almost", "around"})

#: Adverbs between a change word and "from": "down considerably from 200".
FROM_ADVERBS = frozenset({"considerably", "sharply", "slightly", "significantly", "dramatically", "substantially",
                          "markedly", "much", "far", "even", "further", "just", "only", "steeply", "greatly"})

FROM_TO = Rule(
    id="from_to.v3", kind="from_to", priority=60, max_fill=8, reach=16,
    builder="from_to",
    patterns=((("from", word("from")), ("adv", words(FROM_LEAD_FILL, "*")), ("old", NUM),
               ("fill", filler(allow_comma=False, stop=frozenset({"to", "from"}))),
               ("to", word("to")), ("adv", words({"a", "an"}, "?")), ("adv", QUAL), ("new", NUM)),),
    examples=("fell from nine to four", "from 3 in 2022 to 8 in 2023", "from a high of 4,410 to 3,690",
              "from 212 in 2022 to an estimated 190 in 2023"),
)
TO_FROM = Rule(
    id="to_from.v1", kind="from_to", priority=60, max_fill=10, reach=18,
    builder="from_to", filled_pair=True,
    patterns=((("dir", DIR), ("fill", filler(stop=frozenset({"to", "from"}))), ("to", word("to")), ("adv", QUAL),
               ("new", NUM),
               ("fill", filler(stop=frozenset({"to", "from"}))), ("from", word("from")),
               ("adv", QUAL), ("old", NUM)),),
    examples=("fell to 22 from 35", "rose to 17, up from 11", "have fallen for three years, to 402 from 688"),
)
DOWN_FROM = Rule(
    id="down_from.v4", kind="from_to", priority=60, max_fill=14, reach=18,
    builder="from_to", filled_pair=True,
    # the fill may hold "criminal damage to property cases" and an apposition ("in Riverton, the
    # state's third-largest city,"); the builder refuses a second figure or another "from"
    patterns=((("new", NUM), ("fill", filler()),
               ("cmp", words(FROM_LEAD_WORDS)),
               # "down 46% from", "a 10% decrease from", "down considerably from", "up nearly 200 from"
               ("adv", QUAL), ("word", {"LIKE_NUM": True, "OP": "?"}), ("word", words(PERCENT_WORDS, "?")),
               ("adv", words(FROM_ADVERBS, "*")),
               ("from", word("from")), ("adv", words(FROM_LEAD_FILL, "*")), ("old", NUM)),
              # "235 shootings through June, 28 percent fewer than the 324 a year earlier"
              (("new", NUM), ("fill", filler(stop=frozenset({"to"}))), ("word", {"LIKE_NUM": True}),
               ("word", words(PERCENT_WORDS)), ("cmp", words({"more", "fewer", "less", "additional"})),
               ("word", word("than")), ("adv", words(FROM_LEAD_FILL, "*")), ("old", NUM))),
    examples=("41 shootings through June, down from 57", "17, up from 11", "23 in 2024, down from a record 38",
              "212 robberies through May, 12 percent fewer than the 241 a year earlier",
              "126 arson fires, down 46% from a high of 232", "46 murders from Jan. 1 through Feb. 28, down from 57",
              "158 homicides in 2023, down considerably from 200 in 2022",
              "3,974 auto burglaries, up nearly 200 from the 3,789 for the same period in 2018"),
)
#: "354 people were murdered through October 2013 — a 20 percent decrease from the 443 ...",
#: "2,029 people shot through October — a 24 percent decrease from last year (2,651)": the change
#: after a dash compares the figure before it with an older one.
DOWN_FROM_DASH = Rule(
    id="down_from_dash.v1", kind="from_to", priority=60, max_fill=16, reach=18,
    builder="from_to", filled_pair=True,
    patterns=(
        (("new", NUM), ("fill", filler(stop=frozenset({"to", "from"}))), ("word", words({"—", "–", "--"})),
         ("word", words({"a", "an"})), ("word", {"LIKE_NUM": True}), ("word", words(PERCENT_WORDS)),
         ("cmp", words(FROM_LEAD_WORDS)), ("from", word("from")), ("adv", words(FROM_LEAD_FILL, "*")),
         ("old", NUM)),
        (("new", NUM), ("fill", filler(stop=frozenset({"to", "from"}))), ("word", words({"—", "–", "--"})),
         ("word", words({"a", "an"})), ("word", {"LIKE_NUM": True}), ("word", words(PERCENT_WORDS)),
         ("cmp", words(FROM_LEAD_WORDS)), ("from", word("from")),
         ("adv", words({"last", "year", "the", "previous", "prior", "same", "period", "a", "ago", "time"}, "*")),
         ("word", word("(")), ("old", NUM)),
    ),
    examples=("354 murders through October — a 20 percent decrease from the 443 a year earlier",
              "2,029 people shot through October — a 24 percent decrease from last year (2,651)"),
)
COMPARED = Rule(
    id="compared.v4", kind="from_to", priority=60, max_fill=14, reach=18,
    builder="from_to", filled_pair=True, text_offense_only=True,
    # the fill may hold "to date" and "thefts from cars"; the builder refuses a second figure or
    # a "from" that opens another comparison
    patterns=((("num", NUM), ("fill", filler()),
               ("cmp", words(COMPARE_PHRASE_WORDS)), ("word", words({"to", "with"}, "?")),
               ("adv", words(FROM_LEAD_FILL, "*")), ("adv", QUAL), ("num2", NUM)),
              # "1,677 shootings – compared with 1,893 for the same period in 2022"
              (("num", NUM), ("fill", filler(stop=frozenset({"from", "to"}))), ("word", words({"—", "–", "--"})),
               ("cmp", words(COMPARE_WORDS)), ("word", words({"to", "with"}, "?")),
               ("adv", words(FROM_LEAD_FILL, "*")), ("adv", QUAL), ("num2", NUM)),
              # "171 homicides while 2022 saw 211": the newer figure first (the real-news conventions)
              (("num", NUM), ("fill", filler(allow_comma=False, stop=frozenset({"while", "whereas", "to", "from"}))),
               ("word", {"ORTH": ",", "OP": "?"}), ("cmp", words({"while", "whereas"})),
               ("fill", filler(allow_comma=False, stop=frozenset({"while", "whereas", "to", "from"}))),
               ("adv", QUAL), ("num2", NUM)),
              # "shootings this year (1,599) compared to last year (2,099)": the figures in brackets
              (("word", {"ORTH": "("}), ("num", NUM), ("word", {"ORTH": ")"}), ("cmp", words(COMPARE_WORDS)),
               ("word", words({"to", "with"}, "?")),
               ("fill", filler(stop=frozenset({"from", "to"}))),
               ("word", {"ORTH": "("}), ("num2", NUM), ("word", {"ORTH": ")"}))),
    examples=("171 homicides last year while 2022 saw 211 homicides",
              "30 murders last year, compared to 14 so far this year",
              "22 people were killed this year, compared with 31 last year",
              "two homicides this year, compared with a total of 5 last year",
              "394 assaults involved a gun in 2023, whereas there were 366 in 2022",
              "a drop in robberies this year (212) compared to last year (260)"),
)

#: "84 murders so far this year, more than twice the 41 tallied at the same point in 2014": the
#: two figures the multiple compares are a from-to too (the multiple is its own percent claim).
MULTIPLE_OF = Rule(
    id="multiple_of.v1", kind="from_to", priority=60, max_fill=14, reach=18,
    builder="from_to", filled_pair=True, text_offense_only=True,
    patterns=((("num", NUM), ("fill", filler(stop=frozenset({"from", "to"}))), ("adv", QUAL),
               ("cmp", words(set(MULTIPLIER_WORDS))), ("word", word("the")), ("adv", QUAL), ("num2", NUM)),),
    examples=("Riverton has had 30 shootings this year, more than double the 14 at this point last year",),
)

STATS_LINE = Rule(
    id="stats_line.v1", kind="from_to", priority=60, reach=6,
    builder="from_to",
    patterns=((("new", NUM), ("word", {"ORTH": "("}), ("year", YEAR), ("word", {"ORTH": ":"}), ("old", NUM),
               ("word", {"ORTH": ")"})),),
    examples=("Homicides: 14 (2023: 22)", "Robbery: 212 (2023: 245);"),
)
YEAR_PAIR = Rule(
    id="year_pair.v1", kind="from_to", priority=55, max_fill=6, reach=14,
    builder="year_pair",
    # word sets other rules use ({"for", "in"}, {",", "and"}): the anchor bits are all taken
    patterns=((("num", NUM), ("fill", filler(allow_comma=False, stop=frozenset({"in", "and", "for"}))),
               ("word", words({"for", "in"})), ("year", YEAR), ("word", words({",", "and"})),
               ("word", word("and", "?")), ("num2", NUM), ("word", words({"for", "in"})), ("year", YEAR)),),
    examples=("51 homicides in 2023 and 36 in 2024", "12 carjackings in 2022, and 19 in 2023"),
)

#: "The deaths were up from 20 in 2016", "was down from 18 in the first quarter of 2017": with no
#: newer figure in the sentence, the older one is the claim (a count for its own period).
BASELINE_ALONE = Rule(
    id="baseline_alone.v3", kind="count", priority=6, reach=10,
    builder="baseline_alone",
    patterns=((("cmp", words(FROM_LEAD_WORDS)), ("from", word("from")), ("adv", words(FROM_LEAD_FILL, "*")),
               ("num", NUM), ("period", words({"in", "during", "for"}))),
              # "down 8.7 percent from the 92 that were reported in June 2009", "a few more than the
              # 137 seen at this point last year": the older figure named by what happened to it
              (("cmp", words({"from", "than"})), ("word", word("the")), ("num", NUM),
               ("period", words(OLDER_FIGURE_FOLLOWERS)))),
    examples=("Overdose deaths were up from 20 in 2016", "Robberies were down from 18 in the first quarter of 2017",
              "Robberies rose. That is down 8.7 percent from the 92 that were reported in June 2009"),
)

#: "from 190 in 2016 to 161 in 2017 to 141 in 2018", "from 56 in 2005 to 79 in 2006 and 86 so far
#: in 2007": each later step of a from-to chain compares with the step before it.
FROM_TO_CHAIN = Rule(
    id="from_to_chain.v1", kind="from_to", priority=58, reach=10,
    builder="from_to_chain",
    patterns=((("to", word("to")), ("old", NUM), ("word", words({"in", "during", "for"})), ("year", YEAR),
               ("word", words({",", "and"}, "?")), ("to", words({"to", "and"})), ("adv", QUAL), ("new", NUM)),),
    examples=("Robberies went from 90 in 2019 to 84 in 2020 to 71 in 2021",
              "arsons rose from 12 in 2021 to 15 in 2022 and 19 so far this year"),
)

RULES: list[Rule] = [FROM_TO_CHAIN, DOWN_FROM_DASH, STATS_LINE, FROM_TO, TO_FROM, DOWN_FROM, COMPARED, MULTIPLE_OF,
                     YEAR_PAIR, BASELINE_ALONE]
