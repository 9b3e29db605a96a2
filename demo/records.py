"""Records of the demo run: what each stage did and the summary ``claims demo`` prints."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def claims_program() -> str:
    """How the user runs `claims`: plain `claims` when it is on PATH, else the path of this one
    (after `make demo`, `.venv/bin/claims`)."""
    if shutil.which("claims"):
        return "claims"
    here = Path(sys.argv[0])
    if here.name == "claims" and here.exists():
        try:
            return str(here.resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(here)
    return "claims"


@dataclass(frozen=True, slots=True)
class Stage:
    """What one step of the demo did: ``done``, ``skipped`` (not available yet) or ``failed``."""

    name: str
    status: str
    detail: str
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """Everything ``claims demo`` reports at the end."""

    db_path: Path
    site_url: str
    sources_file: Path | None
    stages: tuple[Stage, ...]
    articles: int = 0
    claims: int = 0
    observations: int = 0
    verdicts: tuple[tuple[str, int], ...] = ()  # (verdict or "unchecked", count), fixed order
    flagged: tuple[Any, ...] = ()  # db.records.StoredClaim, review-queue order
    claims_sample: tuple[Any, ...] = ()  # StoredClaim or records.claim.Claim when nothing is checked
    reviewer: tuple[str, str] | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def serve_command(self) -> str:
        return f"{claims_program()} --db {self.db_path} serve"

    def stage(self, name: str) -> Stage | None:
        return next((s for s in self.stages if s.name == name), None)
