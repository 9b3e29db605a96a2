"""The SQLite store: schema (migrations), idempotent writes, reads and search.

``db/`` is the only package that writes SQL. Open with ``db.connection.open_db``; read and write
through ``db.store``; search through ``db.search``; export through ``db.export``. Submodules are
not imported here, so importing ``db`` never pulls in the other stages' packages.
"""

import logging

__all__ = ["connection", "errors", "export", "records", "search", "store"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
