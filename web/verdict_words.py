"""Fact-checkers' wording mapped to our five verdicts, and how each verdict is shown.

One visible table: a newsroom that rates claims "Mostly true" or "Pants on fire" can type its
own words in the review form and we store the verdict they mean.
"""

from __future__ import annotations

from records.check import VERDICTS

# wording (lower-case, single spaces) -> verdict
WORDING: dict[str, str] = {
    **{v: v for v in VERDICTS},
    "needs review": "needs_review",
    "true": "supported",
    "correct": "supported",
    "accurate": "supported",
    "right": "supported",
    "holds up": "supported",
    "mostly true": "close",
    "mostly accurate": "close",
    "roughly right": "close",
    "half true": "close",
    "close enough": "close",
    "mostly false": "contradicted",
    "false": "contradicted",
    "wrong": "contradicted",
    "inaccurate": "contradicted",
    "incorrect": "contradicted",
    "misleading": "contradicted",
    "pants on fire": "contradicted",
    "unproven": "unverifiable",
    "unsupported": "unverifiable",
    "cannot verify": "unverifiable",
    "can't verify": "unverifiable",
    "no data": "unverifiable",
    "unclear": "needs_review",
    "disputed": "needs_review",
}

LABELS: dict[str, str] = {
    "supported": "Supported",
    "close": "Close",
    "contradicted": "Contradicted",
    "unverifiable": "Unverifiable",
    "needs_review": "Needs review",
}

class UnknownVerdict(ValueError):
    """A verdict word we do not know."""


def to_verdict(wording: str) -> str:
    """The verdict a fact-checker's wording stands for; raises UnknownVerdict with the choices."""
    key = " ".join((wording or "").replace("-", " ").replace("_", " ").lower().split())
    if key in WORDING:
        return WORDING[key]
    if key.replace(" ", "_") in VERDICTS:
        return key.replace(" ", "_")
    raise UnknownVerdict(
        f"Unknown verdict {wording!r}. Use one of: {', '.join(VERDICTS)} "
        f"(or wording such as 'mostly true', 'false', 'unproven')."
    )


def label(verdict: str | None) -> str:
    return LABELS.get(verdict or "", "Not checked")
