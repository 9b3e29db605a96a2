"""Opening the database (WAL, busy timeout, foreign keys, migrations) and write transactions.

Every write in ``db/`` goes through :func:`write_transaction`: ``BEGIN IMMEDIATE`` takes the
write lock up front (so a transaction never fails half-way with "database is locked"), the busy
timeout makes other writers wait for it, and a short retry covers the rare SQLITE_BUSY that
outlives the timeout. Each batch is one transaction: a crash leaves it fully in or fully out.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from db.errors import DatabaseMissing, SchemaTooNew, StoreError
from db.schema import MIGRATIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
BUSY_RETRIES = 5


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _busy_error(exc: sqlite3.OperationalError) -> StoreError:
    return StoreError(
        f"The database stayed busy for more than {BUSY_TIMEOUT_MS // 1000} seconds ({exc}). "
        "Another process holds a long write transaction; wait for it to finish and try again.")


def open_db(path: str | Path, *, create: bool = True, read_only_ok: bool = False) -> Database:
    """Open (and if needed create and migrate) the claims database.

    WAL journal, ``busy_timeout`` of 30 s, ``foreign_keys=ON``, ``synchronous=NORMAL``; pending
    migrations are applied under an exclusive write lock, so two processes opening a new file at
    once do not race. ``path=":memory:"`` gives a private in-memory database (tests).

    With ``read_only_ok`` (callers that only read: search, show, export, the web's search), a
    file or folder that cannot be written is opened read-only instead of failing. A database
    made by a newer claims-tracker is refused with ``SchemaTooNew``.
    """
    memory = str(path) == ":memory:"
    if not memory and not create and not Path(path).exists():
        raise DatabaseMissing(
            f"No database at {path}. Run `claims demo` or `claims crawl` to make one, "
            "or point --db (or CLAIMS_DB) at an existing file.")
    if not memory and not Path(path).parent.is_dir():
        raise StoreError(f"Could not open {path}: the folder {Path(path).parent} does not exist. "
                         "Create it, or choose another file with --db.")
    if read_only_ok and not memory and Path(path).exists() and not _writable(Path(path)):
        return open_read_only(path)
    try:
        conn = sqlite3.connect(":memory:" if memory else str(path),
                               timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        _ensure_math_functions(conn)
        check_schema(db, path)
        if not memory:
            _retry_busy(db.enable_wal)
            db.execute("PRAGMA synchronous = NORMAL")
        migrate(db)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
            raise _busy_error(exc) from exc
        if read_only_ok and _is_read_only(exc):
            return open_read_only(path)
        raise StoreError(
            f"Could not open {path} as a claims database ({exc}). Check that the path is a "
            "writable SQLite file made by claims-tracker, or choose another with --db.") from exc
    return db


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _is_read_only(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN) or "readonly" in str(exc)


def open_read_only(path: str | Path) -> Database:
    """Open an existing database for reading only (``mode=ro``), without migrating it.

    In a folder that cannot be written, SQLite cannot make the WAL index beside the file; the
    file is then opened as immutable (nothing can change it there anyway)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    last: sqlite3.DatabaseError | None = None
    for extra in ("", "&immutable=1"):
        try:
            conn = sqlite3.connect(uri + extra, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=False)
            db = Database(conn)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _ensure_math_functions(conn)
            check_schema(db, path)
        except sqlite3.DatabaseError as exc:
            last = exc
            continue
        if MIGRATIONS.pending(db):
            conn.close()
            raise StoreError(f"{path} is read-only and was made by an older claims-tracker "
                             f"(schema {len(MIGRATIONS.applied(db))}, this one knows {len(known_migrations())}). "
                             "Open it once with write access to upgrade it, or copy it somewhere writable.")
        log.info("opened %s read-only%s", path, " (immutable)" if extra else "")
        return db
    raise StoreError(f"Could not open {path} as a claims database, even read-only ({last}). "
                     "Check that the path is a SQLite file made by claims-tracker, or choose another "
                     "with --db.")


@functools.cache
def known_migrations() -> tuple[str, ...]:
    """The names of the migrations this code knows, in order."""
    return tuple(m.name for m in MIGRATIONS.pending(Database(memory=True)))


def check_schema(db: Database, path: str | Path) -> None:
    """Refuse a database that records migrations this code does not know (made by a newer version)."""
    applied = [m.name for m in MIGRATIONS.applied(db)]
    known = known_migrations()
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise SchemaTooNew(
            f"{path} was made by a newer claims-tracker (schema {len(applied)}, this one knows "
            f"{len(known)}; unknown migration {unknown[0]}). Upgrade claims-tracker to use it.")


def _ensure_math_functions(conn: sqlite3.Connection) -> None:
    """The review queue's score uses log10() and pow(); older SQLite builds lack them."""
    try:
        conn.execute("SELECT log10(10), pow(2, 2)").fetchone()
    except sqlite3.OperationalError:
        conn.create_function("log10", 1, math.log10, deterministic=True)
        conn.create_function("pow", 2, math.pow, deterministic=True)


def migrate(db: Database) -> list[str]:
    """Apply pending migrations (idempotent); return the names applied."""
    if not MIGRATIONS.pending(db):
        return []
    with write_transaction(db):
        pending = [m.name for m in MIGRATIONS.pending(db)]  # re-read under the lock
        MIGRATIONS.apply(db)
    if pending:
        log.info("applied migrations: %s", ", ".join(pending))
    return pending


def _retry_busy(fn: object) -> None:
    assert callable(fn)
    for attempt in range(BUSY_RETRIES + 1):
        try:
            fn()
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or attempt == BUSY_RETRIES:
                if _is_busy(exc):
                    raise _busy_error(exc) from exc
                raise
            time.sleep(0.05 * 2**attempt)


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One write transaction (``BEGIN IMMEDIATE``); nested use becomes a savepoint.

    Commits when the block ends, rolls back if it raises. SQLITE_BUSY after the busy timeout is
    retried a few times, then raised as ``StoreError`` with a plain message.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    _retry_busy(lambda: db.conn.execute("BEGIN IMMEDIATE"))
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        _retry_busy(lambda: db.conn.execute("COMMIT"))
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
