"""Figures for a period from one series: counts, or rates (a rate series, or count / population)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from records.official import Observation
from verify.arithmetic import fmt
from verify.link import PeriodGap, PeriodValue, Series, value_for, vintage_date
from verify.settings import VerifySettings


@dataclass(frozen=True, slots=True)
class Figure:
    """One number used in a check, with where it came from, as a reader would cite it."""

    value: float
    start: date
    end: date
    observations: tuple[Observation, ...]
    method: str
    flags: tuple[str, ...]
    text: str  # "536 (2016-01-01 to 2016-10-02, as of 2016-10-02, preliminary)"
    count: float | None = None  # the raw count behind a computed rate (small-base test)

    @property
    def preliminary(self) -> bool:
        return any(o.status != "final" for o in self.observations)

    def as_dict(self) -> dict[str, object]:
        return {"value": round(self.value, 4), "start": self.start.isoformat(), "end": self.end.isoformat(),
                "method": self.method, "observation_ids": [o.obs_id for o in self.observations
                                                           if o.obs_id is not None]}


def _as_of_text(obs: Sequence[Observation]) -> str:
    dates = sorted({vintage_date(o) for o in obs if vintage_date(o)})
    status = sorted({o.status for o in obs})
    parts = []
    if dates:
        parts.append(f"as of {dates[-1]}" if len(dates) == 1 else f"as of {dates[0]}..{dates[-1]}")
    parts.append("/".join(status))
    return ", ".join(parts)


def count_figure(pv: PeriodValue) -> Figure:
    how = f", sum of {len(pv.observations)} sub-periods" if pv.method == "sum" else ""
    near = ", nearest cut-off" if pv.method == "near" else ""
    text = (f"{fmt(pv.value)} ({pv.start.isoformat()} to {pv.end.isoformat()}{how}{near}, "
            f"{_as_of_text(pv.observations)})")
    return Figure(pv.value, pv.start, pv.end, pv.observations, pv.method, pv.flags, text, pv.value)


def population_for(pops: Sequence[Series], end: date) -> Observation | None:
    """The population observation for the year a period ends in (else the nearest year)."""
    obs = [o for s in pops for o in s.observations if o.value]
    if not obs:
        return None

    def years_away(o: Observation) -> int:
        first, last = int(o.period_start[:4]), int(o.period_end[:4])
        return 0 if first <= end.year <= last else min(abs(first - end.year), abs(last - end.year))

    nearest = min(years_away(o) for o in obs)
    return max((o for o in obs if years_away(o) == nearest), key=vintage_date)


def figure_for(series: Series, view: Sequence[Observation], start: date, end: date, *,
               flexible: bool, s: VerifySettings, near: bool = False, rate_from: Sequence[Series] = (),
               ) -> Figure | PeriodGap:
    """The figure for a period: the series' own value, or count / population x 100,000."""
    pv = value_for(view, start, end, flexible=flexible, max_lag_days=s.max_assumed_lag_days,
                   near_days=s.close_cutoff_days if near else 0)
    if isinstance(pv, PeriodGap):
        return pv
    fig = count_figure(pv)
    if series.measure != "count":
        fig = replace(fig, count=None)  # a rate series: no count behind it to call small
    if not rate_from:
        return fig
    pop = population_for(rate_from, pv.end)
    if pop is None or not pop.value:
        return PeriodGap("no population figure to turn the count into a rate")
    rate = pv.value / pop.value * 100_000
    pop_year = pop.period_start[:4] if pop.period_start[:4] == pop.period_end[:4] else \
        f"{pop.period_start[:4]}-{pop.period_end[:4]}"
    year_note = "" if pop.period_start[:4] <= str(pv.end.year) <= pop.period_end[:4] else \
        f", the nearest year to {pv.end.year}"
    text = (f"{fmt(pv.value)} / {fmt(pop.value)} x 100,000 = {fmt(rate, 2)} per 100,000 "
            f"(count {pv.start.isoformat()} to {pv.end.isoformat()}, {_as_of_text(pv.observations)}; "
            f"population of {pop_year} from {pop.publisher or pop.source_id}{year_note}; the rate is "
            "computed here, not published)")
    return replace(fig, value=rate, observations=(*pv.observations, pop), text=text, count=pv.value)
