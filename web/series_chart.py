"""Which official figures to chart, and their bars and points: the claim page's series with the
claim's period, baseline and claimed value, and a city page's series with its claims pinned.

The series is the one the latest check used (same source, offense, measure and unit) when there
is one, else the best series the checker would consider for the claim's place and offense
(``verify.link.claim_series``). Only the latest vintage of each period is drawn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from db.records import CheckRow, StoredClaim
from display import number
from records.claim import Claim
from records.official import Observation
from verify.link import Series, claim_series, default_resolver, resolve_jurisdiction, vintage_view
from verify.run import observations_for_claim
from web import dates
from web.charts import Bar, Chart, Pin, Point, bar_chart, line_chart
from web.claim_view import words

MAX_BARS = 16
MAX_POINTS = 60


@dataclass(frozen=True, slots=True)
class SeriesData:
    """One official series in its latest vintage, with the words to name it."""

    series: Series
    view: tuple[Observation, ...]

    @property
    def name(self) -> str:
        o = self.view[0] if self.view else None
        what = f"{words(self.series.offense)} ({self.series.unit})"
        return f"{self.series.publisher}: {what}" if o else what


def shape(o: Observation) -> str:
    """'year', 'month' or the month-day span ('01-01..10-02') of an observation's period."""
    start, end = o.period_start[:10], o.period_end[:10]
    if start[5:] == "01-01" and end[5:] == "12-31" and start[:4] == end[:4]:
        return "year"
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if first.day == 1 and first.month == last.month and first.year == last.year \
            and (last + timedelta(days=1)).month != last.month:
        return "month"
    return f"{start[5:]}..{end[5:]}"


def midpoint(o: Observation) -> date:
    first, last = date.fromisoformat(o.period_start[:10]), date.fromisoformat(o.period_end[:10])
    return first + (last - first) / 2


def jurisdiction_of(stored: StoredClaim) -> str | None:
    return resolve_jurisdiction(stored.city, stored.state, default_resolver()).jurisdiction_id


def series_for(db: Database, claim: Claim, jurisdiction_id: str | None,
               used: Sequence[Observation] = ()) -> SeriesData | None:
    """The series the check used (``used``), else the best one for the claim's offense."""
    if used:
        o = used[0]
        found = [x for x in observations_for_claim(db, claim, o.jurisdiction_id)
                 if (x.source_id, x.offense, x.measure, x.unit) == (o.source_id, o.offense, o.measure, o.unit)]
        found_series = claim_series(claim, found, o.jurisdiction_id, None)
        if found_series:
            return SeriesData(found_series[0], tuple(vintage_view(found_series[0].observations)))
    if not jurisdiction_id or not claim.offense:
        return None
    candidates = [s for s in claim_series(claim, observations_for_claim(db, claim, jurisdiction_id),
                                          jurisdiction_id, None)
                  if s.match is not None and s.match.same_definition]
    best = max(candidates, key=lambda s: len({o.period_start for o in s.observations}), default=None)
    return SeriesData(best, tuple(vintage_view(best.observations))) if best else None


def _figure_ids(check: CheckRow | None, name: str) -> set[int]:
    figures = ((check.computed or {}).get("figures") or {}) if check else {}
    fig = figures.get(name)
    return set(fig.get("observation_ids") or ()) if isinstance(fig, dict) else set()


def _claimed_values(claim: Claim, check: CheckRow | None) -> tuple[float | None, float | None]:
    """What the claim says the (baseline, claim period) figures are, in the series' unit."""
    c = (check.computed or {}) if check else {}
    if claim.kind == "from_to":
        return c.get("claimed_old"), c.get("claimed_new")
    if claim.kind == "count" and c.get("claimed") is not None:
        return None, c["claimed"]
    old = c.get("old")
    if old is None:
        return None, None
    if claim.kind == "percent_change" and c.get("claimed_pct") is not None:
        return None, round(old * (1 + c["claimed_pct"] / 100), 1)
    if claim.kind == "count_change" and c.get("claimed_diff") is not None:
        return None, old + c["claimed_diff"]
    return None, None


def claim_chart(db: Database, stored: StoredClaim, check: CheckRow | None,
                observations: Sequence[Observation]) -> Chart | None:
    """The official series for the claim's place and offense as bars: the claim's period and
    baseline highlighted, the claimed figure beside the official one. None without figures."""
    claim = stored.claim
    by_id = {o.obs_id: o for o in observations}
    current_ids, base_ids = _figure_ids(check, "claim period"), _figure_ids(check, "comparison period")
    if claim.kind == "record" and check and (check.computed or {}).get("year"):
        current_ids = _figure_ids(check, str(check.computed["year"]))  # type: ignore[index]
        since = (check.computed or {}).get("claimed_since")
        base_ids = _figure_ids(check, str(since)) if since else set()
    if check and not current_ids:  # a check that stored no figures: match its periods' dates
        for o in observations:
            span = (o.period_start[:10], o.period_end[:10])
            if o.obs_id is not None and span == ((check.period_start or "")[:10], (check.period_end or "")[:10]):
                current_ids.add(o.obs_id)
            elif o.obs_id is not None and span == ((check.baseline_start or "")[:10],
                                                   (check.baseline_end or "")[:10]):
                base_ids.add(o.obs_id)
    used = [by_id[i] for i in sorted(current_ids | base_ids) if i in by_id and by_id[i].measure != "population"]
    data = series_for(db, claim, None if used else jurisdiction_of(stored), used)
    if data is None or not data.view:
        return None
    wanted = shape(used[0]) if used else ("year" if any(shape(o) == "year" for o in data.view) else "month")
    view = [o for o in data.view if shape(o) == wanted] or list(data.view)
    roles = {o.obs_id: "claim" for o in view if o.obs_id in current_ids}
    roles.update({o.obs_id: "baseline" for o in view if o.obs_id in base_ids})
    marked = [i for i, o in enumerate(view) if o.obs_id in roles]
    if len(view) > MAX_BARS:
        end = min(len(view), (max(marked) + 3) if marked else len(view))
        view = view[max(0, end - MAX_BARS):end]
    claimed_old, claimed_new = _claimed_values(claim, check) if check else (None, None)
    single = len(current_ids) == 1 and len(base_ids) <= 1
    bars: list[Bar] = []
    for o in view:
        role = roles.get(o.obs_id, "")
        claimed = None
        if single and role == "claim":
            claimed = claimed_new
        elif single and role == "baseline":
            claimed = claimed_old
        note = {"claim": "the claim's period", "baseline": "the claim's baseline"}.get(role, "")
        if claimed is not None:
            note += f"; the claim means {number(claimed)}"
        axis = o.period_start[:4] if wanted not in ("year", "month") and o.period_start[:4] == o.period_end[:4] else ""
        bars.append(Bar(_bar_label(o, wanted), o.value, role, claimed, note, axis))
    place = f"{stored.city}, {stored.state}" if stored.state else (stored.city or "the place")
    title = f"{words(claim.offense).capitalize()} in {place}: official figures"
    if view and all(b.axis for b in bars):  # the same span each year: say it once, in the title
        title += f", {dates.day(view[0].period_start, year=False)}\u2013{dates.day(view[0].period_end, year=False)} of each year"
    return bar_chart(f"claim-chart-{stored.claim_id}", title, _claim_desc(data, bars, check, wanted),
                     bars, value_name=data.series.publisher, claimed_name="What the claim says")


def _bar_label(o: Observation, wanted: str) -> str:
    if wanted == "year":
        return o.period_start[:4]
    if wanted == "month":
        return dates.span(o.period_start, o.period_end) or o.period_start[:7]
    return dates.span(o.period_start, o.period_end) or o.period_start


def _claim_desc(data: SeriesData, bars: Sequence[Bar], check: CheckRow | None, wanted: str) -> str:
    kind = {"year": "annual", "month": "monthly"}.get(wanted, "same-span")
    shown = ", ".join(f"{b.label}: {'not published' if b.value is None else number(b.value)}" for b in bars)
    text = f"{data.series.publisher}, {kind} {words(data.series.offense)} figures ({data.series.unit}). {shown}."
    claim_bar = next((b for b in bars if b.role == "claim"), None)
    base_bar = next((b for b in bars if b.role == "baseline"), None)
    if claim_bar:
        text += f" The claim's period is {claim_bar.label}"
        text += f", compared with {base_bar.label}." if base_bar else "."
        if claim_bar.claimed is not None:
            text += f" The claim means {number(claim_bar.claimed)} where the official figure is " \
                    f"{number(claim_bar.value)}."
    elif check is not None and check.period_start:
        text += (f" No figure in this series covers the claim's period "
                 f"({dates.span(check.period_start, check.period_end)}).")
    return text


def city_series_chart(key: str, data: SeriesData, pins: Sequence[Pin], place: str) -> Chart:
    """A city's official series for one offense as a line (annual, else monthly), claims pinned."""
    shapes = Counter(shape(o) for o in data.view)
    wanted = "year" if shapes["year"] and shapes["year"] >= shapes["month"] else (
        "month" if shapes["month"] else shapes.most_common(1)[0][0])
    chosen = [o for o in data.view if shape(o) == wanted][-MAX_POINTS:]
    points = [Point(midpoint(o), o.value, dates.span(o.period_start, o.period_end) or o.period_start)
              for o in chosen]
    first = min((p.when for p in points), default=None)
    last = max((p.when for p in points), default=None)
    if first and last:
        lo, hi = first - timedelta(days=550), last + timedelta(days=550)
        pins = [p for p in pins if lo <= p.when <= hi]
    kind = {"year": "annual", "month": "monthly"}.get(wanted) or (
        f"{dates.day(chosen[0].period_start, year=False)}\u2013{dates.day(chosen[0].period_end, year=False)}")
    what = f"{kind} official figures" if wanted in ("year", "month") else f"official figures for {kind} of each year"
    title = f"{words(data.series.offense).capitalize()} in {place}, {what}, with claims"
    shown = ", ".join(f"{p.label}: {'not published' if p.value is None else number(p.value)}" for p in points)
    desc = (f"{data.series.publisher}, {kind} {words(data.series.offense)} ({data.series.unit}): {shown}. "
            f"{len(pins)} claim(s) pinned at the middle of the period each claim is about.")
    return line_chart(key, title, desc, points, pins, value_name=data.series.publisher)
