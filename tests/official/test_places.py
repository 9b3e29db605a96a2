"""Resolving a city (and state) to a jurisdiction."""

from __future__ import annotations

from pathlib import Path

import pytest

from official.errors import AmbiguousPlace, UnknownPlace
from official.places import normalize_state, place_id, resolve_place, slugify
from official.registry import load_registry

TABLE = [
    (("Hartford", "CT"), "place:hartford-ct"),
    (("hartford", "ct"), "place:hartford-ct"),
    (("Hartford, CT", None), "place:hartford-ct"),
    (("Chicago", None), "place:chicago-il"),
    (("Chicago", "Illinois"), "place:chicago-il"),
    (("Chicago", "Ill."), "place:chicago-il"),
    (("New York City", "NY"), "place:new-york-ny"),
    (("NYC", None), "place:new-york-ny"),
    (("Washington", "DC"), "place:washington-dc"),
    (("Washington, D.C.", None), "place:washington-dc"),
    (("Baltimore", "MD"), "place:baltimore-md"),
    (("Saint Louis", "MO"), "place:st-louis-mo"),
    (("St. Louis", "Mo."), "place:st-louis-mo"),
    (("Springfield", "MA"), "place:springfield-ma"),
    (("Los Angeles", "CA"), "place:los-angeles-ca"),
]


@pytest.mark.parametrize(("args", "expected"), TABLE, ids=[", ".join(filter(None, a)) for a, _ in TABLE])
def test_resolve_place(args: tuple[str, str | None], expected: str) -> None:
    assert resolve_place(*args).jurisdiction_id == expected


def test_curated_facts_come_from_the_registry() -> None:
    chicago = resolve_place("Chicago", "IL")
    assert (chicago.ori, chicago.place_geoid, chicago.state, chicago.kind) == ("ILCPD0000", "1714000", "IL", "place")
    assert chicago.population and chicago.population > 2_000_000
    assert "Chicago Police Department" in chicago.aliases
    assert resolve_place("Hartford", "CT").ori == "CT0006400"


def test_gazetteer_city_without_curated_facts_has_population_only() -> None:
    tulsa = resolve_place("Tulsa", "OK")
    assert tulsa.ori is None and tulsa.place_geoid is None and tulsa.population and tulsa.population > 300_000


@pytest.mark.parametrize("name", ["Springfield", "Portland", "Washington"])
def test_shared_names_without_state_are_ambiguous(name: str) -> None:
    with pytest.raises(AmbiguousPlace) as info:
        resolve_place(name)
    assert len(info.value.candidates) >= 2 and all(", " in c for c in info.value.candidates)
    assert "Add the state" in str(info.value)


def test_unknown_place_suggests_close_names() -> None:
    with pytest.raises(UnknownPlace) as info:
        resolve_place("Chicgo", "IL")
    assert info.value.suggestions[0] == "Chicago, IL"
    with pytest.raises(UnknownPlace) as info:
        resolve_place("Baltimor")
    assert "Baltimore, MD" in info.value.suggestions


def test_unknown_state_is_unknown_place() -> None:
    with pytest.raises(UnknownPlace):
        resolve_place("Chicago", "Narnia")


def test_allow_unknown_makes_a_bare_jurisdiction_for_a_valid_state() -> None:
    riverton = resolve_place("Riverton", "OH", allow_unknown=True)
    assert (riverton.jurisdiction_id, riverton.name, riverton.state, riverton.population) == (
        "place:riverton-oh", "Riverton", "OH", None)
    assert resolve_place("Port Hale, ME", allow_unknown=True).jurisdiction_id == "place:port-hale-me"
    with pytest.raises(UnknownPlace):  # without the opt-in, still unknown
        resolve_place("Riverton", "OH")


def test_allow_unknown_still_refuses_a_typo_of_a_known_city() -> None:
    with pytest.raises(UnknownPlace) as info:
        resolve_place("Chicgo", "IL", allow_unknown=True)
    assert "Chicago, IL" in info.value.suggestions


def test_registry_places_outside_the_gazetteer(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('[[jurisdiction]]\nname = "Lake City"\nstate = "MN"\npopulation = 5200\n'
                    'aliases = ["Lake City, Minn."]\n')
    registry = load_registry(path)
    lake = resolve_place("Lake City", "MN", registry=registry)
    assert (lake.jurisdiction_id, lake.population) == ("place:lake-city-mn", 5200)
    assert resolve_place("Lake City, Minn.", registry=registry).jurisdiction_id == "place:lake-city-mn"


def test_ids_and_states() -> None:
    assert place_id("St. Louis", "MO") == "place:st-louis-mo"
    assert slugify("Coeur d'Alene") == "coeur-d-alene"
    assert place_id("Española", "NM") == "place:espanola-nm"
    assert [normalize_state(s) for s in ("il", "Illinois", "Ill.", "Ill", "D.C.", "XX")] == [
        "IL", "IL", "IL", "IL", "DC", None]
