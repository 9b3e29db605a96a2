"""The hand-entered CSV as a connector: the same interface as the API connectors.

``fetch`` reads the file (reference/official-data.md section 6.3), keeps the rows whose period
overlaps the request (and, if asked, the offenses and jurisdiction), and reports each bad row as
a warning "line N: reason". No network; ``import_csv`` is the way to store a whole file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from offenses.vocabulary import vocabulary
from official.connectors.base import FetchRequest, FetchResult
from official.csv_import import parse_csv
from official.registry import Registry
from records.official import Observation


class CsvConnector:
    """Observations from one CSV file of hand-entered figures."""

    def __init__(self, path: str | Path, *, registry: Registry | None = None) -> None:
        self.path = Path(path)
        self.registry = registry
        self.source_id = f"manual_csv:{self.path.name}"

    def _wanted(self, o: Observation, request: FetchRequest) -> bool:
        if o.period_end < request.start.isoformat() or o.period_start > request.end.isoformat():
            return False
        if request.jurisdiction_id and o.jurisdiction_id != request.jurisdiction_id:
            return False
        if not request.offenses:
            return True
        entry = vocabulary().get(o.offense)
        return o.offense in request.offenses or (entry is not None and entry.claim_offense in request.offenses)

    def fetch(self, request: FetchRequest) -> FetchResult:
        parsed = parse_csv(self.path, registry=self.registry)
        kept = tuple(o for o in parsed.observations if self._wanted(o, request))
        warnings = [f"line {b.line}: {b.reason}" for b in parsed.bad_rows] + list(parsed.warnings)
        through = max((date.fromisoformat(o.as_of) for o in kept if o.as_of), default=None)
        return FetchResult(kept, tuple(warnings), through, (str(self.path),))
