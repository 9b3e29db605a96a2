"""Read-side records of the store: what queries hand back to the CLI, the checker and the web app.

``StoredClaim`` wraps the extractor's ``Claim`` and adds where it was stored and what was decided
about it. Attribute access falls through to the claim, so ``stored.quote`` and
``stored.claim.quote`` are the same thing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from records.claim import Claim


@dataclass(frozen=True, slots=True)
class StoredClaim:
    """A claim as stored, with its article, its latest machine check and latest human review."""

    claim: Claim
    claim_id: int
    article_id: int
    article_url: str
    article_title: str | None = None
    outlet: str | None = None
    published: str | None = None
    city: str | None = None
    state: str | None = None
    verdict: str | None = None  # latest machine check's verdict, None if never checked
    flags: tuple[str, ...] = ()
    explanation: str | None = None
    checked_at: str | None = None
    review_verdict: str | None = None  # latest human review, None if never reviewed
    reviewed_at: str | None = None
    extracted_at: str | None = None
    duplicate_of: int | None = None  # the article this one is a wire copy of
    reach: int | None = None  # the outlet's reach (sources.reach)
    priority: float = 0.0  # filled by review_queue
    priority_reasons: tuple[str, ...] = ()

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: let stored.quote mean stored.claim.quote.
        if name == "claim":
            raise AttributeError(name)
        return getattr(self.claim, name)

    @property
    def sentence_id(self) -> str:
        """Which sentence of which article the claim is in: ``"<article id>:<sentence start>"``;
        the claims of one sentence share it (search results group by it)."""
        start = self.claim.sentence_start
        if start is None:  # an old row without the offset: the sentence's own text identifies it
            start = "h" + hashlib.sha1(self.claim.sentence.encode("utf-8")).hexdigest()[:10]
        return f"{self.article_id}:{start}"

    def as_dict(self) -> dict[str, Any]:
        """The claim contract's fields plus where the claim was stored and what was decided."""
        d = self.claim.as_dict()
        d.update(
            claim_id=self.claim_id,
            sentence_id=self.sentence_id,
            article_id=self.article_id,
            article_url=self.article_url,
            article_title=self.article_title,
            outlet=self.outlet,
            published=self.published,
            city=self.city if self.city is not None else d.get("city"),
            state=self.state if self.state is not None else d.get("state"),
            verdict=self.verdict,
            flags=list(self.flags),
            explanation=self.explanation,
            checked_at=self.checked_at,
            review_verdict=self.review_verdict,
            reviewed_at=self.reviewed_at,
        )
        if self.priority_reasons or self.priority:
            d["priority"] = round(self.priority, 3)
            d["priority_reasons"] = list(self.priority_reasons)
        return d


@dataclass(frozen=True, slots=True)
class CheckRow:
    """One stored machine check (history row)."""

    id: int
    claim_id: int
    verdict: str
    flags: tuple[str, ...]
    explanation: str
    method_version: str
    checked_at: str
    observation_ids: tuple[int, ...] = ()
    computed: dict[str, Any] | None = None
    tolerance: dict[str, Any] | None = None
    period_start: str | None = None
    period_end: str | None = None
    baseline_start: str | None = None
    baseline_end: str | None = None
    fingerprint: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "claim_id": self.claim_id, "verdict": self.verdict,
            "flags": list(self.flags), "explanation": self.explanation,
            "method_version": self.method_version, "checked_at": self.checked_at,
            "observation_ids": list(self.observation_ids), "computed": self.computed,
            "tolerance": self.tolerance, "period_start": self.period_start,
            "period_end": self.period_end, "baseline_start": self.baseline_start,
            "baseline_end": self.baseline_end,
        }


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One human review (history row; reviews are append-only)."""

    id: int
    claim_id: int
    user_name: str
    verdict: str
    note: str | None
    created_at: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "claim_id": self.claim_id, "user_name": self.user_name,
                "verdict": self.verdict, "note": self.note, "created_at": self.created_at}


@dataclass(frozen=True, slots=True)
class UserRow:
    """A reviewer or admin of the web app."""

    id: int
    name: str
    role: str
    password_hash: str
    created_at: str
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of search results, the total number of matches and facet counts."""

    rows: tuple[StoredClaim, ...]
    total: int
    facets: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    limit: int = 50
    offset: int = 0
    facets_timed_out: tuple[str, ...] = ()  # facets left out: counting them ran out of time
