"""Official crime figures: jurisdictions, connectors and the CSV import.

Submodules are not imported here, so importing one of them stays cheap. Import what you use
from its module:

- ``official.places``: ``resolve_place(city, state=None, *, allow_unknown=False) -> Jurisdiction``,
  ``place_id(city, state)``
- ``official.csv_import``: ``import_csv(db, path) -> ImportReport``, ``parse_csv(path)``
- ``official.fetch``: ``fetch_official(db, client, *, start, end, city=None, source=None, ...)
  -> FetchReport``, ``Credentials``
- ``official.registry``: ``load_registry(path=None) -> Registry``
- ``official.connectors``: ``Connector``, ``FetchRequest``, ``FetchResult`` and the connectors

The records (``Jurisdiction``, ``Observation``) live in ``records.official``.
"""

import logging

__all__ = ["connectors", "csv_import", "fetch", "places", "registry"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
