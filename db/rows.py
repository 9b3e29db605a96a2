"""Converting between records and table rows. No SQL runs here except the shared SELECT text."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from db.records import CheckRow, ReviewRow, StoredClaim, UserRow
from records.article import Article
from records.check import Check
from records.claim import Claim, Place
from records.official import Jurisdiction, Observation

# Columns of a claim row (in insert order), from the claims table.
CLAIM_COLUMNS: tuple[str, ...] = (
    "article_id", "quote", "start", "end", "sentence", "sentence_start", "kind", "direction",
    "value", "from_value", "unit", "offense", "offense_detail", "offense_from", "baseline",
    "period", "place", "city", "state", "neighborhood", "place_source", "qualifiers", "rule",
    "input_id", "extracted_at", "published", "outlet",
)

# The one SELECT every StoredClaim comes from: claim columns, its article and its outlet's reach.
STORED_CLAIM_SELECT = """
SELECT c.*, a.url AS article_url, a.title AS article_title, a.duplicate_of AS duplicate_of,
       s.reach AS reach
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN sources s ON s.name = c.outlet
"""


def now_iso() -> str:
    """The current UTC time as ISO 8601 with seconds, e.g. ``2026-11-22T01:50:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, allow_nan=False)


def loads(text: str | None, default: Any = None) -> Any:
    if text is None or text == "":
        return default
    return json.loads(text)


def claim_row(article_id: int, claim: Claim, article: dict[str, Any], extracted_at: str) -> tuple[Any, ...]:
    """The claims-table row for a claim; place falls back to the article's city and state."""
    place = claim.place
    if place is None and (article.get("city") or article.get("state")):
        place = Place(city=article.get("city"), state=article.get("state"), source="article")
    return (
        article_id, claim.quote, claim.start, claim.end, claim.sentence, claim.sentence_start,
        claim.kind, claim.direction, claim.value, claim.from_value, claim.unit, claim.offense,
        claim.offense_detail, claim.offense_from, claim.baseline, claim.period,
        place.label() if place else None, place.city if place else None,
        place.state if place else None, place.neighborhood if place else None,
        place.source if place else None, json.dumps(list(claim.qualifiers), allow_nan=False), claim.rule,
        claim.id, extracted_at, article.get("published"), article.get("outlet"),
    )


def claim_from_row(row: dict[str, Any]) -> Claim:
    place = None
    if row.get("city") or row.get("state") or row.get("neighborhood"):
        place = Place(city=row.get("city"), state=row.get("state"),
                      neighborhood=row.get("neighborhood"),
                      source=row.get("place_source") or "article")
    return Claim(
        quote=row["quote"], start=row["start"], end=row["end"], sentence=row["sentence"],
        kind=row["kind"], direction=row["direction"], value=row["value"], unit=row["unit"],
        offense=row["offense"], rule=row["rule"], from_value=row["from_value"],
        baseline=row["baseline"], period=row["period"], place=place,
        qualifiers=tuple(loads(row["qualifiers"], [])), offense_detail=row["offense_detail"],
        offense_from=row["offense_from"], id=row["input_id"], sentence_start=row["sentence_start"],
    )


def stored_claim_from_row(row: dict[str, Any], priority: float = 0.0,
                          reasons: tuple[str, ...] = ()) -> StoredClaim:
    return StoredClaim(
        claim=claim_from_row(row), claim_id=row["id"], article_id=row["article_id"],
        article_url=row["article_url"], article_title=row.get("article_title"),
        outlet=row["outlet"], published=row["published"], city=row["city"], state=row["state"],
        verdict=row["verdict"], flags=tuple(loads(row["flags"], [])),
        explanation=row["explanation"], checked_at=row["checked_at"],
        review_verdict=row["review_verdict"], reviewed_at=row["reviewed_at"],
        extracted_at=row["extracted_at"], duplicate_of=row.get("duplicate_of"),
        reach=row.get("reach"), priority=priority, priority_reasons=reasons,
    )


def article_from_row(row: dict[str, Any]) -> Article:
    return Article(
        url=row["url"], text=row["text"], title=row["title"], published=row["published"],
        author=row["author"], canonical_url=row["canonical_url"], outlet=row["outlet"],
        city=row["city"], state=row["state"], source_kind=row["source_kind"],
        content_sha256=row["content_sha256"], raw_sha256=row["raw_sha256"],
        pdf_links=tuple(loads(row["pdf_links"], [])),
        extra={"article_id": row["id"], "duplicate_of": row["duplicate_of"],
               "page_id": row["page_id"], "ingested_at": row["ingested_at"],
               "claims_over_cap": row.get("claims_over_cap") or 0},
    )


OBSERVATION_COLUMNS: tuple[str, ...] = (
    "source_id", "jurisdiction_id", "offense", "measure", "unit", "period_start", "period_end",
    "value", "status", "as_of", "retrieved_at", "source_url", "publisher", "document_title",
    "entered_by", "note",
)


def observation_row(o: Observation) -> tuple[Any, ...]:
    return tuple(getattr(o, name) for name in OBSERVATION_COLUMNS)


def observation_from_row(row: dict[str, Any]) -> Observation:
    return Observation(**{name: row[name] for name in OBSERVATION_COLUMNS}, obs_id=row["id"])


def jurisdiction_from_row(row: dict[str, Any]) -> Jurisdiction:
    return Jurisdiction(
        jurisdiction_id=row["jurisdiction_id"], name=row["name"], state=row["state"],
        kind=row["kind"], ori=row["ori"], place_geoid=row["place_geoid"],
        population=row["population"], aliases=tuple(loads(row["aliases"], [])))


def check_fingerprint(check: Check) -> str:
    """sha256 of what makes a check new: claim, method, observations, verdict, flags, numbers."""
    key = [check.claim_id, check.method_version, sorted(check.observation_ids), check.verdict,
           sorted(check.flags), check.computed]
    return hashlib.sha256(dumps(key).encode("utf-8")).hexdigest()


def check_from_row(row: dict[str, Any]) -> CheckRow:
    return CheckRow(
        id=row["id"], claim_id=row["claim_id"], verdict=row["verdict"],
        flags=tuple(loads(row["flags"], [])), explanation=row["explanation"],
        method_version=row["method_version"], checked_at=row["checked_at"],
        observation_ids=tuple(loads(row["observation_ids"], [])),
        computed=loads(row["computed"]), tolerance=loads(row["tolerance"]),
        period_start=row["period_start"], period_end=row["period_end"],
        baseline_start=row["baseline_start"], baseline_end=row["baseline_end"],
        fingerprint=row["fingerprint"])


def review_from_row(row: dict[str, Any]) -> ReviewRow:
    return ReviewRow(id=row["id"], claim_id=row["claim_id"], user_name=row["user_name"],
                     verdict=row["verdict"], note=row["note"], created_at=row["created_at"])


def user_from_row(row: dict[str, Any]) -> UserRow:
    return UserRow(id=row["id"], name=row["name"], role=row["role"],
                   password_hash=row["password_hash"], created_at=row["created_at"],
                   disabled=bool(row["disabled"]))
