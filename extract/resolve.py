"""What a claim is about: its offense, place, period, baseline and hedges, read off the Doc.

Each function takes the Doc annotated by the components and a claim's token span and returns
plain values; nothing here makes a Claim.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Container
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from extract.columns import like_nums, lowers, positions, puncts, sentence_of, span_text, texts
from extract.filters import looks_like_year, offense_ends, offense_starts
from extract.gazetteer import resolve_city
from extract.vocab import (
    AGGREGATE_PERIOD_WORDS,
    BARE_THEFT_WORDS,
    BASELINE_MARKERS,
    COMPARE_WORDS,
    COUNT_VERBS,
    DEATH_NOUNS,
    DEATH_OFFENSES,
    DECREASE_NOUNS,
    DECREASE_WORDS,
    GENERIC_COUNT_NOUNS,
    GENERIC_OFFENSE_TERMS,
    INCREASE_NOUNS,
    INCREASE_WORDS,
    MONEY_BEFORE,
    MONTHS,
    NON_CRIME_MODIFIERS,
    NON_CRIME_TOPICS,
    OFFENSE_MODIFIER_TOPICS,
    PERCENT_WORDS,
    PERIOD_SUBJECT_VERBS,
    POLICE_ACTIONS,
    QUALIFIERS,
    TALLY_VERBS,
    THEFT_KINDS,
)
from records.claim import Place

#: Words allowed between a claim and the offense that follows it: "a 53% decrease in murders".
_LINKERS = frozenset({"in", "of", "among", "for", "the", "reported", "total", "overall", "all", "number",
                      "rate", "count", "both", "these", "those", "such", "what", "are", "called", "so-called"})
#: How far back (tokens) an earlier sentence's offense still counts as context.
CONTEXT_WINDOW = 200
_LEADING_PREPOSITIONS = frozenset({"in", "during", "than", "through", "thru", "until", "over", "from",
                                   "versus", "vs."})
_TRAILING_WORDS = frozenset({"of", "the", "this", "in", "a"})


@dataclass(frozen=True, slots=True)
class OffenseMention:
    start: int
    end: int
    offense: str
    detail: str | None
    generic: bool = False  # "offenses", "people killed": loses to a specific offense named before


@dataclass(frozen=True, slots=True)
class OffenseChoice:
    offense: str | None
    detail: str | None
    source: str | None  # "text" | "context" | None
    blocked: str | None = None  # reason when a non-crime topic owns the number
    mention: OffenseMention | None = None


class OffenseIndex:
    """The offense mentions of one Doc, sorted, for nearest-before and inside look-ups."""

    def __init__(self, doc: Doc, key: str = "offenses",
                 before: Callable[[], list[OffenseMention]] | None = None,
                 topic: OffenseMention | None = None) -> None:
        #: the one offense the document's headline names (extract/headline.py), if any
        self.topic = topic
        found = doc.user_data.get("offense_mentions") if key == "offenses" else None
        if found is not None:  # the offense ruler's own tuples: no Span objects to make
            self.mentions = [OffenseMention(s, e, o, d or None, g) for s, e, o, d, g in found]
        else:
            spans = doc.spans[key] if key in doc.spans else []
            self.mentions = [OffenseMention(s.start, s.end, s.label_, s.kb_id_ or None,
                                            s.text.lower() in GENERIC_OFFENSE_TERMS) for s in spans]
        self.starts = [m.start for m in self.mentions]
        #: Mentions in text before this Doc (a screened region, extract/context.py), loaded on
        #: the first look-up that reaches back past the Doc's start.
        self._before = before
        self.floor = 0

    def reach_back(self) -> int:
        """Load the mentions before the Doc, if any; return the lowest position allowed."""
        if self._before is not None:
            earlier, self._before = self._before(), None
            self.mentions = earlier + self.mentions
            self.starts = [m.start for m in self.mentions]
            self.floor = min((m.start for m in earlier), default=0)
        return self.floor

    def within(self, start: int, end: int) -> list[OffenseMention]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def starting(self, start: int, end: int) -> list[OffenseMention]:
        """The mentions that start in start..end (they may end later)."""
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        return self.mentions[i:j]

    def specific_before(self, position: int, floor: int) -> OffenseMention | None:
        """The nearest mention before ``position``, skipping generic words for a specific one."""
        first = self.last_before(position, floor)
        mention = first
        while mention is not None and mention.generic:
            mention = self.last_before(mention.start, floor)
        return mention or first

    def last_before(self, position: int, floor: int) -> OffenseMention | None:
        i = bisect.bisect_right(self.starts, position) - 1
        while i >= 0:
            mention = self.mentions[i]
            if mention.start < floor:
                return None
            if mention.end <= position:
                return mention
            i -= 1
        return None


#: First words of an aside between commas whose offenses are not the subject of what follows:
#: "Aggravated assaults, which include shootings ..., rose 7%".
_ASIDE_STARTS = frozenset({"which", "who", "that", "including", "excluding", "such", "especially", "like",
                           "not", "unlike", "along", "compared"})


def _skip_aside(doc: Doc, sent: Span, start: int) -> int:
    """Where to look for the subject of a claim: before a comma-delimited aside that ends right
    before the claim, if there is one; else ``start``."""
    i = start - 1
    while i > sent.start and not puncts(doc)[i] and start - i <= 3:
        i -= 1  # the claim's own subject words ("rose" may follow "...death, crime rose")
    if i <= sent.start or texts(doc)[i] != ",":
        return start
    j = i - 1
    while j > sent.start and texts(doc)[j] != ",":
        j -= 1
    if texts(doc)[j] == "," and j + 1 < i and lowers(doc)[j + 1] in _ASIDE_STARTS:
        return j
    return start


#: Words that may stand before a claim whose offense comes from an earlier sentence:
#: "They are down 22 percent", "That's the lowest since 2001", "..., and down 35 percent".
_CONTEXT_LEADS = frozenset("""
they it that this these those which both each all overall meanwhile and but while with or also still
now again so there here we police officers authorities investigators detectives
going rising falling dropping climbing declining increasing decreasing jumping
""".split()) | {",", ";", ":", "—", "–", "(", "-", "“", '"'}  # ", going from 3,951 to 2,352": the clause's own subject
#: Nouns that point back at the paragraph's figure when a determiner leads them: "The rate
#: decreased by 5%", "that number was at 39", "the total has dropped 8 percent".
_ANAPHORIC_NOUNS = frozenset("number numbers figure figures total totals count tally toll rate".split())
_ANAPHORIC_LEADS = frozenset("the that this its their our".split())
_AUXILIARIES = frozenset("""
are is were was have has had been be 's ’s 're ’re 've ’ve being also still now again only even just a an the
another would will could should may might must can
represents represented represent marks marked mark amounts amounted amount to reflects reflected reflect
means meant works worked out
""".split()) | TALLY_VERBS | frozenset("""
more than less fewer about nearly almost roughly approximately around over under some at least just
saw see sees counted logged tallied recorded reported
""".split())  # linking verbs too: "That represents an increase of 16 percent"; "They recorded more than 800"


_SUBJECT_PERIOD_WORDS = frozenset({"year", "last", "this", "month", "week"})
#: Verbs of change that may stand between a pointing subject and its figures ("the number fell
#: from 13 to 8").
_CHANGE_VERBS = DECREASE_WORDS | INCREASE_WORDS
#: "the largest percentage increase in 50 years": the size of a change, not a share.
_CHANGE_NOUNS = DECREASE_NOUNS | INCREASE_NOUNS


def anaphoric_subject(doc: Doc, sent: Span, i: int) -> bool:
    """Is token ``i`` a noun pointing back at the paragraph's figure: "the number", "that
    figure", "Chicago's total", "The 2006 number", "Chicago's 2021 tally"?"""
    if i <= sent.start or lowers(doc)[i] not in _ANAPHORIC_NOUNS:
        return False
    j = i - 1
    while j > sent.start and i - j <= 5 and (looks_like_year(texts(doc)[j]) or lowers(doc)[j] in _FIGURE_MODIFIERS):
        j -= 1  # "The 2009 year-end total", "the final 2023 tally"
    return lowers(doc)[j] in _ANAPHORIC_LEADS or lowers(doc)[j] in {"'s", "’s"}


#: Words between "the" and a figure noun that still point back: "the 2009 year-end total".
_FIGURE_MODIFIERS = frozenset({"year", "-", "end", "year-end", "annual", "final", "overall", "yearly", "midyear",
                               "mid-year", "full", "full-year", "official", "preliminary"})


#: Hedges before a figure: "a rate of about 3".
_HEDGES = frozenset({"about", "nearly", "almost", "roughly", "approximately", "around", "some", "just", "only",
                     "a", "an", "whopping", "staggering"})
#: Nouns of "a rate of N" (a figure's name, not its subject).
_RATE_NOUNS = frozenset({"rate", "total", "level", "average"})


def _has_own_subject(doc: Doc, sent: Span, start: int) -> bool:
    """Does the claim follow a subject of its own ("Temperatures rose 10%"), so that an offense
    from an earlier sentence must not be borrowed?"""
    i = start - 1
    while i >= sent.start and lowers(doc)[i] in _HEDGES:
        i -= 1  # "a rate of about 3": the hedge is no subject
    if i - 2 >= sent.start and lowers(doc)[i] == "of" and lowers(doc)[i - 1] in _RATE_NOUNS \
            and lowers(doc)[i - 2] in {"a", "an", "the"}:
        i -= 3  # "That is a rate of about 3 per 100,000": the subject is before "a rate of"
    while i >= sent.start and (lowers(doc)[i] in _AUXILIARIES or doc[i].is_space):
        i -= 1
    if _points_back_past_a_change(doc, sent, i):
        return False  # "the number fell from 13 to 8", "That figure is down by 8.7 percent from the 92"
    if anaphoric_subject(doc, sent, start):
        return False  # the claim opens with the pointing noun: "Flint's 2010 rate was 2,210"
    if i > sent.start and lowers(doc)[i] in GENERIC_COUNT_NOUNS and lowers(doc)[i - 1] in _ANAPHORIC_DETERMINERS:
        return False  # "These deaths rose 32.4%": the deaths the paragraph named
    if i >= sent.start and "places" in doc.spans and any(span.end == i + 1 for span in doc.spans["places"]):
        return False  # a place is the subject: "New York City had a rate of 596.7", "Denver dropped 20 percent"
    if i >= sent.start and i + 1 < start and lowers(doc)[i + 1] in PERIOD_SUBJECT_VERBS and (
            looks_like_year(texts(doc)[i]) or lowers(doc)[i] in _PERIOD_NOUNS):
        return False  # a period is the subject: "2020 saw 132 deaths", "last year had 41"
    if doc[i].is_title and i > sent.start:
        j = i
        while j > sent.start and doc[j].is_title:
            j -= 1
        if lowers(doc)[j] in _INTRO_PREPOSITIONS:
            return False  # "In Deschutes County there were 37": a place, not a subject
    back = i
    while back > sent.start and i - back < 2 and lowers(doc)[back] in _SUBJECT_PERIOD_WORDS:
        back -= 1  # "Chicago's total last year was the lowest since 1965"
    if anaphoric_subject(doc, sent, back):
        return False  # "the number has dropped 8 percent": the figure the paragraph is about
    return i >= sent.start and lowers(doc)[i] not in _CONTEXT_LEADS and not doc[i].is_punct


def _points_back_past_a_change(doc: Doc, sent: Span, i: int) -> bool:
    """Does a change that ends at token ``i`` ("fell", "down by 8.7 percent") follow a subject
    that points back at the paragraph's figure ("the number", "That figure", "That")?"""
    low = lowers(doc)
    if i <= sent.start or not (low[i] in _CHANGE_VERBS or low[i] in PERCENT_WORDS):
        return False
    j = i - 1 if low[i] in PERCENT_WORDS else i
    while j > sent.start and (doc[j].like_num or low[j] in _AUXILIARIES or low[j] in _CHANGE_VERBS
                              or low[j] in {"down", "up", "by"}):
        j -= 1
    return anaphoric_subject(doc, sent, j) or (low[i] in PERCENT_WORDS and low[j] in _CONTEXT_LEADS)


def _deaths_subject(doc: Doc, sent: Span, start: int) -> bool:
    """Is the subject right before the claim a word for deaths ("Fatalities rose 6 percent",
    "where deaths dropped 31.3%", "these deaths")?"""
    i = start - 1
    while i >= sent.start and (lowers(doc)[i] in _AUXILIARIES or lowers(doc)[i] in _HEDGES
                               or lowers(doc)[i] in _REPORTED_LINKS):
        i -= 1  # "fatalities are estimated to have dropped"
    if i < sent.start or lowers(doc)[i] not in DEATH_NOUNS:
        return False
    return i == sent.start or lowers(doc)[i - 1] in _DEATH_SUBJECT_LEADS


#: Words between a subject and its verb that report the figure: "are estimated to have dropped".
_REPORTED_LINKS = frozenset({"estimated", "expected", "projected", "reported", "believed", "to", "also", "still"})
#: Words right before "deaths" that leave it the subject: "where deaths", "The deaths", "These deaths".
_DEATH_SUBJECT_LEADS = frozenset({"where", "the", "these", "those", "such", "and", ",", "but", "while", "when",
                                  "total", "overall"})


def _counts_something_else(doc: Doc, sent: Span, start: int) -> bool:
    """Does the sentence count something of its own before the claim ("About 340 residents
    attended, the most since 2019"), so the claim is about that, not an earlier offense? An
    opening phrase that sets the scene ("Of the 34 cities with ...,") counts nothing of its own."""
    for token in doc[_after_opening_phrase(doc, sent, start):start]:
        if token.like_num and any(ch.isdigit() for ch in token.text) and not looks_like_year(token.text):
            previous = lowers(doc)[token.i - 1] if token.i > sent.start else ""
            following = lowers(doc)[token.i + 1] if token.i + 1 < sent.end else ""
            if previous in MONTHS:
                continue
            if any(w in {"population", "populations"} for w in lowers(doc)[max(sent.start, token.i - 3):token.i]):
                continue  # "The rate in Jackson, with a population of 153,701, was about 100": the town's size

            # "there have been 71 — a 545% increase": a bare tally of the paragraph's offense
            if previous in _TALLY_LEADS and (following in _SENTENCE_MARKS or following in GENERIC_COUNT_NOUNS
                                             or following in STOP_WORDS):
                continue  # "we had 169 so we are up 18.9%": a tally of the paragraph's offense
            if following in {"in", "for"} and token.i + 2 < sent.end and looks_like_year(texts(doc)[token.i + 2]):
                continue  # "27 in 2022, 26 in 2021 and 33 in 2020": items of one tally by year
            if following in {"percent", "%", "pct"}:
                continue  # "fallen 40 percent since 2005, going from 3,951 ...": a change, not a count
            if following in {"per", "every"} or (previous in {"of", "at"} and token.i - 2 >= sent.start
                                                 and lowers(doc)[token.i - 2] in {"rate", "rates"}):
                continue  # "New York City had a rate of 596.7 and Los Angeles ...": a rate of the same list
            return True
    return False


_TALLY_LEADS = COUNT_VERBS | {"have"}
_PERIOD_NOUNS = frozenset({"year", "month", "quarter", "week", "weekend", "summer", "decade"})
#: Prepositions that open a phrase naming where, not who: "In Deschutes County, there were 37".
_INTRO_PREPOSITIONS = frozenset({"in", "across", "throughout", "for"})
_SENTENCE_MARKS = frozenset({",", ";", "—", "–", "-", "--", ".", ":"})


def _topic_after(doc: Doc, sent: Span, end: int) -> str | None:
    """"a 13.7 percent increase in arrests for robbery": the non-crime topic the change is in."""
    if end + 1 < sent.end and lowers(doc)[end] in {"in", "of"}:
        low = lowers(doc)
        for i in positions(doc, end + 1, min(end + 3, sent.end)):
            if low[i] in NON_CRIME_TOPICS and not _modifies_offense(doc, i) \
                    and not (low[i] in _OFFENSE_MEASURES and i in offense_ends(doc)):
                return low[i]  # "in homicide rates": the offense's own measure
    return None


def _topic_of(doc: Doc, sent: Span, mention: OffenseMention | None) -> str | None:
    """"arrests for shoplifting", "citations for theft": a non-crime topic owning the offense."""
    if mention is None or mention.start - 1 < sent.start:
        return None
    if lowers(doc)[mention.start - 1] in NON_CRIME_MODIFIERS and doc[mention.start:mention.end].text.lower() in {
            "offenses", "offense", "violations", "crimes"}:
        return lowers(doc)[mention.start - 1]  # "traffic offenses", "license violations"
    # "arrests for shoplifting", "arrests for aggravated assaults with guns" (a word or two may
    # describe the offense after "for")
    for k in range(1, 6):  # "the percentage of all rapes and sexual assaults"
        at = mention.start - k
        if at - 1 < sent.start or not all(t.is_alpha for t in doc[at + 1:mention.start]):
            break
        if lowers(doc)[at] in {"for", "of", "on"} and lowers(doc)[at - 1] in NON_CRIME_TOPICS:
            return lowers(doc)[at - 1]
        if lowers(doc)[at] in {"for", "of"} and lowers(doc)[at - 1] in _OFFENSE_MEASURES and at - 2 >= sent.start \
                and lowers(doc)[at - 2] in NON_CRIME_TOPICS:
            return lowers(doc)[at - 2]  # "the arrest rate for burglary"
    if mention.offense == "shooting" and _police_shooting(doc, sent, mention.start):
        return "police use of force"
    return None


#: Words before "shootings" that make them police firing, not crime: "officer-involved
#: shootings", "police shootings", "officers fired their weapons in 12 shootings", "city police
#: were involved in 105 shooting incidents".
_POLICE_SHOOTING_WORDS = frozenset({"police", "officer", "officers", "deputy", "deputies", "trooper", "troopers"})


def _police_shooting(doc: Doc, sent: Span, start: int) -> bool:
    before = lowers(doc)[max(sent.start, start - 6):start]
    if before[-1:] == ["police"] or before[-3:] in (["officer", "-", "involved"], ["police", "-", "involved"]):
        return True
    return bool({"fired", "involved", "discharged"} & set(before)) and bool(_POLICE_SHOOTING_WORDS & set(before))


#: Words that may stand before a claim whose offense is named only after it: "This is a 21
#: percent increase ...", "So far this year, at least 124 deaths ...".
_BARE_OPENING = frozenset({"year", "years", "month", "months", "week", "weeks", "far", "period", "time",
                           "quarter", "half"})


def _named_subject(doc: Doc, floor: int, start: int) -> bool:
    """Does a content word (a noun such as "Temperatures", "toddler") stand in tokens floor..start,
    so that the claim is about it rather than about an offense named later in the sentence?"""
    for token in doc[floor:start]:
        low = token.lower_
        if token.is_punct or token.is_space or token.like_num or low in STOP_WORDS or low in _CONTEXT_LEADS \
                or low in _AUXILIARIES or low in _BARE_OPENING or low in {"'s", "’s", "n't"}:
            continue
        return True
    return False


def _after_opening_phrase(doc: Doc, sent: Span, start: int) -> int:
    """`_clause_floor`, past an opening phrase that sets the scene ("Of the 34 cities with a
    population of 500,000 or more, Tucson has the sixth-highest rate"): its topic words are not
    the claim's."""
    floor = _clause_floor(doc, sent, start)
    if floor == sent.start and lowers(doc)[sent.start] in _SCENE_OPENERS:
        comma = next((i for i in positions(doc, sent.start, start) if texts(doc)[i] == ","), None)
        if comma is not None:
            return comma + 1
    return floor


def _clause_floor(doc: Doc, sent: Span, start: int) -> int:
    """Where the clause holding token ``start`` begins: after the nearest ", but", ";" or ":"
    before it (not a dash: dashes pair around asides) ("Voters approved bonds in 2020, but a record 122 people died": the voters are in
    another clause)."""
    for i in range(start - 1, sent.start, -1):
        text = lowers(doc)[i]
        if text in {";", ":"}:
            return i + 1
        if text == "but" and texts(doc)[i - 1] == ",":
            return i + 1
    return sent.start


def _hyphenated(doc: Doc, i: int) -> bool:
    """Is the token at ``i`` part of a hyphenated modifier ("speed-related", "gun-involved")?"""
    return texts(doc)[i] == "-" or (i + 1 < len(doc) and texts(doc)[i + 1] == "-") or (i > 0 and texts(doc)[i - 1] == "-")


def _possessive(doc: Doc, i: int) -> bool:
    """Is token ``i`` an owner's name or its "'s" ("an increase in the nation's murder rate")?"""
    low = lowers(doc)
    return low[i] in _POSSESSIVE_MARKS or (i + 1 < len(low) and low[i + 1] in _POSSESSIVE_MARKS)


_POSSESSIVE_MARKS = frozenset({"'s", "’s"})


def _modifies_offense(doc: Doc, i: int) -> bool:
    """Does the topic word at ``i`` describe the offense right after it ("youth homicides")?"""
    return i + 1 in offense_starts(doc) and lowers(doc)[i] in OFFENSE_MODIFIER_TOPICS


def _topic_between(doc: Doc, start: int, end: int, *, skip_asides: bool = False, rate: bool = False) -> str | None:
    """The first non-crime topic word in tokens start..end. With ``skip_asides``, words inside an
    aside between commas are passed over ("the homicide rate, with a population of 2.7 million,
    stood at 29.6": the rate's subject is still the homicide rate). For a ``rate`` claim the
    word "rates" is its own measure ("the highest rates were West Virginia (52.8)")."""
    aside = False
    low, text = lowers(doc), texts(doc)
    for i in positions(doc, start, end):
        if text[i] == ",":
            aside = skip_asides and i + 1 < end and low[i + 1] in _TOPIC_ASIDE_STARTS \
                and any(w == "," for w in text[i + 2:end])
            continue
        # "homicide rates ... with a rate of 69.4": rates right after an offense measure it;
        # "fatalities per population": the base of a rate, not its topic
        word = low[i]
        if not aside and word in NON_CRIME_TOPICS and not _describes_offense(doc, i, rate=rate):
            return word
        if not aside and text[i] in MONEY_BEFORE:  # "fires caused $1.2 billion in damage, a decrease of 5%"
            return "money"
    return None


def _describes_offense(doc: Doc, i: int, *, rate: bool = False) -> bool:
    """Is the topic word at ``i`` part of how the offense or its figure is told, not a topic of
    its own: "youth homicides", "homicide rates", "fatalities per population", "property crimes
    reported to deputies", "murders by guns", "the largest percentage increase", "assaults on
    police officers"?"""
    low, word = lowers(doc), lowers(doc)[i]
    ends = offense_ends(doc)
    return (_modifies_offense(doc, i)
            or (word in _OFFENSE_MEASURES and (rate or i in ends))
            or (i > 0 and low[i - 1] == "per")
            or _reported_to(low, i)
            or (word in _WEAPONS and i > 0 and low[i - 1] in _MEANS_WORDS and i - 1 in ends)
            or (word == "percentage" and i + 1 < len(low) and low[i + 1] in _CHANGE_NOUNS)
            or any(low[j] in {"on", "against"} and j in ends for j in range(max(0, i - 3), i)))


#: Words after an offense that name its means ("murders by guns", "assaults with firearms"):
#: the weapon after them describes the offense ("cases cleared by arrest" are another topic).
_MEANS_WORDS = frozenset({"by", "with", "involving", "using"})
_WEAPONS = frozenset({"gun", "guns", "firearm", "firearms", "handgun", "handguns", "knife", "knives", "weapon",
                      "weapons", "rifles"})


def _reported_to(low: list[str], i: int) -> bool:
    """Is word ``i`` whom crimes were reported to ("property crimes reported to deputies")?"""
    return i >= 2 and low[i - 1] in {"to", "by"} and low[i - 2] in {"reported", "known"}


_TOPIC_ASIDE_STARTS = frozenset({"with", "which", "who", "where", "home", "a", "an", "defined", "including"})
#: Topic words that, right after an offense, measure it: "homicide rates".
_OFFENSE_MEASURES = frozenset({"rates", "rate"})



def _paren_open_before(doc: Doc, sent: Span, mention: OffenseMention | None, until: int) -> int | None:
    """The "(" of a parenthesis that holds ``mention`` and closes before ``until``, if any."""
    if mention is None:
        return None
    depth = 0
    for i in range(mention.start - 1, sent.start - 1, -1):
        if texts(doc)[i] == ")":
            depth += 1
        elif texts(doc)[i] == "(":
            if depth == 0:
                closes = any(texts(doc)[j] == ")" for j in range(mention.end, min(until, sent.end)))
                return i if closes else None
            depth -= 1
    return None


def choose_offense(doc: Doc, index: OffenseIndex, sent: Span, start: int, end: int, value_end: int,
                   *, after_only: int | None = None, clause_start: int | None = None,
                   names_deaths: bool = False, rate: bool = False, list_item: bool = False) -> OffenseChoice:
    """`find_offense`, with a bare "thefts" read as the kind of theft the text named before it
    ("Car thefts rose. ... Thefts fell 3 percent in 2011": car thefts)."""
    choice = find_offense(doc, index, sent, start, end, value_end, after_only=after_only, clause_start=clause_start,
                          names_deaths=names_deaths, rate=rate, list_item=list_item)
    mention = choice.mention
    if mention is None or mention.start < 0 or doc[mention.start:mention.end].text.lower() not in BARE_THEFT_WORDS:
        return choice
    reach = sent.start - CONTEXT_WINDOW
    floor = index.reach_back() if reach < 0 else 0
    earlier = index.last_before(mention.start, max(floor, reach))
    while earlier is not None and not _narrower_theft(earlier):
        if earlier.offense == "larceny" and earlier.start >= sent.start:
            return choice  # "other larceny and theft cases": larceny-theft, as the sentence names it
        earlier = index.last_before(earlier.start, max(floor, reach))
    if earlier is None and index.topic is not None and _narrower_theft(index.topic):
        earlier = index.topic  # "Car thefts fall in 2011" over the article
    if earlier is None or (earlier.offense, earlier.detail) == (mention.offense, mention.detail):
        return choice
    return OffenseChoice(earlier.offense, earlier.detail, choice.source, mention=OffenseMention(
        mention.start, mention.end, earlier.offense, earlier.detail, mention.generic))


#: Words for crashes, which a traffic-death wording names as a cause ("died in crashes") but
#: which, counted ("3,737 crashes", "284 vehicle crashes"), are crashes, not deaths.
_CRASH_WORDS = frozenset({"crash", "crashes", "traffic crash", "traffic crashes"})
#: Words that make counted crashes deadly ("31 fatal DUI crashes").
_DEADLY_WORDS = frozenset({"fatal", "deadly", "fatality", "fatalities", "deaths", "killed", "died"})


def _crash_count(doc: Doc, value_end: int, mention: OffenseMention) -> bool:
    """Is the mention counted right after a number a word for crashes, with nothing between
    them that says they were deadly?"""
    return mention.offense == "traffic_death" and doc[mention.start:mention.end].text.lower() in _CRASH_WORDS \
        and not any(w in _DEADLY_WORDS for w in lowers(doc)[value_end:mention.start])


def _narrower_theft(mention: OffenseMention) -> bool:
    """Is ``mention`` a kind of theft narrower than plain larceny ("car thefts", "shoplifting")?"""
    return mention.offense in THEFT_KINDS and (mention.offense, mention.detail) != ("larceny", None)


#: Words before a count's generic noun that point back at an offense named before: "such offenses".
_ANAPHORIC_DETERMINERS = frozenset({"such", "these", "those"})
#: Most tokens between a generic "people were killed" and the specific offense that says how.
_SPECIFIC_REACH = 6


def _antecedent(index: OffenseIndex, sent: Span, mention: OffenseMention) -> OffenseChoice:
    """What "such offenses" or "these crimes" (the generic ``mention``) point back at: the nearest
    specific offense named before it, in this or an earlier sentence; else the generic word's own."""
    reach = sent.start - CONTEXT_WINDOW
    earlier = index.specific_before(mention.start, max(index.reach_back() if reach < 0 else 0, reach))
    if earlier is not None and not earlier.generic:
        source = "text" if earlier.start >= sent.start else "context"
        return OffenseChoice(earlier.offense, earlier.detail, source, mention=earlier)
    return OffenseChoice(mention.offense, mention.detail, "text", mention=mention)


def _specific_after(doc: Doc, index: OffenseIndex, sent: Span, mention: OffenseMention) -> OffenseMention | None:
    """A specific offense right after a generic one in the same clause ("were killed in 24 fatal
    accidents", "were killed in crashes"), with no comma or clause word between them."""
    for other in index.within(mention.end, min(mention.end + _SPECIFIC_REACH, sent.end)):
        if other.generic:
            continue
        if mention.offense == "homicide" and other.offense == "shooting":
            return None  # "people were killed in shootings": homicides (the real-news conventions)
        if any(texts(doc)[i] in {",", ";", "—", "–"} or lowers(doc)[i] in {"and", "while", "but", "when"}
               for i in positions(doc, mention.end, other.start)):
            return None
        return other
    return None


def find_offense(doc: Doc, index: OffenseIndex, sent: Span, start: int, end: int, value_end: int,
                 *, after_only: int | None = None, clause_start: int | None = None,
                 names_deaths: bool = False, rate: bool = False, list_item: bool = False) -> OffenseChoice:
    """The offense of the claim in tokens start..end (value number ends at value_end).

    Order: an offense right after the number or inside the claim; one right after the claim
    ("a 53% decrease in murders"); the nearest one before it in the sentence; the nearest one in
    an earlier sentence (``source="context"``). A non-crime topic ("arrests", "response times")
    closer to the claim than any offense blocks it. With ``after_only=n`` only an offense
    starting within n tokens after the number counts (bare counts: "19 killings"). A count that
    ``names_deaths`` ("with 666 deaths in 2016") names what it counts, so another subject in its
    sentence does not keep it from the offense of an earlier one. A ``list_item`` ("West Virginia
    (52.8), Delaware (48.0)") shares its list's subject, so its place is no subject of its own.
    ``rate`` claims are not about "rates" as a topic.
    """
    if after_only is not None:
        for m in index.starting(value_end, value_end + after_only + 1):
            if m.offense == "shooting" and _police_shooting(doc, sent, m.start):
                return OffenseChoice(None, None, None, blocked="police use of force")
            if m.end <= sentence_of(doc, value_end - 1).end:
                after = lowers(doc)[m.end] if m.end < len(doc) else ""
                if after in NON_CRIME_TOPICS and after not in _OFFENSE_MEASURES:
                    return OffenseChoice(None, None, None, blocked=f"{after} about an offense ('274 shooting calls')")
                if _crash_count(doc, value_end, m):
                    return OffenseChoice(None, None, None, blocked="crashes, not deaths")
                before = index.last_before(start, sent.start)
                if m.generic and before is not None and not before.generic:
                    m = before
                elif m.generic:  # "27 people were killed in 24 fatal accidents": the offense after it
                    m = _specific_after(doc, index, sent, m) or m
                if m.generic and any(w in _ANAPHORIC_DETERMINERS for w in lowers(doc)[value_end:m.start]):
                    return _antecedent(index, sent, m)  # "25,400 such offenses"
                return OffenseChoice(m.offense, m.detail, "text", mention=m)
        return OffenseChoice(None, None, None, blocked="no offense right after the number")
    lead = next((w for w in lowers(doc)[max(sent.start, start - 2):start] if w in POLICE_ACTIONS), None)
    if lead and not (start > sent.start and lowers(doc)[start - 1] in {"a", "an"}):
        # "recovered 212 stolen vehicles": what police did, not crimes counted ("cited a 12%
        # decline" cites a figure)
        return OffenseChoice(None, None, None, blocked=f"{lead}, a police action")
    topic = _topic_between(doc, start, min(end, value_end)) or _topic_after(doc, sent, end)
    inside = index.within(start, end)
    if not inside:  # "10,000 victims of aggravated assault": a mention that starts inside the claim
        inside = [m for m in index.starting(start, end) if not m.generic]
    if topic and not inside:
        return OffenseChoice(None, None, None, blocked=f"about {topic}")
    found: OffenseMention | None = None
    if inside:
        after_value = [m for m in inside if m.start >= value_end]
        found = (after_value or inside)[0]
        if found.generic:  # "235 crimes involving gunfire": the specific offense that says which
            found = _specific_after(doc, index, sent, found) or found
    else:
        for m in index.within(end, min(end + 8, sent.end)):  # "a 68% bump in the number of reported shoplifting incidents"
            if all(lowers(doc)[i] in _LINKERS or _modifies_offense(doc, i) or _hyphenated(doc, i)
                   or _possessive(doc, i) for i in positions(doc, end, m.start)) and m.start - end <= 5:
                found = m
                break
    first = start if clause_start is None else min(start, clause_start)
    subject_end = _skip_aside(doc, sent, first)
    before = index.specific_before(subject_end, sent.start)
    if subject_end < first:  # "Mayor Ruiz, who took office in 2022, said homicides fell": the words
        # after the aside name the subject; "Violent crime, including robberies, fell": none do
        close = next((k for k in range(first - 1, subject_end, -1) if texts(doc)[k] == ","), subject_end)
        own = index.last_before(first, max(sent.start, first - 3, close + 1))
        if own is not None and not own.generic:
            before = own
    opened = _paren_open_before(doc, sent, before, subject_end)
    if opened is not None:  # "Violent crime (homicide, rape and robbery) fell": the named category
        before = index.specific_before(opened, sent.start) or before
    # "traffic offenses were down": a generic subject that a modifier makes no crime
    nearest = index.last_before(subject_end, sent.start)
    for mention in (found, before, nearest if nearest is not None and nearest.generic else None):
        topic = _topic_of(doc, sent, mention)
        if topic:  # "arrests for shoplifting rose 11%": police work about an offense
            return OffenseChoice(None, None, None, blocked=f"{topic} for an offense")
    if found is not None and not (found.generic and before is not None and not before.generic):
        return OffenseChoice(found.offense, found.detail, "text", mention=found)
    topic = _topic_between(doc, before.end if before else _after_opening_phrase(doc, sent, start), start,
                           skip_asides=True, rate=rate)
    if topic:
        return OffenseChoice(None, None, None, blocked=f"about {topic}")
    if before is not None and before.generic and before.start > sent.start \
            and lowers(doc)[before.start - 1] in _ANAPHORIC_DETERMINERS:
        return _antecedent(index, sent, before)  # "such offenses occurred ..., an 8.1% increase"
    if before is None and nearest is not None and nearest.generic and nearest.start > sent.start \
            and lowers(doc)[nearest.start - 1] in _ANAPHORIC_DETERMINERS:
        return _antecedent(index, sent, nearest)  # "These deaths rose 32.4% in Wyoming"
    if before is not None:
        return OffenseChoice(before.offense, before.detail, "text", mention=before)
    reach = sent.start - CONTEXT_WINDOW
    floor = index.reach_back() if reach < 0 else 0
    earlier = index.specific_before(sent.start, max(floor, reach))
    # "After historic lows of 335 and 333 in 2013 and 2014, murders climbed ...": a figure in an
    # opening phrase is about the subject named after it, not an earlier sentence's offense
    opening = _opening_phrase_subject(doc, index, sent, first, end)
    if opening is not None:
        return OffenseChoice(opening.offense, opening.detail, "text", mention=opening)
    # "Fatalities rose 6 percent", "where deaths dropped 31.3%": deaths of the cause the paragraph
    # named, when that cause kills
    deaths = not names_deaths and _deaths_subject(doc, sent, first)
    if deaths and (earlier is None or earlier.offense not in DEATH_OFFENSES):
        return OffenseChoice(None, None, None, blocked="deaths of no cause that kills named before")
    # "they were down to 330": ``first`` is the verb
    if not names_deaths and not deaths and not list_item \
            and (_has_own_subject(doc, sent, first) or _counts_something_else(doc, sent, first)):
        return OffenseChoice(None, None, None, blocked="no offense named")
    if earlier is not None and earlier.generic and earlier.offense == "homicide":
        # "... crashes that killed 346 people. ... as many as 200 have been killed": a word for
        # dying, not a crime named, is too weak a context for a figure that names no offense
        # (an offense the sentence names after the figure may still be its own)
        earlier, weak = None, True
    else:
        weak = False
    if earlier is not None:
        return OffenseChoice(earlier.offense, earlier.detail, "context", mention=earlier)
    later = next((m for m in index.within(end, sent.end) if not m.generic), None)
    if later is not None and not _topic_between(doc, end, later.start) \
            and not _named_subject(doc, _clause_floor(doc, sent, first), first):
        # "After historic lows of 335 and 333 in 2013 and 2014, murders climbed ...": the
        # sentence's offense, named after the claim, when nothing before it names one
        return OffenseChoice(later.offense, later.detail, "text", mention=later)
    if index.topic is not None and not weak:  # nothing named in the paragraph: the headline's one offense
        return OffenseChoice(index.topic.offense, index.topic.detail, "context")
    return OffenseChoice(None, None, None, blocked="no offense named")


#: Words that open an introductory phrase: "After historic lows of 335, ...", "With 41 so far, ...".
_OPENING_PREPOSITIONS = _INTRO_PREPOSITIONS | {"after", "with", "following", "despite", "since", "before", "at",
                                               "by", "from", "through"}
#: ... and those that set a scene before the claim's clause: "Of the 34 cities with ..., ".
_SCENE_OPENERS = _OPENING_PREPOSITIONS | {"of", "among"}


def _opening_phrase_subject(doc: Doc, index: OffenseIndex, sent: Span, first: int, end: int) -> OffenseMention | None:
    """The offense that opens the main clause after an introductory phrase holding the claim
    ("After historic lows of 335 ..., murders climbed to 352"): the phrase starts the sentence
    with a preposition, ends at the first comma after the claim, and the next words name the
    offense."""
    if lowers(doc)[sent.start] not in _OPENING_PREPOSITIONS:
        return None
    comma = next((i for i in positions(doc, end, sent.end) if texts(doc)[i] == ","), None)
    if comma is None or any(w == "," for w in texts(doc)[sent.start:first]):
        return None
    after = [m for m in index.within(comma + 1, min(comma + 4, sent.end)) if not m.generic]
    return after[0] if after and all(w in _LINKERS for w in lowers(doc)[comma + 1:after[0].start]) else None


#: Tokens that join offenses into a list sharing one figure: "rapes, robberies and burglaries".
_LIST_JOINERS = frozenset({",", "and", "or", "&", "as", "well", "both", "the", "number", "of"})
#: The joiners that make a list of what commas alone may only set side by side.
_CONJUNCTIONS = frozenset({"and", "or", "&", "well"})


def coordinated_offenses(doc: Doc, index: OffenseIndex, sent: Span, mention: OffenseMention,
                         taken: Container[int] = frozenset()) -> list[OffenseMention]:
    """The offense mentions listed with ``mention`` ("rapes, robberies and burglaries are all
    down 30 percent"; "murders and shootings fell 12 percent"), in text order, itself excluded.
    A claim about such a list holds for each of them (the real-news conventions). Not in a
    "respectively" sentence the caller gives each figure its own offense. Mentions at tokens in
    ``taken`` (another claim's words: "12 percent fewer property crimes, and car prowls dropped
    20 percent") belong to that claim."""
    mentions = index.within(sent.start, sent.end)
    by_end = {m.end: m for m in mentions}
    by_start = {m.start: m for m in mentions}
    found: list[OffenseMention] = []
    conjoined = False  # a list has an "and" or "or": "thefts, the number of Part 1 crimes" is none
    for step, table, edge in ((-1, by_end, mention.start), (1, by_start, mention.end)):
        while True:
            i = edge - 1 if step < 0 else edge
            joined = conjunction = False
            while sent.start <= i < sent.end and lowers(doc)[i] in _LIST_JOINERS:
                conjunction = conjunction or lowers(doc)[i] in _CONJUNCTIONS
                joined, i = True, i + step
            key = i + 1 if step < 0 else i
            nxt = table.get(key)
            if not joined or nxt is None or nxt.generic or nxt.start in taken:
                break
            found.append(nxt)
            conjoined = conjoined or conjunction
            edge = nxt.start if step < 0 else nxt.end
    if not conjoined:
        return []
    lo = min([m.start for m in found] + [mention.start])
    hi = max([m.end for m in found] + [mention.end])
    if any(w in "()[]" for w in texts(doc)[max(sent.start, lo - 1):min(sent.end, hi + 1)]):
        return []  # "violent crimes (homicide, rape and robbery)": a definition, not a list of claims
    return sorted(found, key=lambda m: m.start)


def qualifiers_before(doc: Doc, first: int, limit: int = 5) -> tuple[str, ...]:
    """Hedges that end right before token ``first``: "nearly", "more than", "at least"."""
    words = lowers(doc)[max(0, first - limit):first]
    found: list[str] = []
    while words:
        # the first of QUALIFIERS (in its order) that the words end with
        hits = [_QUALIFIER_ENDINGS[ending] for n in _QUALIFIER_LENGTHS if n <= len(words)
                and (ending := tuple(words[-n:])) in _QUALIFIER_ENDINGS]
        if hits:
            _order, n, name = min(hits)
            if name not in found:
                found.append(name)
            words = words[:-n]
        else:
            if words[-1] in {"by", "a", "just", "only", "an"} and not found:
                words = words[:-1]
                continue
            break
    return tuple(found)


@dataclass(frozen=True, slots=True)
class PeriodPhrase:
    start: int
    end: int
    baseline: bool  # the comparison period ("last year") rather than the claim's own
    text: str
    aggregate: bool = True  # a span of months or years, not "last weekend"
    compares: bool = False  # after "from", "than", "compared with": the time a change is measured against


def _over_a_year(doc: Doc, start: int, end: int) -> bool:
    """"an increase of 5.6 percent over 2015": the year compared with."""
    return end - start == 2 and lowers(doc)[start] in {"over", "versus", "vs."} and looks_like_year(texts(doc)[start + 1])


#: Each ending of QUALIFIERS (a phrase) -> (its place in QUALIFIERS, its length, its name); the
#: first place wins when a phrase is listed twice.
_QUALIFIER_ENDINGS: dict[tuple[str, ...], tuple[int, int, str]] = {}
for order, (phrase, name) in enumerate(QUALIFIERS):
    _QUALIFIER_ENDINGS.setdefault(phrase, (order, len(phrase), name))
del order, phrase, name
_QUALIFIER_LENGTHS = sorted({len(phrase) for phrase in _QUALIFIER_ENDINGS})


#: Tokens between a comparison's "than" and the period phrase it leads to.
_THAN_REACH = 12


def _after_than(doc: Doc, start: int) -> bool:
    """Is the phrase at ``start`` inside a "than ..." comparison of its clause ("21% lower than the
    rate of 5.8 in the height of the pandemic in 2021")? A "than" before a number is a hedge
    ("more than 10 percent in 2023"), not a comparison."""
    sent_start = sentence_of(doc, start).start
    low, text = lowers(doc), texts(doc)
    for i in range(start - 1, max(sent_start, start - _THAN_REACH) - 1, -1):
        if text[i] in {",", ";", "—", "–", "(", ")"} or low[i] in _CLAUSE_OPENERS:
            return False
        if low[i] == "than":
            return i + 1 < len(doc) and not like_nums(doc)[i + 1] and low[i - 1] != "rather"
    return False


def _in_compared_figure(doc: Doc, start: int) -> bool:
    """Is the phrase at ``start`` the time of the figure a change is measured from ("an increase
    of 1.1% from the volume of crimes in 2018", "a 4.8% increase over the number reported in
    2018")? A "from" or "over" a few words before it, itself right after a change, makes it so."""
    sent_start = sentence_of(doc, start).start
    low, text = lowers(doc), texts(doc)
    for i in range(start - 1, max(sent_start, start - _THAN_REACH) - 1, -1):
        if text[i] in {",", ";", "—", "–", "(", ")"} or low[i] in _CLAUSE_OPENERS or low[i] in _RANGE_WORDS \
                or like_nums(doc)[i]:
            return False
        if low[i] in {"from", "over"}:
            lead = low[max(sent_start, i - 3):i]
            return any(w in _CHANGE_NOUNS or w in _CHANGE_VERBS or w in PERCENT_WORDS or w in {"up", "down"}
                       for w in lead)
    return False


#: Words that make the period after them the time a change is measured against.
_COMPARING_LEADS = frozenset({"from", "than", "compared", "versus", "vs.", "over", "against"})
#: Words inside a period that make "from ..." a span of its own ("from January through June").
_RANGE_WORDS = frozenset({"through", "thru", "to", "until", "till", "-", "–"})


def _compares(doc: Doc, start: int, end: int) -> bool:
    """Is the period at start..end the time a change is compared with ("down 8 percent from last
    year", "compared with 2022"), not a span of its own ("from January through June")?"""
    first, before = lowers(doc)[start], lowers(doc)[start - 1] if start > 0 else ""
    compared = before in {"with", "to"} and start > 1 and lowers(doc)[start - 2] == "compared"
    if not (first in _COMPARING_LEADS or before in _COMPARING_LEADS or compared):
        return False
    return not any(w in _RANGE_WORDS for w in lowers(doc)[start + 1:end])


def period_phrases(doc: Doc) -> list[PeriodPhrase]:
    """The period spans of a Doc, trimmed ("in 2024" -> "2024") and classified, in order."""
    phrases: list[PeriodPhrase] = []
    low, texts_ = lowers(doc), texts(doc)
    for span in doc.spans["periods"] if "periods" in doc.spans else []:
        words = set(low[span.start:span.end])
        lead = span_text(doc, max(0, span.start - 2), span.start).lower()
        is_baseline = (bool(words & BASELINE_MARKERS) or "compared" in lead or lead.endswith(("than", " as"))
                       or _over_a_year(doc, span.start, span.end) or _after_than(doc, span.start)
                       or _in_compared_figure(doc, span.start))
        if words >= {"since", "the", "of"} and words & {"start", "beginning"}:
            is_baseline = False  # "since the start of 2021": the span counted so far, not a comparison
        first, last = span.start, span.end  # the phrase trimmed: tokens first..last-1
        while first < last and low[first] in _LEADING_PREPOSITIONS:
            first += 1
        while first < last and (low[last - 1] in _TRAILING_WORDS or low[last - 1] in PERIOD_SUBJECT_VERBS):
            last -= 1
        if first < last:
            text = span_text(doc, first, last)
            # "over the weekend, seven people were killed": a tally over days, unlike "last weekend"
            # (is_digit is str.isdigit of the token's text)
            aggregate = (bool(words & AGGREGATE_PERIOD_WORDS)
                         or any(w.isdigit() and len(w) == 4 for w in texts_[first:last])
                         or low[span.start] in {"over", "during"})
            phrases.append(PeriodPhrase(span.start, span.end, is_baseline, text, aggregate,
                                        _compares(doc, span.start, span.end)))
    return phrases


#: Words that open a clause of their own after a comma: its periods are not the main clause's.
_CLAUSE_OPENERS = frozenset({"and", "but", "while", "whereas", "when", "which", "where"})
#: Clause words that open a clause even without a comma ("... in 2022 while 2023 saw 211").
_BARE_OPENERS = frozenset({"while", "whereas", "when"})
_CLAUSE_MARKS = frozenset({";", "—", "–", "--"})
#: Participles after "when" that keep it in the claim's clause: "when compared to 2015".
_COMPARING_PARTICIPLES = frozenset({"compared", "comparing", "measured", "adjusted", "set"})


def clause_starts(sent: Span) -> list[int]:
    """Token indices where a clause of the sentence starts (the sentence start first)."""
    low = lowers(sent.doc)
    starts = [sent.start]
    for i in range(sent.start, sent.end):
        word = low[i]
        if word in {"when", "while"} and i + 1 < sent.end and low[i + 1] in _COMPARING_PARTICIPLES:
            continue  # "rose 4.1 percent when compared to 2015": the claim's own comparison
        if word in _CLAUSE_MARKS and i + 1 < sent.end:
            starts.append(i + 1)
        elif word == "," and i + 1 < sent.end and low[i + 1] in _CLAUSE_OPENERS:
            starts.append(i + 1)
        elif word in _BARE_OPENERS and i > sent.start and low[i - 1] != ",":
            starts.append(i)
    return starts


#: Words that open a relative clause set off by commas: "Riverton, which had 90 killings as
#: recently as 2009, had 41 last year".
_RELATIVE_OPENERS = frozenset({"which", "who", "where"})


def relative_asides(sent: Span) -> list[tuple[int, int]]:
    """(start, end) of each relative clause between commas in the sentence: from its "which",
    "who" or "where" to the comma that closes it (exclusive). A clause the sentence's end
    closes is not an aside: the sentence does not go on after it."""
    low, text = lowers(sent.doc), texts(sent.doc)
    out: list[tuple[int, int]] = []
    for i in range(sent.start, sent.end):
        if text[i] == "," and i + 1 < sent.end and low[i + 1] in _RELATIVE_OPENERS:
            close = next((j for j in range(i + 2, sent.end) if text[j] in {",", ";", "—", "–"}), None)
            if close is not None and text[close] == "," and close + 1 < sent.end - 1:
                out.append((i + 1, close))
    return out


def _clause_range(starts: list[int], sent: Span, first: int, last: int) -> tuple[int, int]:
    """The clauses holding tokens ``first`` to ``last``: (start of the first, end of the last)."""
    lo = max(s for s in starts if s <= first)
    later = [s for s in starts if s > last]
    return lo, (min(later) if later else sent.end)


def period_texts(phrases: list[PeriodPhrase], sent: Span, start: int, end: int,
                 values: frozenset[int] = frozenset(), older: frozenset[int] = frozenset(),
                 starts: list[int] | None = None,
                 others: frozenset[int] = frozenset(), pair: bool = True,
                 asides: list[tuple[int, int]] | None = None, level: bool = False) -> tuple[str | None, str | None]:
    """(baseline, period) phrases of the claim in tokens start..end, as written.

    DESIGN.md, "Rules made precise": a claim's period comes from its own clause. A phrase in
    another clause ("..., when 410 people were killed in 2023", "; retail thefts ... in 2023")
    belongs there. In a from-to claim a phrase beside the older number (``older``: "from 82 in
    2018 to 76") is the baseline. A claim that opens a "when" clause with no period of its own
    takes the period named just before it ("... from 2023, when 410 people were killed": 2023).
    A claim with no period in its clause gets none here: assembly lends it the period of the
    claim it is coordinated with ("fell 7 percent last year and ... 9 percent").
    A phrase nearer another claim's numbers (``others``) than this claim's is that claim's. A
    phrase holding one of the claim's own numbers (``values``) is not its period. ``starts`` and
    ``asides`` are the sentence's `clause_starts` and `relative_asides`, when the caller has them.
    For a ``level`` (a count, rate or record of its own time) a phrase that another number holds
    is at most its baseline ("with 492 reported last year, ... decreased from 590 in 2006": 2006
    is the 590's, the time the 492 is compared with), never its period."""
    starts = clause_starts(sent) if starts is None else starts
    asides = relative_asides(sent) if asides is None else asides
    inside = next(((a, b) for a, b in asides if a <= start and end <= b), None)
    if inside is not None:  # a claim in ", which had 90 killings as recently as 2009,": that clause
        lo, hi = inside
    else:  # the main clause goes on after an aside, and the aside's periods are not its own
        lo, hi = _clause_range([s_ for s_ in starts if all(s_ != a for a, _b in asides)], sent, start, end - 1)
    newer = values - older
    baseline: tuple[int, str] | None = None
    period: tuple[int, str] | None = None
    doc = sent.doc
    # "... for the first time since 1993": a record's own year, no other claim's time
    candidates = [p for p in phrases if sent.start <= p.start and p.end <= sent.end
                  and not values & set(range(p.start, p.end))
                  and not (p.start - 2 >= sent.start and lowers(doc)[p.start - 2] == "first"
                           and lowers(doc)[p.start - 1] == "time")]
    # the claim's own "than" or "compared" follows it: its comparison is after it, not before
    low = lowers(doc)
    own_than = any(low[i] in {"than", "compared"} or (low[i] in {"ahead", "behind"} and i + 1 < sent.end
                                                      and low[i + 1] == "of")
                   for i in positions(doc, max(start, end - 1), min(end + 2, sent.end)))
    for phrase in candidates:
        if not (lo <= phrase.start and phrase.end <= hi):
            continue
        if inside is None and any(a <= phrase.start and phrase.end <= b for a, b in asides):
            continue
        distance = max(0, start - phrase.end, phrase.start - end)
        held = level and _held_by_other_number(doc, sent, phrase.start, values)
        what = _what_was_before(doc, phrase.start)
        if what is not None and end <= what:
            continue  # "474, two times what it was at this time last year": the multiple's time
        # in a from-to claim the numbers decide: "from 82 in 2018 to 76 last year"
        if others and _nearer(phrase, others, values):
            continue  # "... from 131 in 2012 to 92 last year, in San Francisco from 69 to 48": 2012 is 131's
        if older and newer and values & older == older and pair:
            is_baseline = _nearer(phrase, older, newer, doc)  # this claim's own from-to: the numbers decide
        else:  # another claim's older figure only adds baselines ("to 29 from 35 in 2023")
            is_baseline = phrase.baseline or bool(older and newer and _nearer(phrase, older, newer)) \
                or what is not None or held
        if is_baseline:
            if own_than and phrase.end <= start:
                continue  # "12 more than in 2007 and 18 more than in 2006": 2007 is the 12's comparison
            if baseline is None or distance < baseline[0]:
                baseline = (distance, phrase.text)
        elif period is None or distance < period[0]:
            period = (distance, phrase.text)
    if period is None and sent.doc[lo].lower_ == "which" and lo - 2 >= sent.start and texts(doc)[lo - 1] == "," \
            and looks_like_year(texts(doc)[lo - 2]):
        # "..., an increase over 2015, which had seen its own increase of 10.5 percent from the
        # year before": the clause is about the year it hangs on
        period = (0, texts(doc)[lo - 2])
    if period is None and baseline is None and sent.doc[lo].lower_ == "when":
        before = [p for p in candidates if lo - 3 <= p.end <= lo]  # "... from 2023, when 410 ..."
        if before:  # "the lowest since 2014, when there were 40": 2014, not "since 2014"
            words = before[-1].text.split()
            return None, " ".join(words[1:] if len(words) > 1 and words[0].lower() in {"since", "from"} else words)
    return (baseline[1] if baseline else None), (period[1] if period else None)


def _held_by_other_number(doc: Doc, sent: Span, start: int, values: frozenset[int]) -> bool:
    """Does a number that is not one of ``values`` stand right before the phrase at ``start``
    ("590 in 2006", "590 for 2006")?"""
    i = start - 1
    if i >= sent.start and lowers(doc)[i] in {"in", "for", "during"}:
        i -= 1  # the phrase may begin after its preposition
    token = doc[i] if i >= sent.start else None
    if token is None or i in values or not token.like_num or not any(ch.isdigit() for ch in token.text) \
            or looks_like_year(token.text):
        return False
    return not (i > sent.start and lowers(doc)[i - 1] in {"per", "/"})  # "14.2 per 100,000 in 2023": a rate's base


def _what_was_before(doc: Doc, start: int) -> int | None:
    """The "what" of "what it was" / "what they were" right before the phrase at ``start``
    ("twice what it was at this time last year"): the phrase names the time compared with."""
    lo = max(0, start - 5)
    words = lowers(doc)[lo:start]
    link = next((k for k in range(len(words) - 1, max(-1, len(words) - 3), -1)
                 if words[k] in {"was", "were", "is", "are"}), None)
    if link is None or "what" not in words[:link]:
        return None
    return lo + max(k for k in range(link) if words[k] == "what")


#: Words that stand between the two figures of a pair: "394 in 2023, whereas there were 366".
_PAIR_SPLITTERS = COMPARE_WORDS | {"whereas", "while"}


def _nearer(phrase: PeriodPhrase, older: frozenset[int], newer: frozenset[int], doc: Doc | None = None) -> bool:
    """Is the phrase nearer the older number than the newer one? With ``doc``, a comparison word
    between the phrase and only one of the numbers puts the phrase on the other number's side
    ("6,300 at this time last year, compared to 8,384": the older one's; "394 in 2023, whereas
    there were 366": the newer one's)."""
    def gap(tokens: frozenset[int]) -> int:
        return min((max(0, phrase.start - t - 1, t - phrase.end) for t in tokens), default=10 ** 6)

    def crosses(tokens: frozenset[int]) -> bool:
        assert doc is not None
        t = min(tokens)
        lo, hi = (phrase.end, t) if t >= phrase.end else (t + 1, phrase.start)
        return any(lowers(doc)[i] in _PAIR_SPLITTERS for i in range(lo, hi))
    if doc is not None and older and newer and crosses(older) != crosses(newer):
        return crosses(newer)
    to_older, to_newer = gap(older), gap(newer)
    if to_older == to_newer and older and newer and max(older) < phrase.start and phrase.end <= min(newer):
        return True  # "from seven in the first five months of 2018 to four": the words after "from N"
    return to_older < to_newer


_HOOD_WORDS = frozenset({"neighborhood", "neighbourhood", "neighborhoods", "neighbourhoods", "section", "area"})


def _hood_range(sent: Span, text: str) -> tuple[int, int] | None:
    """Token range of "the Northgate neighborhood" / "the Eastgate and Pleasant Hill neighborhoods":
    the capitalised names (joined by "and", "&" or commas) before a neighborhood word.

    ``text`` is the Doc's text, to skip the token scan for sentences without such a word."""
    lowered = text[sent.start_char:sent.end_char].lower()
    if not any(word in lowered for word in _HOOD_WORDS):
        return None
    doc = sent.doc
    for token in sent:
        if token.lower_ in _HOOD_WORDS:
            i, names = token.i - 1, 0
            while i >= sent.start and names < 8:
                word = doc[i]
                if word.is_title and word.lower_ != "the":
                    names += 1
                elif word.lower_ in {"and", "&", ","} and i - 1 >= sent.start and doc[i - 1].is_title:
                    pass
                else:
                    break
                i -= 1
            if names:
                return i + 1, token.i
    return None


def neighborhood(sent: Span, text: str) -> str | None:
    """"Northgate" of "the Northgate neighborhood" (several names when the text lists them)."""
    found = _hood_range(sent, text)
    return sent.doc[found[0]:found[1]].text if found else None


def city_mentions(doc: Doc) -> list[tuple[int, str]]:
    """(token position, name) of the US cities a Doc names."""
    return [(span.start, span.text) for span in doc.spans["places"]] if "places" in doc.spans else []


#: How far after a claim a neighborhood may still be its place ("fell 9% in the Eastgate area").
HOOD_REACH = 6


#: Regions of the country a figure may be given for ("in the Midwest"), and words for the whole
#: country: a claim about one of them is not about the article's own city.
_REGIONS = frozenset({"midwest", "south", "northeast", "west", "southwest", "southeast", "northwest", "nation",
                      "country"})
_NATIONWIDE = frozenset({"nationwide", "nationally"})
_COUNTRY_NAMES = frozenset({"U.S.", "US", "U.S", "America", "America's", "America’s"})


def for_a_region(sent: Span, start: int, end: int) -> bool:
    """Is the claim in tokens start..end given for a region or the whole country: "2.2 percent
    in the South", "rose 4 percent nationwide", "Nationally, homicides rose 30 percent", "U.S.
    homicides", "the nation's murder rate", "in the United States"?"""
    low, text = lowers(sent.doc), texts(sent.doc)
    stop = min(end + 3, sent.end)
    if any(low[i] in _NATIONWIDE or text[i] in _COUNTRY_NAMES or (low[i] in {"nation", "country"}
                                                                  and i + 1 < sent.end and low[i + 1] in {"'s", "’s"})
           for i in range(sent.start, min(end + 1, sent.end))):
        return True
    if any(low[i] == "united" and low[i + 1] == "states" for i in range(sent.start, min(end + 1, sent.end) - 1)):
        return True
    return any(low[i] in {"in", "across"} and low[i + 1] == "the" and low[i + 2] in _REGIONS
               for i in range(sent.start, stop - 2))


def choose_place(cities: list[tuple[int, str]], sent: Span, text: str, start: int, city: str | None,
                 state: str | None, end: int | None = None,
                 city_before: Callable[[], str | None] | None = None) -> Place | None:
    """A city or neighborhood the sentence names, else the article's own city and state.

    A neighborhood named well after the claim ends (in a later clause) is not the claim's place."""
    hood_range = _hood_range(sent, text)
    near = hood_range is not None and (end is None or hood_range[0] <= end + HOOD_REACH)
    hood = sent.doc[hood_range[0]:hood_range[1]].text if hood_range and near else None
    named: str | None = None
    for position, name in cities:
        if hood_range and hood_range[0] <= position < hood_range[1]:
            continue  # "the Pleasant Hill neighborhood" is part of the city, not another city
        if sent.start <= position < sent.end and (named is None or position <= start):
            named = name
    if end is not None:  # "..., 22% in Houston": a city right after the claim is its own place
        own = [name for position, name in cities if end - 3 <= position <= end and position >= start]
        if own:
            named = own[-1]
    if named is not None:
        if city and named.lower() == city.lower():  # the source's own city, in the source's state
            return Place(city=city, state=state, neighborhood=hood, source="text")
        name, named_state = resolve_city(named, state)
        return Place(city=name, state=named_state, neighborhood=hood, source="text")
    if hood is not None:
        return Place(city=city, state=state, neighborhood=hood, source="text")
    if end is not None and for_a_region(sent, start, end):
        return None  # "2.2 percent in the South": a region, not the article's city (a person decides)
    if city or state:
        return Place(city=city, state=state, source="article")
    earlier = [name for position, name in cities if position < sent.start]
    if not earlier and city_before is not None:  # a screened region: the text before it
        named_before = city_before()
        earlier = [named_before] if named_before else []
    if earlier:  # no city of its own: the one the text named last, as offenses are carried
        name, named_state = resolve_city(earlier[-1], state)
        return Place(city=name, state=named_state, source="context")
    return None
