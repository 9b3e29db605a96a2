"""Period resolution: the claim's period phrases, read relative to the article's publication date.

"so far this year" is Jan 1 -> the cut-off (the publication date unless the text states one, in
which case ``assumed`` is False); "compared to this time last year" is the same span a year
earlier; "last year" the previous calendar year; "through June", "in the first quarter", "the
first six months", "in 2024", "the same period in 2023", "a year earlier", "since 2019".
See reference/official-data.md 5.2.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from records.claim import Claim
from verify import period_words as w
from verify.errors import PeriodUnresolved


def shift_year(d: date, years: int) -> date:
    """The same day ``years`` later (negative: earlier); Feb 29 becomes Feb 28."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, slots=True)
class ResolvedPeriod:
    """The claim's own period and the period it compares with, as inclusive dates."""

    start: date
    end: date
    baseline_start: date | None
    baseline_end: date | None
    assumed: bool
    basis: str
    kind: str = "ytd"  # ytd | year | quarter | half | months | month | rolling | default
    flexible_end: bool = False  # the cut-off is the publication date: it may snap to the data's
    baseline_shift: int | None = 1  # baseline = the same span this many years earlier

    def with_cutoff(self, end: date) -> ResolvedPeriod:
        """The same period cut at ``end`` (the data's as-of), the baseline moved along."""
        baseline_end = self.baseline_end
        if self.baseline_shift is not None and self.baseline_end is not None:
            baseline_end = shift_year(end, -self.baseline_shift)
        basis = f"{self.basis}; the official figures run to {end.isoformat()}, so the claim period is " \
                f"{self.start.isoformat()} to {end.isoformat()}"
        if baseline_end is not None and self.baseline_start is not None:
            basis += f" and the comparison {self.baseline_start.isoformat()} to {baseline_end.isoformat()}"
        return replace(self, end=end, baseline_end=baseline_end, flexible_end=False, basis=basis)

    def same_span(self, year: int) -> tuple[date, date]:
        """This period's span moved to ``year`` (for "lowest since" series)."""
        delta = year - self.end.year
        return shift_year(self.start, delta), shift_year(self.end, delta)

    @property
    def year(self) -> int:
        return self.end.year

    def label(self) -> str:
        return _span_label(self.start, self.end)

    def baseline_label(self) -> str | None:
        if self.baseline_start is None or self.baseline_end is None:
            return None
        return _span_label(self.baseline_start, self.baseline_end)


def _span_label(start: date, end: date) -> str:
    return f"{start.isoformat()} to {end.isoformat()}"


@dataclass(frozen=True, slots=True)
class _Span:
    start: date
    end: date
    kind: str
    label: str
    assumed: bool = False
    flexible: bool = False


def _year_for(month: int, day: int, published: date | None, explicit: int | None, what: str) -> int:
    """The year of a span ending on (month, day): stated, else the latest one ended by publication."""
    if explicit:
        return explicit
    if published is None:
        raise PeriodUnresolved(f"'{what}' needs the article's publication date to know the year; "
                               "ingest the article with --published or a page that states its date.")
    return published.year if (month, day) <= (published.month, published.day) else published.year - 1


def _need(published: date | None, what: str) -> date:
    if published is None:
        raise PeriodUnresolved(f"'{what}' needs the article's publication date; ingest the article "
                               "with --published or a page that states its date.")
    return published


def _year_after(text: str, pos: int) -> int | None:
    m = w.SPAN_YEAR.match(text, pos) or w.SPAN_YEAR.match(text, pos + 1)
    return int(m.group("year")) if m else None


def _years(text: str, kind: str | None) -> tuple[list[int], list[int], list[int]]:
    """(years naming the claim's own period, years naming its comparison, 'since' years)."""
    own: list[int] = []
    base: list[int] = []
    since = [int(m.group("year")) for m in w.SINCE_YEAR.finditer(text)]
    cut_spans = [m.span() for m in w.CUTOFF.finditer(text)]
    for m in w.YEAR.finditer(text):
        if any(a <= m.start() < b for a, b in cut_spans):
            continue
        year = int(m.group("year"))
        before, after = text[max(0, m.start() - 45):m.start()], text[m.end():m.end() + 12]
        if re.search(r"since\s+$", before):
            continue  # handled as a 'since' year
        if w.BASELINE_YEAR_BEFORE.search(before) or w.BASELINE_YEAR_AFTER.match(after):
            base.append(year)
        else:
            own.append(year)
    if kind != "record":
        base.extend(since)
    return own, base, since


def _current_span(text: str, published: date | None, own_years: list[int],
                  base_years: list[int]) -> _Span:
    m = w.CUTOFF.search(text)
    if m:
        month = w.MONTHS[m.group("month")]
        day = int(m.group("day")) if m.group("day") else None
        year = _year_for(month, day or 28, published, int(m.group("year")) if m.group("year") else None,
                         m.group(0))
        end = date(year, month, day) if day else month_end(year, month)
        return _Span(date(year, 1, 1), end, "ytd", f"{m.group(0).strip()}: Jan 1 to the stated cut-off")
    m = w.QUARTER.search(text)
    if m:
        q = w.ORDINALS[m.group("ord")] if m.group("ord") else int(m.group("q"))
        end_month = q * 3
        year = _year_for(end_month, 31 if end_month in (3, 12) else 30, published,
                         _year_after(text, m.end()), m.group(0))
        return _Span(date(year, end_month - 2, 1), month_end(year, end_month), "quarter", m.group(0))
    m = w.HALF.search(text)
    if m:
        first = m.group("ord") == "first"
        year = _year_for(6 if first else 12, 30 if first else 31, published, _year_after(text, m.end()),
                         m.group(0))
        start, end = (date(year, 1, 1), date(year, 6, 30)) if first else (date(year, 7, 1), date(year, 12, 31))
        return _Span(start, end, "half", m.group(0))
    m = w.FIRST_MONTHS.search(text)
    if m:
        n = w.NUMBER_WORDS[m.group("n")]
        year = _year_for(n, month_end(2001, n).day, published, _year_after(text, m.end()), m.group(0))
        return _Span(date(year, 1, 1), month_end(year, n), "months", m.group(0))
    m = w.IN_MONTH.search(text)
    if m:
        month = w.MONTHS[m.group("month")]
        year = _year_for(month, month_end(2001, month).day, published,
                         int(m.group("year")) if m.group("year") else None, m.group(0))
        return _Span(date(year, month, 1), month_end(year, month), "month", m.group(0).strip())
    if w.LAST_MONTH.search(text):
        pub = _need(published, "last month")
        last = pub.replace(day=1) - timedelta(days=1)
        return _Span(last.replace(day=1), last, "month", "last month")
    if w.ROLLING_12.search(text):
        pub = _need(published, "the past 12 months")
        end = pub.replace(day=1) - timedelta(days=1)
        start = shift_year(end, -1) + timedelta(days=1)
        return _Span(start, end, "rolling", "the past 12 months (to the last full month)", assumed=True)
    if own_years:
        year = max(own_years)
        if published is not None and year == published.year and published < date(year, 12, 31):
            return _Span(date(year, 1, 1), published, "ytd",
                         f"{year} (still under way at publication: Jan 1 to the publication date)",
                         assumed=True, flexible=True)
        return _Span(date(year, 1, 1), date(year, 12, 31), "year", f"calendar year {year}")
    ytd = w.YTD.search(text)
    if ytd:
        pub = _need(published, ytd.group(0))
        return _Span(date(pub.year, 1, 1), pub, "ytd",
                     f"year to date (\"{ytd.group(0)}\"), Jan 1 to the publication date", assumed=True,
                     flexible=True)
    if w.LAST_YEAR.search(text) and not w.LAST_YEAR_AS_BASELINE.search(text):
        pub = _need(published, "last year")
        y = pub.year - 1
        return _Span(date(y, 1, 1), date(y, 12, 31), "year", f"last year = calendar year {y}")
    if base_years:
        pub = _need(published, "the comparison year")
        y = pub.year - 1
        if y > max(base_years):
            return _Span(date(y, 1, 1), date(y, 12, 31), "year",
                         f"no period stated: assumed the last full year, {y}", assumed=True)
        return _Span(date(pub.year, 1, 1), pub, "ytd", "no period stated: assumed year to date",
                     assumed=True, flexible=True)
    pub = _need(published, "a claim with no stated period")
    if pub.month == 1:  # DESIGN.md "Rules made precise": a January story is a year-end story
        y = pub.year - 1
        return _Span(date(y, 1, 1), date(y, 12, 31), "default",
                     f"no period stated: a January story, assumed the last full year, {y}", assumed=True)
    return _Span(date(pub.year, 1, 1), pub, "default", "no period stated: assumed year to date",
                 assumed=True, flexible=True)


#: Kinds whose baseline a multi-year span ("over the past two years") moves back.
_CHANGE_KINDS = frozenset({"percent_change", "count_change", "from_to"})

#: Parts of a year a period or a baseline may name: months, halves, quarters.
_YEAR_PART = re.compile(r"\b(?:" + "|".join(sorted(w.MONTHS, key=len, reverse=True))
                        + r")\b|\b(?:first|second|third|fourth|1st|2nd|3rd|4th) (?:half|quarter)\b", re.IGNORECASE)


def _parts(text: str | None) -> set[str]:
    return {m.group(0).lower() for m in _YEAR_PART.finditer(text or "")}


def _refuse_unlike_spans(period: str | None, baseline: str | None) -> None:
    """The checker compares a span with the same span of an earlier year. A claim that compares
    May with April, or the first half with the second, cannot be read that way."""
    own, base = _parts(period), _parts(baseline)
    if own and base and own != base:
        raise PeriodUnresolved(f"the claim compares {period!r} with {baseline!r}, two different parts of a "
                               "year; the checker only compares a span with the same span of an earlier year")


def _field_years(field: str | None) -> list[int]:
    """The years written in a claim's period or baseline field, but not one after "since"."""
    return [int(m.group("year")) for m in w.YEAR.finditer(field or "")
            if not re.search(r"since\s+$", (field or "")[:m.start()].lower())]


def resolve_text(period: str | None, baseline: str | None, sentence: str | None,
                 published: date | None, *, kind: str | None = None) -> ResolvedPeriod:
    """Resolve period phrases (the claim's ``period``, ``baseline`` and its sentence) to dates."""
    _refuse_unlike_spans(period, baseline)
    text = " ; ".join(t for t in (period, baseline, sentence) if t).lower()
    own, base, _since = _years(text, kind)
    # a year in the claim's baseline field names the comparison, whatever surrounds it
    base.extend(y for y in _field_years(baseline) if y not in base)
    period_years = _field_years(period)  # its own ("the 2009 total was 466"), not a comparison
    base = [y for y in base if y not in period_years]
    own.extend(y for y in period_years if y not in own)
    own = [y for y in own if y not in base]
    if published is not None and w.YTD.search(text):
        # "to 402 this year from 688 in 2022": next to "this year", an earlier year is the comparison
        base.extend(y for y in own if y < published.year)
        own = [y for y in own if y >= published.year]
    if len(set(own)) >= 2 and not base:
        base = [min(own)]
        own = [y for y in own if y != min(own)]
    span = _current_span(text, published, own, base)
    shift: int | None = 1
    over = w.OVER_YEARS.search(text) if kind in _CHANGE_KINDS else None
    ago = w.YEARS_AGO.search(baseline.lower()) if baseline else None
    if (over or ago) and not base:
        # "fell 5% over the past two years", "compared to the same period two years ago"
        shift = w.YEARS_SPAN_WORDS[(ago or over).group("n")]
        bstart, bend = shift_year(span.start, -shift), shift_year(span.end, -shift)
        blabel = f"the same span {shift} years earlier"
    elif base:
        b = max(y for y in base if y <= span.end.year) if any(y <= span.end.year for y in base) else base[0]
        shift = span.end.year - b
        if span.kind == "year" and not w.SAME_PERIOD.search(text):
            bstart, bend = date(b, 1, 1), date(b, 12, 31)
            blabel = f"calendar year {b}"
        else:
            bstart, bend = shift_year(span.start, -shift), shift_year(span.end, -shift)
            blabel = f"the same span in {b}"
    else:
        bstart, bend = shift_year(span.start, -1), shift_year(span.end, -1)
        blabel = "the same span a year earlier"
    basis = f"{span.label} ({_span_label(span.start, span.end)}) vs {blabel} ({_span_label(bstart, bend)})"
    if span.assumed:
        basis += "; period assumed"
    return ResolvedPeriod(span.start, span.end, bstart, bend, span.assumed, basis, span.kind,
                          span.flexible, shift)


#: Where a sentence's clauses part: a year on the far side of one belongs to another claim
#: ("269 homicides in 2024, a 36 percent decrease from 2023, when 410 people were killed").
_CLAUSE_BREAK = re.compile(r";|\s[—–]\s?|--|,\s+(?=(?:and|but|while|whereas|when|which|where)\b)"
                           r"|\s(?=(?:while|whereas|when)\b)", re.IGNORECASE)

#: A relative clause between commas ends at its closing comma: "San Marco, which had 90 killings,
#: had 41 homicides last year" (90 is not last year's).
_RELATIVE_ASIDE = re.compile(r",\s+(?:which|who|where)\b[^,;]*,\s(?=\S)", re.IGNORECASE)


def own_clause(claim: Claim) -> str:
    """The clauses of the claim's sentence that its quote spans (the whole sentence when the
    quote cannot be placed). Periods are read there, not in the rest of the sentence: a year in
    another claim's clause, or in a "when" clause, is not this claim's."""
    sentence = claim.sentence or ""
    at = claim.start - claim.sentence_start if claim.sentence_start is not None else -1
    if not 0 <= at <= len(sentence) or sentence[at:at + len(claim.quote)] != claim.quote:
        at = sentence.find(claim.quote)
    if at < 0:
        return sentence
    end = at + len(claim.quote)
    cuts = ([0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)]
            + [m.end() for m in _RELATIVE_ASIDE.finditer(sentence)] + [len(sentence) + 1])
    lo = max(c for c in cuts if c <= at)
    hi = min(c for c in cuts if c >= end)
    return sentence[lo:hi]


def _period_text(claim: Claim) -> str:
    """Where a claim's dates are read besides its period and baseline fields: its own clauses;
    when the extractor found a period or baseline of its own, only the quote's years count (the
    rest of the clause may hold another claim's year: "down 24 percent from last year (2,651)
    and 15 percent from 2011")."""
    clause = own_clause(claim)
    if not (claim.period or claim.baseline):
        return clause
    # the clause still tells "so far this year" or "through June"; its years may be another claim's
    return f"{claim.quote} ; {w.YEAR.sub('', clause)}"


def resolve_period(claim: Claim, published: date | None, context: Sequence[Claim] = ()) -> ResolvedPeriod:
    """The dates a claim speaks of, read from its period, baseline and sentence.

    When its own sentence states no period at all, the nearest ``context`` claim (same article,
    same offense, nearest sentence first) that does lends its period; that counts as assumed.
    """
    own = resolve_text(claim.period, claim.baseline, _period_text(claim), published, kind=claim.kind)
    if own.kind != "default":
        return own
    for other in context:
        try:
            lent = resolve_text(other.period, other.baseline, _period_text(other), published, kind=claim.kind)
        except PeriodUnresolved:
            continue
        if lent.kind != "default":
            words = " ".join(other.sentence.split()[:14])
            return replace(lent, assumed=True,
                           basis=f"{lent.basis}; taken from a nearby sentence (\u201c{words}...\u201d); "
                                 "period assumed")
    return own
