"""The verdict of one claim against one series (one vintage view): the arithmetic and its grade, per claim kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from records.claim import Claim
from records.official import Observation
from verify import wording
from verify.arithmetic import (
    Grade,
    Tolerance,
    ZeroBaseline,
    count_tolerance,
    fmt,
    grade_count,
    grade_percent,
    grade_rate,
    pct_change,
    percent_tolerance,
    rate_tolerance,
)
from verify.figures import Figure, figure_for
from verify.link import PeriodGap, Series
from verify.outcome import Outcome
from verify.periods import ResolvedPeriod
from verify.record_check import evaluate_record
from verify.settings import VerifySettings

ORDER = {"supported": 0, "close": 1, "contradicted": 2, "needs_review": 3, "unverifiable": 4}


def is_rate_claim(claim: Claim) -> bool:
    """A claim about a rate per 100,000 (or a percent change of one)."""
    if claim.kind == "rate" or claim.unit in ("per_100k", "per_1000"):
        return True
    return claim.kind == "percent_change" and bool(wording.RATE_WORDS.search(claim.quote))


def _scale(claim: Claim) -> float:
    return 100.0 if claim.unit == "per_1000" else 1.0  # per 1,000 = per 100,000 / 100


def _current(series: Series, view: Sequence[Observation], p: ResolvedPeriod, s: VerifySettings,
             rate_from: Sequence[Series]) -> tuple[Figure, ResolvedPeriod] | PeriodGap:
    """The figure for the claim's own period, and the period cut to where that figure ends."""
    cur = figure_for(series, view, p.start, p.end, flexible=p.flexible_end, s=s, near=True,
                     rate_from=rate_from)
    if isinstance(cur, PeriodGap):
        return cur
    return cur, (p.with_cutoff(cur.end) if cur.end != p.end else p)


def _pair(series: Series, view: Sequence[Observation], p: ResolvedPeriod, s: VerifySettings,
          rate_from: Sequence[Series]) -> tuple[Figure, Figure, ResolvedPeriod] | PeriodGap:
    found = _current(series, view, p, s, rate_from)
    if isinstance(found, PeriodGap):
        return found
    cur, p = found
    if p.baseline_start is None or p.baseline_end is None:
        return PeriodGap("the claim's comparison period could not be worked out")
    base = figure_for(series, view, p.baseline_start, p.baseline_end, flexible=False, s=s, near=True,
                      rate_from=rate_from)
    if isinstance(base, PeriodGap):
        return PeriodGap(f"comparison period: {base.reason}", base.flag)
    return cur, base, p


def _small_base(base: Figure, s: VerifySettings) -> bool:
    return base.count is not None and base.count < s.small_base


def _pct_line(old: float, new: float, true: float) -> str:
    return f"({fmt(new)} - {fmt(old)}) / {fmt(old)} x 100 = {true:+.1f}%"


def evaluate_percent(claim: Claim, series: Series, view: Sequence[Observation], p: ResolvedPeriod,
                     s: VerifySettings, rate_from: Sequence[Series] = ()) -> Outcome | PeriodGap:
    pair = _pair(series, view, p, s, rate_from)
    if isinstance(pair, PeriodGap):
        return pair
    cur, base, p = pair
    figs = (("claim period", cur), ("comparison period", base))
    try:
        true = pct_change(base.value, cur.value)
    except ZeroBaseline as exc:
        return Outcome("needs_review", str(exc), p, figs, flags=("small_base",))
    flags: list[str] = []
    points = bool(wording.POINTS_WORDS.search(claim.quote)) and is_rate_claim(claim)
    measured = cur.value - base.value if points else true
    tol = percent_tolerance(claim.value, claim.qualifiers, claim.quote, s)
    grade, tol = grade_percent(claim.value, claim.direction, measured, tol, s)
    lines = [_pct_line(base.value, cur.value, true)]
    computed: dict[str, Any] = {"old": base.value, "new": cur.value, "true_pct": round(true, 4),
                                "claimed_pct": claim.value if claim.direction != "decrease" else -claim.value}
    if is_rate_claim(claim) or series.measure.startswith("rate"):
        pp = cur.value - base.value
        lines.append(f"{fmt(cur.value, 2)} - {fmt(base.value, 2)} = {pp:+.2f} points")
        computed["diff_points"] = round(pp, 4)
        other, _ = grade_percent(claim.value, claim.direction, true if points else pp,
                                 percent_tolerance(claim.value, claim.qualifiers, claim.quote, s), s)
        if grade.verdict != "supported" and other.verdict == "supported":
            flags.append("pp_vs_pct")
            grade = Grade("close", "matches only if percent and percentage points are swapped", grade.off_by)
    if _small_base(base, s):
        flags.append("small_base")
        if grade.verdict in ("close", "contradicted") and "wrong direction" not in grade.reason:
            grade = Grade("needs_review", f"{grade.reason}; with a base under {s.small_base} a percent "
                                          "moves a lot per event, so only an exact match counts",
                          grade.off_by)
    return Outcome(grade.verdict, grade.reason, p, figs, tuple(lines), tuple(flags), computed, tol)


def _grade_number(claim: Claim, claimed: float, fig: Figure, s: VerifySettings) -> tuple[Grade, Tolerance]:
    if claim.unit in ("per_100k", "per_1000"):
        true = fig.value / _scale(claim)
        return grade_rate(claimed, true, rate_tolerance(claimed, claim.qualifiers, claim.quote, s), s)
    tol = count_tolerance(claimed, claim.qualifiers, claim.quote, fig.preliminary, s)
    return grade_count(claimed, fig.value, tol, s)


def evaluate_from_to(claim: Claim, series: Series, view: Sequence[Observation], p: ResolvedPeriod,
                     s: VerifySettings, rate_from: Sequence[Series] = ()) -> Outcome | PeriodGap:
    if claim.from_value is None:
        return PeriodGap("a from-to claim without its earlier number")
    pair = _pair(series, view, p, s, rate_from)
    if isinstance(pair, PeriodGap):
        return pair
    cur, base, p = pair
    new_grade, tol = _grade_number(claim, claim.value, cur, s)
    old_grade, _ = _grade_number(claim, claim.from_value, base, s)
    worst = max((new_grade, old_grade), key=lambda g: ORDER[g.verdict])
    reason = f"newer figure: {new_grade.reason}; earlier figure: {old_grade.reason}"
    lines = [f"claimed {fmt(claim.from_value)} -> {fmt(claim.value)}; official "
             f"{fmt(base.value, 2)} -> {fmt(cur.value, 2)}"]
    computed: dict[str, Any] = {"old": base.value, "new": cur.value, "claimed_old": claim.from_value,
                                "claimed_new": claim.value}
    try:
        true = pct_change(base.value, cur.value)
        implied = pct_change(claim.from_value, claim.value)
        lines.append(f"official change {_pct_line(base.value, cur.value, true)}; the claim's own numbers "
                     f"imply {_pct_line(claim.from_value, claim.value, implied)}")
        computed.update(true_pct=round(true, 4), implied_pct=round(implied, 4))
    except ZeroBaseline:
        pass
    flags = ("small_base",) if _small_base(base, s) else ()
    figs = (("claim period", cur), ("comparison period", base))
    return Outcome(worst.verdict, reason, p, figs, tuple(lines), flags, computed, tol)


def evaluate_count(claim: Claim, series: Series, view: Sequence[Observation], p: ResolvedPeriod,
                   s: VerifySettings, rate_from: Sequence[Series] = ()) -> Outcome | PeriodGap:
    found = _current(series, view, p, s, rate_from)
    if isinstance(found, PeriodGap):
        return found
    cur, p = found
    grade, tol = _grade_number(claim, claim.value, cur, s)
    true = cur.value / _scale(claim)
    used_baseline = False
    lines = [f"claimed {fmt(claim.value, 2)}; official {fmt(true, 2)}; difference "
             f"{fmt(true - claim.value, 2)}"]
    computed: dict[str, Any] = {"claimed": claim.value, "official": round(true, 4)}
    flags: list[str] = []
    figs: list[tuple[str, Figure]] = [("claim period", cur)]
    if claim.kind == "rate" and claim.direction in ("increase", "decrease") and p.baseline_start:
        base = figure_for(series, view, p.baseline_start, p.baseline_end or p.end, flexible=False, s=s,
                          rate_from=rate_from)
        if not isinstance(base, PeriodGap):
            used_baseline = True
            figs.append(("comparison period", base))
            moved = "increase" if cur.value > base.value else "decrease" if cur.value < base.value else "none"
            lines.append(f"earlier {fmt(base.value / _scale(claim), 2)} -> {fmt(true, 2)}: {moved}")
            computed["earlier"] = round(base.value / _scale(claim), 4)
            if moved != claim.direction:
                grade = Grade("contradicted", f"wrong direction: the rate shows {moved}", grade.off_by)
    if not used_baseline:
        p = replace(p, baseline_start=None, baseline_end=None)
    return Outcome(grade.verdict, grade.reason, p, tuple(figs), tuple(lines), tuple(flags), computed, tol)


def evaluate_count_change(claim: Claim, series: Series, view: Sequence[Observation], p: ResolvedPeriod,
                          s: VerifySettings, rate_from: Sequence[Series] = ()) -> Outcome | PeriodGap:
    pair = _pair(series, view, p, s, rate_from)
    if isinstance(pair, PeriodGap):
        return pair
    cur, base, p = pair
    diff = cur.value - base.value
    sign = -1.0 if claim.direction == "decrease" else 1.0
    moved = diff * sign if claim.direction in ("increase", "decrease") else abs(diff)
    claimed = abs(claim.value)  # the size of the change; the direction says which way
    tol = count_tolerance(claimed, claim.qualifiers, claim.quote, cur.preliminary or base.preliminary, s)
    grade, tol = grade_count(claimed, moved, tol, s, direction=claim.direction)
    lines = [f"{fmt(cur.value)} - {fmt(base.value)} = {diff:+g}"]
    computed = {"old": base.value, "new": cur.value, "true_diff": diff,
                "claimed_diff": claimed * sign}
    flags = ("small_base",) if _small_base(base, s) else ()
    figs = (("claim period", cur), ("comparison period", base))
    return Outcome(grade.verdict, grade.reason, p, figs, tuple(lines), flags, computed, tol)


def evaluate(claim: Claim, series: Series, view: Sequence[Observation], p: ResolvedPeriod,
             s: VerifySettings, rate_from: Sequence[Series] = ()) -> Outcome | PeriodGap:
    """Dispatch on the claim's kind."""
    handlers = {"percent_change": evaluate_percent, "from_to": evaluate_from_to, "count": evaluate_count,
                "rate": evaluate_count, "count_change": evaluate_count_change, "record": evaluate_record}
    handler = handlers.get(claim.kind)
    if claim.value is None:
        return PeriodGap("the claim names no year or span ('the lowest on record'), so no run of "
                         "official years can settle it by machine")
    if handler is None:
        return PeriodGap(f"claims of kind '{claim.kind}' are not checked by machine")
    out = handler(claim, series, view, p, s, rate_from)
    if isinstance(out, Outcome):
        extra = [flag for _, f in out.figures for flag in f.flags]
        if any(f.preliminary for _, f in out.figures):
            extra.append("preliminary_data")
        out = replace(out, flags=tuple(dict.fromkeys((*out.flags, *extra))))
    return out
