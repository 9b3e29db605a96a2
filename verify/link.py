"""Linking a claim to official figures: place -> jurisdiction, offense -> series, period -> values.

A *series* is one source's figures for one jurisdiction, offense, measure and unit. Within a
series every period may have several vintages (``as_of``); a view keeps one per period. A period
is matched exactly, else by the data's own cut-off when the claim's was assumed, else as the sum
of sub-periods that tile it completely; otherwise the gap says why (partial_reporting,
period_mismatch).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from offenses.relations import OFFICIAL_UNITS, OffenseRelation, relate
from official.errors import UnknownPlace
from official.places import resolve_place
from records.claim import Claim
from records.official import Observation

log = logging.getLogger(__name__)

PlaceResolver = Callable[[str, "str | None"], "str | None"]


# ---- place -> jurisdiction -------------------------------------------------------------------

def place_slug(city: str, state: str | None) -> str:
    """The fallback jurisdiction id of a city: 'place:hartford-ct'."""
    text = unicodedata.normalize("NFKD", city).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return f"place:{slug}-{state.strip().lower()}" if state else f"place:{slug}"


def default_resolver() -> PlaceResolver:
    """official.places.resolve_place as a resolver (unknown places fall back to the slug)."""

    def resolve(city: str, state: str | None) -> str | None:
        try:
            return resolve_place(city, state, allow_unknown=True).jurisdiction_id
        except UnknownPlace:
            return None  # AmbiguousPlace propagates: the caller reports it

    return resolve


@dataclass(frozen=True, slots=True)
class JurisdictionLink:
    """The jurisdiction a claim's place resolved to, or why it did not."""

    jurisdiction_id: str | None
    status: str  # resolved | ambiguous | missing
    note: str


def resolve_jurisdiction(city: str | None, state: str | None,
                         resolver: PlaceResolver | None = None) -> JurisdictionLink:
    """Resolve a place through ``resolver`` (e.g. official.resolve_place), falling back to the slug."""
    if not city:
        return JurisdictionLink(None, "missing", "the claim names no place and the article has none")
    if resolver is not None:
        try:
            found = resolver(city, state)
        except Exception as exc:  # the resolver's own "ambiguous" errors carry a message
            return JurisdictionLink(None, "ambiguous", f"place '{city}' is ambiguous: {exc}")
        if found:
            return JurisdictionLink(found, "resolved", f"'{city}, {state or '?'}' is {found}")
    if not state:
        return JurisdictionLink(None, "ambiguous", f"'{city}' has no state; several places share names")
    jid = place_slug(city, state)
    return JurisdictionLink(jid, "resolved", f"'{city}, {state}' taken as {jid}")


# ---- offense -> series -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Series:
    """One source's figures for one jurisdiction, offense, measure and unit."""

    source_id: str
    jurisdiction_id: str
    offense: str
    measure: str
    unit: str
    observations: tuple[Observation, ...]
    match: OffenseRelation | None
    flags: tuple[str, ...] = ()

    @property
    def publisher(self) -> str:
        return next((o.publisher for o in self.observations if o.publisher), None) or self.source_id

    def label(self) -> str:
        return f"{self.publisher} ({self.source_id}), {self.offense} {self.measure} of {self.unit}"


def group_series(observations: Sequence[Observation]) -> dict[tuple[str, ...], list[Observation]]:
    groups: dict[tuple[str, ...], list[Observation]] = {}
    for o in observations:
        groups.setdefault((o.source_id, o.jurisdiction_id, o.offense, o.measure, o.unit), []).append(o)
    return groups


def claim_series(claim: Claim, observations: Sequence[Observation], jurisdiction_id: str | None,
                 claim_unit: str | None, measure: str = "count") -> list[Series]:
    """Series that could check the claim, best first (same definition, unit, jurisdiction)."""
    found: list[tuple[tuple[int, int, int, str], Series]] = []
    for key, obs in group_series([o for o in observations if o.measure == measure]).items():
        source_id, jid, offense, meas, unit = key
        match = relate(claim.offense, claim.offense_detail, offense)
        if match is None:
            continue
        flags: list[str] = []
        if not match.same_definition:
            flags.append("definition_mismatch")
        series_unit = unit if unit in ("victims", "incidents") else OFFICIAL_UNITS.get(offense)
        unit_rank = 1
        if claim_unit and series_unit:
            unit_rank = 0 if claim_unit == series_unit else 2
            if unit_rank == 2:
                flags.append("unit_mismatch")
        if jurisdiction_id and jid != jurisdiction_id:
            flags.append("jurisdiction_mismatch")
        rank = ({"exact": 0, "equivalent": 1}.get(match.relation, 2), unit_rank,
                int(bool(jurisdiction_id) and jid != jurisdiction_id), source_id)
        found.append((rank, Series(source_id, jid, offense, meas, unit, tuple(obs), match, tuple(flags))))
    found.sort(key=lambda pair: pair[0])
    return [s for _, s in found]


def population_series(observations: Sequence[Observation], jurisdiction_id: str | None) -> list[Series]:
    pops = [o for o in observations if o.measure == "population"
            and (jurisdiction_id is None or o.jurisdiction_id == jurisdiction_id)]
    return [Series(k[0], k[1], k[2], k[3], k[4], tuple(v), None) for k, v in group_series(pops).items()]


# ---- vintages --------------------------------------------------------------------------------

def vintage_date(o: Observation) -> str:
    """The publisher's as-of date, else when we retrieved it (ISO text, sortable)."""
    return (o.as_of or o.retrieved_at or "")[:10]


def vintage_view(observations: Sequence[Observation], limit: date | None = None) -> list[Observation]:
    """One observation per period: the latest vintage, or the latest at or before ``limit``."""
    best: dict[tuple[str, str], Observation] = {}
    for o in observations:
        if limit is not None and vintage_date(o) > limit.isoformat():
            continue
        key = (o.period_start, o.period_end)
        cur = best.get(key)
        if cur is None or (vintage_date(o), o.retrieved_at, o.obs_id or 0) > (
                vintage_date(cur), cur.retrieved_at, cur.obs_id or 0):
            best[key] = o
    return sorted(best.values(), key=lambda o: (o.period_start, o.period_end))


# ---- period -> values ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PeriodValue:
    """A figure for a period: one observation, or the sum of observations that tile the period."""

    value: float
    start: date
    end: date
    observations: tuple[Observation, ...]
    method: str  # exact | cutoff | sum | near
    flags: tuple[str, ...] = ()

    @property
    def preliminary(self) -> bool:
        return any(o.status != "final" for o in self.observations)

    def describe(self) -> str:
        n = len(self.observations)
        how = {"exact": "one figure", "cutoff": "the figure through the data's own cut-off",
               "sum": f"the sum of {n} figures", "near": "the figure with the nearest cut-off"}[self.method]
        return f"{self.start.isoformat()} to {self.end.isoformat()} ({how})"


@dataclass(frozen=True, slots=True)
class PeriodGap:
    """Why no figure could be had for a period."""

    reason: str
    flag: str | None = None  # partial_reporting | period_mismatch | None


def _d(text: str) -> date:
    return date.fromisoformat(text[:10])


def _calendar_year(start: str, end: str) -> bool:
    """A period from January 1 to December 31 of one year."""
    return start[5:10] == "01-01" and end[5:10] == "12-31" and start[:4] == end[:4]


def _tile(obs: Sequence[Observation], start: date, end: date) -> tuple[list[Observation], date | None]:
    """Greedily cover [start, end] with non-overlapping observations; returns tiles and reach."""
    by_start: dict[date, list[Observation]] = {}
    for o in obs:
        first, last = _d(o.period_start), _d(o.period_end)
        if first >= start and last <= end:
            by_start.setdefault(first, []).append(o)
    tiles: list[Observation] = []
    cur, reach = start, None
    while cur <= end:
        here = by_start.get(cur)
        if not here:
            break
        o = max(here, key=lambda x: _d(x.period_end))
        tiles.append(o)
        reach = _d(o.period_end)
        cur = reach + timedelta(days=1)
    return tiles, reach


def value_for(view: Sequence[Observation], start: date, end: date, *, flexible: bool = False,
              max_lag_days: int = 14, near_days: int = 0) -> PeriodValue | PeriodGap:
    """The figure for [start, end] from one vintage view of one series."""
    for o in view:
        if _d(o.period_start) == start and _d(o.period_end) == end:
            if o.value is None:
                why = f" ({o.note})" if o.note else ""
                return PeriodGap(f"the figure for {start} to {end} is not reported{why}", "partial_reporting")
            return PeriodValue(o.value, start, end, (o,), "exact")
    earliest = end - timedelta(days=max_lag_days)
    if flexible:
        cands = [o for o in view if _d(o.period_start) == start and earliest <= _d(o.period_end) <= end
                 and o.value is not None]
        if cands:
            o = max(cands, key=lambda x: _d(x.period_end))
            return PeriodValue(o.value or 0.0, start, _d(o.period_end), (o,), "cutoff")
    tiles, reach = _tile(view, start, end)
    if tiles and reach is not None and (reach == end or (flexible and reach >= earliest)):
        if any(t.value is None for t in tiles):
            missing = [t.period_start for t in tiles if t.value is None]
            return PeriodGap(f"{len(missing)} of {len(tiles)} sub-periods between {start} and {reach} "
                             f"are not reported (first: {missing[0]})", "partial_reporting")
        if len(tiles) > 1 or reach != end:
            return PeriodValue(sum(t.value or 0.0 for t in tiles), start, reach, tuple(tiles),
                               "sum" if len(tiles) > 1 else "cutoff")
    if near_days:
        cands = [o for o in view if _d(o.period_start) == start and o.value is not None
                 and abs((_d(o.period_end) - end).days) <= near_days]
        if cands:
            o = min(cands, key=lambda x: abs((_d(x.period_end) - end).days))
            return PeriodValue(o.value or 0.0, start, _d(o.period_end), (o,), "near", ("period_mismatch",))
    if tiles:
        return PeriodGap(f"figures from {start} cover only to {reach}, not to {end}", "partial_reporting")
    if view:
        spans = sorted({(o.period_start[:10], o.period_end[:10]) for o in view})
        if all(_calendar_year(a, b) for a, b in spans) and not _calendar_year(start.isoformat(), end.isoformat()):
            years = f"{spans[0][0][:4]}-{spans[-1][0][:4]}" if len(spans) > 1 else spans[0][0][:4]
            return PeriodGap(f"no figure covers {start} to {end}: the series has annual figures only "
                             f"(calendar years {years}), which cannot check a claim about part of a year; "
                             "the police department's monthly or year-to-date figures would settle it",
                             "period_mismatch")
        shown = ", ".join(f"{a} to {b}" for a, b in spans[:4]) + (" ..." if len(spans) > 4 else "")
        return PeriodGap(f"no figure covers {start} to {end} (the series has {shown})", "period_mismatch")
    return PeriodGap(f"no figures at all for {start} to {end}")
