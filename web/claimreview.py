"""schema.org ClaimReview for a claim a fact-checker has reviewed (the page's JSON-LD).

Built by ``db.export.claimreview`` (the same document `claims export --format claimreview`
writes), plus the URL of our claim page; an article link that is not http(s) is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from db.export import claimreview
from db.records import ReviewRow, StoredClaim
from web.safety import safe_url

PUBLISHER = "claims-tracker"


def claim_review(stored: StoredClaim, reviews: Sequence[ReviewRow], page_url: str,
                 *, publisher: str = PUBLISHER) -> dict[str, Any] | None:
    """The ClaimReview of the latest human review, or None when nobody has reviewed the claim."""
    if not reviews:
        return None
    doc = claimreview(stored, reviews[-1], publisher)
    doc["url"] = page_url
    appearance = doc.get("itemReviewed", {}).get("appearance")
    if isinstance(appearance, dict) and not safe_url(appearance.get("url")):
        appearance.pop("url", None)
    return doc
