"""Pair two counts of one sentence that a comparison word sets against each other by their dates.

Real news often states both figures of a comparison as counts of their own years, with the
comparison word far from either number: "shootings in 2022 (862) are down from last year, but up
slightly from 2020 (723)"; "a difference of less than 1% between the shootings in 2022 (444) and
those in 2021 (441)"; "Last year I had (20) overdose deaths and this year I'm already at 25". No
rule spans such a sentence, yet its shape is plain: the sentence holds exactly two plain counts,
of the same offense, each with a period of its own, and a comparison word lies between them (or
"between" before them). The count of the later period becomes a from-to claim against the other.

Which period is later: two years compare as numbers; "last year", "a year ago", "the previous
year" come before "this year", "so far", "year to date" (and before a claim with no period, which
is read as the current one); a year compares with "last year" through the publication date.
Two rates of two years ("50 crimes per thousand in 1990 and 17 per thousand in 2014") pair the
same way, "and" being cue enough, as "51 homicides in 2023 and 36 in 2024" is for counts (the
rate keeps its kind, with the older rate as ``from_value``). A list of three or more counts, or
counts of two offenses, is left alone, and so is a sentence
that states its change (in percent or in a count): there the arithmetic decides (extract/arithmetic_pairs.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from extract.builders import direction_between
from extract.contrast_pairs import period_year
from records.claim import Claim

#: Words that set two figures of a sentence against each other.
_CUES = frozenset({"from", "compared", "versus", "vs.", "vs", "between", "than"})
_EARLIER = re.compile(r"\b(last year|a year ago|year before|previous year|prior year|year earlier)\b", re.IGNORECASE)
_CURRENT = re.compile(r"\b(this year|so far|year to date|year-to-date|ytd|this point)\b", re.IGNORECASE)


def _plain_count(claim: Claim) -> bool:
    return claim.kind == "count" and claim.from_value is None and claim.value is not None \
        and claim.direction == "none" and not claim.qualifiers


def _dated_rate(claim: Claim) -> bool:
    """A rate of a year of its own ("50 crimes per thousand in 1990")."""
    return claim.kind == "rate" and claim.from_value is None and claim.value is not None \
        and period_year(claim) is not None


def _when(claim: Claim, published_year: int | None) -> int | None:
    """The year a claim's period names: a year, or "last year" / "this year" read against the
    publication year (years relative to it when that is unknown: -1 and 0)."""
    year = period_year(claim)
    if year is not None:
        return year
    text = claim.period or ""
    base = published_year if published_year is not None else 0
    if _EARLIER.search(text):
        return base - 1
    if _CURRENT.search(text) or not text:
        return base
    return None


def _relative_aside(doc: Doc, first: Claim, second: Claim) -> bool:
    """Is the first count inside a relative clause about the subject of the second ("San
    Francisco, which had 100 killings as recently as 2007, had 45 last year")?"""
    offset = first.sentence_start or 0
    opening = first.sentence[:first.start - offset]
    between = first.sentence[first.end - offset:second.start - offset]
    return bool(_RELATIVE_TALLY.search(opening)) and "," in between


#: ", which had" / ", which saw" ... at the end of the words before a count.
_RELATIVE_TALLY = re.compile(r",\s*(?:which|that)\s+(?:had|saw|recorded|logged|reported|counted)\s+(?:\w+\s+){0,2}$",
                             re.IGNORECASE)


def pair_dated_counts(doc: Doc, claims: list[Claim], published: str | None = None) -> list[Claim]:
    """``claims`` with the two dated counts of a comparison made into one from-to claim."""
    published_year = int(published[:4]) if published and published[:4].isdigit() else None
    by_sentence: dict[int | None, list[int]] = {}
    for i, claim in enumerate(claims):
        by_sentence.setdefault(claim.sentence_start, []).append(i)
    out = list(claims)
    dropped: set[int] = set()
    for members in by_sentence.values():
        counts = [i for i in members if _plain_count(claims[i])]
        rates = [i for i in members if _dated_rate(claims[i])]
        if len(rates) == 2 and not counts:
            counts, cues = rates, _CUES | {"and"}  # "50 crimes per thousand in 1990 and 17 ... in 2014"
        elif len(counts) != 2 or any(claims[i].kind in {"from_to", "percent_change", "count_change"}
                                     for i in members):
            continue  # a stated change decides the pair (extract/arithmetic_pairs.py)
        else:
            cues = _CUES
        a, b = sorted(counts, key=lambda i: claims[i].start)
        first, second = claims[a], claims[b]
        if first.offense != second.offense or first.place != second.place or first.unit != second.unit:
            continue
        span = doc.char_span(first.end, second.end, alignment_mode="expand")
        opening = doc.char_span(first.sentence_start or 0, first.start, alignment_mode="expand")
        between = {t.lower_ for t in span} if span is not None else set()
        if not between & cues and not (opening is not None and any(t.lower_ == "between" for t in opening)) \
                and not (first.period and second.period and _relative_aside(doc, first, second)):
            continue
        when_a, when_b = _when(first, published_year), _when(second, published_year)
        if when_a is None or when_b is None or when_a == when_b:
            continue
        if published_year is None and (period_year(first) is None) != (period_year(second) is None):
            continue  # "2007" against "last year", with no publication date to read it by
        (new_i, new), (old_i, old) = ((a, first), (b, second)) if when_a > when_b else ((b, second), (a, first))
        assert new.value is not None and old.value is not None
        out[new_i] = replace(new, kind="from_to" if new.kind == "count" else new.kind, from_value=old.value, direction=direction_between(old.value, new.value),
                             baseline=old.period, start=min(first.start, second.start),
                             end=max(first.end, second.end),
                             quote=_quote(first, second))
        dropped.add(old_i)
        for i in members:  # "dropped 66% (50 ... in 1990 and 17 ... in 2014)": the change between the two
            change = out[i]
            if change.kind == "percent_change" and change.baseline is None and change.period == old.period \
                    and change.direction == out[new_i].direction:
                out[i] = replace(change, period=new.period, baseline=old.period)
    return [c for i, c in enumerate(out) if i not in dropped]


def _quote(first: Claim, second: Claim) -> str:
    """The words from the first count to the end of the second, from the sentence."""
    offset = first.sentence_start or 0
    return first.sentence[first.start - offset:second.end - offset]
