"""The accounts database: web users and their sessions, in a file of their own.

The store (``claims.db``) is the file a reporter opens in Datasette or hands to a colleague, so
it holds no secret. Password hashes and session ids live here, in ``<store stem>.auth.db``
beside the store unless the ``auth_db_path`` setting names another file.

``move_users_out`` is called by the store's migration that drops its old ``users`` table: the
accounts are copied into the auth file (and committed there) before the table is dropped, so a
crash between the two steps loses nothing and the next open finishes the move.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils import Database

log = logging.getLogger(__name__)

AUTH_MIGRATIONS = sqlite_utils.Migrations("claims_auth")
AUTH_SUFFIX = ".auth.db"
BUSY_TIMEOUT_MS = 30_000


@AUTH_MIGRATIONS()
def a001_users_sessions(db: Database) -> None:
    """Users (Argon2id hashes) and server-side sessions (only a SHA-256 of each session id)."""
    for statement in (
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
        "role TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')), password_hash TEXT NOT NULL, "
        "created_at TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, "
        "user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, "
        "created_at TEXT NOT NULL, expires_at TEXT NOT NULL)",
        "CREATE INDEX sessions_user ON sessions(user_id)",
    ):
        db.execute(statement)


def default_auth_path(store_path: str | Path) -> Path:
    """``claims.db`` -> ``claims.auth.db`` in the same folder."""
    path = Path(store_path)
    return path.with_name(path.stem + AUTH_SUFFIX)


def connect_auth(path: str | Path) -> Database:
    """Open (creating it readable by its owner only) and migrate the accounts database."""
    path = Path(path)
    if not path.exists():
        # Made before SQLite opens it, so the file never exists with wider permissions.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    if AUTH_MIGRATIONS.pending(db):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if AUTH_MIGRATIONS.pending(db):  # re-read under the write lock
                AUTH_MIGRATIONS.apply(db)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return db


def _store_file(store: Database) -> str:
    for _seq, name, file in store.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return str(file or "")
    return ""


def move_users_out(store: Database) -> int:
    """Copy the store's ``users`` rows into its default auth file; return how many were copied.

    Idempotent (a name already in the auth file is kept as it is there). The caller drops the
    store's table afterwards, in its own transaction.
    """
    if not store.table("users").exists():
        return 0
    rows = store.execute(
        "SELECT name, role, password_hash, created_at, disabled FROM users ORDER BY id").fetchall()
    if not rows:
        return 0
    store_file = _store_file(store)
    if not store_file:
        raise sqlite3.DatabaseError("An in-memory store with users cannot move them to a file.")
    target = default_auth_path(store_file)
    auth = connect_auth(target)
    try:
        with auth.conn:
            auth.conn.executemany(
                "INSERT OR IGNORE INTO users (name, role, password_hash, created_at, disabled) "
                "VALUES (?, ?, ?, ?, ?)", rows)
    finally:
        auth.conn.close()
    log.warning("moved %d web account(s) out of %s into %s", len(rows), store_file, target)
    return len(rows)
