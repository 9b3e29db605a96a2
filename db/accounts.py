"""Web accounts and their sessions, in the accounts database (see ``db/auth_schema.py``).

A session is a random id the browser keeps in its signed cookie; this file keeps only its
SHA-256, with the user and an expiry. Every request looks its session up here, so deleting the
row ends it at once: logout ends that session; a password change or disabling the user ends
all of that user's sessions.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from db.auth_schema import connect_auth, default_auth_path
from db.connection import write_transaction
from db.errors import Conflict, NotFound, StoreError
from db.records import UserRow
from db.rows import now_iso, user_from_row

ROLES: tuple[str, ...] = ("reviewer", "admin")
MAX_SESSIONS_PER_USER = 20

__all__ = [
    "ROLES", "add_user", "auth_path", "end_session", "end_sessions", "get_user", "list_users",
    "open_auth_db", "session_user", "start_session", "update_user",
]


def auth_path(store_path: str | Path, configured: str = "") -> Path:
    """The accounts file: ``configured`` (the ``auth_db_path`` setting) or ``<stem>.auth.db``."""
    return Path(configured) if configured else default_auth_path(store_path)


def open_auth_db(path: str | Path) -> Database:
    """Open (and if needed create, owner-readable only, and migrate) the accounts database."""
    try:
        return connect_auth(path)
    except (sqlite3.DatabaseError, OSError) as exc:
        raise StoreError(
            f"Could not open {path} as the accounts database ({exc}). Check that the folder is "
            "writable and the file is one claims-tracker made, or set auth_db_path "
            "(CLAIMS_AUTH_DB_PATH) to another file.") from exc


def _check_role(role: str | None) -> None:
    if role is not None and role not in ROLES:
        raise StoreError(f"Unknown role {role!r}; use one of: {', '.join(ROLES)}.")


def _missing(name: str) -> NotFound:
    return NotFound(f"No user named {name!r}. `claims users list` shows the accounts; "
                    "`claims users add` creates one.")


def add_user(db: Database, name: str, role: str, password_hash: str) -> int:
    """Create a web user; raises ``Conflict`` if the name is taken."""
    _check_role(role)
    try:
        with write_transaction(db):
            cursor = db.execute(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                [name, role, password_hash, now_iso()])
    except sqlite3.IntegrityError as exc:
        raise Conflict(f"A user named {name!r} already exists; pick another name.") from exc
    return int(cursor.lastrowid or 0)


def get_user(db: Database, name: str) -> UserRow | None:
    rows = list(db.query("SELECT * FROM users WHERE name = ?", [name]))
    return user_from_row(rows[0]) if rows else None


def list_users(db: Database) -> list[UserRow]:
    return [user_from_row(r) for r in db.query("SELECT * FROM users ORDER BY name")]


def update_user(db: Database, name: str, *, password_hash: str | None = None,
                role: str | None = None, disabled: bool | None = None) -> None:
    """Change a user's password hash, role or disabled state; raises ``NotFound``.

    A new password or disabling the user ends every session the user has.
    """
    _check_role(role)
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE users SET password_hash = coalesce(?, password_hash), role = coalesce(?, role), "
            "disabled = coalesce(?, disabled) WHERE name = ?",
            [password_hash, role, None if disabled is None else int(disabled), name])
        if not cursor.rowcount:
            raise _missing(name)
        if password_hash is not None or disabled:
            db.execute("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)",
                       [name])


def remove_user(db: Database, name: str) -> None:
    """Delete a user and every session of theirs; raises ``NotFound``. Their reviews live in the
    claims database under their name and are not touched."""
    with write_transaction(db):
        db.execute("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)",
                   [name])
        cursor = db.execute("DELETE FROM users WHERE name = ?", [name])
        if not cursor.rowcount:
            raise _missing(name)


def _hash_id(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def start_session(db: Database, name: str, lifetime: timedelta) -> str:
    """A new session for an enabled user; returns its id (stored here only as a hash).

    Expired sessions are cleared, and a user keeps at most the newest
    ``MAX_SESSIONS_PER_USER`` sessions, so the table cannot grow without bound.
    """
    session_id = secrets.token_urlsafe(32)
    now = _now()
    with write_transaction(db):
        row = db.execute("SELECT id FROM users WHERE name = ? AND disabled = 0", [name]).fetchone()
        if row is None:
            raise _missing(name)
        db.execute("DELETE FROM sessions WHERE expires_at <= ?", [now.isoformat()])
        db.execute("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) "
                   "VALUES (?, ?, ?, ?)",
                   [_hash_id(session_id), row[0], now.isoformat(), (now + lifetime).isoformat()])
        db.execute(
            "DELETE FROM sessions WHERE user_id = ? AND id_hash NOT IN (SELECT id_hash FROM "
            "sessions WHERE user_id = ? ORDER BY created_at DESC LIMIT ?)",
            [row[0], row[0], MAX_SESSIONS_PER_USER])
    return session_id


def session_user(db: Database, session_id: str) -> UserRow | None:
    """The enabled user a live session belongs to, or None (unknown, ended, expired, disabled)."""
    rows = list(db.query(
        "SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled = 0",
        [_hash_id(session_id), _now().isoformat()]))
    return user_from_row(rows[0]) if rows else None


def end_session(db: Database, session_id: str) -> None:
    """End one session (logout); ending an unknown one does nothing."""
    with write_transaction(db):
        db.execute("DELETE FROM sessions WHERE id_hash = ?", [_hash_id(session_id)])


def end_sessions(db: Database, name: str) -> int:
    """End every session of ``name``; returns how many there were."""
    with write_transaction(db):
        cursor = db.execute(
            "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)", [name])
    return int(cursor.rowcount or 0)
