"""SQLITE_BUSY beyond the busy timeout: retried a few times, then a plain StoreError."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_db
from db.errors import StoreError
from db.store import add_review, reviews_for


def _hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait(5)
    return thread


def test_a_short_lock_is_waited_out_by_retries(filled: Database, db_path: Path) -> None:
    filled.execute("PRAGMA busy_timeout = 50")  # make the retry path, not the timeout, do the work
    holder = _hold_write_lock(db_path, 0.4)
    add_review(filled, 1, "dana", "close", "written after the lock was released")
    holder.join()
    assert [r.note for r in reviews_for(filled, 1)] == ["written after the lock was released"]


@pytest.mark.slow
def test_a_lock_that_never_ends_gives_a_plain_error(filled: Database, db_path: Path) -> None:
    filled.execute("PRAGMA busy_timeout = 20")
    holder = _hold_write_lock(db_path, 3.0)
    try:
        with pytest.raises(StoreError, match="stayed busy .* wait for it to finish and try again"):
            add_review(filled, 1, "dana", "close", None)
    finally:
        holder.join()
    assert not filled.conn.in_transaction
    add_review(filled, 1, "dana", "close", None)
    assert len(reviews_for(open_db(db_path), 1)) == 1
