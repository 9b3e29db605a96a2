"""The arithmetic of a check, always from raw counts, and the tolerance a claim's wording allows.

change = (new - old) / old x 100. A claim is graded by where the true value falls: inside the
claim's own rounding or hedge -> supported; right direction and off by at most
max(2 pp, 10 % of the true change) -> close; otherwise contradicted (DESIGN.md, reference 5.5).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from verify import wording
from verify.errors import VerifyError
from verify.settings import VerifySettings


class ZeroBaseline(VerifyError):
    """A percent change from zero has no value; compare the counts instead."""


def pct_change(old: float, new: float) -> float:
    """(new - old) / old x 100, exact (not rounded)."""
    if old == 0:
        raise ZeroBaseline(f"the earlier figure is 0, so a change from {old:g} to {new:g} has no "
                           "percent; compare the counts instead")
    return (new - old) / old * 100.0


def decimals(value: float) -> int:
    """How many decimals a stated number has (53 -> 0, 7.5 -> 1, 12.45 -> 2)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def fmt(value: float, places: int = 1) -> str:
    """A number as a reader writes it: 536, -53.3, 6.12."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "") if abs(value) < 10000 else f"{int(value):,}"
    return f"{value:.{places}f}"


@dataclass(frozen=True, slots=True)
class Tolerance:
    """The interval the true value must fall in for "supported", and the close band's rule."""

    rule: str  # rounding | truncation | about | nearly | more_than | at_least | less_than | ...
    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False
    text: str = ""
    close_band: float = 0.0  # filled once the true value is known
    close_text: str = ""

    def contains(self, x: float) -> bool:
        eps = 1e-9
        above = x > self.lo + eps if self.lo_open else x >= self.lo - eps
        below = x < self.hi - eps if self.hi_open else x <= self.hi + eps
        return above and below

    def interval(self, unit: str = "") -> str:
        lo = "" if self.lo == -math.inf else f"{'>' if self.lo_open else '>='} {fmt(self.lo, 2)}{unit}"
        hi = "" if self.hi == math.inf else f"{'<' if self.hi_open else '<='} {fmt(self.hi, 2)}{unit}"
        return " and ".join(p for p in (lo, hi) if p)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["lo"] = None if self.lo == -math.inf else self.lo
        d["hi"] = None if self.hi == math.inf else self.hi
        return d


@dataclass(frozen=True, slots=True)
class Grade:
    """The arithmetic verdict on one number: supported, close or contradicted, and why."""

    verdict: str
    reason: str
    off_by: float | None = None


def _one_sided(rule: str, v: float, places: int) -> tuple[float, float, bool, bool] | None:
    if rule == "more_than":
        return v, math.inf, True, False
    if rule == "at_least":
        return v, math.inf, False, False
    if rule == "less_than":
        return -math.inf, v, False, True
    if rule == "at_most":
        return -math.inf, v, False, False
    return None


def percent_tolerance(value: float, qualifiers: tuple[str, ...], quote: str,
                      s: VerifySettings) -> Tolerance:
    """The supported interval for the size of a percent change, in the claimed direction."""
    v = abs(value)
    places = decimals(v)
    rounding = s.integer_pct_tol / 10 ** places
    hedge = wording.hedge_rule(qualifiers, quote)
    fraction = bool(wording.FRACTION_WORDS.search(quote))
    multiple = bool(wording.MULTIPLE_WORDS.search(quote))
    word_tol = s.fraction_pct_tol if fraction else s.multiple_pct_tol if multiple else 0.0
    sided = _one_sided(hedge or "", v, places)
    if sided:
        lo, hi, lo_open, hi_open = sided
        if hi != math.inf:
            lo = 0.0
        word = {"more_than": "more than", "at_least": "at least", "less_than": "less than",
                "at_most": "at most"}[hedge or ""]
        return Tolerance(hedge or "", lo, hi, lo_open, hi_open, f"'{word} {fmt(v, places)}%' is one-sided")
    if hedge == "about":
        tol = max(s.hedge_pct_tol, word_tol)
        return Tolerance("about", v - tol, v + tol, text=f"a hedged figure ('about') allows ±{fmt(tol)} pp")
    if hedge == "nearly":
        tol = max(s.nearly_pct_tol, word_tol)
        return Tolerance("nearly", v - tol, v + rounding,
                         text=f"'nearly {fmt(v, places)}%' means slightly below it: {fmt(tol)} pp under "
                              f"to {fmt(rounding, 2)} pp over")
    if word_tol:
        what = "a fraction in words" if fraction else "a multiple in words ('doubled')"
        return Tolerance("fraction" if fraction else "multiple", v - word_tol, v + word_tol,
                         text=f"{what} allows ±{fmt(word_tol)} pp")
    step = 1 / 10 ** places
    precision = "an integer percent" if places == 0 else f"a percent with {places} decimal(s)"
    if s.accept_truncation:
        return Tolerance("rounding", v - rounding, v + step, hi_open=True,
                         text=f"{precision} allows ±{fmt(rounding, places + 1)} pp rounding "
                              "(or cut-off decimals)")
    return Tolerance("rounding", v - rounding, v + rounding,
                     text=f"{precision} allows ±{fmt(rounding, places + 1)} pp rounding")


def grade_percent(value: float, direction: str, true_pct: float, tol: Tolerance,
                  s: VerifySettings) -> tuple[Grade, Tolerance]:
    """Grade a claimed percent change against the true one; returns the tolerance with its band."""
    band = max(s.close_min_pp, s.close_rel * abs(true_pct))
    band_text = (f"close band: off by at most max({fmt(s.close_min_pp)} pp, "
                 f"{fmt(s.close_rel * 100, 0)}% of the true change) = {fmt(band, 2)} pp")
    if direction == "none" and value == 0:
        flat = Tolerance("flat", -s.flat_pct_tol, s.flat_pct_tol,
                         text=f"'flat' allows ±{fmt(s.flat_pct_tol)} pp",
                         close_band=s.close_min_pp, close_text=f"close band: within ±{fmt(s.close_min_pp)} pp")
        if flat.contains(true_pct):
            return Grade("supported", "the change is within the 'flat' band", abs(true_pct)), flat
        if abs(true_pct) <= s.close_min_pp:
            return Grade("close", "a small change, called flat", abs(true_pct)), flat
        return Grade("contradicted", "the figures moved more than a 'flat' claim allows",
                     abs(true_pct)), flat
    tol = Tolerance(tol.rule, tol.lo, tol.hi, tol.lo_open, tol.hi_open, tol.text, band, band_text)
    sign = -1.0 if direction == "decrease" else 1.0
    if direction == "none":
        sign = 1.0 if true_pct >= 0 else -1.0
    m = sign * true_pct  # size of the change in the claimed direction
    if tol.contains(m):
        return Grade("supported", "within the claim's rounding and wording", abs(m - abs(value))), tol
    if m <= 0:
        what = "no change" if m == 0 else ("an increase" if true_pct > 0 else "a decrease")
        return Grade("contradicted", f"wrong direction: the figures show {what}", abs(m - abs(value))), tol
    off = abs(m - abs(value))  # from the claimed value (or the bound, for "more than X")
    if off <= band:
        return Grade("close", f"right direction, off by {fmt(off, 1)} pp (within {fmt(band, 1)} pp)", off), tol
    return Grade("contradicted", f"off by {fmt(off, 1)} pp, more than the close band of "
                                 f"{fmt(band, 1)} pp", off), tol


def count_tolerance(value: float, qualifiers: tuple[str, ...], quote: str, preliminary: bool,
                    s: VerifySettings) -> Tolerance:
    """The supported interval for a count (exact unless hedged or the figures are preliminary)."""
    hedge = wording.hedge_rule(qualifiers, quote)
    sided = _one_sided(hedge or "", value, 0)
    if sided:
        lo, hi, lo_open, hi_open = sided
        return Tolerance(hedge or "", lo, hi, lo_open, hi_open, f"'{hedge}' {fmt(value)} is one-sided")
    if hedge == "about":
        d = max(1.0, s.count_hedge_rel * value)
        return Tolerance("about", value - d, value + d, text=f"'about' allows ±{fmt(d, 1)}")
    if hedge == "nearly":
        d = max(1.0, s.count_hedge_rel * value)
        return Tolerance("nearly", value - d, value, text=f"'nearly' allows up to {fmt(d, 1)} under")
    if preliminary:
        d = max(s.preliminary_count_abs, s.preliminary_count_rel * value)
        return Tolerance("preliminary", value - d, value + d,
                         text=f"counts must match; preliminary figures allow ±{fmt(d, 1)} "
                              f"(max({fmt(s.preliminary_count_abs)}, "
                              f"{fmt(s.preliminary_count_rel * 100, 0)}%))")
    return Tolerance("exact", value, value, text="counts must match exactly")


def grade_count(value: float, true: float, tol: Tolerance, s: VerifySettings,
                direction: str = "none") -> tuple[Grade, Tolerance]:
    """Grade a claimed count (or count difference) against the official one."""
    band = max(s.count_close_abs, s.count_close_rel * abs(value))
    tol = Tolerance(tol.rule, tol.lo, tol.hi, tol.lo_open, tol.hi_open, tol.text, band,
                    f"close band: within max({fmt(s.count_close_abs)}, "
                    f"{fmt(s.count_close_rel * 100, 0)}%) = {fmt(band, 1)}")
    off = abs(true - value)
    if tol.contains(true):
        return Grade("supported", "the count matches", off), tol
    if direction in ("increase", "decrease") and (true < 0):
        return Grade("contradicted", "wrong direction", off), tol
    if off <= band:
        return Grade("close", f"off by {fmt(off)} (within {fmt(band, 1)})", off), tol
    return Grade("contradicted", f"off by {fmt(off)}, more than the close band of {fmt(band, 1)}", off), tol


def rate_tolerance(value: float, qualifiers: tuple[str, ...], quote: str, s: VerifySettings) -> Tolerance:
    """The supported interval for a rate per 100,000 (the claim's own precision)."""
    hedge = wording.hedge_rule(qualifiers, quote)
    sided = _one_sided(hedge or "", value, decimals(value))
    if sided:
        lo, hi, lo_open, hi_open = sided
        return Tolerance(hedge or "", lo, hi, lo_open, hi_open, f"'{hedge}' {fmt(value)} is one-sided")
    places = decimals(value)
    half = 0.5 / 10 ** places
    if hedge in ("about", "nearly"):
        d = max(half, s.count_hedge_rel * value)
        return Tolerance(hedge, value - d, value + (half if hedge == "nearly" else d),
                         text=f"'{hedge}' allows ±{fmt(d, 2)}")
    return Tolerance("rounding", value - half, value + half,
                     text=f"a rate given to {places} decimal(s) allows ±{fmt(half, places + 1)}")


def grade_rate(value: float, true: float, tol: Tolerance, s: VerifySettings) -> tuple[Grade, Tolerance]:
    band = s.rate_close_rel * abs(true)
    tol = Tolerance(tol.rule, tol.lo, tol.hi, tol.lo_open, tol.hi_open, tol.text, band,
                    f"close band: within {fmt(s.rate_close_rel * 100, 0)}% = {fmt(band, 2)}")
    off = abs(true - value)
    if tol.contains(true):
        return Grade("supported", "the rate matches to the claim's precision", off), tol
    if off <= band:
        return Grade("close", f"off by {fmt(off, 2)} (within {fmt(band, 2)})", off), tol
    return Grade("contradicted", f"off by {fmt(off, 2)}, more than {fmt(band, 2)}", off), tol
