"""The SQLite store: schema (migrations), idempotent writes, reads and search.

``db/`` is the only package that writes SQL. Open with ``db.connection.open_db``; read and write
through ``db.store``; search through ``db.search``.
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
