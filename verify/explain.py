"""One paragraph a reader can verify by hand: the figures, the arithmetic, the tolerance, the why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from records.claim import Claim
from verify.arithmetic import fmt

FLAG_TEXT: dict[str, str] = {
    "small_base": "the earlier count is small, so one or two events move the percent a lot",
    "preliminary_data": "the official figures are preliminary and may be revised",
    "definition_mismatch": "the official series counts a different definition of the offense",
    "unit_mismatch": "the claim and the series count different things (victims vs incidents)",
    "period_assumed": "the article does not state the cut-off date, so it was assumed",
    "period_mismatch": "the official figures cover a slightly different period than the claim",
    "pp_vs_pct": "percent and percentage points may be confused",
    "revised_since_claim": "the figures were revised after the article was published",
    "partial_reporting": "some sub-periods are missing or not reported",
    "jurisdiction_mismatch": "the figures are for a different area or agency than the claim",
    "internal_inconsistency": "the sentence's own numbers disagree with each other",
    "learned_reading": "the claim was read by the learned number reader, not a written rule, so its "
                       "figure or offense may be misread",
}

VERDICT_TEXT: dict[str, str] = {
    "supported": "Supported",
    "close": "Close",
    "contradicted": "Contradicted",
    "unverifiable": "Unverifiable",
    "needs_review": "Needs review",
}


@dataclass(frozen=True, slots=True)
class ExplainParts:
    """What went into a verdict, in the order a reader checks it."""

    claim: Claim
    verdict: str
    reason: str
    flags: Sequence[str] = ()
    period: str | None = None
    figures: Sequence[str] = ()
    arithmetic: Sequence[str] = ()
    tolerance: Sequence[str] = ()
    notes: Sequence[str] = ()


def _num(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _a(number: str) -> str:
    """'a 40%' but 'an 18%', 'an 8%', 'an 11%' (said: eighteen, eight, eleven)."""
    whole = number.rstrip("%").replace(",", "").split(".")[0]
    spoken_an = whole.startswith("8") or whole in ("11", "18") or (
        len(whole) in (5, 6) and whole.startswith(("11", "18")))
    return f"an {number}" if spoken_an else f"a {number}"


def describe_claim(claim: Claim) -> str:
    what = claim.offense or "an unnamed offense"
    if claim.offense_detail:
        what += f" ({claim.offense_detail})"
    if claim.kind == "percent_change":
        if claim.direction == "none" and claim.value == 0:
            return f"no change in {what}"
        return f"{_a(_num(claim.value) + '%')} {claim.direction} in {what}"
    if claim.kind == "from_to":
        return f"{what} going from {_num(claim.from_value or 0)} to {_num(claim.value)}"
    if claim.kind == "count_change":
        return f"{fmt(claim.value)} {'more' if claim.direction == 'increase' else 'fewer'} {what}"
    if claim.kind == "rate":
        per = "100,000" if claim.unit != "per_1000" else "1,000"
        return f"a {what} rate of {_num(claim.value)} per {per}"
    if claim.kind == "record":
        word = "lowest" if claim.direction != "increase" else "highest"
        if claim.value is None:
            return f"the {word} {what} on record (no year or span given)"
        since = f"since {int(claim.value)}" if claim.unit == "year" else f"in {int(claim.value)} years"
        return f"the {word} {what} {since}"
    return f"{_num(claim.value)} {what}"


def explain(parts: ExplainParts) -> str:
    """The explanation paragraph stored with a check."""
    c = parts.claim
    out = [f"Claim: \u201c{c.quote}\u201d ({describe_claim(c)})."]
    if parts.period:
        out.append(f"Period: {parts.period}.")
    if parts.figures:
        out.append("Official figures: " + "; ".join(parts.figures) + ".")
    if parts.arithmetic:
        out.append("Arithmetic: " + "; ".join(parts.arithmetic) + ".")
    if parts.tolerance:
        out.append("Tolerance: " + "; ".join(t for t in parts.tolerance if t) + ".")
    for note in parts.notes:
        out.append(note.rstrip(".") + ".")
    out.append(f"Verdict: {VERDICT_TEXT.get(parts.verdict, parts.verdict)} \u2014 {parts.reason.rstrip('.')}.")
    if parts.flags:
        out.append("Flags: " + "; ".join(f"{f} ({FLAG_TEXT.get(f, f)})" for f in parts.flags) + ".")
    return " ".join(out)
