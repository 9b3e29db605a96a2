"""How a claim's offense relates to the offense ids official series are filed under (data).

The claim vocabulary is news-facing (DESIGN.md); observations carry either that vocabulary or
the finer official ids of reference/official-data.md 4.4 (both in data/offenses.toml). These
tables say, for each claim offense, which official ids count as the same thing and which are
only part of it; every id in them is an id of the vocabulary (``check_relations`` is run by the
tests and raises on one that is not).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from offenses.vocabulary import claim_vocabulary, vocabulary

Relation = Literal["exact", "equivalent", "finer", "broader"]

# claim offense -> official ids that mean the same thing (definitions differ only in the margins)
EQUIVALENT: dict[str, tuple[str, ...]] = {
    "homicide": ("murder",),
    "shooting": ("shooting_incidents", "shooting_victims"),
    "crime_overall": ("part1_total",),
    "larceny": ("larceny_theft",),
    "retail_theft": ("shoplifting",),
    "drug_offense": ("drug_offenses",),
}

# claim offense -> official ids that cover only part of it (a different definition)
FINER: dict[str, tuple[str, ...]] = {
    "homicide": ("gun_murder",),
    "shooting": ("nonfatal_shooting_victims", "gun_violence"),
    "assault": ("aggravated_assault", "simple_assault"),
    "larceny": ("shoplifting", "retail_theft", "theft_from_vehicle", "mv_parts_theft"),
    "crime_overall": ("violent_crime", "property_crime"),
}

# claim offense_detail -> the official id that is exactly that
DETAIL_TO_OFFICIAL: dict[str, str] = {
    "gun_homicide": "gun_murder",
    "shooting_victims": "shooting_victims",
    "people_shot": "shooting_victims",
    "nonfatal_shootings": "nonfatal_shooting_victims",
    "nonfatal_shooting_victims": "nonfatal_shooting_victims",
    "shooting_incidents": "shooting_incidents",
    "theft_from_vehicle": "theft_from_vehicle",
    "catalytic_converter_theft": "mv_parts_theft",
    "shoplifting": "shoplifting",
}

# the counting unit an official id implies when a series does not say (4.4, column "Unit")
OFFICIAL_UNITS: dict[str, str] = {
    "shooting_incidents": "incidents",
    "shooting_victims": "victims",
    "nonfatal_shooting_victims": "victims",
    "murder": "victims",
    "gun_murder": "victims",
}


@dataclass(frozen=True, slots=True)
class OffenseRelation:
    """How one official offense id relates to what a claim is about."""

    official: str
    relation: Relation
    note: str

    @property
    def same_definition(self) -> bool:
        return self.relation in ("exact", "equivalent")


def relate(claim_offense: str | None, claim_detail: str | None, official: str) -> OffenseRelation | None:
    """The relation of an observation's offense id to the claim's offense, or None if unrelated."""
    if not claim_offense:
        return None
    detail_id = DETAIL_TO_OFFICIAL.get(claim_detail or "")
    if detail_id:
        if official == detail_id:
            return OffenseRelation(official, "exact", f"{official} is exactly the claim's {claim_detail}")
        if official == claim_offense or official in EQUIVALENT.get(claim_offense, ()):
            return OffenseRelation(official, "broader",
                                f"{official} is broader than the claim's {claim_detail}")
    if official == claim_offense:
        return OffenseRelation(official, "exact", f"{official} is the claim's offense")
    if official in EQUIVALENT.get(claim_offense, ()):
        return OffenseRelation(official, "equivalent",
                            f"official '{official}' is the usual measure of '{claim_offense}'")
    if official in FINER.get(claim_offense, ()):
        return OffenseRelation(official, "finer",
                            f"official '{official}' covers only part of '{claim_offense}'")
    return None


def official_ids_for(claim_offense: str | None, claim_detail: str | None = None) -> tuple[str, ...]:
    """Every official offense id worth fetching for a claim, best first."""
    if not claim_offense:
        return ()
    ids: list[str] = []
    detail_id = DETAIL_TO_OFFICIAL.get(claim_detail or "")
    if detail_id:
        ids.append(detail_id)
    ids.append(claim_offense)
    ids.extend(EQUIVALENT.get(claim_offense, ()))
    ids.extend(FINER.get(claim_offense, ()))
    return tuple(dict.fromkeys(ids))


def check_relations() -> None:
    """Raise ``ValueError`` naming any id of these tables that data/offenses.toml does not have."""
    known = set(vocabulary())
    claim_names = set(claim_vocabulary())
    for name, table in (("EQUIVALENT", EQUIVALENT), ("FINER", FINER)):
        for claim_offense, ids in table.items():
            if claim_offense not in claim_names:
                raise ValueError(f"offenses/relations.py {name}: {claim_offense!r} is not a claim offense")
            unknown = [i for i in ids if i not in known]
            if unknown:
                raise ValueError(f"offenses/relations.py {name}[{claim_offense!r}]: unknown ids {unknown}")
    for table_name, ids in (("DETAIL_TO_OFFICIAL", DETAIL_TO_OFFICIAL.values()), ("OFFICIAL_UNITS", OFFICIAL_UNITS)):
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise ValueError(f"offenses/relations.py {table_name}: unknown ids {unknown}")
