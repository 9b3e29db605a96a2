"""Claim assembly: from the spans the components left on a Doc to frozen `Claim` records.

Each rule match goes to its builder (extract/builders.py), which makes a `Draft` or refuses it.
Drafts then get their offense, period and place; where two drafts use the same number token,
the one from the higher-priority rule (then the longer one) wins. No spaCy object leaves here.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import replace
from itertools import groupby

from spacy.tokens import Doc, Span

from extract.arithmetic_pairs import pair_by_arithmetic
from extract.builders import BUILDERS, Draft, Match, Refused, direction_between
from extract.columns import like_nums, lowers, positions, puncts, sentence_of, texts
from extract.components import ROLES_KEY
from extract.context import TextBefore
from extract.contrast_pairs import pair_contrasted_counts
from extract.dated_pairs import pair_dated_counts
from extract.filters import looks_like_year
from extract.number_roles import SPANS_KEY as NUMBER_ROLES_KEY
from extract.number_roles import learned_drafts
from extract.numbers import implausible
from extract.patterns import Rule, rule_by_id
from extract.resolve import (
    OffenseChoice,
    OffenseIndex,
    OffenseMention,
    PeriodPhrase,
    choose_offense,
    choose_place,
    city_mentions,
    clause_starts,
    coordinated_offenses,
    for_a_region,
    period_phrases,
    period_texts,
    relative_asides,
)
from extract.vocab import (
    CATEGORY_NOUNS,
    COMPARE_WORDS,
    COUNT_VERBS,
    COUNTERFACTUAL_MODALS,
    DEATH_OFFENSES,
    DECREASE_NOUNS,
    DECREASE_WORDS,
    ENFORCEMENT_NOUNS,
    GOAL_WORDS,
    PER_TIME_ADVERBS,
    PER_TIME_BLOCKERS,
    PER_TIME_LEADS,
    PER_TIME_UNITS,
    TALLY_PARTICIPLES,
    TALLY_VERBS,
)
from records.claim import (
    AVERAGE_QUALIFIER,
    PER_TIME_QUALIFIER,
    SAME_SPAN_QUALIFIER,
    WIDER_AREA_QUALIFIER,
    Claim,
    Document,
)

logger = logging.getLogger(__name__)


def _incident(doc: Doc, after: int) -> bool:
    """"killed in a crash", "shot at a party": the count is one event, not a statistic."""
    words = lowers(doc)[after:after + 2]
    return len(words) == 2 and words[0] in {"in", "at", "during", "after"} and words[1] in {"a", "an"}


_IMPERATIVES = frozenset({"reduce", "cut", "lower", "decrease", "increase", "raise", "halve"})


class _OtherClaims:
    """"Is token i inside another kept claim than the k-th?", asked only of a few mentions (a set
    of every other claim's tokens, built per claim, grew with the square of claims per Doc)."""

    def __init__(self, spans: list[tuple[int, int]], k: int) -> None:
        self.spans, self.k = spans, k

    def __contains__(self, i: object) -> bool:
        return isinstance(i, int) and any(a <= i < b for j, (a, b) in enumerate(self.spans) if j != self.k)


def _goal_or_counterfactual(doc: Doc, sent: Span, start: int) -> str | None:
    """Why the figure at ``start`` is a goal, a counterfactual or a question, not a statistic, or
    None: "pledged to cut killings by 15%", "we would have seen a 7% decrease", "Reduce thefts by
    5%", "Was Riverton really 50 percent safer?"."""
    low = lowers(doc)
    lead = low[max(sent.start, start - 8):start]
    if set(lead[-6:]) & GOAL_WORDS:
        return "a goal or a hope"
    trail = low[start:min(sent.end, start + 14)]
    copula = next((k for k, w in enumerate(trail) if w in {"was", "is", "remains", "be", ","}), None)
    if copula is not None and trail[copula] != "," and set(trail[copula + 1:copula + 5]) & {"goal", "target", "aim"}:
        return "a goal ('fewer than 100 homicides was an achievable goal')"
    if any(a in COUNTERFACTUAL_MODALS and b in {"have", "'ve", "’ve"} for a, b in zip(lead, lead[1:], strict=False)):
        return "a counterfactual ('would have')"
    first = low[sent.start]
    if sent.start <= start and first in _IMPERATIVES and doc[sent.start].is_title:  # "Reduce thefts by 5%": a to-do
        return "an aim written as an instruction"
    if first in _QUESTION_AUXILIARIES and _last_mark(doc, sent) == "?":
        return "a yes-or-no question ('Have we really seen a 24% increase?'), not a statement"
    return None


def _last_mark(doc: Doc, sent: Span) -> str | None:
    """The text of the sentence's last token that is not a space, a closing quote or bracket."""
    text = texts(doc)
    for i in range(sent.end - 1, sent.start - 1, -1):
        if text[i] not in _CLOSING_MARKS and not text[i].isspace():
            return text[i]
    return None


#: Marks that may follow a sentence's full stop or question mark.
_CLOSING_MARKS = frozenset({'"', "”", "’", "'", ")"})


#: First words of a yes-or-no question: what it asks about is not stated as a fact.
_QUESTION_AUXILIARIES = frozenset("""
have has had is are was were did do does can could will would should shall might may
""".split())


def _has_tally(doc: Doc, phrases: list[PeriodPhrase], sent: Span, first: int) -> bool:
    if any(sent.start <= p.start < sent.end for p in phrases if p.aggregate):
        return True
    if _area_wide(sent):  # "Last week, 34 people were struck by gunfire across the city"
        return True
    if any(w in COUNT_VERBS or w in _YEAR_END_VERBS for w in lowers(doc)[max(sent.start, first - 3):first]):
        return True
    if first - 1 > sent.start and lowers(doc)[first - 1] in {"and", ",", "&"}:
        # "ended June with 54 shootings and 18 homicides": the list's tally verb counts for each item
        earlier = next((i for i in reversed(positions(doc, max(sent.start, first - 6), first - 1)) if like_nums(doc)[i]),
                       None)
        if earlier is not None and not looks_like_year(texts(doc)[earlier]):
            return _has_tally(doc, phrases, sent, earlier)
    # "nine homicides reported", "362 burglaries were reported to the sheriff's office"; not one
    # night's incidents ("Three homicides reported early Friday")
    low = lowers(doc)
    for i in positions(doc, first + 1, min(sent.end, first + 5)):
        if low[i] in TALLY_PARTICIPLES:
            return not any(w in _INCIDENT_TIMES for w in low[i + 1:min(sent.end, i + 4)])
    return False


#: Words that make a count one of a whole area, not of one incident.
_AREA_WIDE = frozenset({"citywide", "city-wide", "countywide", "county-wide", "statewide", "nationwide"})
_AREAS = frozenset({"city", "county", "state", "country", "nation", "region", "district"})


def _area_wide(sent: Span) -> bool:
    """Does the sentence say its figures cover a whole area ("citywide", "across the city")?
    Worked out once per sentence."""
    doc = sent.doc
    seen = doc.user_data.setdefault(_AREA_WIDE_KEY, {})
    if sent.start not in seen:
        words = lowers(doc)[sent.start:sent.end]
        seen[sent.start] = any(w in _AREA_WIDE or (w == "across" and not _AREAS.isdisjoint(words[k + 1:k + 3]))
                               for k, w in enumerate(words))
    return seen[sent.start]


#: doc.user_data key of `_area_wide`'s answers, by sentence start.
_AREA_WIDE_KEY = "area_wide"


#: A count of crimes or victims this large is a tally, never one incident ("465 victims were shot
#: and killed"), so it needs no period or tally verb to be a statistic.
AGGREGATE_COUNT = 100


def _aggregate(doc: Doc, draft: Draft, choice: OffenseChoice) -> bool:
    """Is the count so large, and its offense named by the text itself (not a generic "deaths"
    or "cases" given an offense from elsewhere), that it can only be a tally? Not the total a
    part is taken of ("Of the 226 homicides, police made an arrest in 66")."""
    first = min(draft.value_tokens)
    return (draft.value is not None and draft.value >= AGGREGATE_COUNT and choice.source == "text"
            and choice.mention is not None and not choice.mention.generic
            and not (first > 1 and lowers(doc)[first - 1] == "the" and lowers(doc)[first - 2] == "of"))


#: Verbs of a year's or a span's final tally: "will end 2018 with 143 murders", "2013 will see 27".
_YEAR_END_VERBS = frozenset({"see", "end", "ended", "ends", "finish", "finished", "close", "closed", "leave",
                             "leaves", "left"})
#: Words of one day's news after "reported": "reported early Friday", "reported overnight".
_INCIDENT_TIMES = frozenset({"early", "late", "overnight", "monday", "tuesday", "wednesday", "thursday", "friday",
                             "saturday", "sunday", "yesterday", "today", "tonight", "morning", "evening", "night"})


def claims_from_doc(doc: Doc, document: Document, before: TextBefore | None = None,
                    topic: OffenseMention | None = None) -> list[Claim]:
    """The claims of one annotated Doc, in text order, with offsets into ``document.text``.

    ``before`` gives what the text before the Doc holds, when the Doc is a screened region of
    a longer text (extract/screen.py): offenses named just before it, the last city named.
    ``topic`` is the offense the document's headline names (extract/headline.py), the last
    source of an offense for a sentence that names none."""
    spans = doc.spans["claims"] if "claims" in doc.spans else []
    if not spans and not doc.spans.get(NUMBER_ROLES_KEY):
        return []
    roles = doc.user_data.get(ROLES_KEY, [])
    index = OffenseIndex(doc, before=before.offenses if before is not None else None, topic=topic)
    phrases = period_phrases(doc)
    cities = city_mentions(doc)
    candidates: list[tuple[int, Rule, Match, Span, Draft, Span]] = []
    # figures of matches refused as no statistic of crimes (a share, arrests, one incident, a
    # goal): the learned reader may not read them either. Matches refused only for want of an
    # offense or a tally stay open to it.
    vetoed: set[int] = set()
    for k, (span, span_roles) in enumerate(zip(spans, roles, strict=True)):
        found = _candidate(doc, span, span_roles, vetoed)
        if found is not None:
            candidates.append((k, *found))
    # The checks cost most of assembly, so they run highest priority first: a draft whose number
    # a kept draft of higher priority uses loses the dedup below whatever they say (and is no
    # apposition either: `_appositions` passes used numbers over), so it is not checked at all.
    # Within a priority, drafts keep span order, and the dedup is the one over all drafts sorted
    # by (priority, length, start).
    candidates.sort(key=lambda c: -c[1].priority)
    used: set[int] = set()
    kept: list[tuple[Draft, Span, OffenseChoice]] = []
    orphans: list[tuple[int, int, Draft, Span]] = []  # (span index, priority, draft, sentence)
    for priority, group in groupby(candidates, key=lambda c: c[1].priority):
        drafts: list[tuple[Draft, Span, OffenseChoice]] = []
        for k, _rule, match, span, draft, sent in group:
            if draft.value_tokens & used:
                continue
            checked, choice = _checked(doc, index, phrases, match, span, draft, sent, vetoed)
            if checked is None:
                continue
            if choice is None:
                orphans.append((k, priority, checked, sent))
            else:
                drafts.append((checked, sent, choice))
        drafts.sort(key=lambda d: (-(d[0].end - d[0].start), d[0].start))
        for draft, sent, choice in drafts:
            if draft.value_tokens & used:
                continue
            used |= draft.value_tokens
            kept.append((draft, sent, choice))
    if doc.spans.get(NUMBER_ROLES_KEY):  # candidates the learned reader may read
        taken = used | vetoed
        for _k, _p, draft, _s in orphans:
            taken |= draft.value_tokens | draft.from_tokens
        for draft, _s, _c in kept:
            taken |= draft.from_tokens
        for draft, sent, choice in _learned(doc, index, taken):
            if not draft.value_tokens & used:
                used |= draft.value_tokens
                kept.append((draft, sent, choice))
    orphans.sort(key=lambda o: o[0])  # span order, as `_appositions` takes them
    held = [(priority, draft, sent) for _k, priority, draft, sent in orphans]
    for draft, sent, choice in _appositions(doc, held, kept, used):
        used |= draft.value_tokens
        kept.append((draft, sent, choice))
    periods = _periods(kept, phrases)
    # a baseline read from "from last year" or "than in 2023", with no period beside it, stays
    # a baseline: "had 41 homicides, down 8 percent from last year" is not a count of last year
    compared = [period is None and baseline is not None
                and any(p.compares and p.text == baseline and sent.start <= p.start < sent.end for p in phrases)
                for (baseline, period), (_d, sent, _c) in zip(periods, kept, strict=True)]
    claims = []
    spans = [(d.start, d.end) for d, _s, _c in kept]
    respective: dict[int, tuple[list[OffenseMention], list[int]]] = {}
    for k, (draft, sent, choice) in enumerate(kept):
        claim = _claim(doc, document, draft, sent, choice, periods[k], compared[k], cities,
                       before.last_city if before is not None else None)
        claims.append(claim)
        spec = rule_by_id(draft.rule)
        if choice.mention is not None and choice.source == "text" and not (spec is not None and spec.one_offense):
            seen = {(claim.offense, claim.offense_detail)}
            taken = _OtherClaims(spans, k)
            listed = coordinated_offenses(doc, index, sent, choice.mention, taken)
            if listed and "respectively" in lowers(doc)[sent.start:sent.end]:
                # "Homicides and shootings fell 14 percent and 9 percent, respectively": one offense a figure
                group = respective.setdefault(sent.start, (sorted([*listed, choice.mention], key=lambda m: m.start), []))
                group[1].append(len(claims) - 1)
                continue
            for other in listed:
                if (other.offense, other.detail) not in seen:  # the same figure for each listed offense
                    seen.add((other.offense, other.detail))
                    claims.append(replace(claim, offense=other.offense, offense_detail=other.detail))
    for listed_offenses, at in respective.values():
        at.sort(key=lambda i: claims[i].start)
        if len(at) == len(listed_offenses):
            for mention, i in zip(listed_offenses, at, strict=True):
                claims[i] = replace(claims[i], offense=mention.offense, offense_detail=mention.detail)
    claims = pair_dated_counts(doc, pair_contrasted_counts(doc, claims), document.published)
    claims = _pair_rates(_fractional_counts_as_rates(pair_by_arithmetic(doc, claims)),
                         document.text)
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


def _learned(doc: Doc, index: OffenseIndex, taken: set[int]) -> list[tuple[Draft, Span, OffenseChoice]]:
    """Drafts of the learned reader (extract/number_roles.py) for the numbers outside ``taken``
    (the rules' figures and the figures of matches refused as no statistic), vetted like the
    rules' drafts: a plausible figure, not a goal, an offense named. Longest first, then in text
    order."""
    out = []
    for draft in learned_drafts(doc, taken):
        sent = sentence_of(doc, draft.start)
        if implausible(draft.value, draft.unit) or _goal_or_counterfactual(doc, sent, draft.start):
            continue
        choice = choose_offense(doc, index, sent, draft.start, draft.end, draft.value_end,
                                rate=draft.unit in _RATE_UNITS)
        if choice.offense is None:
            continue
        if choice.mention is not None and choice.source == "text" and choice.mention.end < sent.end \
                and lowers(doc)[choice.mention.end] in ENFORCEMENT_NOUNS:
            continue
        if choice.mention is not None and choice.source == "text" and choice.mention.start >= sent.start:
            draft = _widen(doc, draft, choice.mention.start, min(choice.mention.end, sent.end))
        logger.debug("learned %s %r", draft.rule, doc[draft.start:draft.end].text)
        out.append((draft, sent, choice))
    out.sort(key=lambda d: (-(d[0].end - d[0].start), d[0].start))
    return out


#: Roles of a match's figures: a match its builder refuses vetoes these for the learned reader.
_FIGURE_ROLES = ("num", "num2", "old", "new")


def _candidate(doc: Doc, span: Span, span_roles: list[str],
               vetoed: set[int]) -> tuple[Rule, Match, Span, Draft, Span] | None:
    """A claim span's draft from its rule's builder, with its sentence; None when the builder
    refuses it or its figure is implausible (its figures then go into ``vetoed``) or it runs past
    its sentence."""
    rule = rule_by_id(span.label_)
    builder = BUILDERS.get(rule.builder) if rule is not None else None
    if builder is None:
        logger.warning("No rule or builder for rule id %s; its matches are ignored.", span.label_)
        return None
    assert rule is not None
    match = Match(span.label_, span.start, span.end, tuple(span_roles), rule)
    if match.roles.count("fill") > rule.max_fill:
        return None
    try:
        draft = builder(doc, match)
    except Refused as why:
        logger.debug("refused %s %r: %s", match.rule, span.text, why)
        vetoed.update(k for role in _FIGURE_ROLES for k in match.where(role))
        return None
    problem = implausible(draft.value, draft.unit) or implausible(draft.from_value, draft.unit)
    if problem:
        logger.debug("refused %s %r: %s", match.rule, span.text[:80], problem)
        vetoed.update(draft.value_tokens | draft.from_tokens)
        return None
    sent = sentence_of(doc, draft.start)
    if draft.end > sent.end:
        return None
    return rule, match, span, draft, sent


def _checked(doc: Doc, index: OffenseIndex, phrases: list[PeriodPhrase], match: Match, span: Span, draft: Draft,
             sent: Span, vetoed: set[int]) -> tuple[Draft | None, OffenseChoice | None]:
    """A candidate draft after the checks that keep non-statistics out, with its offense: (None,
    None) when refused, (draft, None) when it has no offense of its own (an apposition to a claim
    before it may lend one), else the draft (widened to its offense) and its offense. The figures
    of a draft refused as no statistic of crimes go into ``vetoed``."""
    not_a_statistic = _goal_or_counterfactual(doc, sent, draft.start)
    if not_a_statistic:
        logger.debug("refused %s %r: %s", match.rule, span.text, not_a_statistic)
        vetoed.update(draft.value_tokens | draft.from_tokens)
        return None, None
    choice = choose_offense(doc, index, sent, draft.start, draft.end, draft.value_end,
                            after_only=draft.offense_after, clause_start=span.start,
                            names_deaths=draft.counts_deaths, rate=draft.unit in _RATE_UNITS,
                            list_item=draft.place_item)
    if draft.offense_inside and (choice.mention is None or choice.source != "text"
                                 or not draft.start <= choice.mention.start < draft.end):
        logger.debug("refused %s %r: no offense of its own", match.rule, span.text)
        return None, None
    if choice.mention is not None and choice.source == "text" and choice.mention.end < sent.end \
            and lowers(doc)[choice.mention.end] in ENFORCEMENT_NOUNS:
        logger.debug("refused %s %r: people police dealt with, not crimes", match.rule, span.text)
        vetoed.update(draft.value_tokens | draft.from_tokens)
        return None, None
    if choice.offense is None and choice.blocked == _NO_OFFENSE and not draft.text_offense_only:
        logger.debug("held %s %r: %s (an apposition may lend one)", match.rule, span.text, _NO_OFFENSE)
        return draft, None  # may be an apposition to a claim before it
    if choice.offense is None or (draft.text_offense_only and choice.source != "text"):
        logger.debug("refused %s %r: %s", match.rule, span.text, choice.blocked or "offense from context")
        return None, None
    if draft.counts_deaths and choice.offense not in DEATH_OFFENSES:
        logger.debug("refused %s %r: deaths are not a count of %s", match.rule, span.text, choice.offense)
        return None, None
    if draft.needs_tally and choice.mention is not None and draft.start < choice.mention.start \
            and choice.mention.end < len(doc) and lowers(doc)[choice.mention.end] in CATEGORY_NOUNS:
        logger.debug("refused %s %r: a count of kinds of crime", match.rule, span.text)
        vetoed.update(draft.value_tokens | draft.from_tokens)
        return None, None
    if draft.needs_tally and choice.mention is not None and _incident(doc, choice.mention.end):
        logger.debug("refused %s %r: one incident, not a tally", match.rule, span.text)
        vetoed.update(draft.value_tokens | draft.from_tokens)
        return None, None
    if draft.needs_tally and not _has_tally(doc, phrases, sent, min(draft.value_tokens)) \
            and not _aggregate(doc, draft, choice):
        logger.debug("refused %s %r: a bare count with no period or tally verb", match.rule, span.text)
        return None, None
    if choice.mention is not None and choice.source == "text" and choice.mention.start >= sent.start:
        draft = _widen(doc, draft, choice.mention.start, min(choice.mention.end, sent.end))
    return draft, choice


#: Why `choose_offense` found nothing: no offense in the sentence or the paragraph before it.
_NO_OFFENSE = "no offense named"
#: Most tokens between a claim and a change set off after it by a comma.
_APPOSITION_GAP = 6


def _appositions(doc: Doc, orphans: list[tuple[int, Draft, Span]], kept: list[tuple[Draft, Span, OffenseChoice]],
                 used: set[int]) -> list[tuple[Draft, Span, OffenseChoice]]:
    """Changes and records with no offense of their own set off by a comma right after a claim
    ("they were down to 330 for the year, a 4 percent drop from last Christmas"; "rose to 6,300,
    the largest total in 29 years"): about the same figure, so they take that claim's offense."""
    out: list[tuple[Draft, Span, OffenseChoice]] = []
    orphans.sort(key=lambda o: (-o[0], o[1].start))
    for _priority, draft, sent in orphans:
        rule = rule_by_id(draft.rule)
        if draft.value_tokens & used:
            continue
        host = None
        # a change or a record set off after a claim: "..., the largest total in 29 years"
        apposed = draft.unit == "percent" or (rule is not None and rule.kind == "record")
        for k_draft, k_sent, k_choice in kept if apposed else ():
            if k_sent.start != sent.start or k_choice.offense is None:
                continue
            if k_draft.value_tokens & set(range(draft.start, draft.end)):
                host = k_choice  # "a record 122 people died on Austin roads": the record of that count
                break
            if k_draft.end > draft.start:
                continue
            between = doc[k_draft.end:draft.start]
            if len(between) <= _APPOSITION_GAP + 1 and any(t.text in {",", "—", "–", "--"} for t in between) \
                    and not any(t.like_num for t in between):
                host = k_choice
        if host is None:
            host = _list_host(doc, draft, sent, kept)
        if host is not None:
            out.append((draft, sent, host))
            used = used | draft.value_tokens
    return out


#: Words that may lead a list item before its figure: "the Midwest with 2.6 percent", "Los
#: Angeles (+61%)", "and 18 more".
_ITEM_LEADS = frozenset({"the", "a", "an", "with", "in", "(", "followed", "by", "then", "while", "and", ","})
_ITEM_GAP = 24


def _list_host(doc: Doc, draft: Draft, sent: Span, kept: list[tuple[Draft, Span, OffenseChoice]]
               ) -> OffenseChoice | None:
    """The offense of the claim a list item continues: an item with no subject of its own (only
    place names and list words lead it: "..., the Midwest with 2.6 percent", "New York (+64%) and
    Los Angeles (+61%)", "12 more than in 2007 and 18 more than in 2006") shares the offense of
    the nearest claim of its kind before it in the sentence."""
    rule = rule_by_id(draft.rule)
    lead_start = draft.start
    while lead_start > sent.start and draft.start - lead_start < 6 and lowers(doc)[lead_start - 1] not in {",", "and", ";"}:
        lead_start -= 1
    lead = doc[lead_start:draft.start]
    if lead_start == sent.start or lowers(doc)[lead_start - 1] == ";" \
            or not all(t.is_title or t.lower_ in _ITEM_LEADS or t.text in {"+", "-", "−"} for t in lead):
        return None
    best = None
    for k_draft, k_sent, k_choice in kept:
        k_rule = rule_by_id(k_draft.rule)
        if k_sent.start != sent.start or k_choice.offense is None or k_draft.end > draft.start \
                or draft.start - k_draft.end > _ITEM_GAP or k_rule is None or rule is None \
                or k_draft.unit != draft.unit or (k_rule.kind == "record") != (rule.kind == "record"):
            continue
        if any(w == ";" for w in texts(doc)[k_draft.end:draft.start]):
            continue
        if best is None or k_draft.end > best[0].end:
            best = (k_draft, k_choice)
    return best[1] if best is not None else None


_RATE_UNITS = ("per_100k", "per_1000")
#: "..., up from 1,832", "an uptick from 6.1 the year before": the earlier rate after a rate.
_EARLIER_RATE = re.compile(r"^[^.;:]{0,40}?\b(?:(?P<word>up|down|uptick|increase|decrease|rise|drop|decline|jump|fall)"
                           r"\s+from|(?P<word2>higher|lower)\s+than)\s+"
                           r"(?:a\s+|the\s+|about\s+|nearly\s+|roughly\s+)?(?P<figure>\d(?:[\d,]*\d)?(?:\.\d+)?)"
                           r"(?![\d,]*\s*(?:%|percent))")


def _fractional_counts_as_rates(claims: list[Claim]) -> list[Claim]:
    """A "count" of 282.7 is no count: beside a rate of its sentence and offense ("jumped to 246
    per 100,000 people in 2020 and reached 282.7 in 2022") it is that rate's next figure."""
    rates = {(c.sentence_start, c.offense): c.unit for c in claims if c.kind == "rate" and c.unit in _RATE_UNITS}
    out = []
    for claim in claims:
        unit = rates.get((claim.sentence_start, claim.offense))
        if claim.kind == "count" and unit is not None and claim.value is not None and claim.value != int(claim.value):
            claim = replace(claim, kind="rate", unit=unit)
        out.append(claim)
    return out


def _pair_rates(claims: list[Claim], text: str) -> list[Claim]:
    """A rate and its earlier rate, read as one claim with ``from_value`` (the real-news
    conventions): "climbed from 16.5 per 1,000 in 2021 to 23.5 per 1,000 in 2022" (two rates,
    or a rate and a bare "to 11.5") and "1,954 ... per 100,000 in 2022, up from 1,832"."""
    out: list[Claim] = []
    for claim in claims:
        if claim.kind != "rate" or claim.unit not in _RATE_UNITS or claim.from_value is not None \
                or claim.value is None:
            out.append(claim)
            continue
        at = _number_start(claim, text)
        after = text[claim.end:claim.end + 80]
        later = _LATER_RATE.match(after)
        earlier = _EARLIER_RATE.match(after)
        if at is not None and re.search(r"\bfrom\s+(?:about\s+|nearly\s+|roughly\s+)?$", text[max(0, at - 20):at]) \
                and later:
            new = float(later.group(1).replace(",", ""))
            end = claim.end + later.end(1)
            # the rate's own period phrase sat by the older figure ("from 24.1 ... in 2021 to 19.0 last year")
            out.append(replace(claim, value=new, from_value=claim.value, direction=direction_between(claim.value, new),
                               quote=text[claim.start:end], end=end, baseline=claim.period, period=claim.baseline))
        elif earlier and looks_like_year(earlier.group("figure")):
            # "is now 21.3, down from 2019": the year compared with, not an older rate
            word = earlier.group("word") or earlier.group("word2")
            direction = "decrease" if word in DECREASE_WORDS | DECREASE_NOUNS | {"lower"} else "increase"
            baseline = claim.baseline if claim.baseline and claim.baseline != earlier.group("figure") else earlier.group("figure")
            period = claim.period if claim.period != earlier.group("figure") else None
            then = _RATE_THEN.match(after[earlier.end("figure"):])
            if then:  # "up from 2019, when it was 37.4": that year's rate is the older figure
                old = float(then.group(1).replace(",", ""))
                end = claim.end + earlier.end("figure") + then.end(1)
                out.append(replace(claim, from_value=old, direction=direction_between(old, claim.value),
                                   quote=text[claim.start:end], end=end, baseline=earlier.group("figure"),
                                   period=period))
                continue
            out.append(replace(claim, direction=direction, baseline=baseline, period=period))
        elif earlier:
            old = float(earlier.group("figure").replace(",", ""))
            end = claim.end + earlier.end("figure")
            period, baseline = _sides_of_from(text, claim, claim.end + earlier.start("figure"))
            out.append(replace(claim, from_value=old, direction=direction_between(old, claim.value),
                               quote=text[claim.start:end], end=end, period=period, baseline=baseline))
        else:
            out.append(claim)
    # the later rate of "from 16.5 per 1,000 to 23.5 per 1,000" is now inside the joined claim
    joined = [(c.start, c.end) for c in out if c.kind == "rate" and c.from_value is not None]
    return [c for c in out if not (c.kind == "rate" and c.from_value is None
                                   and any(a < c.start < b for a, b in joined))]


def _sides_of_from(text: str, claim: Claim, older_at: int) -> tuple[str | None, str | None]:
    """(period, baseline) of a rate paired with the older rate after it ("was 14.2 in 2023, up
    from 11.9 in 2019"): a phrase after the older figure is the baseline, one before it (in the
    newer rate's own clause) the period, whichever the two slots held before the pairing."""
    line_start = text.rfind("\n", 0, claim.start) + 1
    line_end = text.find("\n", older_at)
    line_end = len(text) if line_end < 0 else line_end
    before, after = [], []
    for phrase in (claim.period, claim.baseline):
        if not phrase:
            continue
        if text.find(phrase, older_at, line_end) >= 0:
            after.append(phrase)
        elif text.rfind(phrase, line_start, older_at) >= 0:
            before.append(phrase)
    return (before[0] if before else None), (after[0] if after else None)


#: "... to 23.5 per 1,000", "... to 11.5 in 2022": the newer figure of a rate written "from X".
#: ", when it was 37.4" after "up from 2019": the rate of that year.
_RATE_THEN = re.compile(r"^,?\s+when\s+(?:it|the\s+rate)\s+(?:was|stood\s+at|hit)\s+(?:about\s+|nearly\s+|roughly\s+)?"
                        r"(\d(?:[\d,]*\d)?(?:\.\d+)?)(?![\d,]*\s*(?:%|percent))")
_LATER_RATE = re.compile(r"^[^.;:]{0,40}?\bto\s+(?:about\s+|nearly\s+|roughly\s+)?(\d(?:[\d,]*\d)?(?:\.\d+)?)"
                         r"(?![\d,]*\s*(?:%|percent))")


def _number_start(claim: Claim, text: str) -> int | None:
    """Where the claim's own number starts in ``text``."""
    for m in re.finditer(r"\d[\d,]*(?:\.\d+)?", text[claim.start:claim.end]):
        try:
            if claim.value is not None and abs(float(m.group(0).replace(",", "")) - claim.value) < 1e-9:
                return claim.start + m.start()
        except ValueError:
            continue
    return None


def _is_level(draft: Draft) -> bool:
    """Does the draft state a level or a record of its own time (not a change or a from-to)?"""
    spec = rule_by_id(draft.rule)
    return draft.from_value is None and spec is not None and spec.kind in {"count", "rate", "record"}


def _periods(kept: list[tuple[Draft, Span, OffenseChoice]],
             phrases: list[PeriodPhrase]) -> list[tuple[str | None, str | None]]:
    """(baseline, period) of each kept draft: from its own clause (`period_texts`); a draft with
    neither takes the period and baseline of the nearest claim of its sentence that has some (the
    claim it is coordinated with, DESIGN.md "Rules made precise"), unless it opens a "when"
    clause (those belong to the year before them, or to none)."""
    starts: dict[int, list[int]] = {}
    asides: dict[int, list[tuple[int, int]]] = {}  # each sentence's relative clauses (`relative_asides`)
    out = []
    by_sentence: dict[int, list[Draft]] = {}  # the kept drafts of each sentence, by its start
    for draft, sent, _choice in kept:
        by_sentence.setdefault(sent.start, []).append(draft)
    # the phrases that start in each sentence (phrases come in text order): `period_texts` reads
    # only those, and a long page has hundreds
    phrase_starts = [p.start for p in phrases]
    ordered = all(a <= b for a, b in zip(phrase_starts, phrase_starts[1:], strict=False))
    own: dict[int, list[PeriodPhrase]] = {}
    for draft, sent, _choice in kept:
        if sent.start not in starts:
            starts[sent.start], asides[sent.start] = clause_starts(sent), relative_asides(sent)
            own[sent.start] = phrases[bisect_left(phrase_starts, sent.start):bisect_left(phrase_starts, sent.end)] \
                if ordered else phrases
        clauses = starts[sent.start]
        if draft.own_period is not None:  # "from 2011 (2,394)": the rule read the figure's own period
            out.append((None, sent.doc[draft.own_period[0]:draft.own_period[1]].text))
            continue
        # "Murder dropped 17% to 29 from 35 in 2023": 2023 is the older figure's, for the 17% too
        same = by_sentence[sent.start]
        older = draft.from_tokens or frozenset(i for other in same for i in other.from_tokens)
        # a year beside another from-to's numbers is that comparison's ("from 131 in 2012 to 92
        # last year, in San Francisco from 69 to 48"); a count's year may be its change's period too
        others = frozenset(i for other in same if other is not draft and other.from_tokens for i in other.value_tokens)
        out.append(period_texts(own[sent.start], sent, draft.start, draft.end, draft.value_tokens | older, older,
                                starts=clauses, others=others - draft.value_tokens - older,
                                pair=bool(draft.from_tokens), asides=asides[sent.start], level=_is_level(draft)))
    for k, (draft, sent, _choice) in enumerate(kept):
        if out[k] != (None, None):
            continue
        lo = max(s for s in starts[sent.start] if s <= draft.start)
        if sent.doc[lo].lower_ == "when":
            continue
        # ", which had 90 killings,": a count of its own, in another time; but ", which was the
        # lowest since 2014," describes the figure before it, and shares its period
        tallies = [(a, b) for a, b in asides[sent.start] if sent.doc[a + 1].lower_ in TALLY_VERBS]
        region = _region(tallies, draft)
        # "Murders stand at 96; at this point last year, there were 120": a period does not flow
        # back across a semicolon to the clause before it
        lenders = [(abs(other.start - draft.start), j) for j, (other, other_sent, _c) in enumerate(kept)
                   if j != k and other_sent.start == sent.start and out[j] != (None, None)
                   and _region(tallies, other) == region
                   and not (other.start > draft.end and ";" in texts(sent.doc)[draft.end:other.start])]
        if lenders:
            j = min(lenders)[1]
            lent = out[j]
            if lent[1] is None and _is_level(draft) and not _is_level(kept[j][0]):
                continue  # "474, two times what it was last year": a change's baseline is no level's time
            out[k] = lent
    return out


_YEAR_ONLY = re.compile(r"^(?:in|for|during)?\s*((?:19|20)\d\d)$", re.IGNORECASE)
_SAME_SPAN_WORDS = frozenset({"period", "time", "point", "stretch", "span"})


def _same_span_earlier(sent: Span, draft: Draft, period: str | None) -> bool:
    """"1,677 shootings – compared with 1,893 for the same period in 2022, 2,338 for 2021, and
    2,159 for 2020": is the draft a count listed after "the same period" of a comparison? It
    counts that same part of its own year, not the whole year."""
    found = _YEAR_ONLY.match(period or "")
    if found is None or draft.from_value is not None:
        return False
    doc = sent.doc
    compare = next((i for i in positions(doc, sent.start, draft.start) if lowers(doc)[i] in COMPARE_WORDS), None)
    if compare is None:
        return False
    between = set(lowers(doc)[compare:draft.start])
    return "same" in between and bool(between & _SAME_SPAN_WORDS)


def _region(asides: list[tuple[int, int]], draft: Draft) -> int:
    """Which relative aside of its sentence holds the draft (-1: the main clause)."""
    return next((k for k, (a, b) in enumerate(asides) if a <= draft.start and draft.end <= b), -1)


def _review_qualifiers(doc: Doc, sent: Span, draft: Draft, kind: str, period: str | None) -> tuple[str, ...]:
    """The draft's qualifiers, plus those that send the claim to a reviewer: AVERAGE_QUALIFIER
    when its change is measured against an average of several years ("down 5% compared to the
    five-year average"), PER_TIME_QUALIFIER when its figure is stated per span of time ("about
    850 cars stolen per month"), SAME_SPAN_QUALIFIER when a count is listed after "the same period"
    of a comparison ("compared with 1,893 for the same period in 2022, 2,338 for 2021"). No
    period the checker can name yet stands for any of them."""
    out = draft.qualifiers
    if kind == "count" and _same_span_earlier(sent, draft, period):
        out = (*out, SAME_SPAN_QUALIFIER)
    if kind in _CHANGE_KINDS and _against_average(doc, sent, draft):
        out = (*out, AVERAGE_QUALIFIER)
    if kind != "percent_change" and kind != "record" and _per_time(doc, sent, draft, annual_ok=kind == "rate"):
        out = (*out, PER_TIME_QUALIFIER)
    return out


def _against_average(doc: Doc, sent: Span, draft: Draft) -> bool:
    low, text = lowers(doc), texts(doc)
    for i in positions(doc, draft.end, min(sent.end, draft.end + 10)):
        if text[i] in {";", "—", "–"} or low[i] in {"while", "whereas", "but"}:
            return False
        if low[i] in {"average", "averages"}:
            return True
    return False


def _per_time(doc: Doc, sent: Span, draft: Draft, *, annual_ok: bool) -> bool:
    """Is the draft's figure followed, in its own phrase, by "per month", "a year", "every single
    day" or "annually"? With ``annual_ok`` (rates, which are yearly) a year does not count."""
    units = PER_TIME_UNITS - {"year"} if annual_ok else PER_TIME_UNITS
    hi = min(sent.end, max(draft.end, draft.value_end) + 5)
    low, num, punct = lowers(doc), like_nums(doc), puncts(doc)
    for i in range(draft.value_end, hi):
        word = low[i]
        if num[i] or (punct[i] and word != "-"):
            return False  # the phrase of another figure, or the clause ends
        if word in PER_TIME_ADVERBS:
            return word != "annually" or not annual_ok
        if word not in PER_TIME_LEADS:
            continue
        j = i + 2 if i + 1 < sent.end and lowers(doc)[i + 1] == "single" else i + 1
        if j >= sent.end or lowers(doc)[j] not in units:
            continue
        after = lowers(doc)[j + 1] if j + 1 < sent.end else ""
        if word in {"a", "an"} and (after in PER_TIME_BLOCKERS or (doc[i - 1].is_stop and not doc[i - 1].like_num)):
            continue  # "a year ago", "in a year", "more than a month"
        if word in {"each", "every"} and after in PER_TIME_BLOCKERS:
            continue  # "every year since 2015"
        return True
    return False


#: Kinds of claim whose comparison an average may stand in for.
_CHANGE_KINDS = frozenset({"percent_change", "count_change", "from_to"})


#: First words of a phrase that names what a figure is compared with ("since 2014", "from
#: 2019"), never the time of a level or a record.
_COMPARING_WORDS = frozenset({"since", "from", "over", "versus", "vs.", "than", "compared", "before"})


#: Words that open a clause set against the one before: the offense before them is not taken
#: into a quote after them ("45 homicides while 2022 had just 15").
_CONTRAST_OPENERS = frozenset({"while", "whereas", "but"})


def _widen(doc: Doc, draft: Draft, m_start: int, m_end: int) -> Draft:
    """Take the offense into the quote when it sits right next to the claim."""
    start, end = draft.start, draft.end
    punct, low, num = puncts(doc), lowers(doc), like_nums(doc)
    if m_end <= start and start - m_end <= 4 and not any(punct[i] or low[i] in _CONTRAST_OPENERS or num[i]
                                                         for i in positions(doc, m_end, start)):  # not "... in 2021 and 9"
        start = m_start
    elif m_start >= end and m_start - end <= 3 and not any(punct[end:m_start]):
        end = m_end
    elif start <= m_start and m_end > end and m_start < end:
        end = m_end
    return replace(draft, start=start, end=end) if (start, end) != (draft.start, draft.end) else draft


def _claim(doc: Doc, document: Document, draft: Draft, sent: Span, choice: OffenseChoice,
           periods: tuple[str | None, str | None], compared: bool, cities: list[tuple[int, str]],
           city_before: Callable[[], str | None] | None) -> Claim:
    rule = rule_by_id(draft.rule)
    assert rule is not None  # a draft's rule was looked up above
    kind = "rate" if rule.kind == "count" and draft.unit in _RATE_UNITS else rule.kind  # "the rate fell to 13.3"
    start_char, end_char = doc[draft.start].idx, doc[draft.end - 1].idx + len(doc[draft.end - 1])
    baseline, period = periods
    if period is None and baseline is not None and draft.from_value is None and not compared \
            and baseline.split()[0].lower() not in _COMPARING_WORDS and (
            kind in ("record", "count", "rate")):
        # "had 26,311 thefts last year", "the rate reached 21.3 last year, the highest since 1995",
        # "fell to 41 last year": a level's or a record's time is its period, whatever its direction
        period, baseline = baseline, None
    place = choose_place(cities, sent, document.text, draft.start, document.city, document.state,
                         end=draft.end, city_before=city_before)
    raw = document.text[sent.start_char:sent.end_char]
    sentence = raw.strip()
    sentence_start = sent.start_char + (len(raw) - len(raw.lstrip()))
    return Claim(
        quote=document.text[start_char:end_char], start=start_char, end=end_char, sentence=sentence,
        kind=kind, direction=draft.direction, value=draft.value, unit=draft.unit,
        offense=choice.offense, rule=draft.rule, from_value=draft.from_value, baseline=baseline,
        period=period, place=place, offense_detail=choice.detail,
        qualifiers=_review_qualifiers(doc, sent, draft, kind, period)
        + ((WIDER_AREA_QUALIFIER,) if place is None and for_a_region(sent, draft.start, draft.end) else ()),
        offense_from=choice.source, id=document.id, sentence_start=sentence_start,
    )
