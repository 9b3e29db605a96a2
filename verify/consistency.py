"""The internal-consistency check: does a sentence's own arithmetic hold, with no official data?

"from 30 to 14, a 40% drop": (14 - 30) / 30 x 100 = -53.3%, not -40% -> a finding.
Pairs of numbers come from a from_to claim, or from a level plus a count change ("dropped by 14
to 48" -> 62 -> 48); they are set against the sentence's percent changes and count changes about
the same offense, with the percent's own rounding and wording tolerance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from records.claim import Claim
from verify.arithmetic import (
    ZeroBaseline,
    fmt,
    grade_percent,
    pct_change,
    percent_tolerance,
)
from verify.settings import VerifySettings


@dataclass(frozen=True, slots=True)
class Inconsistency:
    """Two claims of one sentence whose numbers disagree, with the arithmetic that shows it."""

    claims: tuple[Claim, ...]
    text: str
    implied: float
    stated: float


def _same_offense(a: Claim, b: Claim) -> bool:
    return a.offense is None or b.offense is None or a.offense == b.offense


def _pairs(claims: Sequence[Claim]) -> list[tuple[float, float, tuple[Claim, ...], str]]:
    """(old, new, source claims, how) for every pair of numbers the sentence states."""
    pairs = [(c.from_value, c.value, (c,), f"from {fmt(c.from_value)} to {fmt(c.value)}")
             for c in claims if c.kind == "from_to" and c.from_value is not None]
    levels = [c for c in claims if c.kind == "count"]
    for change in (c for c in claims if c.kind == "count_change" and c.direction in ("increase", "decrease")):
        for level in levels:
            if _same_offense(change, level) and level.start > change.start:
                old = level.value - change.value if change.direction == "increase" else level.value + change.value
                pairs.append((old, level.value, (change, level),
                              f"{'up' if change.direction == 'increase' else 'down'} {fmt(change.value)} "
                              f"to {fmt(level.value)} (so from {fmt(old)})"))
    return pairs


def internal_consistency(sentence_claims: Sequence[Claim],
                         settings: VerifySettings | None = None) -> list[Inconsistency]:
    """Every disagreement between the numbers of one sentence's claims."""
    s = settings or VerifySettings()
    found: list[Inconsistency] = []
    for old, new, sources, how in _pairs(sentence_claims):
        own = sources[0]
        moved = "increase" if new > old else "decrease" if new < old else "none"
        if own.kind == "from_to" and own.direction in ("increase", "decrease") and moved != own.direction:
            called = "an increase" if own.direction == "increase" else "a decrease"
            actual = {"none": "no change", "increase": "an increase", "decrease": "a decrease"}[moved]
            found.append(Inconsistency(sources, f"'{own.quote}' is called {called}, but {how} is {actual}",
                                       new - old, 0.0))
        for other in sentence_claims:
            if other in sources or not _same_offense(own, other):
                continue
            if other.kind == "percent_change":
                try:
                    implied = pct_change(old, new)
                except ZeroBaseline:
                    continue
                tol = percent_tolerance(other.value, other.qualifiers, other.quote, s)
                grade, _ = grade_percent(other.value, other.direction, implied, tol, s)
                if grade.verdict != "supported":
                    stated = -other.value if other.direction == "decrease" else other.value
                    found.append(Inconsistency(
                        (*sources, other),
                        f"{how} is ({fmt(new)} - {fmt(old)}) / {fmt(old)} x 100 = {implied:+.1f}%, but the "
                        f"same sentence says '{other.quote}' ({stated:+g}%; {tol.text})", implied, stated))
            elif other.kind == "count_change" and own.kind == "from_to":
                diff = new - old
                stated = other.value if other.direction != "decrease" else -other.value
                if abs(abs(diff) - other.value) > 1e-9 or (other.direction in ("increase", "decrease")
                                                            and moved != other.direction):
                    found.append(Inconsistency((*sources, other),
                                               f"{how} is a change of {diff:+g}, but the same sentence says "
                                               f"'{other.quote}' ({stated:+g})", diff, stated))
    return found


def inconsistencies_for(claim: Claim, sentence_claims: Sequence[Claim],
                        settings: VerifySettings | None = None) -> list[Inconsistency]:
    """The inconsistencies a claim takes part in."""
    claims = list(sentence_claims) if claim in sentence_claims else [*sentence_claims, claim]
    return [i for i in internal_consistency(claims, settings) if claim in i.claims]
