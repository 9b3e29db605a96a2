"""Web accounts and sessions live in their own file; an old store's users are moved out of it."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.accounts import (
    add_user,
    auth_path,
    end_session,
    end_sessions,
    get_user,
    list_users,
    open_auth_db,
    session_user,
    start_session,
    update_user,
)
from db.auth_schema import move_users_out
from db.connection import open_db
from db.errors import Conflict, NotFound, StoreError
from db.schema import MIGRATIONS

HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$secrethashsecrethashsecrethash0"
HOUR = timedelta(hours=1)


@pytest.fixture
def accounts(tmp_path: Path) -> Database:
    return open_auth_db(auth_path(tmp_path / "claims.db"))


def test_the_accounts_file_sits_beside_the_store_unless_a_setting_names_one(tmp_path: Path) -> None:
    assert auth_path(tmp_path / "claims.db") == tmp_path / "claims.auth.db"
    assert auth_path("news/desk.sqlite") == Path("news/desk.auth.db")
    assert auth_path(tmp_path / "claims.db", str(tmp_path / "x" / "a.db")) == tmp_path / "x" / "a.db"


def test_the_accounts_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "claims.auth.db"
    open_auth_db(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_users(accounts: Database) -> None:
    user_id = add_user(accounts, "dana", "reviewer", "$argon2id$fake")
    with pytest.raises(Conflict, match="already exists"):
        add_user(accounts, "dana", "admin", "x")
    with pytest.raises(StoreError, match="Unknown role"):
        add_user(accounts, "kim", "editor", "x")
    update_user(accounts, "dana", disabled=True, role="admin")
    user = get_user(accounts, "dana")
    assert user is not None and (user.id, user.role, user.disabled) == (user_id, "admin", True)
    assert get_user(accounts, "nobody") is None
    assert [u.name for u in list_users(accounts)] == ["dana"]
    with pytest.raises(NotFound):
        update_user(accounts, "nobody", disabled=True)


def test_a_session_lives_until_it_is_ended(accounts: Database) -> None:
    add_user(accounts, "dana", "reviewer", HASH)
    sid = start_session(accounts, "dana", HOUR)
    other = start_session(accounts, "dana", HOUR)
    user = session_user(accounts, sid)
    assert user is not None and user.name == "dana"
    assert session_user(accounts, sid + "x") is None
    end_session(accounts, sid)
    assert session_user(accounts, sid) is None
    assert session_user(accounts, other) is not None  # logout ends that session only
    # only a hash of the id is stored
    assert accounts.execute("SELECT count(*) FROM sessions WHERE id_hash = ?", [other]).fetchone()[0] == 0


@pytest.mark.issue(10)
@pytest.mark.parametrize("change", [{"password_hash": HASH + "2"}, {"disabled": True}])
def test_a_new_password_or_disabling_ends_every_session(accounts: Database, change: dict) -> None:
    add_user(accounts, "dana", "reviewer", HASH)
    add_user(accounts, "kim", "reviewer", HASH)
    sessions = [start_session(accounts, "dana", HOUR) for _ in range(3)]
    kims = start_session(accounts, "kim", HOUR)
    update_user(accounts, "dana", **change)
    assert all(session_user(accounts, sid) is None for sid in sessions)
    assert session_user(accounts, kims) is not None
    update_user(accounts, "dana", disabled=False)
    assert all(session_user(accounts, sid) is None for sid in sessions)  # re-enabling revives none


def test_expired_sessions_and_disabled_users_open_nothing(accounts: Database) -> None:
    add_user(accounts, "dana", "reviewer", HASH)
    expired = start_session(accounts, "dana", timedelta(seconds=-1))
    assert session_user(accounts, expired) is None
    update_user(accounts, "dana", disabled=True)
    with pytest.raises(NotFound):
        start_session(accounts, "dana", HOUR)
    add_user(accounts, "kim", "reviewer", HASH)
    live = start_session(accounts, "kim", HOUR)
    assert end_sessions(accounts, "kim") == 1 and session_user(accounts, live) is None


def test_a_user_keeps_a_bounded_number_of_sessions(accounts: Database) -> None:
    from db.accounts import MAX_SESSIONS_PER_USER

    add_user(accounts, "dana", "reviewer", HASH)
    for _ in range(MAX_SESSIONS_PER_USER + 5):
        start_session(accounts, "dana", HOUR)
    assert accounts.execute("SELECT count(*) FROM sessions").fetchone()[0] == MAX_SESSIONS_PER_USER


def _old_layout_store(path: Path) -> None:
    """A store as claims-tracker made it before accounts moved out (users in the store)."""
    conn = sqlite3.connect(path)
    db = Database(conn)
    db.enable_wal()
    MIGRATIONS.apply(db, stop_before="m012_users_out_of_the_store")
    conn.execute("INSERT INTO users (name, role, password_hash, created_at, disabled) "
                 "VALUES ('rita', 'reviewer', ?, '2025-01-01T00:00:00Z', 0), "
                 "('ada', 'admin', ?, '2025-01-02T00:00:00Z', 1)", [HASH, HASH + "A"])
    conn.commit()
    conn.close()


@pytest.mark.issue(10)
def test_opening_an_old_store_moves_its_users_out_and_leaves_no_hash_in_the_file(tmp_path: Path) -> None:
    store = tmp_path / "claims.db"
    _old_layout_store(store)
    assert HASH.encode() in store.read_bytes()  # the old layout: hashes in the shared file

    db = open_db(store)
    assert "users" not in db.table_names()
    db.close()
    assert b"$argon2" not in store.read_bytes()  # not even in freed pages
    assert not Path(str(store) + "-wal").exists() or b"$argon2" not in Path(str(store) + "-wal").read_bytes()

    accounts = open_auth_db(auth_path(store))
    users = {u.name: u for u in list_users(accounts)}
    assert set(users) == {"rita", "ada"}
    assert users["rita"].password_hash == HASH and users["rita"].role == "reviewer"
    assert users["ada"].disabled and users["ada"].created_at == "2025-01-02T00:00:00Z"
    assert stat.S_IMODE(auth_path(store).stat().st_mode) == 0o600


@pytest.mark.issue(10)
def test_the_move_can_be_repeated_after_a_crash_without_duplicates(tmp_path: Path) -> None:
    store = tmp_path / "claims.db"
    _old_layout_store(store)
    old = Database(sqlite3.connect(store))
    assert move_users_out(old) == 2  # copied, then "crashed" before the table was dropped
    old.conn.close()
    open_db(store).close()  # the migration runs in full
    assert [u.name for u in list_users(open_auth_db(auth_path(store)))] == ["ada", "rita"]


@pytest.mark.slow
@pytest.mark.issue(10)
def test_datasette_on_the_store_shows_no_accounts(tmp_path: Path) -> None:
    Datasette = pytest.importorskip("datasette.app", reason="needs datasette, a dev extra (pip install -e '.[dev]')").Datasette  # noqa: N806

    store = tmp_path / "claims.db"
    _old_layout_store(store)
    open_db(store).close()

    async def fetch() -> tuple[int, str, int]:
        ds = Datasette([str(store)])
        tables = await ds.client.get("/claims.json")
        users = await ds.client.get("/claims/users.json")
        return tables.status_code, tables.text, users.status_code

    status, text, users_status = asyncio.run(fetch())
    assert status == 200 and '"claims"' in text
    assert '"users"' not in text and "argon2" not in text
    assert users_status == 404
