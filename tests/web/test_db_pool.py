"""The app's database pool: searches run on several threads at once, each on a connection no
other thread is using, and the number of connections stays at the number of calls in flight."""

from __future__ import annotations

import threading
import time

import anyio
import pytest

from db.connection import open_db
from db.search import SearchQuery, search_claims
from settings import load_settings
from web.state import AppState

pytestmark = pytest.mark.anyio


@pytest.mark.slow
async def test_concurrent_searches_share_a_bounded_set_of_connections(seeded) -> None:
    state = AppState(load_settings().override(db_path=seeded.path), seeded.path, db_threads=4)
    in_use: set[int] = set()
    overlap = {"max": 0}
    lock = threading.Lock()

    def search(db, q: SearchQuery) -> int:
        with lock:
            assert id(db) not in in_use  # never two threads on one connection
            in_use.add(id(db))
            overlap["max"] = max(overlap["max"], len(in_use))
        try:
            time.sleep(0.02)  # hold the connection so calls overlap
            return state.search_cache.search(db, q).total
        finally:
            with lock:
                in_use.discard(id(db))

    totals: list[int] = []

    async def one(n: int) -> None:
        totals.append(await state.run(search, SearchQuery(text="homicides" if n % 2 else None)))

    async with anyio.create_task_group() as tg:
        for n in range(40):
            tg.start_soon(one, n)
    db = open_db(seeded.path)
    expected = {search_claims(db, SearchQuery(text="homicides")).total, search_claims(db, SearchQuery()).total}
    assert len(totals) == 40 and set(totals) == expected and len(expected) == 2
    assert overlap["max"] > 1  # the searches really ran side by side
    assert state.pool.opened <= 4
    state.pool.close_all()
