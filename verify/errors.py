"""Named exceptions of the checker; the CLI translates them at the edge."""

from __future__ import annotations


class VerifyError(Exception):
    """Something stopped a claim from being checked."""


class PeriodUnresolved(VerifyError):
    """The claim's period cannot be pinned to dates (for example no publication date is known)."""
