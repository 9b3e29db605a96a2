"""Records of official figures: jurisdictions and observations, and the bound a stored figure must keep."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

# No official crime figure for a US place (count, rate per 100k, population) reaches a billion;
# a value past it (1e308 in a CSV, a portal answering Infinity) is a typo or a hostile answer.
MAX_FIGURE = 1e9


def value_problem(value: float | None) -> str | None:
    """Why ``value`` cannot be stored as an official figure (not finite, negative, too large), or None."""
    if value is None:
        return None
    if not math.isfinite(value):
        return f"{value} is not a finite number"
    if value < 0:
        return f"{value:g} is negative"
    if value > MAX_FIGURE:
        return f"{value:.6g} is more than {MAX_FIGURE:,.0f}, implausible for a crime figure"
    return None


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """A place or agency official figures are reported for."""

    jurisdiction_id: str  # 'place:hartford-ct', 'ori:CT0006400', ...
    name: str
    state: str | None
    kind: str = "place"  # place | agency | state | nation | district
    ori: str | None = None
    place_geoid: str | None = None
    population: int | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Observation:
    """One official figure for one period, as fetched or entered. Stored append-only."""

    source_id: str
    jurisdiction_id: str
    offense: str  # claim vocabulary id, or a finer official id from the reference
    measure: str  # count | rate_per_100k | population | clearances | arrests
    unit: str  # offenses | incidents | victims | persons | arrests
    period_start: str  # ISO date, inclusive
    period_end: str  # ISO date, inclusive
    value: float | None  # None = not reported, never 0
    status: str  # final | preliminary | estimate | unknown
    as_of: str | None
    retrieved_at: str
    source_url: str
    publisher: str | None = None
    document_title: str | None = None
    entered_by: str | None = None
    note: str | None = None
    obs_id: int | None = None  # set once stored

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
