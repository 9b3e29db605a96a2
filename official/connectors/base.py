"""The connector interface and the helpers every portal connector shares.

A connector turns one official source into ``Observation`` records::

    class Connector(Protocol):
        source_id: str
        def fetch(self, request: FetchRequest) -> FetchResult: ...

Connectors take an injected ``httpx.Client`` (made by the caller with the settings' timeout and
User-Agent) and a ``RetryPolicy``; they never read the environment.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Protocol, runtime_checkable

from offenses.vocabulary import ancestors
from records.official import Observation

Granularity = Literal["day", "month", "total"]
GRANULARITIES: tuple[str, ...] = ("day", "month", "total")


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """What to fetch: an inclusive date range, optionally some offenses and one jurisdiction.

    ``granularity`` 'day' stores one figure per day (the checker can then sum any window),
    'month' one per calendar month, 'total' one for the whole range.
    """

    start: date
    end: date
    offenses: tuple[str, ...] = ()  # offense ids; empty = everything the source maps
    jurisdiction_id: str | None = None  # for sources covering several places (FBI CDE)
    granularity: Granularity = "day"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.granularity not in GRANULARITIES:
            raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")


@dataclass(frozen=True, slots=True)
class FetchResult:
    """Figures fetched, what the caller should know about them, and how far the data reach."""

    observations: tuple[Observation, ...]
    warnings: tuple[str, ...] = ()
    data_through: date | None = None  # last day the source covers completely
    requests: tuple[str, ...] = ()  # URLs called (keys redacted)


@runtime_checkable
class Connector(Protocol):
    source_id: str

    def fetch(self, request: FetchRequest) -> FetchResult: ...


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def periods(start: date, end: date, granularity: Granularity) -> list[tuple[date, date]]:
    """The inclusive periods covering [start, end]; months are clipped to the range."""
    if end < start:
        return []
    if granularity == "total":
        return [(start, end)]
    if granularity == "day":
        return [(start + timedelta(days=i),) * 2 for i in range((end - start).days + 1)]
    out: list[tuple[date, date]] = []
    current = start
    while current <= end:
        last = min(month_end(current), end)
        out.append((current, last))
        current = last + timedelta(days=1)
    return out


def with_rollups(offense_ids: Iterable[str]) -> list[str]:
    """Each id followed by the broader ids it counts toward (murder -> violent_crime, ...)."""
    out: list[str] = []
    for offense_id in offense_ids:
        for oid in (offense_id, *ancestors(offense_id)):
            if oid not in out:
                out.append(oid)
    return out


@dataclass(frozen=True, slots=True)
class SeriesMeta:
    """What every observation of one fetch shares."""

    source_id: str
    jurisdiction_id: str
    source_url: str
    retrieved_at: str
    as_of: str | None
    publisher: str | None
    document_title: str | None
    status: str = "preliminary"
    note: str | None = None


def daily_observations(counts: Mapping[tuple[date, str], float], offenses: Iterable[str],
                       units: Mapping[str, str], start: date, end: date,
                       granularity: Granularity, meta: SeriesMeta,
                       rollup: bool = False) -> list[Observation]:
    """Observations from per-day counts of incident rows.

    Days of [start, end] with no rows for a mapped offense count as 0: the source publishes
    every incident of the days it covers, so no row means none happened. ``end`` must already
    be clipped to the source's data_through; later days are simply not emitted (None would
    wrongly say "not reported"). With ``rollup`` each count also adds to the broader ids of its
    offense; only the ids in ``offenses`` are emitted.
    """
    wanted = list(offenses)
    totals: dict[tuple[date, str], float] = defaultdict(float)
    for (day, offense_id), n in counts.items():
        for oid in (with_rollups([offense_id]) if rollup else [offense_id]):
            totals[(day, oid)] += n
    observations: list[Observation] = []
    for offense_id in wanted:
        for first, last in periods(start, end, granularity):
            value = 0.0
            day = first
            while day <= last:
                value += totals.get((day, offense_id), 0.0)
                day += timedelta(days=1)
            observations.append(Observation(
                source_id=meta.source_id, jurisdiction_id=meta.jurisdiction_id,
                offense=offense_id, measure="count", unit=units.get(offense_id, "incidents"),
                period_start=first.isoformat(), period_end=last.isoformat(), value=value,
                status=meta.status, as_of=meta.as_of, retrieved_at=meta.retrieved_at,
                source_url=meta.source_url, publisher=meta.publisher,
                document_title=meta.document_title, note=meta.note,
            ))
    return observations
