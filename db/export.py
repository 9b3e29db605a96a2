"""Exports of stored claims: CSV, JSON, and schema.org ClaimReview JSON-LD for reviewed claims."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from sqlite_utils import Database

from db.checks import reviews_for
from db.records import ReviewRow, StoredClaim

# The columns of every CSV export of claims (`claims export --format csv` and the web's /search.csv).
CSV_COLUMNS: tuple[str, ...] = (
    "claim_id", "quote", "sentence", "kind", "direction", "value", "from_value", "unit",
    "offense", "offense_detail", "period", "baseline", "qualifiers", "place", "city", "state",
    "outlet", "published", "article_title", "article_url", "verdict", "flags", "explanation",
    "review_verdict", "reviewed_at",
)
# A text cell starting with one of these runs as a formula in Excel, LibreOffice or Sheets.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

# Our verdict -> ClaimReview reviewRating (ratingValue on a 1-5 scale, None = not on the scale).
VERDICT_RATINGS: dict[str, tuple[int | None, str]] = {
    "supported": (5, "Accurate: matches official figures"),
    "close": (4, "Mostly accurate: near official figures, not within rounding"),
    "needs_review": (3, "Needs context: the figures depend on definitions or sources"),
    "contradicted": (1, "Inaccurate: official figures say otherwise"),
    "unverifiable": (None, "Unverifiable: no official figures for this claim yet"),
}


def csv_cell(value: Any) -> Any:
    """One CSV cell. Lists are joined with ';'. Text a spreadsheet would run as a formula gets a
    leading apostrophe; numbers (a negative change, say) stay numbers, since a number cannot be
    a formula and a spreadsheet should still add them up."""
    if isinstance(value, list | tuple):
        value = ";".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(claim: StoredClaim) -> list[Any]:
    """A claim's cells in ``CSV_COLUMNS`` order, escaped."""
    d = claim.as_dict()
    return [csv_cell(d.get(column)) for column in CSV_COLUMNS]


def csv_writer(out: IO[str]) -> Any:
    """A ``csv.writer`` on ``out`` that has written the header line. Lines end in CRLF (RFC 4180),
    which also makes the writer quote a lone CR inside a cell."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    return writer


def write_csv(claims: Iterable[StoredClaim], out: IO[str]) -> int:
    """Write claims as CSV with a header; return how many rows."""
    writer = csv_writer(out)
    n = 0
    for claim in claims:
        writer.writerow(csv_row(claim))
        n += 1
    return n


def write_json(claims: Iterable[StoredClaim], out: IO[str]) -> int:
    """Write claims as one JSON array (one claim per line inside it); return how many."""
    n = 0
    out.write("[")
    for claim in claims:
        out.write(("," if n else "") + "\n" + json.dumps(claim.as_dict(), ensure_ascii=False, allow_nan=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def claimreview(claim: StoredClaim, review: ReviewRow, author: str) -> dict[str, Any]:
    """A schema.org ClaimReview for a claim's latest human review."""
    value, label = VERDICT_RATINGS.get(review.verdict, (None, review.verdict))
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    if value is not None:
        rating.update(ratingValue=value, bestRating=5, worstRating=1)
    appearance: dict[str, Any] = {"@type": "CreativeWork", "url": claim.article_url}
    if claim.article_title:
        appearance["headline"] = claim.article_title
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if claim.outlet:
        item["author"] = {"@type": "Organization", "name": claim.outlet}
    if claim.published:
        item["datePublished"] = claim.published
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.claim.sentence,
        "datePublished": review.created_at[:10],
        "author": {"@type": "Organization", "name": author},
        "reviewRating": rating,
        "itemReviewed": item,
        "identifier": f"claim-{claim.claim_id}-review-{review.id}",
    }
    if review.note:
        doc["reviewBody"] = review.note
    return doc


def write_claimreview(db: Database, claims: Iterable[StoredClaim], out: IO[str], author: str) -> int:
    """Write a JSON-LD array of ClaimReview for the claims with a human review; return how many."""
    docs = []
    for claim in claims:
        if claim.review_verdict is None:
            continue
        reviews = reviews_for(db, claim.claim_id)
        if reviews:
            docs.append(claimreview(claim, reviews[-1], author))
    json.dump(docs, out, indent=2, ensure_ascii=False, allow_nan=False)
    out.write("\n")
    return len(docs)
