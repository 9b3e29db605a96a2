"""Claims by place, for the web app's city pages: which places have claims, and a place's claims
with the period their latest check read.

A place is a claim's (city, state) as stored; its page address is ``place_key(city, state)``
('chicago-il'), the jurisdiction slug without its 'place:' prefix.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from sqlite_utils import Database

from db.records import StoredClaim
from db.rows import STORED_CLAIM_SELECT, stored_claim_from_row

MAX_PLACE_CLAIMS = 5000


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """A place that claims are about, and how many."""

    city: str
    state: str | None
    claims: int

    @property
    def key(self) -> str:
        return place_key(self.city, self.state)

    @property
    def label(self) -> str:
        return f"{self.city}, {self.state}" if self.state else self.city


@dataclass(frozen=True, slots=True)
class PlacedClaim:
    """A claim of a place with the period and baseline its latest check compared (ISO dates)."""

    stored: StoredClaim
    period_start: str | None = None
    period_end: str | None = None
    baseline_start: str | None = None
    baseline_end: str | None = None


def place_key(city: str, state: str | None) -> str:
    """'chicago-il' for ('Chicago', 'IL'), 'st-louis-mo' for ('St. Louis', 'MO')."""
    text = unicodedata.normalize("NFKD", city).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return f"{slug}-{state.strip().lower()}" if state and state.strip() else slug


def places_with_claims(db: Database) -> list[PlaceCount]:
    """Every (city, state) claims are about, most claims first."""
    rows = db.execute(
        "SELECT city, state, count(*) FROM claims WHERE city IS NOT NULL AND city != '' "
        "GROUP BY city, state ORDER BY count(*) DESC, city, state").fetchall()
    return [PlaceCount(r[0], r[1], int(r[2])) for r in rows]


def find_place(db: Database, key: str) -> PlaceCount | None:
    """The place whose ``place_key`` is ``key`` (a place of claims, else of possible claims,
    with 0 claims), or None."""
    found = next((p for p in places_with_claims(db) if p.key == key), None)
    if found is not None:
        return found
    rows = db.execute("SELECT DISTINCT city, state FROM possible_claims "
                      "WHERE city IS NOT NULL AND city != ''").fetchall()
    return next((PlaceCount(r[0], r[1], 0) for r in rows if place_key(r[0], r[1]) == key), None)


def claims_in_place(db: Database, city: str, state: str | None,
                    limit: int = MAX_PLACE_CLAIMS) -> list[PlacedClaim]:
    """The place's claims, oldest publication first, each with its latest check's periods."""
    rows = list(db.query(
        STORED_CLAIM_SELECT + " WHERE c.city = ? AND c.state IS ? "
        "ORDER BY c.published IS NULL, c.published, c.id LIMIT ?", [city, state, limit]))
    claims = [stored_claim_from_row(r) for r in rows]
    if not claims:
        return []
    periods = {int(r[0]): r[1:] for r in db.execute(
        "SELECT claim_id, period_start, period_end, baseline_start, baseline_end FROM checks "
        "WHERE id IN (SELECT max(id) FROM checks WHERE claim_id IN "
        "(SELECT value FROM json_each(?)) GROUP BY claim_id)",
        [json.dumps([c.claim_id for c in claims], allow_nan=False)]).fetchall()}
    return [PlacedClaim(c, *periods.get(c.claim_id, (None, None, None, None))) for c in claims]
