"""Tolerances and bands of the checker, as data (one frozen object, passed explicitly).

Defaults follow DESIGN.md and reference/official-data.md 5.5 and 5.7. A newsroom that rates
more leniently changes these numbers, not the code.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

METHOD_VERSION = "verify.v2"  # v2: claims of the learned number reader are never contradicted, only sent to review


@dataclass(frozen=True, slots=True)
class VerifySettings:
    """How close a claim must be to the official figures for each verdict."""

    method_version: str = METHOD_VERSION
    # percent changes: the claim's own rounding decides "supported"
    integer_pct_tol: float = 0.5  # "53%" holds for 52.5 .. 53.5
    accept_truncation: bool = True  # "53%" also holds for 53.9 (the reporter cut the decimals)
    hedge_pct_tol: float = 2.0  # "about / roughly / approximately X%"
    nearly_pct_tol: float = 2.0  # "nearly / almost X%": X - 2 .. X
    fraction_pct_tol: float = 5.0  # "halved", "a third", "a quarter"
    multiple_pct_tol: float = 10.0  # "doubled", "tripled"
    flat_pct_tol: float = 1.0  # "flat", "unchanged", "held steady"
    # percent changes: the "close" band around the claimed value
    close_min_pp: float = 2.0  # off by at most max(2 pp, 10 % of the true change)
    close_rel: float = 0.10
    # counts
    count_close_abs: float = 2.0  # close when within max(2, 3 %)
    count_close_rel: float = 0.03
    preliminary_count_abs: float = 1.0  # preliminary figures: supported within max(1, 1 %)
    preliminary_count_rel: float = 0.01
    count_hedge_rel: float = 0.05  # "about 100 homicides": 95 .. 105
    # rates per 100,000
    rate_close_rel: float = 0.05
    # context
    small_base: int = 20  # a baseline count below this moves the percent by 5-10 pp per event
    max_assumed_lag_days: int = 14  # an assumed cut-off may snap to data this many days older
    close_cutoff_days: int = 7  # a stated cut-off that differs this little is "close"
    review_offenses: tuple[str, ...] = ("other",)  # offenses too vague to check by machine

    def override(self, **changes: Any) -> VerifySettings:
        """A copy with the given (non-None) values replaced; unknown names raise ValueError."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"Unknown verify setting(s): {', '.join(sorted(unknown))}. "
                             f"Known: {', '.join(sorted(known))}.")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
