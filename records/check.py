"""The `Check` record: a claim set beside official figures, with a verdict and the arithmetic."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Verdict = Literal["supported", "close", "contradicted", "unverifiable", "needs_review"]
VERDICTS: tuple[str, ...] = ("supported", "close", "contradicted", "unverifiable", "needs_review")
FLAGS: tuple[str, ...] = (
    "small_base", "preliminary_data", "definition_mismatch", "unit_mismatch", "period_assumed",
    "period_mismatch", "pp_vs_pct", "revised_since_claim", "partial_reporting",
    "jurisdiction_mismatch", "internal_inconsistency", "learned_reading",
)


@dataclass(frozen=True, slots=True)
class Check:
    """The machine's verdict on one claim. Stored append-only; a re-check adds a new row."""

    claim_id: int
    verdict: Verdict
    flags: tuple[str, ...]
    explanation: str
    method_version: str
    checked_at: str
    observation_ids: tuple[int, ...] = ()
    computed: dict[str, Any] | None = None  # values, periods, computed percent ...
    tolerance: dict[str, Any] | None = None
    period_start: str | None = None
    period_end: str | None = None
    baseline_start: str | None = None
    baseline_end: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["flags"] = list(self.flags)
        d["observation_ids"] = list(self.observation_ids)
        return d
