"""The ``Outcome`` of setting one claim beside one series: what every per-kind check returns.

It lives apart from the checks (verify/verdicts.py, verify/record_check.py) so that both can
build it without importing each other. It never leaves verify: ``check_claim`` turns the chosen
outcome into a ``records.check.Check``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from records.official import Observation
from verify.arithmetic import Tolerance
from verify.figures import Figure
from verify.periods import ResolvedPeriod


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of setting a claim beside one series: verdict, reason, figures, arithmetic."""

    verdict: str
    reason: str
    period: ResolvedPeriod
    figures: tuple[tuple[str, Figure], ...] = ()
    arithmetic: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    computed: dict[str, Any] = field(default_factory=dict)
    tolerance: Tolerance | None = None
    tolerance_text: tuple[str, ...] = ()

    @property
    def observations(self) -> tuple[Observation, ...]:
        seen: dict[int, Observation] = {}
        for _, fig in self.figures:
            for o in fig.observations:
                seen.setdefault(id(o), o)
        return tuple(seen.values())

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(round(f.value, 6) for _, f in self.figures)
