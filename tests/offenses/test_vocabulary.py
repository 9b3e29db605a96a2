"""The offense vocabulary: names, synonyms and source labels resolve through one table."""

from __future__ import annotations

import pytest

from offenses.errors import UnknownOffense
from offenses.vocabulary import (
    ancestors,
    claim_family,
    claim_vocabulary,
    normalize_offense,
    source_labels,
    taxonomies,
    taxonomy_map,
    vocabulary,
)
from official.registry import load_registry
from records.claim import OFFENSES

# name as a person or a file would write it -> (offense id, claim offense, unit, needs review)
TABLE = [
    ("homicide", "homicide", "homicide", "victims", False),
    ("Homicides", "homicide", "homicide", "victims", False),
    ("murder", "murder", "homicide", "victims", False),
    ("MURDERS", "murder", "homicide", "victims", False),
    ("Murder & Non-Negl. Manslaughter", "murder", "homicide", "victims", False),
    ("gun_homicide", "gun_murder", "homicide", "victims", False),
    ("shooting", "shooting", "shooting", None, False),
    ("shootings", "shooting_incidents", "shooting", "incidents", False),
    ("shooting_victims", "shooting_victims", "shooting", "victims", False),
    ("people shot", "shooting_victims", "shooting", "victims", False),
    ("nonfatal_shootings", "nonfatal_shooting_victims", "shooting", "victims", False),
    ("non-fatal shootings", "nonfatal_shooting_victims", "shooting", "victims", False),
    ("gun violence", "gun_violence", "shooting", None, True),
    ("violent crime", "violent_crime", "violent_crime", "offenses", False),
    ("violence", "violent_crime", "violent_crime", "offenses", True),
    ("property_crime", "property_crime", "property_crime", "offenses", False),
    ("overall crime", "crime_overall", "crime_overall", "offenses", True),
    ("index crimes", "part1_total", "crime_overall", "offenses", False),
    ("robberies", "robbery", "robbery", "incidents", False),
    ("muggings", "robbery", "robbery", "incidents", False),
    ("carjackings", "carjacking", "carjacking", "incidents", False),
    ("vehicular hijacking", "carjacking", "carjacking", "incidents", False),
    ("aggravated assaults", "aggravated_assault", "aggravated_assault", "victims", False),
    ("felony assaults", "aggravated_assault", "aggravated_assault", "victims", True),
    ("assault", "assault", "assault", "victims", False),
    ("simple assaults", "simple_assault", "assault", "victims", False),
    ("burglaries", "burglary", "burglary", "incidents", False),
    ("break-ins", "burglary", "burglary", "incidents", True),
    ("car break-ins", "theft_from_vehicle", "larceny", "incidents", False),
    ("larceny", "larceny", "larceny", "incidents", False),
    ("larceny-theft", "larceny_theft", "larceny", "incidents", False),
    ("thefts", "larceny_theft", "larceny", "incidents", False),
    ("grand larceny", "larceny_theft", "larceny", "incidents", True),
    ("catalytic converter thefts", "mv_parts_theft", "larceny", "incidents", False),
    ("motor_vehicle_theft", "motor_vehicle_theft", "motor_vehicle_theft", "offenses", False),
    ("car thefts", "motor_vehicle_theft", "motor_vehicle_theft", "offenses", False),
    ("GLA", "motor_vehicle_theft", "motor_vehicle_theft", "offenses", False),
    ("rape", "rape", "rape", "victims", False),
    ("sexual assaults", "rape", "rape", "victims", True),
    ("arson", "arson", "arson", "incidents", False),
    ("retail theft", "retail_theft", "retail_theft", "incidents", False),
    ("shoplifting", "shoplifting", "retail_theft", "incidents", False),
    ("organized retail crime", "retail_theft", "retail_theft", "incidents", True),
    ("drug_offense", "drug_offense", "drug_offense", "offenses", False),
    ("narcotics offenses", "drug_offenses", "drug_offense", "offenses", False),
    ("overdose deaths", "overdose", "overdose", "persons", False),
    ("traffic fatalities", "traffic_death", "traffic_death", "persons", False),
    ("weapons violations", "weapons_violations", "other", "offenses", False),
    ("other", "other", "other", "offenses", True),
]


@pytest.mark.parametrize(("name", "offense_id", "claim", "unit", "review"), TABLE, ids=[t[0] for t in TABLE])
def test_normalize_offense(name: str, offense_id: str, claim: str, unit: str | None, review: bool) -> None:
    match = normalize_offense(name)
    assert (match.offense_id, match.claim_offense, match.unit, match.needs_review) == (
        offense_id, claim, unit, review)


def test_every_claim_vocabulary_name_is_in_the_vocabulary() -> None:
    assert set(claim_vocabulary()) == set(OFFENSES)
    for name in OFFENSES:
        assert normalize_offense(name).offense_id == name
        assert normalize_offense(name).claim_offense == name


def test_every_entry_belongs_to_a_claim_offense() -> None:
    for entry in vocabulary().values():
        assert entry.claim_offense in OFFENSES, entry.offense_id


@pytest.mark.parametrize(("name", "suggestion"), [("homicde", "homicide"), ("robery", "robbery"),
                                                  ("burglery", "burglary"), ("shootng", "shooting")])
def test_unknown_offense_lists_close_names(name: str, suggestion: str) -> None:
    with pytest.raises(UnknownOffense) as info:
        normalize_offense(name)
    assert suggestion in info.value.suggestions
    assert suggestion in str(info.value)


def test_nonsense_has_no_suggestions() -> None:
    with pytest.raises(UnknownOffense) as info:
        normalize_offense("quarterly budget")
    assert info.value.suggestions == ()


def test_local_label_passes_through_flagged() -> None:
    match = normalize_offense("local:Shots Fired Calls")
    assert (match.offense_id, match.claim_offense, match.matched_on) == ("local:Shots Fired Calls", "other", "local")
    assert match.needs_review and "local_only" in match.flags
    with pytest.raises(UnknownOffense):
        normalize_offense("local:")


def test_flags_and_codes_from_the_reference() -> None:
    murder = normalize_offense("murder")
    assert murder.nibrs == ("09A",) and murder.srs == ("1a",) and murder.cde == ("homicide", "HOM")
    assert "definition_varies" in normalize_offense("homicide").flags
    carjacking = normalize_offense("carjacking")
    assert not carjacking.ucr_equivalent and carjacking.parent == "robbery"
    assert "no_ucr_equivalent" in normalize_offense("shooting victims").flags
    assert "rape_definition_2013" in normalize_offense("rape").flags


def test_hierarchy() -> None:
    assert ancestors("murder") == ("violent_crime", "part1_total")
    assert ancestors("shoplifting") == ("larceny_theft", "property_crime", "part1_total")
    assert claim_family("homicide") == ("homicide", "murder", "gun_murder")
    assert claim_family("larceny")[0] == "larceny" and "theft_from_vehicle" in claim_family("larceny")


def test_source_labels_map_to_known_ids_and_registry_taxonomies_exist() -> None:
    ids = set(vocabulary())
    assert all(label.offense_id in ids for label in source_labels())
    assert taxonomy_map("chicago_fbi_code")["01A"].offense_id == "murder"
    assert taxonomy_map("nypd_complaint")["FELONY ASSAULT"].flag == "definition_varies"
    assert taxonomy_map("nibrs")["23F"].offense_id == "theft_from_vehicle"
    for entry in load_registry().sources:
        if entry.kind != "fbi_cde":
            assert entry.mapped_offenses(), entry.name
    assert {"nibrs", "chicago_fbi_code", "nypd_complaint", "dc_mpd_offense"} <= set(taxonomies())


def test_every_synonym_resolves_to_its_own_entry() -> None:
    for entry in vocabulary().values():
        for phrase in entry.synonyms:
            assert normalize_offense(phrase).offense_id == entry.offense_id, phrase
