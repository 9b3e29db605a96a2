"""FBI Crime Data Explorer connector: monthly agency counts from ``/summarized``.

    GET {base}/summarized/agency/{ORI}/{segment}?from=MM-YYYY&to=MM-YYYY
    X-Api-Key: <key>            (or API_KEY=<key> in the query when key_in = "query")

The answer keys series by name ("<Agency> Offenses", "<Agency> Clearances", "<State> Offenses",
"United States Offenses") and months as "MM-YYYY". A month that is absent or null is "not
reported" (value None), never 0. ``cde_properties.max_data_date`` ("03/2026") is the vintage; a
year counts as final once data run through September of the next year (the FBI's annual
release), earlier months are preliminary. Each offense has candidate path segments (slug, short
code); the first that answers is remembered.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import httpx

from httpkit.retry import RetryPolicy
from offenses.vocabulary import get_offense
from official.connectors.base import FetchRequest, FetchResult, month_end, periods
from official.connectors.common import as_float
from official.errors import BadResponse, MissingCredentials, SourceHTTPError
from official.http import JsonResponse, get_json
from official.registry import SourceEntry
from records.official import Observation

log = logging.getLogger(__name__)
POPULATION_OFFENSE = "_population"


@dataclass(frozen=True, slots=True)
class Agency:
    """An agency the connector asks for, and the place its figures are stored under."""

    ori: str
    jurisdiction_id: str
    name: str | None = None  # expected agency name, to sanity-check the ORI
    state_name: str | None = None


def _month_key(day: date) -> str:
    return f"{day.month:02d}-{day.year}"


def _reported(value: object, what: str) -> float | None:
    """A monthly figure: None when not a number (not reported); BadResponse when not plausible."""
    return as_float(value, what) if isinstance(value, (int, float)) else None


def _parse_max_date(value: object) -> date | None:
    """'03/2026' or '2026-03' or '2026-03-31' -> the last day of that month."""
    if not isinstance(value, str):
        return None
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", value.strip())
    if m:
        return month_end(date(int(m[2]), int(m[1]), 1))
    m = re.match(r"(\d{4})-(\d{2})", value.strip())
    if m:
        return month_end(date(int(m[1]), int(m[2]), 1))
    return None


def pick_series(series: dict, agency: Agency, suffix: str) -> str | None:
    """The agency's '<name> <suffix>' series: not the United States or state series."""
    names = [n for n in series if isinstance(n, str) and n.endswith(f" {suffix}")
             and not n.startswith("United States")]
    if agency.state_name:
        names = [n for n in names if n != f"{agency.state_name} {suffix}"]
    if agency.name:
        preferred = [n for n in names if agency.name.lower() in n.lower()]
        if preferred:
            return preferred[0]
    return names[0] if len(names) == 1 else (names[0] if names else None)


def final_status(month: date, through: date | None) -> str:
    if through is None:
        return "preliminary"
    return "final" if (through.year, through.month) >= (month.year + 1, 9) else "preliminary"


class FbiCdeConnector:
    """Monthly offense counts, clearances and covered population per agency (ORI)."""

    def __init__(self, entry: SourceEntry, client: httpx.Client, *, agencies: Iterable[Agency],
                 api_key: str, policy: RetryPolicy | None = None) -> None:
        if entry.kind != "fbi_cde":
            raise ValueError(f"{entry.name} is a {entry.kind} source, not fbi_cde")
        self.source_id = entry.source_id
        self.entry = entry
        self.client = client
        self.agencies = tuple(agencies)
        self.api_key = api_key
        self.policy = policy or RetryPolicy()
        self.segments: dict[str, str] = {}  # offense id -> the segment that answered

    def _get(self, ori: str, offense_id: str, start: date, end: date) -> JsonResponse:
        params = {"from": _month_key(start), "to": _month_key(end)}
        headers = {"Accept": "application/json"}
        if self.entry.key_in == "query":
            params["API_KEY"] = self.api_key
        else:
            headers["X-Api-Key"] = self.api_key
        candidates = list(get_offense(offense_id).cde)
        if offense_id in self.segments:
            candidates = [self.segments[offense_id]]
        last_error: SourceHTTPError | None = None
        for segment in candidates:
            url = f"{self.entry.base_url.rstrip('/')}/summarized/agency/{ori}/{segment}"
            try:
                response = get_json(self.client, url, params=params, headers=headers,
                                    policy=self.policy, secrets=[self.api_key],
                                    what="the FBI Crime Data Explorer")
            except SourceHTTPError as exc:
                if exc.status in (400, 404) and segment != candidates[-1]:
                    log.info("CDE segment %s refused (%s); trying the next", segment, exc.status)
                    last_error = exc
                    continue
                raise
            self.segments[offense_id] = segment
            return response
        assert last_error is not None
        raise last_error

    def fetch(self, request: FetchRequest) -> FetchResult:
        if not self.api_key:
            raise MissingCredentials(
                "The FBI Crime Data Explorer needs an API key: set FBI_API_KEY (free at "
                "https://api.data.gov/signup/; FBI_API_KEY=DEMO_KEY allows 30 requests an hour).")
        offenses = [o for o in (request.offenses or self.entry.offenses) if o in self.entry.offenses]
        warnings: list[str] = []
        missing = [o for o in request.offenses if o not in self.entry.offenses]
        if missing:
            warnings.append(f"{self.entry.name} has no figures for {', '.join(missing)}")
        if request.granularity == "day":
            warnings.append("FBI CDE figures are monthly; stored by month")
        agencies = [a for a in self.agencies
                    if request.jurisdiction_id in (None, a.jurisdiction_id)]
        observations: list[Observation] = []
        urls: list[str] = []
        through_all: date | None = None
        for agency in agencies:
            population_done = False
            for offense_id in offenses:
                response = self._get(agency.ori, offense_id, request.start, request.end)
                urls.append(response.url)
                obs, through, notes = self._parse(response, agency, offense_id, request,
                                                  with_population=not population_done)
                population_done = population_done or any(o.measure == "population" for o in obs)
                observations.extend(obs)
                warnings.extend(notes)
                if through is not None:
                    through_all = through if through_all is None else min(through_all, through)
        return FetchResult(tuple(observations), tuple(dict.fromkeys(warnings)), through_all, tuple(urls))

    def _parse(self, response: JsonResponse, agency: Agency, offense_id: str,
               request: FetchRequest, *, with_population: bool
               ) -> tuple[list[Observation], date | None, list[str]]:
        data = response.data
        try:
            actuals = data["offenses"]["actuals"]
        except (KeyError, TypeError):
            raise BadResponse(f"The FBI CDE answer for {agency.ori}/{offense_id} has no "
                              f"offenses.actuals ({response.url}); the API shape may have changed.") from None
        if not isinstance(actuals, dict):
            raise BadResponse(f"FBI CDE offenses.actuals is not an object ({response.url}).")
        series_name = pick_series(actuals, agency, "Offenses")
        if series_name is None:
            raise BadResponse(f"The FBI CDE answer for {agency.ori} has no agency 'Offenses' series "
                              f"(series: {', '.join(map(str, actuals))}); check the ORI.")
        notes: list[str] = []
        if agency.name and agency.name.lower() not in series_name.lower():
            notes.append(f"FBI series {series_name!r} does not name {agency.name!r}: check ORI {agency.ori}")
        props = data.get("cde_properties") or {}
        max_date = props.get("max_data_date") if isinstance(props, dict) else None
        through = _parse_max_date(max_date.get("UCR") if isinstance(max_date, dict) else max_date)
        last = min(request.end, through) if through else request.end
        if last < request.start:
            return [], through, [f"FBI CDE data reach only {through}; nothing for {request.start} on yet"]
        as_of = through.isoformat() if through else response.retrieved_at[:10]
        unit = get_offense(offense_id).unit or "offenses"
        clearance_name = series_name[: -len("Offenses")] + "Clearances"

        def make(measure: str, offense: str, unit_: str, first: date, last_: date,
                 value: float | None, note: str) -> Observation:
            return Observation(
                source_id=self.entry.source_id, jurisdiction_id=agency.jurisdiction_id,
                offense=offense, measure=measure, unit=unit_, period_start=first.isoformat(),
                period_end=last_.isoformat(), value=value, status=final_status(first, through),
                as_of=as_of, retrieved_at=response.retrieved_at, source_url=response.url,
                publisher=self.entry.publisher, document_title=self.entry.title, note=note)

        months = periods(request.start, last, "month")
        out: list[Observation] = []
        reported: dict[int, int] = {}
        monthly: list[tuple[date, date, float | None]] = []
        for first, last_day in months:
            value = actuals[series_name].get(_month_key(first)) if isinstance(actuals[series_name], dict) else None
            number = _reported(value, f"FBI CDE {series_name!r} {_month_key(first)}")
            monthly.append((first, last_day, number))
            if number is not None:
                reported[first.year] = reported.get(first.year, 0) + 1
        note = f"FBI CDE series {series_name!r} (ORI {agency.ori})"
        if request.granularity == "total":
            values = [v for _, _, v in monthly]
            total = sum(v for v in values if v is not None) if values and None not in values else None
            if total is None:
                notes.append(f"{agency.ori} {offense_id}: some months not reported; total left empty")
            out.append(make("count", offense_id, unit, request.start, last, total, note))
        else:
            out += [make("count", offense_id, unit, f, lday, v, note) for f, lday, v in monthly]
            clear = actuals.get(clearance_name)
            if isinstance(clear, dict):
                for first, last_day, _ in monthly:
                    value = clear.get(_month_key(first))
                    out.append(make("clearances", offense_id, unit, first, last_day,
                                    _reported(value, f"FBI CDE {clearance_name!r} {_month_key(first)}"),
                                    f"FBI CDE series {clearance_name!r}"))
        for year in sorted({f.year for f, _, _ in monthly}):
            year_months = [m for m in monthly if m[0].year == year]
            full_year = year_months[0][0] == date(year, 1, 1) and year_months[-1][1] == date(year, 12, 31)
            if full_year and reported.get(year, 0) < 12:
                notes.append(f"{agency.ori} {offense_id} {year}: {reported.get(year, 0)}/12 months reported")
        if with_population:
            out += self._population(data, agency, monthly, make)
        return out, through, notes

    def _population(self, data: dict, agency: Agency, monthly: list[tuple[date, date, float | None]],
                    make: Callable[..., Observation]) -> list[Observation]:
        block = (data.get("populations") or {}).get("population") if isinstance(data, dict) else None
        if not isinstance(block, dict):
            return []
        name = next((n for n in block if agency.name and agency.name.lower() in str(n).lower()), None)
        name = name or next((n for n in block if not str(n).startswith("United States")
                             and n != agency.state_name), None)
        if name is None or not isinstance(block[name], dict):
            return []
        out = []
        for year in sorted({f.year for f, _, _ in monthly}):
            values = [block[name].get(_month_key(f)) for f, _, _ in monthly if f.year == year]
            value = next((v for v in values if isinstance(v, (int, float))), block[name].get(str(year)))
            if isinstance(value, (int, float)):
                out.append(make("population", POPULATION_OFFENSE, "persons", date(year, 1, 1),
                                date(year, 12, 31), as_float(value, f"FBI CDE population {year}"),
                                f"FBI-estimated population covered by {agency.ori}"))
        return out
