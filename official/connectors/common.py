"""Small pieces the portal connectors (Socrata, ArcGIS) share: offense selection, dates, vintages."""

from __future__ import annotations

import email.utils
import math
from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta

from offenses.vocabulary import get_offense
from official.connectors.base import FetchRequest, with_rollups
from official.errors import BadResponse
from official.registry import SourceEntry
from records.official import value_problem


def wanted_offenses(entry: SourceEntry, request: FetchRequest) -> tuple[list[str], list[str]]:
    """(offense ids to emit, warnings). With ``rollup`` the broader totals are included."""
    mapped = list(entry.mapped_offenses())
    available = with_rollups(mapped) if entry.rollup else mapped
    if not request.offenses:
        return available, []
    emit = [o for o in request.offenses if o in available]
    missing = [o for o in request.offenses if o not in available]
    warnings = [f"{entry.name} has no figures for {', '.join(missing)}"] if missing else []
    return emit, warnings


def units_for(entry: SourceEntry, offense_ids: list[str]) -> dict[str, str]:
    """Counting unit per offense: the registry's (with overrides); roll-up totals in offenses."""
    mapped = set(entry.mapped_offenses())
    units: dict[str, str] = {}
    for oid in offense_ids:
        if oid in mapped or oid in entry.unit_overrides:
            units[oid] = entry.unit_for(oid)
        else:
            units[oid] = get_offense(oid).unit or entry.unit
    return units


def vintage(headers: Mapping[str, str], retrieved_at: str) -> date:
    """The publisher's vintage: Last-Modified (or Socrata's truth-last-modified), else today."""
    for name in ("x-soda2-truth-last-modified", "last-modified"):
        value = headers.get(name)
        if value:
            try:
                return email.utils.parsedate_to_datetime(value).date()
            except (TypeError, ValueError):
                continue
    return date.fromisoformat(retrieved_at[:10])


def data_through(entry: SourceEntry, request: FetchRequest, as_of: date) -> date:
    """The last day the source covers: its vintage minus the publisher's lag, within the request."""
    return min(request.end, as_of - timedelta(days=entry.lag_days))


def unmapped_warning(entry: SourceEntry, unmapped: Counter[str]) -> list[str]:
    if not unmapped:
        return []
    top = ", ".join(f"{code!r} ({n:g})" for code, n in unmapped.most_common(8))
    return [f"{entry.name}: {sum(unmapped.values()):g} rows have codes not in the map "
            f"({len(unmapped)} codes; most common: {top}); add them to source_labels.csv if they "
            "matter"]


def as_float(value: object, what: str) -> float:
    """A number from a portal's answer; BadResponse for text, Infinity, NaN or an implausible size."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except OverflowError:  # an integer past float range
        number = math.inf
    except (TypeError, ValueError):
        raise BadResponse(f"{what}: expected a number, got {str(value)[:80]!r}") from None
    problem = value_problem(number)
    if problem:
        raise BadResponse(f"{what}: {problem}; the source answered {str(value)[:80]!r}")
    return number
