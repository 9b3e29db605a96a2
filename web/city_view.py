"""A city page's contents: claims over time by verdict, the offenses most claimed about, the
outlets, and the official series of the top offenses with each claim pinned on it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from db.places import PlaceCount, PlacedClaim, claims_in_place
from records.check import VERDICTS
from verify.link import default_resolver, resolve_jurisdiction
from web import dates
from web.charts import Chart, Pin, Stack, hbar_chart, stacked_columns
from web.claim_view import words
from web.series_chart import city_series_chart, series_for

TOP_OFFENSES = 8
TOP_OUTLETS = 8
SERIES_CHARTS = 3
RECENT = 12
VERDICT_CATEGORIES: tuple[tuple[str, str, str], ...] = tuple(
    (v, f"c-{v}", words(v)) for v in VERDICTS) + (("unchecked", "c-unchecked", "not checked"),)


@dataclass(frozen=True, slots=True)
class CityPage:
    place: PlaceCount
    total: int
    verdicts: tuple[tuple[str, int], ...]
    charts: tuple[Chart, ...]
    series_charts: tuple[Chart, ...]
    missing_series: tuple[str, ...]  # offenses claimed about with no official series here
    offenses: tuple[tuple[str, int], ...]
    outlets: tuple[tuple[str, int], ...]
    recent: tuple[PlacedClaim, ...]  # newest first


def verdict_of(p: PlacedClaim) -> str:
    """The fact-checker's verdict when there is one, else the machine's, else 'unchecked'."""
    return p.stored.review_verdict or p.stored.verdict or "unchecked"


def _period_key(published: str | None, by_month: bool) -> str | None:
    d = dates.parse(published)
    if d is None:
        return None
    return d.strftime("%Y-%m") if by_month else str(d.year)


def over_time(claims: Sequence[PlacedClaim], key: str) -> Chart:
    """Claims per year of publication (per month when they span two years or less), by verdict."""
    years = {d.year for p in claims if (d := dates.parse(p.stored.published))}
    by_month = bool(years) and max(years) - min(years) < 2
    counts: dict[str, Counter[str]] = {}
    for p in claims:
        k = _period_key(p.stored.published, by_month)
        if k is not None:
            counts.setdefault(k, Counter())[verdict_of(p)] += 1
    keys = sorted(counts)
    if by_month and keys:  # every month between the first and the last, empty ones too
        y, m = int(keys[0][:4]), int(keys[0][5:])
        keys = []
        while f"{y:04d}-{m:02d}" <= max(counts):
            keys.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    elif keys:
        keys = [str(y) for y in range(int(keys[0]), int(keys[-1]) + 1)]
    columns = [Stack(_column_label(k), tuple(counts.get(k, Counter()).items())) for k in keys]
    undated = sum(1 for p in claims if dates.parse(p.stored.published) is None)
    desc = ", ".join(f"{col.label}: {sum(n for _, n in col.parts)}" for col in columns)
    desc = f"Claims by {'month' if by_month else 'year'} of publication: {desc or 'none dated'}."
    if undated:
        desc += f" {undated} claim(s) without a publication date are not shown."
    return stacked_columns(key, "Claims over time, by verdict", desc + " A fact-checker's verdict "
                           "is used where there is one, else the machine's.", columns, VERDICT_CATEGORIES)


def _column_label(k: str) -> str:
    return date(int(k[:4]), int(k[5:]), 1).strftime("%b %Y") if len(k) == 7 else k


def _pin_date(p: PlacedClaim) -> date | None:
    start, end = dates.parse(p.period_start), dates.parse(p.period_end)
    if start and end:
        return start + (end - start) / 2
    return dates.parse(p.stored.published)


def build_city_page(db: Database, place: PlaceCount, claim_path: Callable[[int], str]) -> CityPage:
    """Everything the city page shows, from the place's claims and its official figures."""
    claims = claims_in_place(db, place.city, place.state)
    offenses = Counter(p.stored.claim.offense or "not named" for p in claims).most_common(TOP_OFFENSES)
    outlets = Counter(p.stored.outlet or "Unknown outlet" for p in claims).most_common(TOP_OUTLETS)
    verdicts = Counter(verdict_of(p) for p in claims)
    charts = [over_time(claims, "city-over-time")]
    if offenses:
        charts.append(hbar_chart("city-offenses", "Offenses most claimed about",
                                 "Claims per offense: " + ", ".join(f"{words(o)}: {n}" for o, n in offenses) + ".",
                                 [(words(o), n) for o, n in offenses], item_name="Offense"))
    if outlets:
        charts.append(hbar_chart("city-outlets", "Outlets making the claims",
                                 "Claims per outlet: " + ", ".join(f"{o}: {n}" for o, n in outlets) + ".",
                                 outlets, item_name="Outlet"))
    jid = resolve_jurisdiction(place.city, place.state, default_resolver()).jurisdiction_id
    series_charts: list[Chart] = []
    missing: list[str] = []
    for offense, _ in offenses:
        if len(series_charts) >= SERIES_CHARTS:
            break
        about = [p for p in claims if p.stored.claim.offense == offense]
        if not about or offense == "not named":
            continue
        data = series_for(db, about[0].stored.claim, jid)
        if data is None or not data.view:
            missing.append(words(offense))
            continue
        pins = [Pin(when, f"Claim {p.stored.claim_id}: \u201c{p.stored.claim.quote}\u201d ({words(verdict_of(p))})",
                    f"c-{verdict_of(p)}", claim_path(p.stored.claim_id), words(verdict_of(p)))
                for p in about if (when := _pin_date(p)) is not None]
        series_charts.append(city_series_chart(f"city-series-{offense}", data, pins, place.label))
    recent = list(reversed(claims[-RECENT:]))
    order = {v: i for i, (v, _, _) in enumerate(VERDICT_CATEGORIES)}
    return CityPage(place, len(claims), tuple(sorted(verdicts.items(), key=lambda kv: order.get(kv[0], 99))),
                    tuple(charts), tuple(series_charts), tuple(missing), tuple(offenses), tuple(outlets),
                    tuple(recent))
