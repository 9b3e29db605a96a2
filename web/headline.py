"""The one sentence a reporter can paste: what the claim says, what the official figures say, the
periods compared and the verdict.

"Claimed: down 53%. Official: 30 → 14, −53.3%, 1 Jan–14 Jul 2024 vs the same span of
2023. Supported."

Built only from the claim and the stored values of its latest check (``computed`` and the
period dates), so the page, an export or a test all get the same words.
"""

from __future__ import annotations

from typing import Any

from db.records import CheckRow
from display import number
from records.claim import Claim
from web import dates

ARROW = "\u2192"
DASH = "\u2013"

VERDICT_SENTENCES: dict[str, str] = {
    "supported": "Supported.",
    "close": "Close.",
    "contradicted": "Contradicted.",
    "unverifiable": "Unverifiable.",
    "needs_review": "Needs review.",
}


def _percent(value: float, *, signed: bool) -> str:
    return number(round(value, 1), signed=signed) + "%"


def _claimed(claim: Claim) -> str:
    unit = "%" if claim.unit == "percent" else ""
    value = claim.value
    way = {"increase": "up", "decrease": "down"}.get(claim.direction, "")
    if claim.kind == "record":
        word = "highest" if claim.direction == "increase" else "lowest"
        if value is None:
            return f"{word} on record"
        if claim.unit == "year":
            return f"{word} since {int(value)}"
        return f"{word} in {number(value)} years"
    if claim.kind == "from_to":
        return f"{number(claim.from_value)} {ARROW} {number(value)}"
    if value is None:
        return claim.quote
    if claim.kind in ("percent_change", "count_change") or (claim.kind == "rate" and way):
        return f"{way} {number(abs(value))}{unit}".strip()
    return f"{number(value)}{unit}"


def _official(claim: Claim, computed: dict[str, Any]) -> str | None:
    old, new = computed.get("old"), computed.get("new")
    if claim.kind == "record" and "current" in computed:
        word = "highest" if claim.direction == "increase" else "lowest"
        since = computed.get("true_since")
        year = computed.get("year")
        where = f" in {year}" if year else ""
        tail = f"{word} since {since}" if since else f"the {word} in the series"
        return f"{number(computed['current'])}{where}, {tail}"
    if old is not None and new is not None:
        text = f"{number(old)} {ARROW} {number(new)}"
        pct = computed.get("true_pct")
        if pct is None and claim.kind in ("percent_change", "from_to") and old:
            pct = (new - old) / old * 100  # an older check that stored only the two figures
        if pct is not None:
            text += f", {_percent(pct, signed=True)}"
        elif "true_diff" in computed:
            text += f", {number(computed['true_diff'], signed=True)}"
        return text
    if "official" in computed:
        earlier = computed.get("earlier")
        now = number(computed["official"])
        return f"{number(earlier)} {ARROW} {now}" if earlier is not None else now
    return None


def span(start: str | None, end: str | None) -> str | None:
    """'2024' for a whole year, '1 Jan–14 Jul 2024' within one, '1 Dec 2023–29 Feb 2024' across."""
    return dates.span(start, end)


def _shifted_by_years(check: CheckRow) -> int | None:
    """The baseline's year when it is the claim period's span moved back whole years."""
    if not (check.period_start and check.period_end and check.baseline_start and check.baseline_end):
        return None
    p0, p1 = check.period_start[:10], check.period_end[:10]
    b0, b1 = check.baseline_start[:10], check.baseline_end[:10]
    if p0[4:] == b0[4:] and p1[4:] == b1[4:] and p0[:4] == p1[:4] and b0[:4] == b1[:4]:
        return int(b0[:4])
    return None


def periods(check: CheckRow) -> str | None:
    """The periods compared, e.g. '1 Jan–14 Jul 2024 vs the same span of 2023'."""
    current = span(check.period_start, check.period_end)
    if current is None:
        return None
    if not check.baseline_start:
        return current
    same = _shifted_by_years(check)
    if same is not None and span(check.period_start, check.period_end) != check.period_start[:4]:
        return f"{current} vs the same span of {same}"
    return f"{current} vs {span(check.baseline_start, check.baseline_end)}"


def headline(claim: Claim, check: CheckRow | None) -> str:
    """The claim, the official figures, the periods and the verdict in one pasteable sentence."""
    said = f"Claimed: {_claimed(claim)}."
    if check is None:
        return f"{said} Not checked against official figures yet."
    official = _official(claim, check.computed or {})
    verdict = VERDICT_SENTENCES.get(check.verdict, check.verdict.replace("_", " ").capitalize() + ".")
    if official is None:
        return f"{said} Official: no comparable figure. {verdict}"
    when = periods(check)
    return f"{said} Official: {official}" + (f", {when}" if when else "") + f". {verdict}"
