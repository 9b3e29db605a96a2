"""Pair the counts of two clauses set against each other with "whereas", ", while", ";" or a
"but" that opens a time of its own ("but this year").

"The first five months of 2019 saw 160 overdoses, 20 of which were fatal, whereas in the first
five months of 2018 there were 251 overdoses, 39 of which were fatal" compares two periods item
by item. No rule spans the clauses (each holds commas and figures of its own), but the shape is
plain: the same offenses, counted in the same order, on each side of the contrast word. When both
sides hold the same number of plain counts, their offenses agree in order, the second side names
a time of its own and no other place, each count of one side becomes a from-to claim against
its partner on the other side.

Which side is newer: the side whose period is the later year when both name one; otherwise the
first side, as news writes it ("... this year, whereas last year ...").
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from extract.builders import direction_between
from extract.columns import lowers, sentence_of
from extract.filters import looks_like_year
from extract.vocab import MONTHS, PAST_MARKERS
from records.claim import Claim

#: Words that set one clause against another; "while" only after a comma or before a time.
_CONTRAST_WORDS = frozenset({"whereas"})
_COMMA_CONTRAST_WORDS = frozenset({"while"})
#: Words that name a time in the second clause ("the same period last year", "in May 2018").
_PERIOD_WORDS = MONTHS | frozenset({"year", "years", "month", "months", "period", "previous", "prior", "earlier",
                                    "ago", "before"})
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _plain_count(claim: Claim) -> bool:
    return claim.kind == "count" and claim.from_value is None and claim.value is not None \
        and claim.direction == "none"


def period_year(claim: Claim) -> int | None:
    """The year the claim's period names ("the first half of 2023": 2023), or None."""
    found = _YEAR.search(claim.period or "")
    return int(found.group()) if found else None


def _sets_against(doc: Doc, i: int) -> bool:
    """Does "while" at token i set its clause against the one before: after a comma, or right
    before a time of its own ("45 homicides while 2022 had just 15", "while last year ...")?"""
    after = doc[i + 1] if i + 1 < len(doc) else None
    return (i > 0 and doc[i - 1].text == ",") or (
        after is not None and (looks_like_year(after.text) or after.lower_ in {"last", "in"}))


def _current(claim: Claim) -> bool:
    """Is the claim's period the current one ("this year", "so far", "to date")?"""
    period = (claim.period or "").lower()
    if not PAST_MARKERS.isdisjoint(period.split()):
        return False  # "this point last year"
    return period.startswith("this ") or "so far" in period or "to date" in period or "to-date" in period


def _opens_a_time(doc: Doc, i: int) -> bool:
    """Does "but" at token i open its clause with a time of its own ("56 homicides in 2017, but
    this year ... only 32")?"""
    after = list(doc[i + 1:min(len(doc), i + 4)])
    return bool(after) and (after[0].lower_ in {"this", "last", "so"} or looks_like_year(after[0].text)
                            or (after[0].lower_ in {"in", "during"} and len(after) > 1
                                and looks_like_year(after[1].text)))


def _semicolon_contrast(doc: Doc, i: int, left: list[int], right: list[int]) -> bool:
    """Does the ";" at token i set a count against one earlier time ("Homicides stand at 138; at
    the same point last year, there were 184")? One count on each side, the sentence's only
    semicolon, and the second side names an earlier time, not just a year ("43 in 2006; 56 in
    2007" is a list of years, each its own count)."""
    sent = sentence_of(doc, i)
    if len(left) != 1 or len(right) != 1 or sum(t.text == ";" for t in sent) != 1:
        return False
    return any(w in _EARLIER_WORDS for w in lowers(doc)[i + 1:sent.end])


#: Words that name an earlier time after a semicolon: "at this point last year", "a year ago".
_EARLIER_WORDS = frozenset({"last", "ago", "same", "previous", "prior", "earlier", "before"})


def _tokens_of_sentences(doc: Doc, claims: list[Claim]) -> list[Token]:
    """The tokens of the sentences that hold two or more of ``claims`` (the only ones where a
    contrast can pair counts), in text order."""
    spans = [doc.char_span(c.start, c.end, alignment_mode="expand") for c in claims]
    sentences: dict[int, tuple[int, int, int]] = {}
    for span in spans:
        if span is None or not len(span):
            continue
        sent = span[0].sent
        n = sentences.get(sent.start, (sent.start, sent.end, 0))[2]
        sentences[sent.start] = (sent.start, sent.end, n + 1)
    return [doc[i] for start, end, n in sorted(sentences.values()) if n >= 2 for i in range(start, end)]


def pair_contrasted_counts(doc: Doc, claims: list[Claim]) -> list[Claim]:
    """``claims`` with the counts on the two sides of each contrast made into from-to pairs."""
    out = list(claims)
    dropped: set[int] = set()
    counted = [c for c in claims if _plain_count(c)]
    if len(counted) < 2:
        return out
    for token in _tokens_of_sentences(doc, counted):
        low = token.lower_
        if not (low in _CONTRAST_WORDS or low == ";"
                or (low in _COMMA_CONTRAST_WORDS and _sets_against(doc, token.i))
                or (low == "but" and _opens_a_time(doc, token.i))):
            continue
        sent = token.sent
        left = [i for i, c in enumerate(out) if i not in dropped and _plain_count(c)
                and sent.start_char <= c.start and c.end <= token.idx]
        right = [i for i, c in enumerate(out) if i not in dropped and _plain_count(c)
                 and token.idx < c.start and c.end <= sent.end_char]
        if not left or len(left) != len(right):
            continue
        if low == ";" and not _semicolon_contrast(doc, token.i, left, right):
            continue
        if any(out[a].offense != out[b].offense for a, b in zip(left, right, strict=True)):
            continue  # not the same series on both sides
        places = doc.spans["places"] if "places" in doc.spans else []
        named_before = {p.text.lower() for p in places if sent.start <= p.start and p.end <= token.i}
        named_after = {p.text.lower() for p in places if token.i < p.start and p.end <= sent.end}
        if not any(looks_like_year(t.text) or t.lower_ in _PERIOD_WORDS for t in doc[token.i + 1:sent.end]):
            continue  # the second clause names no time of its own
        opener = doc[token.i + 1] if token.i + 1 < sent.end else None
        if named_after - named_before or (opener is not None and opener.is_title and opener.lower_ not in MONTHS):
            continue  # "..., while Lake City logged 37": another place or body, not another period
        if low == "but" and any(not out[a].period or not out[b].period or out[a].period == out[b].period
                                for a, b in zip(left, right, strict=True)):
            continue  # a "but" pair needs each side's own time to say which is newer
        for a, b in zip(left, right, strict=True):
            first, second = out[a], out[b]
            newer, older, keep, drop = first, second, a, b
            first_year, second_year = period_year(first), period_year(second)
            if (first_year is not None and second_year is not None and first_year < second_year) \
                    or (_current(second) and not _current(first)):
                newer, older, keep, drop = second, first, b, a  # "56 in 2017, but this year ... 32"
            assert newer.value is not None and older.value is not None
            direction = direction_between(older.value, newer.value)
            baseline = older.period or older.baseline or newer.baseline
            period = None if newer.period == baseline else newer.period  # the other clause's, borrowed
            out[keep] = replace(newer, kind="from_to", from_value=older.value, direction=direction,
                                baseline=baseline, period=period)
            dropped.add(drop)
    return [c for i, c in enumerate(out) if i not in dropped]
