"""verify: a claim set beside official figures, with a verdict and the arithmetic shown.

``check_claim`` is pure (records in, a ``Check`` out); ``run_checks`` is the glue to the store.
"""

from __future__ import annotations

import logging

from records.check import FLAGS, VERDICTS, Check
from verify.check import check_claim
from verify.consistency import Inconsistency, internal_consistency
from verify.errors import PeriodUnresolved, VerifyError
from verify.periods import ResolvedPeriod, resolve_period, resolve_text
from verify.run import CheckSummary, run_checks
from verify.settings import METHOD_VERSION, VerifySettings

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "FLAGS", "METHOD_VERSION", "VERDICTS", "Check", "CheckSummary", "Inconsistency", "PeriodUnresolved",
    "ResolvedPeriod", "VerifyError", "VerifySettings", "check_claim", "internal_consistency",
    "resolve_period", "resolve_text", "run_checks",
]

