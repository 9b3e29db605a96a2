"""Official crime figures: jurisdictions, connectors and the CSV import.

Public API (imported lazily, so ``import official.records`` stays cheap)::

    resolve_place(city, state=None, *, allow_unknown=False) -> Jurisdiction   official.places
    import_csv(db, path) -> ImportReport              official.csv_import
    fetch_official(db, client, *, start, end, city=None, source=None, ...) -> FetchReport
    load_registry(path=None) -> Registry              official.registry
    Connector, FetchRequest, FetchResult               official.connectors
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

logging.getLogger(__name__).addHandler(logging.NullHandler())

_EXPORTS = {
    "resolve_place": "official.places", "place_id": "official.places",
    "import_csv": "official.csv_import", "parse_csv": "official.csv_import",
    "ImportReport": "official.csv_import",
    "fetch_official": "official.fetch", "FetchReport": "official.fetch", "Credentials": "official.fetch",
    "load_registry": "official.registry",
    "Connector": "official.connectors.base", "FetchRequest": "official.connectors.base",
    "FetchResult": "official.connectors.base",
    "Jurisdiction": "records.official", "Observation": "records.official",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'official' has no attribute {name!r}")
