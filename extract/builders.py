"""Builders: one function per builder name (a rule's ``builder``), from a rule match (tokens and their roles) to a `Draft`.

A builder reads which tokens are the number, the direction word, the percent sign..., parses the
number, applies the checks that keep non-statistics out (ages, money, dates, units) and returns
a `Draft`, or raises `Refused` with the reason (logged at debug level by the assembly step).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from spacy.tokens import Doc, Span, Token

from extract.columns import lowers, positions, puncts, sentence_of, texts
from extract.filters import (
    OFFENSES_KEY,
    described_offense_follows,
    follower_refusal,
    looks_like_year,
    number_refusal,
)
from extract.numbers import parse_digits, parse_number
from extract.offense_terms import OFFENSE_TERMS
from extract.patterns import Rule
from extract.resolve import anaphoric_subject, qualifiers_before
from extract.vocab import (
    COMPARE_PHRASE_WORDS,
    COMPARE_WORDS,
    DEATH_NOUNS,
    DECREASE_COMPARATIVES,
    DECREASE_NOUNS,
    DECREASE_WORDS,
    DETERMINERS,
    DYING_HELPERS,
    DYING_PEOPLE,
    FRACTION_COUNTS,
    FRACTIONS,
    FROM_LEAD_WORDS,
    GENERIC_COUNT_NOUNS,
    HISTORIC_WORDS,
    INCREASE_COMPARATIVES,
    INCREASE_WORDS,
    LEGAL_CONTEXT,
    MONTHS,
    MULTIPLIER_WORDS,
    MULTIPLIERS,
    NEGATIONS,
    NON_CRIME_TOPICS,
    OLDER_FIGURE_FOLLOWERS,
    ORDINAL_FOLLOWERS,
    PAST_MARKERS,
    PERCENT_WORDS,
    POLICE_ACTIONS,
    PRESENT_MARKERS,
    QUALIFIERS,
    RECORD_EXTREMES,
    RECORD_HIGH,
    RECORD_LOW,
    RECORD_SPAN_WORDS,
    RECORD_START_WORDS,
    REDUCE_VERBS,
    REDUCING_VERBS,
    SCALE_WORDS,
    SHARE_WORDS,
    TALLY_PARTICIPLES,
    TENS_WORDS,
    UNITS_WORDS,
)
from records.claim import SUBSET_QUALIFIER

_DECREASE = DECREASE_WORDS | DECREASE_NOUNS | DECREASE_COMPARATIVES | REDUCE_VERBS | {"fewer", "less", "off"}
#: "double the national average" compares places, not periods.
_REFERENCE_LEVELS = frozenset({"national", "nation's", "state", "statewide", "state's", "average", "figure",
                               "norm", "county", "country"})
_SIGNS = {"+": "increase", "-": "decrease", "−": "decrease"}
#: Direction words read before a claim ("levels not seen since 1999" after "fell").
_DECREASE_BEFORE = _DECREASE | {"below"} | REDUCING_VERBS
_INCREASE_BEFORE = INCREASE_WORDS | {"above", "topped", "surpassed", "exceeded"}
_DIRECTION_WORDS = _DECREASE_BEFORE | _INCREASE_BEFORE
#: Level verbs that need "at" before their number ("held at 88", not "held 88 people").
_AT_VERBS = frozenset({"held", "holds", "remained", "remains", "stayed", "sits", "sat", "stood", "stands", "stand"})


class Refused(Exception):
    """A rule match that is not a claim; the message says why (logged at debug level)."""




@dataclass(frozen=True, slots=True)
class Draft:
    rule: str
    start: int
    end: int
    value: float | None  # None: a record with no year or span ("the lowest on record")
    direction: str
    unit: str
    value_tokens: frozenset[int]
    value_end: int
    from_value: float | None = None
    qualifiers: tuple[str, ...] = ()
    offense_after: int | None = None  # only an offense this close after the number counts
    needs_tally: bool = False  # a bare count needs a period or a tally verb ("recorded")
    text_offense_only: bool = False
    offense_inside: bool = False  # the offense must be named inside the claim (list items)
    from_tokens: frozenset[int] = frozenset()  # from_to: the older number's tokens (its period is the baseline)
    own_period: tuple[int, int] | None = None  # tokens that name the claim's period, when the rule knows them
    counts_deaths: bool = False  # "132 deaths", "597 people died": only an offense that kills is its offense
    place_item: bool = False  # "West Virginia (52.8)": a place's item of a list; its subject is the list's


@dataclass(frozen=True, slots=True)
class Match:
    rule: str
    start: int
    end: int
    roles: tuple[str, ...]
    spec: Rule  # the rule itself: its builder and behaviour flags
    #: the tokens of each role, worked out on the first `where` (builders ask several times)
    _by_role: dict[str, list[int]] | None = field(default=None, init=False, repr=False, compare=False)

    def where(self, role: str) -> list[int]:
        """The token indices of ``role``, in order (a new list each call)."""
        by_role = self._by_role
        if by_role is None:
            by_role = {}
            for i, r in enumerate(self.roles):
                by_role.setdefault(r, []).append(self.start + i)
            object.__setattr__(self, "_by_role", by_role)  # a cache: the match itself is unchanged
        return list(by_role.get(role, ()))


def direction_between(old: float, new: float) -> str:
    """The direction from an older figure to a newer one."""
    return "decrease" if new < old else "increase" if new > old else "none"


def _direction(word: str) -> str:
    return "decrease" if word in _DECREASE else "increase"


#: "thefts make up more than half of all crime": a share, not a rise.
_SHARE_VERBS = frozenset({"make", "makes", "made", "making"})


def _direction_at(doc: Doc, i: int) -> str:
    """The direction of the word at ``i``, refusing "make up" (a share, not a change)."""
    if lowers(doc)[i] == "up" and i > 0 and lowers(doc)[i - 1] in _SHARE_VERBS:
        raise Refused("'make up': a share, not a change")
    return _direction(lowers(doc)[i])


def _lead_start(doc: Doc, first: int, n: int) -> int:
    """Where the up to ``n`` tokens before token ``first`` within its sentence begin (a word
    that ends the sentence before, "... were up.\n812 per 100,000", says nothing about this number)."""
    return max(sentence_of(doc, first).start, first - n)


def _lead(doc: Doc, first: int, n: int) -> Span:
    """Up to ``n`` tokens before token ``first``, within its sentence (`_lead_start`)."""
    return doc[_lead_start(doc, first, n):first]


def _lead_words(doc: Doc, first: int, n: int) -> set[str]:
    """The lower-case words of `_lead`, read from the Doc's columns (no Token is made)."""
    return set(lowers(doc)[_lead_start(doc, first, n):first])


#: Verbs that move a figure either way: "pushed the rate to 11.5" (up), "drove crime down to 40".
_PUSH_VERBS = REDUCE_VERBS - REDUCING_VERBS


def _direction_after(doc: Doc, end: int, reach: int = 6) -> str | None:
    """The direction of the first direction word within ``reach`` tokens after ``end`` in its
    sentence, before any comma ("the first year since 2011 to show a decrease")."""
    stop = min(sentence_of(doc, max(end - 1, 0)).end, end + reach)
    for i in range(end, stop):
        word = lowers(doc)[i]
        if word == ",":
            return None
        if word in _DECREASE_BEFORE:
            return "decrease"
        if word in _INCREASE_BEFORE:
            return "increase"
    return None


def _direction_before(doc: Doc, start: int) -> str | None:
    """The direction of the nearest direction word before ``start`` in its sentence. "pushed" and
    its kin go down only with "down" or "lower" after them; "pushed" alone goes up."""
    low = lowers(doc)
    for i in reversed(positions(doc, sentence_of(doc, start).start, start)):
        word = low[i]
        if word in _PUSH_VERBS:
            if any(w in {"down", "lower"} for w in low[i + 1:min(start, i + 7)]):
                return "decrease"
            return "increase" if word == "pushed" else None
        if word in _DECREASE_BEFORE:
            return "decrease"
        if word in _INCREASE_BEFORE:
            return "increase"
    return None


def _number(doc: Doc, idxs: list[int]) -> tuple[float, int, int]:
    """Value and first/last token of a number role, refusing labels, money, ages and dates."""
    text = texts(doc)
    idxs = [i for i in idxs if text[i] != "-"] or idxs
    if not idxs:
        raise Refused("no number")
    first, last = idxs[0], idxs[-1]
    first = _spelled_out_start(doc, first)
    value = parse_number(text[first:last + 1])  # first <= last: the words of the number
    if value is None:
        raise Refused(f"not a number: {doc[first:last + 1].text!r}")
    reason = number_refusal(doc, first, last)
    if reason:
        raise Refused(reason)
    return value, first, last


def _spelled_out_start(doc: Doc, first: int) -> int:
    """Where a number written in words begins when the rule's number role caught only its end:
    "One hundred and thirty-six murders" (AP style spells out a number that opens a sentence)."""
    if parse_digits(texts(doc)[first]) is not None:
        return first
    start = sentence_of(doc, first).start
    i = first
    while i > start:
        before = lowers(doc)[i - 1]
        if before in SCALE_WORDS or before in UNITS_WORDS or before in TENS_WORDS:
            i -= 1
        elif before == "and" and i - 2 >= start and lowers(doc)[i - 2] in {"hundred", "thousand"}:
            i -= 2
        else:
            break
    return i if i < first and parse_number(texts(doc)[i:first + 1]) is not None else first


def _count_number(doc: Doc, idxs: list[int]) -> tuple[float, int, int]:
    value, first, last = _number(doc, idxs)
    if first == last and looks_like_year(texts(doc)[first]):
        raise Refused("a year, not a count")
    return value, first, last


_PERCENT_PAIRS = {("per", "cent"), ("percentage", "point"), ("percentage", "points"), ("%", "point"),
                  ("%", "points"), ("percent", "point"), ("percent", "points")}


#: "30% less likely to be arrested" is a probability, not a change in crime.
_NOT_A_CHANGE_AFTER = frozenset({"likely", "unlikely", "often", "able", "probable"})


def _percent(doc: Doc, m: Match) -> Draft:
    if m.end < len(doc) and lowers(doc)[m.end] in _NOT_A_CHANGE_AFTER:
        raise Refused(f"'{texts(doc)[m.end]}': a likelihood, not a change")
    pct = tuple(lowers(doc)[i] for i in m.where("pct"))
    if (len(pct) == 1 and pct[0] in {"per", "percentage"}) or (len(pct) == 2 and pct not in _PERCENT_PAIRS):
        raise Refused(f"not a percent sign: {' '.join(pct)!r}")
    if any(lowers(doc)[i] in {"and", "or", "but"} or (texts(doc)[i][:1].isdigit() and not looks_like_year(texts(doc)[i]))
           for i in m.where("fill")):
        raise Refused("a list or another figure between the change word and its figure")
    value, first, last = _number(doc, m.where("num"))
    quals = qualifiers_before(doc, first)
    if any(lowers(doc)[i] in {"point", "points"} for i in m.where("pct")):
        quals = (*quals, "percentage_points")
    direction = _direction_at(doc, m.where("dir")[0])
    return Draft(m.rule, m.start, m.end, value, direction, "percent", frozenset(range(first, last + 1)),
                 last + 1, qualifiers=quals)


def _percent_range(doc: Doc, m: Match) -> Draft:
    """"down 15 to 20 percent": one change at the midpoint of the range."""
    low, first, _ = _number(doc, m.where("num"))
    high, _, last = _number(doc, m.where("num2"))
    if not low < high:
        raise Refused("not a range")
    direction = _direction_at(doc, m.where("dir")[0])
    return Draft(m.rule, m.start, m.end, round((low + high) / 2, 2), direction, "percent",
                 frozenset(range(first, last + 1)), last + 1, qualifiers=qualifiers_before(doc, first))


def _percent_ellipsis(doc: Doc, m: Match) -> Draft:
    """", shootings by 30 percent": the verb is the list's first one; the offense is its own."""
    direction = _direction_before(doc, m.start)
    if direction is None:
        raise Refused("no direction before the list item")
    value, first, last = _number(doc, m.where("num"))
    fill = m.where("fill")
    if not fill:
        raise Refused("no subject")
    own = next((texts(doc)[i] for i in fill if lowers(doc)[i] in _DIRECTION_WORDS), None)
    if own:  # ", while burglaries rose 8%": the item has its own verb (and other rules read it)
        raise Refused(f"the list item has its own direction word '{own}'")
    if m.end < len(doc) and lowers(doc)[m.end] in _DIRECTION_WORDS | INCREASE_COMPARATIVES:
        raise Refused(f"the list item has its own direction after the number ('{texts(doc)[m.end]}')")
    share = next((texts(doc)[i] for i in fill if lowers(doc)[i] in SHARE_WORDS), None)
    if share or (m.end < len(doc) and lowers(doc)[m.end] == "of"):
        raise Refused(f"a share of a total ('{share or 'of'}'), not a change")
    return Draft(m.rule, fill[0], m.end, value, direction, "percent", frozenset(range(first, last + 1)),
                 last + 1, qualifiers=qualifiers_before(doc, first), offense_inside=True)


def _percent_place_item(doc: Doc, m: Match) -> Draft:
    """", 22% in Houston": a list item of places; the direction is the head verb's."""
    direction = _direction_before(doc, m.start)
    if direction is None:
        raise Refused("no direction before the list of places")
    value, first, last = _number(doc, m.where("num"))
    if m.end < len(doc) and lowers(doc)[m.end] in _DIRECTION_WORDS:
        raise Refused("the list item has its own direction")
    places = m.where("span")  # the place of an item with its verb left out
    if places and any(lowers(doc)[i] in _DIRECTION_WORDS for i in places):
        raise Refused("a capitalised direction word, not a place")
    start = places[0] if places else first if lowers(doc)[m.start] in {",", "and", ";"} or doc[m.start].is_punct \
        else m.start
    end = m.end
    if doc[end - 1].is_punct or lowers(doc)[end - 1] in {"respectively", "from", "since", "over", "versus", "vs."}:
        end -= 1  # the mark after "and 24 percent", the "from" of "and 35 percent from 2001"
    while end < sentence_of(doc, first).end and doc[end].is_title:  # "in Los Angeles", "in New York City"
        end += 1
    return Draft(m.rule, start, end, value, direction, "percent", frozenset(range(first, last + 1)),
                 last + 1, qualifiers=qualifiers_before(doc, first), place_item=bool(places))


def _signed_percent(doc: Doc, m: Match) -> Draft:
    """"Burglary -27.3%": the sign is the direction."""
    i = m.where("num")[0]
    sign = texts(doc)[i][:1]
    value = parse_digits(texts(doc)[i][1:])
    if sign not in _SIGNS or value is None:
        raise Refused("no sign")
    pct = tuple(lowers(doc)[j] for j in m.where("pct"))
    if pct[0] in {"per", "percentage"} and len(pct) == 1:
        raise Refused("not a percent sign")
    return Draft(m.rule, m.start, m.end, value, _SIGNS[sign], "percent", frozenset({i}), i + 1)


def _percent_or_fraction(doc: Doc, m: Match) -> Draft:
    """"cut homicides by a third", "reduced burglaries by 18%": a decrease, unless the words
    between say which way a verb that moves both ways went ("drove burglaries up by 4 percent")."""
    draft = _fraction(doc, m) if "frac" in m.roles else _percent(doc, m)
    between = {lowers(doc)[i] for i in m.where("fill")}
    if between & {"up", "higher", "upward"}:
        return replace(draft, direction="increase")
    if doc[m.where("dir")[0]].lower_ not in REDUCING_VERBS and not between & {"down", "lower", "downward"}:
        raise Refused(f"'{doc[m.where('dir')[0]].text} ... by': no direction")
    return replace(draft, direction="decrease")


#: What a multiple of people or chances is about: "14 times as many residents", "twice as likely".
_NOT_CRIME_MULTIPLES = frozenset({"likely", "residents", "people", "population", "inhabitants", "officers",
                                  "police", "big", "large", "populous"})


def _refuse_non_crime_multiple(doc: Doc, end: int) -> None:
    if set(lowers(doc)[end:end + 2]) & _NOT_CRIME_MULTIPLES:
        raise Refused("a multiple of people or chances, not of crimes")


def _multiplier_compare(doc: Doc, m: Match) -> Draft:
    """"half as many as the year before", "twice as many", "more than double the 2020 total"."""
    if set(lowers(doc)[m.end:m.end + 3]) & _REFERENCE_LEVELS:
        raise Refused("compared with another place's level, not a change")
    _refuse_non_crime_multiple(doc, m.end)
    if m.where("frac"):
        i = m.where("frac")[0]
        return Draft(m.rule, m.start, m.end, 50.0, "decrease", "percent", frozenset({i}), i + 1,
                     qualifiers=qualifiers_before(doc, i))
    i = m.where("mult")[0]
    return Draft(m.rule, m.start, m.end, MULTIPLIER_WORDS[lowers(doc)[i]], "increase", "percent", frozenset({i}),
                 i + 1, qualifiers=qualifiers_before(doc, i))


def _fraction(doc: Doc, m: Match) -> Draft:
    idxs = m.where("frac")
    if idxs[-1] + 1 < len(doc) and doc[idxs[-1] + 1].lower_ in ORDINAL_FOLLOWERS:
        raise Refused(f"'{doc[idxs[-1]].text} {doc[idxs[-1] + 1].text}': an ordinal, not a fraction")
    words = [lowers(doc)[i] for i in idxs if texts(doc)[i] != "-"]
    count = FRACTION_COUNTS.get(words[0], 1) if len(words) > 1 else 1
    value = round(FRACTIONS[words[-1]] * count, 1)
    direction = _direction_at(doc, m.where("dir")[0])
    return Draft(m.rule, m.start, m.end, value, direction, "percent", frozenset(idxs), idxs[-1] + 1,
                 qualifiers=qualifiers_before(doc, idxs[0]))


def _multiplier_times(doc: Doc, m: Match) -> Draft:
    """"1.5 times higher", "three times as many as in 2019": a multiple of the earlier figure."""
    value, first, last = _count_number(doc, m.where("num"))
    dir_i = m.where("dir")[0]
    after = lowers(doc)[dir_i + 1:dir_i + 4]
    if set(after) & _REFERENCE_LEVELS:
        raise Refused("compared with another place's level, not a change")
    if _than_a_place(doc, m.end):
        raise Refused("compared with another place ('1.6 times more murders than Lake City'), not a change")
    _refuse_non_crime_multiple(doc, m.end)
    if value <= 1:
        raise Refused("not a multiple")
    return Draft(m.rule, m.start, m.end, round((value - 1) * 100, 1), "increase", "percent",
                 frozenset(range(first, last + 1)), dir_i + 1, qualifiers=qualifiers_before(doc, first))


def _than_a_place(doc: Doc, end: int) -> bool:
    """Does "than" + a name (not a month, not "in 2019") follow within a few tokens of ``end``:
    "1.6 times more murders than Lake City", "than the national average"?"""
    sent_end = sentence_of(doc, end - 1).end
    for i in range(end, min(end + 4, sent_end)):
        if lowers(doc)[i] in {"than", "as"} and i + 1 < sent_end:  # "as many carjackings as New York"
            nxt = doc[i + 1]
            if nxt.lower_ == "the" and i + 2 < sent_end and lowers(doc)[i + 2] in {"national", "state", "statewide",
                                                                                 "nation", "county", "average"}:
                return True
            return nxt.is_title and nxt.lower_ not in MONTHS and not nxt.is_sent_start
    return False


def _multiplier(doc: Doc, m: Match) -> Draft:
    i = m.where("mult")[0]
    if i + 1 < len(doc) and lowers(doc)[i + 1] in DETERMINERS:
        raise Refused("transitive use ('doubled its budget')")
    value, direction = MULTIPLIERS[lowers(doc)[i]]
    return Draft(m.rule, m.start, m.end, value, direction, "percent", frozenset({i}), i + 1,
                 qualifiers=qualifiers_before(doc, i))


def _flat(doc: Doc, m: Match) -> Draft:
    i = m.where("flat")[0]
    return Draft(m.rule, m.start, m.end, 0.0, "none", "percent", frozenset({i}), i + 1)


def _count_change(doc: Doc, m: Match, more: bool = False) -> Draft:
    value, first, last = _count_number(doc, m.where("num"))
    dir_i = m.where("dir")[0]
    direction = _direction_at(doc, dir_i)
    if more:
        nxt = lowers(doc)[dir_i + 1] if dir_i + 1 < len(doc) else ""
        # "11 fewer victims": a generic noun is the paragraph's offense, as "than" is
        after = None if nxt == "than" or nxt in GENERIC_COUNT_NOUNS else 2
        end = m.end + 1 if nxt in GENERIC_COUNT_NOUNS and m.end == dir_i + 1 else m.end
        if nxt == "than" and set(lowers(doc)[dir_i + 2:dir_i + 5]) & {"number", "those", "that"}:
            raise Refused("a difference between two categories ('39 fewer than the number of murders')")
        return Draft(m.rule, m.start, min(end, len(doc)), value, direction, "count", frozenset(range(first, last + 1)),
                     dir_i + 1, qualifiers=qualifiers_before(doc, first), offense_after=after)
    reason = follower_refusal(doc, last)
    if reason:
        raise Refused(reason)
    # "a decline of 10 fatalities": deaths, whose cause the paragraph names
    deaths = last + 1 < len(doc) and lowers(doc)[last + 1] in DEATH_NOUNS
    end = last + 2 if deaths else last + 1
    return Draft(m.rule, m.start, end, value, direction, "count", frozenset(range(first, last + 1)),
                 last + 1, qualifiers=qualifiers_before(doc, first), counts_deaths=deaths)


def _level(doc: Doc, m: Match) -> Draft:
    value, first, last = _count_number(doc, m.where("num"))
    reason = follower_refusal(doc, last)
    if reason or (last + 1 < len(doc) and lowers(doc)[last + 1] == "per"):
        raise Refused(reason or "a rate")
    fill = m.where("fill")
    if any(lowers(doc)[i] == "from" and any(doc[j].like_num and not looks_like_year(texts(doc)[j])
                                           for j in range(i + 1, min(i + 4, m.end))) for i in fill):
        raise Refused("'from N ... to M': a from-to comparison")
    start = m.where("to")[0]
    if lowers(doc)[start - 1] == "close":
        raise Refused("'close to N': about N, not a level reached")
    # "climbed to 352", "down to 330": a level reached, with the direction its verb states
    # (the earlier value, when the clause has one, makes it a from-to claim instead)
    verb = doc[m.where("dir")[0]].lower_ if m.where("dir") else ""
    direction = "decrease" if verb in _DECREASE_BEFORE else "increase" if verb in _INCREASE_BEFORE else "none"
    if verb in _PUSH_VERBS:  # "pushed the toll to 310", "drove crime down to 40"
        direction = _direction_before(doc, first) or "none"
    unit = "count"
    if m.where("dir") and _rate_subject(doc, m.where("dir")[0]):  # "the rate decreased to 13.3"
        unit = _sentence_rate_unit(doc, first)
    return Draft(m.rule, start, last + 1, value, direction, unit, frozenset(range(first, last + 1)),
                 last + 1, qualifiers=qualifiers_before(doc, first))


def _sentence_rate_unit(doc: Doc, token: int) -> str:
    """The base of a rate written without one: per 1,000 when its sentence says so, else per 100,000."""
    sent = sentence_of(doc, token)
    sentence = {w.replace(",", "") for w in lowers(doc)[sent.start:sent.end]}
    return "per_1000" if sentence & {"1000", "thousand"} else "per_100k"


def _rate_subject(doc: Doc, verb: int) -> bool:
    """Is the subject of the verb at ``verb`` a rate ("the homicide rate has fallen to 13.3")?"""
    sent_start = sentence_of(doc, verb).start
    i = verb - 1
    while i > sent_start and verb - i <= 3 and lowers(doc)[i] in {"has", "had", "have", "was", "is", "then", "also"}:
        i -= 1
    return i >= sent_start and lowers(doc)[i] == "rate"


def _level_at(doc: Doc, m: Match) -> Draft:
    value, first, last = _count_number(doc, m.where("num"))
    links = {lowers(doc)[i] for i in m.where("adv")}
    if lowers(doc)[m.start] in _AT_VERBS and "at" not in links:
        raise Refused("no 'at'")
    reason = follower_refusal(doc, last)
    if reason or (last + 1 < len(doc) and lowers(doc)[last + 1] == "per"):
        raise Refused(reason or "a rate")
    return Draft(m.rule, m.start, last + 1, value, "none", "count", frozenset(range(first, last + 1)), last + 1,
                 qualifiers=qualifiers_before(doc, first))


def _count_with(doc: Doc, m: Match) -> Draft:
    """"Homicides are down 21.7%, with 47 so far in 2025": a count whose offense is the subject."""
    value, first, last = _count_number(doc, m.where("num"))
    return Draft(m.rule, m.where("word")[0], last + 1, value, "none", "count", frozenset(range(first, last + 1)),
                 last + 1, qualifiers=qualifiers_before(doc, first), needs_tally=True)


def _count_none(doc: Doc, m: Match) -> Draft:
    """"There were no homicides in 2011": a count of 0, its offense the word after "no"."""
    first = m.where("num")[0]
    return Draft(m.rule, m.start, first + 2, 0.0, "none", "count", frozenset({first}), first + 1,
                 offense_after=2, needs_tally=True)


def _count_subset(doc: Doc, m: Match) -> Draft:
    """"53 overdose incidents, 21 of which were heroin": a part of a count named before it, of
    the same offense (the part's own words, "heroin", "fatal", are its note, not its offense)."""
    value, first, last = _count_number(doc, m.where("num"))
    if first > sentence_of(doc, first).start and lowers(doc)[first - 1] in _PLACE_PREPOSITIONS:
        raise Refused("'in six of those': a count of places or groups, not of crimes")
    return Draft(m.rule, first, m.end, value, "none", "count", frozenset(range(first, last + 1)), last + 1,
                 qualifiers=(*qualifiers_before(doc, first), SUBSET_QUALIFIER))


_PLACE_PREPOSITIONS = frozenset({"in", "of", "at", "for", "among", "to", "from", "with", "across"})


def _count_killed(doc: Doc, m: Match) -> Draft:
    """"Drug overdoses killed 712 people last year": a count whose offense is the subject."""
    value, first, last = _count_number(doc, m.where("num"))
    return Draft(m.rule, m.start, m.end, value, "none", "count", frozenset(range(first, last + 1)), m.end,
                 qualifiers=qualifiers_before(doc, first), needs_tally=True)


def _record_first_time(doc: Doc, m: Match) -> Draft:
    """"fell below 3,000 for the first time since 2001", "... for the first time in 14 years": a
    record in the direction of its verb (a year, or a span in years)."""
    # "the first year since 2011 to show a decrease": the direction that follows is the record's own
    after = _direction_after(doc, m.end) if lowers(doc)[m.start + 1] == "year" else None
    direction = after or _direction_before(doc, m.start)
    if direction is None:
        raise Refused("no direction for 'first time since'")
    start = m.start - 2 if m.start >= 2 and lowers(doc)[m.start - 2] == "for" else m.start
    if not m.where("year"):
        lead = _lead(doc, m.start, 8)
        if not any(t.like_num and not looks_like_year(t.text) for t in lead):
            # "rose for the first time in three years" is a change, not a level crossing a mark
            raise Refused("no level before 'for the first time in N years'")
        return replace(_record(doc, m, direction), start=start)
    i = m.where("year")[0]
    return Draft(m.rule, start, m.end, float(texts(doc)[i]), direction, "year", frozenset({i}), i + 1)


#: Words that give a record its direction when no verb does ("such small numbers", "more than 200").
_LOW_WORDS = RECORD_LOW | {"low", "lows", "few", "fewer", "less", "below", "under", "small", "smaller", "safest",
                           "lower"}
_HIGH_WORDS = RECORD_HIGH | {"high", "highs", "many", "more", "above", "over", "higher", "larger", "greater",
                             "deadliest", "bloodiest", "topped", "exceeded"}


def _year_value(text: str) -> float:
    """The year of "2006", or the first year of the decade "1960s"."""
    return float(text[:4])


def _record_not_seen(doc: Doc, m: Match) -> Draft:
    """"levels not seen since 1999", "not seen in more than 30 years": a record whose direction
    is the sentence's verb, or its own words ("such small numbers", "historic lows")."""
    direction = _direction_before(doc, m.start)
    if direction is None:
        around = {lowers(doc)[i] for i in m.where("fill")} | _lead_words(doc, m.start, 3)
        direction = "decrease" if around & _LOW_WORDS else "increase" if around & _HIGH_WORDS else None
    if direction is None:
        raise Refused("no direction for 'not seen'")
    if m.where("year"):
        i = m.where("year")[0]
        return Draft(m.rule, m.start, m.end, _year_value(texts(doc)[i]), direction, "year", frozenset({i}), i + 1)
    return _record(doc, m, direction)


def _record_history(doc: Doc, m: Match) -> Draft:
    """"the lowest on record", "a record 33", "set a new record": a record with no year or span.

    The direction is that of the superlative ("lowest": decrease) or of "record low/high";
    a bare "record" (a record number, a record year) is a high."""
    sup = m.where("sup")[0]
    fill = m.where("fill")
    if any(lowers(doc)[i] == "by" and (i + 1 not in fill or lowers(doc)[i + 1] != "far") for i in fill):
        raise Refused("a record of a person ('the most by a rookie')")
    if any(lowers(doc)[i] == "than" for i in fill):
        raise Refused("another comparison inside ('fewer shootings than in recent years and fewer murders "
                      "than any year'): the nearer 'fewer' is the record's")
    after = {lowers(doc)[i] for i in m.where("span") + m.where("adv")}
    if lowers(doc)[sup] in {"record", "all"} or lowers(doc)[sup] in HISTORIC_WORDS:  # "all-time high"
        direction = "decrease" if after & {"low", "lows"} else "increase"
    else:
        direction = "decrease" if lowers(doc)[sup] in RECORD_LOW | {"fewer", "less"} else "increase"
    start = m.start - 1 if m.start > 0 and lowers(doc)[m.start - 1] in {"the", "its", "their", "a"} else m.start
    end = m.end - 1 if doc[m.end - 1].is_punct else m.end  # "at its lowest."
    # the number of "a record 33" stays free for its count claim
    return Draft(m.rule, start, end, None, direction, "year", frozenset({sup}), end)


def _record_last_time(doc: Doc, m: Match) -> Draft:
    """"The last time there were fewer than 150 murders was in 1971": the year, with the
    direction of the comparison in between ("fewer": a low; "more than": a high)."""
    fill = [lowers(doc)[i] for i in m.where("fill")]
    low = next((i for i, w in enumerate(fill) if w in _LOW_WORDS), None)
    high = next((i for i, w in enumerate(fill) if w in _HIGH_WORDS), None)
    if low is None and high is None:
        raise Refused("no comparison in 'the last time ... was'")
    direction = "decrease" if high is None or (low is not None and low < high) else "increase"
    i = m.where("year")[0]
    start = m.start - 1 if m.start > 0 and lowers(doc)[m.start - 1] == "the" else m.start
    # the threshold ("fewer than 150") is part of the record, not a count of its own
    threshold = {j for j in m.where("fill") if doc[j].like_num}
    return Draft(m.rule, start, m.end, float(texts(doc)[i]), direction, "year", frozenset({i} | threshold), i + 1)


#: Words before "N in YEAR" that make it something other than a tally: a rank, a ratio, money.
_NOT_A_TALLY_BEFORE = frozenset({"no.", "number", "ranked", "rank", "top", "$", "aged", "age", "ages", "than",
                                 "by", "to", "from", "of", "per", "every", "thousand"})


def _count_peak(doc: Doc, m: Match) -> Draft:
    """"a peak of 48": a level; a percent ("a high of 12%") or a rate is something else."""
    value, first, last = _count_number(doc, m.where("num"))
    reason = follower_refusal(doc, last)
    if reason and not reason.startswith("followed by"):
        raise Refused(reason)
    if _rate_unit(doc, last):
        raise Refused("a rate")
    start = m.start  # "the previous high was 72": the figure the paragraph is about, from "the"
    if lowers(doc)[start] in {"previous", "prior"} and start > 0 and lowers(doc)[start - 1] in _POINTING_LEADS:
        start -= 1
    return Draft(m.rule, start, last + 1, value, "none", "count", frozenset(range(first, last + 1)), last + 1,
                 qualifiers=qualifiers_before(doc, first))


def _count_in_year(doc: Doc, m: Match) -> Draft:
    """"156 in 2013": a count for a year, whose offense is named before it in the sentence
    (or the paragraph). "up 12 in 2023" is a change and "from 190 in 2016" the start of a
    comparison: other rules read those."""
    value, first, last = _count_number(doc, m.where("num"))
    before = lowers(doc)[first - 1] if first > sentence_of(doc, first).start else ""
    if before in _NOT_A_TALLY_BEFORE or (before in _DIRECTION_WORDS and not _year_list_follows(doc, m.end)):
        raise Refused(f"'{before} N in YEAR' is not a tally")
    own_period = None
    year = m.end - 1
    sent_end = sentence_of(doc, first).end
    if before == "and" and first >= 2 and doc[first - 2].like_num and year + 2 < sent_end \
            and lowers(doc)[year + 1] == "and" and looks_like_year(texts(doc)[year + 2]):
        # "lows of 335 and 333 in 2013 and 2014": the second figure is the second year's
        own_period = (year + 2, year + 3)
    return Draft(m.rule, first, m.end, value, "none", "count", frozenset(range(first, last + 1)), last + 1,
                 qualifiers=qualifiers_before(doc, first), needs_tally=True, own_period=own_period)


def _year_list_follows(doc: Doc, end: int) -> bool:
    """Does ", 156 in 2013" follow ``end``: the first item of a list of counts by year ("the
    decline brought 193 in 2012, 156 in 2013, and 150 in 2014")?"""
    window = doc[end:min(end + 4, sentence_of(doc, end - 1).end)]
    return len(window) == 4 and window[0].text == "," and window[1].like_num \
        and window[2].lower_ in {"in", "for"} and looks_like_year(window[3].text)


def _count_in_brackets(doc: Doc, m: Match) -> Draft:
    """"a 15 percent decrease from 2011 (2,394)": the figure in brackets is the period's count."""
    value, first, last = _count_number(doc, m.where("num"))
    if looks_like_year(texts(doc)[first]):
        raise Refused("a year, not a count")
    start = m.where("period")[0] if m.where("period") else m.where("year")[0]
    while start > sentence_of(doc, first).start and start > m.start - 3 and lowers(doc)[start - 1] in _BRACKET_PERIOD_WORDS:
        start -= 1  # "last year (210)", "the year before (88)"
    period_start = start + 1 if lowers(doc)[start] in {"the", "a"} else start
    return Draft(m.rule, start, m.end, value, "none", "count", frozenset(range(first, last + 1)), last + 1,
                 qualifiers=qualifiers_before(doc, first), own_period=(period_start, first - 1))


_BRACKET_PERIOD_WORDS = frozenset({"last", "this", "the", "a", "previous", "prior", "same", "year"})


def _baseline_alone(doc: Doc, m: Match) -> Draft:
    """"The deaths were up from 20 in 2016": the older figure, with no newer one in the sentence
    (then a from-to rule reads the pair), is a count for its own period."""
    value, first, last = _count_number(doc, m.where("num"))
    sent = sentence_of(doc, first)
    for token in doc[sent.start:m.start]:
        if token.like_num and any(ch.isdigit() for ch in token.text) and not looks_like_year(token.text) \
                and not _pct_after(doc, token.i):  # "That figure is down 8.7 percent from the 92 ...": a count
            raise Refused("a newer figure before it: a from-to")
    after = lowers(doc)[last + 1] if last + 1 < len(doc) else ""
    reason = None if after in OLDER_FIGURE_FOLLOWERS else follower_refusal(doc, last)
    if reason:
        raise Refused(reason)
    # "The rate is down from 22.3 in 2021": the older figure of a rate
    unit = _sentence_rate_unit(doc, first) if _rate_before(doc, first) else "count"
    return Draft(m.rule, m.start, last + 1, value, "none", unit, frozenset(range(first, last + 1)), last + 1,
                 qualifiers=qualifiers_before(doc, first))


#: Words that end the search for a rate subject: the clause counts something else.
_NOT_RATE_SUBJECTS = frozenset({"number", "numbers", "total", "totals", "count", "tally", ";", "and", "but"})


def _rate_before(doc: Doc, i: int) -> bool:
    """Is a rate the nearest subject before token ``i`` in its clause ("this rate fell for a
    second year, down from 41.2")? A number, "number"/"total" or a clause joiner ends the look."""
    floor = max(sentence_of(doc, i).start, i - 10)
    for j in range(i - 1, floor - 1, -1):
        word = lowers(doc)[j]
        if word in {"rate", "rates"}:
            return True
        if any(ch.isdigit() for ch in word) or word in _NOT_RATE_SUBJECTS:
            return False
    return False


#: Words between a count and its generic noun: "130 confirmed cases", "12 reported incidents".
_COUNT_MODIFIERS = frozenset({"confirmed", "reported", "recorded", "new", "total", "additional", "separate", "such",
                              "suspected"})


def _count(doc: Doc, m: Match) -> Draft:
    value, first, last = _count_number(doc, m.where("num"))
    lead = _lead_words(doc, first, 4)
    if lead & NEGATIONS:
        raise Refused("negated")
    if lead & LEGAL_CONTEXT:
        raise Refused("charges or arrests, not a tally")
    if lead & POLICE_ACTIONS:
        raise Refused("what police did ('solved 11 homicides'), not crimes counted")
    if _a_frequency(doc, last, value):
        raise Refused("how often, not how many ('one murder every 14 hours', '.87 homicides per day')")
    # "132 deaths", "11 cases": the offense is the sentence's or the paragraph's
    noun = last + 2 if last + 2 < len(doc) and lowers(doc)[last + 1] in _COUNT_MODIFIERS else last + 1
    generic = noun < len(doc) and lowers(doc)[noun] in GENERIC_COUNT_NOUNS  # "130 confirmed cases" too
    # "with only six reported for all of 2013": the participle stands for the offense named before
    participle = last + 1 < len(doc) and lowers(doc)[last + 1] in TALLY_PARTICIPLES \
        and (last + 2 >= len(doc) or doc[last + 2].is_stop or doc[last + 2].is_punct)  # not "187 confirmed calls"
    if participle:
        noun, generic = last + 1, True
    died = _people_died(doc, last + 1)
    if died is not None:  # "597 people died last year": deaths, their cause named around them
        noun, generic = died, True
    end = noun + 1 if generic else last + 1
    deaths = died is not None or (generic and lowers(doc)[noun] in DEATH_NOUNS)
    if deaths and _all_causes(doc, first, noun):
        raise Refused("deaths of every cause ('68 deaths overall', 'total deaths')")
    if deaths and _other_cause(doc, noun):
        raise Refused("deaths of a cause the text names that is no crime ('12 deaths from COVID-19')")
    return Draft(m.rule, first, end, value, "none", "count", frozenset(range(first, last + 1)),
                 last + 1, qualifiers=qualifiers_before(doc, first), offense_after=None if generic else 2,
                 needs_tally=True, counts_deaths=deaths)


#: Spans of time a frequency is counted in ("a day", "every 14 hours"); a year is not one of
#: them: "40 murders a year" is an annual count.
_FREQUENCY_SPANS = frozenset({"day", "days", "week", "weeks", "month", "months", "hour", "hours", "minute",
                              "minutes", "seconds", "weekend", "weekends"})
#: Whom a frequency may be counted over ("one crime per 85 people").
_FREQUENCY_PEOPLE = frozenset({"people", "persons", "residents", "inhabitants", "citizens"})
#: How far after its number a count's frequency words may stand ("one murder every 14 hours").
_FREQUENCY_REACH = 6


def _a_frequency(doc: Doc, last: int, value: float) -> bool:
    """Does the count ``value`` ending at ``last`` say how often, not how many: "one murder
    every 14 hours", ".87 homicides per day", "nearly one homicide a day", "one crime per 85
    people"? "850 cars stolen per month" and "two carjackings a day" are tallies over a month or
    a day (the real-news conventions); rates per 1,000 or more people are rates, read by the
    rate rules."""
    low, end = lowers(doc), min(len(doc), sentence_of(doc, last).end, last + 1 + _FREQUENCY_REACH)
    for i in range(last + 1, end - 1):
        if puncts(doc)[i]:
            return False
        if value <= 1 and low[i] in {"per", "a", "an", "each", "every"} and low[i + 1] in _FREQUENCY_SPANS:
            return True
        if low[i] in {"per", "every", "for"} and i + 2 < end and doc[i + 1].like_num:
            number = parse_number([texts(doc)[i + 1]])
            unit = low[i + 2]
            if unit in _FREQUENCY_SPANS or (unit in _FREQUENCY_PEOPLE and number is not None and number < 1000):
                return True
    return False


def _all_causes(doc: Doc, first: int, noun: int) -> bool:
    """Are the deaths at ``noun`` all of a place's deaths ("68 deaths overall", "total deaths",
    "all deaths", "deaths of all causes"), not those of one cause?"""
    before = set(lowers(doc)[max(0, first - 2):first]) | set(lowers(doc)[first + 1:noun])
    after = lowers(doc)[noun + 1:noun + 4]
    return bool(before & {"total", "all"}) or after[:1] == ["overall"] or after[:2] == ["of", "all"] \
        or after[:3] == ["from", "all", "causes"]


def _other_cause(doc: Doc, noun: int) -> bool:
    """Does a cause that is no offense follow the deaths at ``noun`` ("deaths from COVID-19",
    "died of natural causes")? "died from a drug-related overdose" names an offense."""
    i = noun + 1
    if i < len(doc) and lowers(doc)[i] == "due" and i + 1 < len(doc) and lowers(doc)[i + 1] == "to":
        i += 1
    elif i < len(doc) and lowers(doc)[i] in {"in", "during", "since", "this", "last", "so", "through"}:
        return False  # "died in 2015 from ...": a period first; the cause, if any, comes later
    if i >= len(doc) or lowers(doc)[i] not in {"from", "of", "to"}:
        return False
    # an offense mention over the words after "from" ("people died from drug overdoses" is one)
    return not any(start <= j < end for start, end, *_rest in doc.user_data.get(OFFENSES_KEY, ())
                   for j in range(i + 1, min(len(doc), i + 7)))


def _people_died(doc: Doc, i: int) -> int | None:
    """The "died" of "people died" / "residents have died" / "3,505 died" starting at ``i``, or None."""
    if i >= len(doc):
        return None
    j = i + 1 if lowers(doc)[i] in DYING_PEOPLE else i
    while j < len(doc) and j - i <= 3 and lowers(doc)[j] in DYING_HELPERS:
        j += 1
    return j if j < len(doc) and lowers(doc)[j] == "died" else None


def _count_ordinal(doc: Doc, m: Match) -> Draft:
    """"the city's 88th homicide of the year": the running total the ordinal names, with its
    offense right after it. Unless a place owns it or a year follows, it needs a period or a
    tally verb ("the 3rd shooting happened on Main Street" is one incident's order)."""
    (i,) = m.where("num")
    value = parse_digits(texts(doc)[i][:-2]) if texts(doc)[i][-2:].lower() in {"st", "nd", "rd", "th"} else None
    if value is None or value < 1:
        raise Refused(f"not an ordinal: {texts(doc)[i]!r}")
    reason = number_refusal(doc, i, i)
    if reason:  # "the Dec. 26th shooting": a date
        raise Refused(reason)
    lead = _lead_words(doc, i, 4)
    if lead & (NEGATIONS | LEGAL_CONTEXT | POLICE_ACTIONS):
        raise Refused("not a running total of crimes")
    # "the city's 88th homicide", "the 88th homicide of the year": a total, not one incident's order
    owned = i > 0 and lowers(doc)[i - 1] in {"'s", "’s"}
    of_year = any(t.lower_ == "year" or looks_like_year(t.text) for t in doc[i + 1:min(len(doc), i + 7)])
    return Draft(m.rule, i, i + 1, value, "none", "count", frozenset({i}), i + 1, offense_after=2,
                 needs_tally=not (owned or of_year))


#: Verbs that carry a figure to a new total: "brought the total to 1,373".
_RAISING_VERBS = frozenset({"brought", "brings", "bringing", "bring", "pushed", "pushes", "pushing", "raised",
                            "raises", "raising", "lifted", "lifting", "put", "puts", "took", "takes", "taking"})


def _level_named(doc: Doc, m: Match) -> Draft:
    """"that number was at 39": a level of the figure the paragraph is about (a rate when its
    sentence speaks of one). The claim starts at the figure word, so the paragraph lends it its
    offense ("that number" points back)."""
    noun = m.where("word")[0]
    link = doc[m.where("word")[-1]].lower_
    sent = sentence_of(doc, noun)
    # "brought the city's year-to-date shooting victim total to 1,373": the figure it reached
    raised = link == "to" and any(w in _RAISING_VERBS for w in lowers(doc)[max(sent.start, noun - 12):noun])
    points_back = raised or lowers(doc)[noun - 1] in _POINTING_LEADS or anaphoric_subject(doc, sent, noun)
    if link == "of" or (link == "to" and not raised) or noun == sent.start or not points_back:
        raise Refused("not the paragraph's figure ('that number was', 'the figure for X is')")
    value, first, last = _count_number(doc, m.where("num"))
    if _pct_after(doc, last) or _rate_unit(doc, last):
        raise Refused("a percent or a rate with its own base")
    reason = follower_refusal(doc, last)
    if reason and not reason.startswith("followed by"):
        raise Refused(reason)
    # "The figure for Baltimore is about 56": the figure the paragraph is about may be a rate
    about_rate = any(w in {"rate", "rates"} for w in lowers(doc)[max(0, sent.start - 40):sent.end])
    unit = _sentence_rate_unit(doc, first) if about_rate else "count"
    return Draft(m.rule, noun, last + 1, value, "none", unit, frozenset(range(first, last + 1)), last + 1,
                 qualifiers=qualifiers_before(doc, first))


def _count_labelled(doc: Doc, m: Match) -> Draft:
    """"Homicides: 12;": the figure after an offense and a colon or dash, closing its list item."""
    value, first, last = _count_number(doc, m.where("num"))
    mark = m.where("word")[0]
    label = next(((s, e) for s, e, _o, _d, generic in doc.user_data.get(OFFENSES_KEY, [])
                  if e == mark and not generic), None)
    if label is None:
        raise Refused("no offense right before the colon")
    if last + 1 < sentence_of(doc, first).end and texts(doc)[last + 1] not in {";", ",", ".", "(", "and"}:
        raise Refused("the figure does not close its list item")
    return Draft(m.rule, label[0], last + 1, value, "none", "count", frozenset(range(first, last + 1)), last + 1,
                 qualifiers=qualifiers_before(doc, first), needs_tally=True, offense_inside=True)


def _count_apposition(doc: Doc, m: Match) -> Draft:
    """"the number of shooting victims this year, 187": a count whose figure closes its clause."""
    value, first, last = _count_number(doc, m.where("num"))
    sent_end = sentence_of(doc, first).end
    if last + 1 < sent_end and texts(doc)[last + 1] not in {".", ",", ";", "—", "–", ")", '"', "”"}:
        raise Refused("the number does not close the clause: not the figure of 'the number of ...'")
    start = m.start - 1 if m.start > 0 and lowers(doc)[m.start - 1] in _POINTING_LEADS else m.start
    return Draft(m.rule, start, last + 1, value, "none", "count", frozenset(range(first, last + 1)), last + 1,
                 qualifiers=qualifiers_before(doc, first), offense_inside=True)


_POINTING_LEADS = frozenset({"that", "this", "the", "its", "their"})


_NOT_DESCRIBING = frozenset({"times", "more", "fewer", "less", "percent", "%", "per", "of", "than", "million",
                             "billion", "thousand", "hundred", "dollars"})


def _count_described(doc: Doc, m: Match) -> Draft:
    """"37 gang-related homicides": a count, with its offense after the words that describe it."""
    fill = m.where("fill")
    if not fill:
        raise Refused("no describing word: count.v2 reads it")
    if m.end < len(doc) and lowers(doc)[m.end] in NON_CRIME_TOPICS:
        raise Refused(f"'{texts(doc)[m.end]}': things, not crimes ('2,100 untested rape kits')")
    if any(lowers(doc)[i] in _NOT_DESCRIBING for i in fill):
        raise Refused("a comparison or a share ('1.6 times more murders'), not words describing a count")
    draft = _count(doc, m)
    if draft.offense_after is None:
        raise Refused("a generic noun after describing words")
    return replace(draft, end=max(draft.end, m.end), offense_after=draft.offense_after + len(fill))


def _rate(doc: Doc, m: Match) -> Draft:
    if any(doc[i].like_num or lowers(doc)[i] in PERCENT_WORDS for i in m.where("fill")):
        raise Refused("another number between the rate and its base")
    value, first, last = _number(doc, m.where("num"))
    low_at = _range_start(doc, first)
    if low_at is not None:  # "around 20- 24 murders per 100,000": a range, valued at its low end
        low = parse_number([texts(doc)[low_at].rstrip("-–")])
        if low is not None and low < value:
            value, first = low, low_at
    per = doc[m.where("per")[-1]].text.replace(",", "").lower()
    unit = "per_1000" if per in {"1000", "thousand"} else "per_100k"  # "per capita" misused for per 100,000
    if per == "capita" and value < 1:
        raise Refused("a per-person figure, not a rate per 100,000")
    direction = "none"
    for word in lowers(doc)[_lead_start(doc, first, 4):first]:
        if word in DECREASE_WORDS or word in DECREASE_NOUNS:
            direction = "decrease"
        elif word in {"rose", "rise", "rises", "increased", "climbed", "jumped", "up", "grew"}:
            direction = "increase"
    if direction == "none" and _reached_level(doc, first):
        # "increased by 29 percent from 2011 to about 817 per 100,000": the level the change reached
        direction = _direction_before(doc, first) or "none"
    end = m.end
    if end < len(doc) and lowers(doc)[end] in {"residents", "people", "population", "inhabitants", "persons"}:
        end += 1
    return Draft(m.rule, m.start, end, value, direction, unit, frozenset(range(first, last + 1)), last + 1,
                 qualifiers=qualifiers_before(doc, first))


_HEDGE_WORDS = frozenset(w for phrase, _kind in QUALIFIERS for w in phrase) - {"to"}


def _rate_place_item(doc: Doc, m: Match) -> Draft:
    """", Lake City at 22": a place's figure listed after a rate in the same sentence, in the
    rate's unit (per 1,000 when the sentence says so)."""
    value, first, last = _number(doc, m.where("num"))
    sent = sentence_of(doc, first)
    before = doc[sent.start:m.start]
    if not any(t.lower_ in {"rate", "rates"} or (t.lower_ == "per" and t.i + 1 < m.start
                                                and lowers(doc)[t.i + 1].replace(",", "") in _RATE_BASES)
               for t in before):
        raise Refused("no rate before the list of places")
    if _pct_after(doc, last) or (last + 1 < sent.end and lowers(doc)[last + 1] in {"percent", "%"}):
        raise Refused("a percent, not a rate")
    if looks_like_year(texts(doc)[first]):
        raise Refused("a year in brackets, not a rate")
    start = m.start + 1 if lowers(doc)[m.start] in {",", "and", "to", "with"} else m.start
    return Draft(m.rule, start, last + 1, value, "none", _sentence_rate_unit(doc, first),
                 frozenset(range(first, last + 1)), last + 1, qualifiers=qualifiers_before(doc, first),
                 place_item=texts(doc)[m.end - 1] == ")")


_RATE_BASES = frozenset({"100000", "1000", "thousand", "capita", "100k"})


def _reached_level(doc: Doc, first: int) -> bool:
    """Is the number at ``first`` the level a change reached: "... to (about) N", with the
    change's verb at most 12 tokens before, in the same clause?"""
    i = first - 1
    sent_start = sentence_of(doc, first).start
    while i > sent_start and lowers(doc)[i] in _HEDGE_WORDS:
        i -= 1
    if i < sent_start or lowers(doc)[i] != "to":
        return False
    low, text = lowers(doc), texts(doc)
    return any(low[k] in _DECREASE_BEFORE or low[k] in _INCREASE_BEFORE
               for k in range(max(sent_start, i - 12), i) if text[k] not in {";", "—", "–"})


def _range_start(doc: Doc, first: int) -> int | None:
    """The token of a range's low end before the number at ``first`` ("20- 24", "20 - 24"), or
    None ("from 12 to 15" is a change, not a range)."""
    sent_start = sentence_of(doc, first).start
    if first - 1 >= sent_start and texts(doc)[first - 1][:-1].replace(".", "").isdigit() \
            and texts(doc)[first - 1][-1] in "-–":
        return first - 1
    if first - 2 >= sent_start and texts(doc)[first - 1] in {"-", "–"} and doc[first - 2].like_num \
            and not looks_like_year(texts(doc)[first - 2]):
        return first - 2
    return None


def _rate_of(doc: Doc, m: Match) -> Draft:
    """"a murder rate of 4.5": the rate per 100,000 (per 1,000 when its sentence says so)."""
    value, first, last = _number(doc, m.where("num"))
    if _pct_after(doc, last):
        raise Refused("a percent rate (clearance, share), not a crime rate")
    if last + 1 < len(doc) and lowers(doc)[last + 1] in {"times", "fold"}:
        raise Refused("a multiple of another rate ('three times the national average'), not a rate")
    if any(doc[i].like_num and lowers(doc)[i - 1] != "per" for i in m.where("fill")):
        raise Refused("another number between 'rate' and its figure")
    reason = follower_refusal(doc, last)
    if reason and not reason.startswith("followed by"):  # "a murder rate of 9.4 was the highest"
        raise Refused(reason)
    unit = _sentence_rate_unit(doc, first)
    direction = "none"
    for token in doc[m.start:first]:
        if token.lower_ in DECREASE_WORDS:
            direction = "decrease"
        elif token.lower_ in INCREASE_WORDS:
            direction = "increase"
    start = m.start
    while start > sentence_of(doc, first).start and start > m.start - 4 and _is_rate_modifier(doc[start - 1]):
        start -= 1
        if lowers(doc)[start] in _BARE_RATE_LEADS:
            break  # "New York City had a rate of 596.7": the rate's name ends at its article
    # "a rate of 596.7", "Flint's 2010 rate was 2,210": a bare rate may be the paragraph's offense's;
    # "the poverty rate of 12" names its own topic, and needs an offense in the text
    previous = lowers(doc)[m.start - 1] if m.start > sentence_of(doc, first).start else ""
    bare = previous in _BARE_RATE_LEADS or looks_like_year(previous)
    return Draft(m.rule, start, last + 1, value, direction, unit, frozenset(range(first, last + 1)), last + 1,
                 qualifiers=qualifiers_before(doc, first), text_offense_only=not bare)


_BARE_RATE_LEADS = frozenset({"a", "the", "that", "this", "its", "their", "'s", "’s"})


def _is_rate_modifier(token: Token) -> bool:
    """Words of the rate's own name before "rate": "the homicide", "violent crime", "murder"."""
    return token.is_alpha and not token.is_punct and token.lower_ not in _NOT_RATE_MODIFIERS


_NOT_RATE_MODIFIERS = frozenset({"and", "or", "but", "while", "with", "had", "has", "have", "was", "is", "were", "are",
                                 "saw", "recorded", "reported", "posted"})


def _record(doc: Doc, m: Match, direction: str | None = None, since_year: bool = False) -> Draft:
    if any(lowers(doc)[i] == "by" for i in m.where("fill")):
        raise Refused("a record of a person ('the most by a rookie')")
    if direction is None:  # "lowest since", "fewer murders than any year since"
        direction = "decrease" if doc[m.where("sup")[0]].lower_ in RECORD_LOW | DECREASE_COMPARATIVES else "increase"
    start = m.start - 1 if m.start > 0 and lowers(doc)[m.start - 1] in {"the", "its", "their"} else m.start
    if any(lowers(doc)[i] == "than" for i in m.where("fill")):
        raise Refused("another comparison inside: the nearer 'fewer ... than any year' is the record")
    if since_year:
        than = next((i for i in range(m.start, m.end) if lowers(doc)[i] == "than"), None)
        if than is not None and than + 1 < m.end and doc[than + 1].like_num:
            raise Refused("'more than 13% since 2018' is a hedged figure, not a record")
        if than is not None and than + 1 < m.end and (lowers(doc)[than + 1] in MULTIPLIERS
                                                      or lowers(doc)[than + 1] in MULTIPLIER_WORDS):
            raise Refused("'more than doubled since 2015' is a hedged change, not a record")
        since = next(i for i in range(m.start, m.end) if lowers(doc)[i] == "since")
        after = {lowers(doc)[i] for i in m.where("fill") if i > since}
        year_figure = any(doc[i].like_num and not looks_like_year(texts(doc)[i]) for i in m.where("fill") if i > since)
        if after and not after & RECORD_START_WORDS and not year_figure:  # "since the 601 deaths in 2012"
            raise Refused("'since ... in YEAR' without a record-keeping start ('began tracking')")
        i = m.where("year")[0]
        year = int(_year_value(texts(doc)[i]))
        if not 1900 <= year <= 2100:
            raise Refused("not a year")
        # the superlative is a value token too: "at their highest level since 1990" is one record
        return Draft(m.rule, start, m.end, float(year), direction, "year", frozenset({i, *m.where("sup")[:1]}), i + 1)
    span_i = m.where("span")[0]
    span_word = lowers(doc)[span_i]
    count: float | None = None
    counted = False  # a number, not just "a" ("in a decade" is fine, "in a years" is not)
    nums = m.where("num")
    if nums:
        count, counted = parse_number([doc[nums[0]].text]), True
    else:
        for i in m.where("adv"):
            w = lowers(doc)[i]
            if w == "a":
                count = count or 1
            elif w == "half":  # "half a century": 50 years
                count, counted = 0.5, True
            elif w in UNITS_WORDS:
                count, counted = UNITS_WORDS[w], True
    if count is None and span_word in {"decade", "century"}:
        count = 1  # "in the past decade"
    # "of the past few decades", "the most in decades": a span of no stated length
    vague = count is None and (any(lowers(doc)[i] in {"few", "several"} for i in m.where("adv"))
                               or span_word in {"decades", "centuries"})
    if not vague and (count is None or (span_word in {"years", "year"} and not counted)):
        raise Refused("record span without a length")
    # "of the past few decades": a span of no stated length
    value = None if vague or count is None else float(count * RECORD_SPAN_WORDS[span_word])
    quals: tuple[str, ...] = ()
    adv_words = tuple(lowers(doc)[i] for i in m.where("adv"))
    if "more" in adv_words or "over" in adv_words:
        quals = ("more_than",)
    elif "nearly" in adv_words or "almost" in adv_words:
        quals = ("nearly",)
    # the superlative is a value token too: "the most on record over the last 20 years" is one record
    return Draft(m.rule, start, m.end, value, direction, "years", frozenset({span_i, *m.where("sup")[:1]}), span_i + 1,
                 qualifiers=quals)


def _record_extreme(doc: Doc, m: Match) -> Draft:
    """"a 10-year low": the span in years, direction from low/high."""
    idxs = [i for i in m.where("num") if texts(doc)[i] != "-"]
    value = parse_number([texts(doc)[i] for i in idxs])
    if value is None or not 1 < value <= 200:
        raise Refused("not a span of years")
    direction = RECORD_EXTREMES[doc[m.where("sup")[0]].lower_]
    span = RECORD_SPAN_WORDS[doc[m.where("span")[0]].lower_]
    start = m.start - 1 if m.start > 0 and lowers(doc)[m.start - 1] in {"a", "an", "the"} else m.start
    return Draft(m.rule, start, m.end, value * span, direction, "years", frozenset(idxs), m.end)


def _rate_unit(doc: Doc, last: int) -> str | None:
    """"per_100k" after "8.2 per 100,000", "per_1000" after "per 1,000", else None."""
    if last + 2 < len(doc) and lowers(doc)[last + 1] in {"per", "every"}:
        base = texts(doc)[last + 2].replace(",", "").lower()
        return {"100000": "per_100k", "100k": "per_100k", "1000": "per_1000"}.get(base)
    return None


def _pct_after(doc: Doc, last: int) -> bool:
    """Is the number followed by a percent sign ("%", "percent", "per cent", not "per 100,000")?"""
    if last + 1 >= len(doc) or lowers(doc)[last + 1] not in PERCENT_WORDS:
        return False
    return lowers(doc)[last + 1] != "per" or doc[last + 2:last + 3].text.lower() == "cent"


def _year_pair(doc: Doc, m: Match) -> Draft:
    """"51 homicides in 2023 and 36 in 2024": the figure of the later year is the new one."""
    a, a_first, a_last = _count_number(doc, m.where("num"))
    b, b_first, b_last = _count_number(doc, m.where("num2"))
    years = [int(texts(doc)[i]) for i in m.where("year")]
    if len(years) != 2 or years[0] == years[1] or not all(1900 <= y <= 2100 for y in years):
        raise Refused("not two different years")
    if _pct_after(doc, a_last) or _pct_after(doc, b_last):
        raise Refused("percents, not counts")
    for last in (a_last, b_last):
        reason = follower_refusal(doc, last)
        if reason:
            raise Refused(reason)
    if _list_goes_on(doc, m.end) or _list_came_before(doc, m.start):
        raise Refused("a list of three or more years: each figure is its own count")
    sent = sentence_of(doc, m.start)
    if any(w in COMPARE_WORDS for w in lowers(doc)[sent.start:m.start]):
        raise Refused("items of a 'compared with' list: each is a baseline of the figure before the list")
    later = years[1] > years[0]
    (new, new_first, new_last), old = ((b, b_first, b_last), a) if later else ((a, a_first, a_last), b)
    old_tokens = frozenset(range(a_first, a_last + 1)) if later else frozenset(range(b_first, b_last + 1))
    direction = direction_between(old, new)
    tokens = frozenset(range(a_first, a_last + 1)) | frozenset(range(b_first, b_last + 1))
    return Draft(m.rule, m.start, m.end, new, direction, "count", tokens, max(a_last, b_last) + 1,
                 from_value=old, qualifiers=qualifiers_before(doc, new_first), from_tokens=old_tokens)


def _list_came_before(doc: Doc, start: int) -> bool:
    """Does an "N ... in YEAR" item end just before ``start`` ("12 in 2021, 9 in 2022 and ...",
    "789 shooting incidents in all of 2017, just 754 in 2018, ...")?"""
    i = start - 1
    while i >= 0 and lowers(doc)[i] in _LIST_ITEM_GAPS:
        i -= 1
    if i < 1 or not looks_like_year(texts(doc)[i]) or lowers(doc)[i + 1] not in {",", ";", "and"}:
        return False
    return any(t.like_num and any(ch.isdigit() for ch in t.text) and not looks_like_year(t.text)
               for t in doc[max(0, i - 10):i])


#: Words between two items of a list of yearly counts: ", just 754 in 2018", "; and only 9".
_LIST_ITEM_GAPS = frozenset({",", "and", ";", "just", "only", "about", "nearly", "roughly", "then", "some"})


def _list_goes_on(doc: Doc, end: int) -> bool:
    """Does another "N in YEAR" item follow at ``end`` (", 26 in 2021", "and 33 in 2020")?"""
    words = [t for t in doc[end:end + 5] if t.lower_ not in {",", "and", ";"}]
    return (len(words) >= 3 and words[0].like_num and words[1].lower_ in {"in", "for"}
            and looks_like_year(words[2].text))


_DURATIONS = frozenset({"months", "weeks", "days", "years", "quarters", "hours"})


def _figure_between(doc: Doc, m: Match) -> bool:
    """Is there another figure (digits; not a year, not a day after a month) between the two
    numbers of a filled pair? "35 in 2023, and 141 shootings, up from 128": 141 is the pair."""
    firsts = [i for role in ("old", "new", "num", "num2") for i in m.where(role)]
    if len(firsts) < 2:
        return False
    lo, hi = min(firsts), max(firsts)
    for i in m.where("fill"):
        token = doc[i]
        if not lo < i < hi or not token.like_num or not any(ch.isdigit() for ch in token.text):
            continue
        if looks_like_year(token.text) or (i > 0 and lowers(doc)[i - 1] in MONTHS):
            continue
        if token.text[-2:].lower() in _ORDINAL_ENDINGS and token.text[:-2].isdigit():
            continue  # "the nation's 11th-largest city": a rank, not a figure
        if i + 1 < len(doc) and lowers(doc)[i + 1] in _DURATIONS:
            continue  # "through the first 10 months of 2013": a span, not a figure
        if _pct_after(doc, i) and any(lowers(doc)[j] in FROM_LEAD_WORDS for j in range(i + 1, min(i + 4, hi))):
            continue  # "1,094 crimes, a 10% decrease from the 1,220": the change between the two
        return True
    return False


_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
_CLAUSE_JOINS = frozenset({"and", "but", "while", "whereas"})


def _clause_year(doc: Doc, indices: range, stops: frozenset[str]) -> int | None:
    """The first year met walking ``indices`` before a clause mark in ``stops``: the year of the
    words before a figure ("In 2023, that number was at 39") or after it ("56 homicides in
    Milwaukee at this same point in 2022")."""
    for i in indices:
        if texts(doc)[i] in stops:
            return None
        if looks_like_year(texts(doc)[i]):
            return int(texts(doc)[i])
    return None


_BEFORE_STOPS = frozenset({";", ":"})
_AFTER_STOPS = frozenset({",", ";", ":"})


def _same_kind_of_figure(doc: Doc, a_last: int, b_last: int, *, after_comma: bool = False,
                         cmp: int | None = None) -> None:
    """"171 homicides while 2022 saw 211": both counts of one offense, or it is no pair
    ("23 homicides while 45 shootings", "fell 12% while robberies rose 8%"). With ``after_comma``
    (", whereas there were 366 in 2022") the second figure must end at its period or the
    sentence's end."""
    if _pct_after(doc, a_last) or _pct_after(doc, b_last):
        raise Refused("percents on both sides of 'while' are two changes, not a pair")

    def offense_words(last: int) -> set[str]:
        return {t.lower_.rstrip("s") for t in doc[last + 1:last + 4] if t.lower_ in OFFENSE_TERMS}

    a, b = offense_words(a_last), offense_words(b_last)
    if a and b and not a & b:
        raise Refused("different offenses on the two sides of 'while'")
    opener = doc[cmp + 1] if cmp is not None and cmp + 1 < len(doc) else None
    if after_comma and opener is not None and opener.is_title and opener.lower_ not in MONTHS:
        raise Refused("', while Lake City logged 37': another place or body, not another period")
    if after_comma and a_last + 1 < len(doc) and lowers(doc)[a_last + 1] == "of":
        raise Refused("a part ('20 of them at night, whereas ...'): the clauses' counts pair (contrast_pairs)")
    if after_comma and not b and b_last + 1 < len(doc) and lowers(doc)[b_last + 1] not in _PAIRED_FIGURE_ENDS:
        # ", whereas there were 366 in 2022" pairs; ", while 50 people were wounded" is its own figure
        raise Refused("after a comma, 'while' starts a clause about another figure")


#: What may follow the second figure of ", whereas there were 366": its period, or the sentence's end.
_PAIRED_FIGURE_ENDS = frozenset({"in", "during", "for", "last", "this", "so", "through", "a", "the", "at",
                                 ",", ".", ";", ")", "—", "–"})


def _balanced(doc: Doc, idxs: list[int]) -> bool:
    """Does every bracket the tokens open close among them, and every one they close open there?"""
    depth = 0
    for i in idxs:
        if texts(doc)[i] in {"(", "["}:
            depth += 1
        elif texts(doc)[i] in {")", "]"}:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


#: Words that open a relative clause about the figure before them (", which is up from 480").
_RELATIVES = frozenset({"which", "that"})
#: Words after "from" that open a baseline, not where the crimes were.
_BASELINE_OPENERS = frozenset({"the", "a", "an", "last", "this", "that", "its", "their", "about", "nearly",
                               "around", "roughly", "approximately", "more", "less", "over", "under", "just",
                               "only", "previous", "prior", "same", "year", "years"})


def _from_a_place(doc: Doc, i: int) -> bool:
    """Is the "from" at ``i`` part of a date range ("from Jan. 1 through") or of where the crimes
    were ("thefts from cars", "burglaries from sheds"), not the opening of an older figure?"""
    if i + 1 >= len(doc):
        return False
    after = lowers(doc)[i + 1]
    return after in MONTHS or (doc[i + 1].is_alpha and after not in _BASELINE_OPENERS
                               and after not in UNITS_WORDS and after not in TENS_WORDS and not doc[i + 1].is_title)


#: Finite verbs that show a new clause with its own subject inside a from-to's fill.
_FINITE_LINKS = frozenset({"were", "was", "is", "are", "has", "have", "had"})


def _from_to(doc: Doc, m: Match) -> Draft:
    if any(lowers(doc)[i] in {"per", "every", "/"} for i in m.where("fill")):
        raise Refused("rates ('from 16.5 per 1,000 ... to 23.5'): the rate rules pair them")
    if m.spec.filled_pair and _figure_between(doc, m):
        raise Refused("another figure between the two: the nearer one is the pair")
    fill = m.where("fill")
    if m.spec.filled_pair and not _balanced(doc, fill):
        raise Refused("the two figures sit in different list items ('rape (up from 1 to 2), theft (up from 55')")
    comma = next((i for i in fill if texts(doc)[i] == ","), None)
    if m.spec.filled_pair and comma is not None and any(lowers(doc)[j] in _FINITE_LINKS
                                                         and lowers(doc)[j - 1] not in _RELATIVES
                                                         for j in fill if j > comma + 1):
        raise Refused("a clause with its own subject between the two ('37, traffic offenses were down from 716')")
    news = m.where("new")
    if news and m.where("old") and news[0] < m.where("old")[0] \
            and any(t.lower_ == "from" for t in doc[max(0, news[0] - 2):news[0]]):
        raise Refused("the first number is itself an older figure ('to 29 from 35 in 2023, and down from 48')")
    breaks = [i for i in fill if i + 1 in fill and lowers(doc)[i] == "," and lowers(doc)[i + 1] in _CLAUSE_JOINS]
    if breaks and any(lowers(doc)[j] in OFFENSE_TERMS for j in fill if j > breaks[0]):
        raise Refused("the two numbers sit in clauses about different offenses (', and homicides, ...')")
    if any(lowers(doc)[i] == "from" and not _from_a_place(doc, i) for i in fill):
        raise Refused("another 'from' between the two (only a date range, 'from Jan. 1 through', or where the "
                      "crimes were, 'thefts from cars', may stand there)")
    if m.where("cmp") and doc[m.where("cmp")[0]].lower_ in {"while", "whereas"}:
        cmp = m.where("cmp")[0]
        _same_kind_of_figure(doc, m.where("num")[-1], m.where("num2")[-1], after_comma=texts(doc)[cmp - 1] == ",",
                             cmp=cmp)
    if m.where("cmp") and m.where("num") and m.where("num2") \
            and all(_percent_follows(doc, m.where(r)[-1]) for r in ("num", "num2")):
        raise Refused("two percents compared ('rose 12%, compared with 8%'; '41% of all shootings'): "
                      "changes or shares, not one figure's from-to")
    if m.where("old"):
        old, old_first, old_last = _count_number(doc, m.where("old"))
        new, new_first, new_last = _count_number(doc, m.where("new"))
    else:
        a, a_first, a_last = _count_number(doc, m.where("num"))
        b, b_first, b_last = _count_number(doc, m.where("num2"))
        if b_last + 1 < len(doc) and lowers(doc)[b_last + 1] in {"total", "overall", "all"}:
            raise Refused("a part compared with the whole ('40 pedestrians ..., compared to 125 total "
                          "traffic fatalities')")
        # "X compared with Y": Y is the older figure unless words after it say it is the newer.
        after = doc[b_last + 1:b_last + 6]
        after_b = {t.lower_ for t in after}
        dated = any(looks_like_year(t.text) for t in after) or after_b & {"time", "point", "period", "same"}
        b_is_new = bool(after_b & PRESENT_MARKERS) and not after_b & PAST_MARKERS and not dated
        # "6,300 at this time last year, compared to 8,384 year-to-date": the first is the older
        after_a = {t.lower_ for t in doc[a_last + 1:m.where("cmp")[0]]}
        later = doc[b_last + 1:b_last + 9].text.lower()
        current = after_b & PRESENT_MARKERS or "to-date" in later or "to date" in later
        if current and after_a & {"last", "previous", "prior", "ago"} and not after_b & PAST_MARKERS \
                and not any(looks_like_year(t.text) for t in after):
            b_is_new = True
        # the periods decide, not the order: "63 in 2021, compared with 48 last year"
        year_a = next((int(t.text) for t in doc[a_last + 1:m.where("cmp")[0]] if looks_like_year(t.text)), None)
        if year_a is None:  # "In 2023, that number was at 39, while there were 56 ... in 2022"
            year_a = _clause_year(doc, range(a_first - 1, max(sentence_of(doc, a_first).start, a_first - 8) - 1, -1),
                                  _BEFORE_STOPS)
        year_b = _clause_year(doc, range(b_last + 1, min(sentence_of(doc, b_last).end, b_last + 11)), _AFTER_STOPS)
        if year_a is not None and year_b is not None and year_a != year_b:
            b_is_new = year_b > year_a
        elif (year_a is not None and year_b is None and after_b & (PRESENT_MARKERS | {"last"})
              and not after_b & {"same", "period", "time", "point"}
              and not (after_a & PRESENT_MARKERS and after_b & PAST_MARKERS)):
            # "48 last year" after "63 in 2021" is newer; "the same period last year" is always
            # the earlier span of the claim's own period, and "last year" after "so far in 2023"
            # the year before it
            b_is_new = True
        if b_is_new:
            new, new_first, new_last, old, old_first, old_last = b, b_first, b_last, a, a_first, a_last
        else:
            new, new_first, new_last, old, old_first, old_last = a, a_first, a_last, b, b_first, b_last
    pct_old, pct_new = _pct_after(doc, old_last), _pct_after(doc, new_last)
    if pct_old != pct_new:
        raise Refused("a percent compared with a count")
    if pct_new:  # "the reporting rate fell from 81% to 72%", "the clearance rate from 60% to 45%"
        raise Refused("two percents: a share or a percent rate moved, not a count of crimes")
    for last in (old_last, new_last):
        reason = None if _rate_unit(doc, last) else follower_refusal(doc, last)
        if reason and reason != "percent" and not (reason.startswith("followed by")
                                                   and described_offense_follows(doc, last)):
            raise Refused(reason)  # "19 bank robberies ... compared to six" is fine
    direction = direction_between(old, new)
    tokens = frozenset(range(old_first, old_last + 1)) | frozenset(range(new_first, new_last + 1))
    unit = "percent" if pct_new else _rate_unit(doc, new_last) or "count"
    end = max(m.end, new_last + 2 if pct_new else m.end)
    same_noun = _same_counted_noun(doc, old_last, new_last)
    return Draft(m.rule, m.start, min(end, len(doc)), new, direction, unit, tokens, max(old_last, new_last) + 1,
                 from_value=old, qualifiers=qualifiers_before(doc, new_first),
                 from_tokens=frozenset(range(old_first, old_last + 1)),
                 # "19 such incidents ... compared to six": the offense the text named before; so for
                 # "40,200 deaths compared with 37,757 deaths": both figures count the same deaths
                 text_offense_only=m.spec.text_offense_only and not any(
                     lowers(doc)[i] == "such" for i in range(new_last + 1, min(len(doc), new_last + 3)))
                 and not same_noun,
                 counts_deaths=same_noun and lowers(doc)[new_last + 1] in DEATH_NOUNS)


def _same_counted_noun(doc: Doc, a_last: int, b_last: int) -> bool:
    """Are both figures followed by the same generic counted noun ("40,200 deaths compared with
    37,757 deaths")?"""
    if max(a_last, b_last) + 1 >= len(doc):
        return False
    a, b = lowers(doc)[a_last + 1], lowers(doc)[b_last + 1]
    return a == b and a in GENERIC_COUNT_NOUNS


def _percent_follows(doc: Doc, i: int) -> bool:
    return i + 1 < len(doc) and lowers(doc)[i + 1] in PERCENT_WORDS


#: Words before "to" that open a list of earlier figures, not a chain's next step ("compared to
#: 40 in 2015 and 47 in 2014").
_LIST_OF_EARLIER_LEADS = COMPARE_PHRASE_WORDS | {"close", "similar"}


def _from_to_chain(doc: Doc, m: Match) -> Draft:
    """A later step of "from 190 in 2016 to 161 in 2017 to 141 in 2018": the step's older number is
    the earlier step's newer one, so only the new number is this claim's own value token."""
    first_to = m.where("to")[0]
    if first_to > 0 and lowers(doc)[first_to - 1] in _LIST_OF_EARLIER_LEADS:
        raise Refused("'compared to 40 in 2015 and 47 in 2014': a list of earlier figures, not a chain")
    draft = _from_to(doc, m)
    new_tokens = draft.value_tokens - draft.from_tokens
    start = min(draft.from_tokens)
    return replace(draft, start=start, value_tokens=new_tokens)


#: Builders by name; a claim rule names its own (``Rule(builder="percent")``).
BUILDERS: dict[str, Callable[[Doc, Match], Draft]] = {
    "percent": _percent, "percent_or_fraction": _percent_or_fraction, "percent_range": _percent_range,
    "percent_ellipsis": _percent_ellipsis, "signed_percent": _signed_percent, "fraction": _fraction,
    "multiplier": _multiplier, "multiplier_times": _multiplier_times, "multiplier_compare": _multiplier_compare,
    "flat": _flat, "count_change": _count_change, "count_more": partial(_count_change, more=True),
    "from_to": _from_to, "from_to_chain": _from_to_chain, "year_pair": _year_pair, "count": _count, "count_ordinal": _count_ordinal, "level": _level, "level_at": _level_at,
    "baseline_alone": _baseline_alone, "count_in_brackets": _count_in_brackets,
    "rate": _rate, "count_killed": _count_killed, "count_with": _count_with, "count_none": _count_none, "count_subset": _count_subset,
    "rate_place_item": _rate_place_item, "count_described": _count_described,
    "level_named": _level_named, "count_apposition": _count_apposition, "count_labelled": _count_labelled,
    "record_first_time": _record_first_time, "record_not_seen": _record_not_seen,
    "record_since": partial(_record, since_year=True), "record_span": _record, "record_extreme": _record_extreme,
    "record_history": _record_history, "count_in_year": _count_in_year, "record_last_time": _record_last_time,
    "rate_of": _rate_of, "count_peak": _count_peak, "percent_place_item": _percent_place_item,
}
