""""Lowest / highest since YEAR" and "fewest in a decade" (reference/official-data.md 5.4).

Let v(y) be the figure for the same period definition in each year (year to date for a
year-to-date claim). "Lowest since YEAR" holds iff v(cur) < v(y) for every y strictly between
YEAR and cur, and v(YEAR) <= v(cur): YEAR is the most recent year at or below the current value.
The checker finds that year from the data (the true "since" year) and compares: equal ->
supported; off by one year, or a tie in between -> close; otherwise contradicted. A year missing
from the data before the answer is found -> unverifiable. A claimed YEAR before the series
starts -> unverifiable, unless a later year already contradicts it; YEAR equal to the first year
of the series with the current value below every year -> supported ("lowest on record").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from records.claim import Claim
from records.official import Observation
from verify.arithmetic import Tolerance, fmt
from verify.figures import Figure, figure_for
from verify.link import PeriodGap, Series
from verify.outcome import Outcome
from verify.periods import ResolvedPeriod
from verify.settings import VerifySettings


def _at_or_beyond(v: float, cur: float, lowest: bool) -> bool:
    """v is at or below the current value (for 'lowest'), at or above it (for 'highest')."""
    return v <= cur if lowest else v >= cur


def evaluate_record(claim: Claim, series: Series, view: Sequence[Observation], p: ResolvedPeriod,
                    s: VerifySettings, rate_from: Sequence[Series] = ()) -> Outcome | PeriodGap:
    lowest = claim.direction != "increase"
    cur = figure_for(series, view, p.start, p.end, flexible=p.flexible_end, s=s, rate_from=rate_from)
    if isinstance(cur, PeriodGap):
        return cur
    if cur.end != p.end:
        p = p.with_cutoff(cur.end)
    year = p.end.year
    claimed = int(claim.value) if claim.unit == "year" else year - int(claim.value)
    if claimed >= year:
        return Outcome("needs_review", f"'since {claimed}' is not before the claim's own year {year}", p,
                       (("claim period", cur),))
    years = sorted({int(o.period_start[:4]) for o in view})
    first = years[0] if years else year
    values: dict[int, float] = {}
    figs: list[tuple[str, Figure]] = [(str(year), cur)]
    true_since: int | None = None
    missing: int | None = None
    tie_after: int | None = None
    for y in range(year - 1, max(claimed, first) - 1, -1):
        start, end = p.same_span(y)
        fig = figure_for(series, view, start, end, flexible=False, s=s, rate_from=rate_from)
        if isinstance(fig, PeriodGap):
            missing = y
            break
        values[y] = fig.value
        figs.append((str(y), fig))
        if _at_or_beyond(fig.value, cur.value, lowest):
            if fig.value == cur.value and tie_after is None:
                tie_after = y
            true_since = y
            break
    word = "lowest" if lowest else "highest"
    p = replace(p, baseline_start=None, baseline_end=None)
    tol = Tolerance("record", claimed, claimed,
                    text=f"the claimed year must be the most recent year at or {'below' if lowest else 'above'} "
                         "the current figure (same span each year)",
                    close_text="close: off by one year, or a tie with a later year")
    listing = ", ".join(f"{y}: {fmt(v)}" for y, v in sorted(values.items(), reverse=True))
    lines = [f"{year}: {fmt(cur.value)}; earlier years (same span): {listing or 'none'}"]
    computed: dict[str, Any] = {"current": cur.value, "year": year, "claimed_since": claimed,
                                "values": {str(y): v for y, v in values.items()}, "true_since": true_since}
    figs_t = tuple(figs)
    if true_since is None and missing is not None and missing >= claimed:
        return PeriodGap(f"no figure for {missing} (same span), so '{word} since {claimed}' cannot be "
                         "tested", "partial_reporting")
    if true_since is None:
        if claimed >= first:
            lines.append(f"every year from {first} to {year - 1} was {'higher' if lowest else 'lower'}: "
                         f"the {word} in the whole series, which starts in {first}")
            return Outcome("supported", f"the {word} on record in this series (it starts in {first})", p,
                           figs_t, tuple(lines), (), computed, tol)
        return PeriodGap(f"the series starts in {first}, after the claimed {claimed}; a historical "
                         "source is needed")
    lines.append(f"the most recent year at or {'below' if lowest else 'above'} {fmt(cur.value)} is "
                 f"{true_since} ({fmt(values[true_since])}): {word} since {true_since}")
    if true_since == claimed:
        return Outcome("supported", f"{word} since {claimed}, as claimed", p, figs_t, tuple(lines), (), computed, tol)
    if true_since > claimed and tie_after == true_since:
        return Outcome("close", f"{true_since} had the same figure, so strictly it is the {word} since "
                                f"{true_since} (a tie), not since {claimed}", p, figs_t, tuple(lines), (),
                       computed, tol)
    if abs(true_since - claimed) == 1:
        return Outcome("close", f"{word} since {true_since}: off by one year", p, figs_t, tuple(lines), (),
                       computed, tol)
    if true_since > claimed:
        why = f"{true_since} was already {'as low or lower' if lowest else 'as high or higher'}"
    else:
        why = f"the claim understates: {claimed} was {'higher' if lowest else 'lower'} too"
    return Outcome("contradicted", f"{word} only since {true_since}, not {claimed}; {why}", p, figs_t,
                   tuple(lines), (), computed, tol)
