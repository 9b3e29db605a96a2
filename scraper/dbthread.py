"""One thread for a crawl stage's SQLite work, so the event loop only sends and reads HTTP.

Archiving a page and storing its article cost about 0.5 ms of CPU each, most of it inside
SQLite, which releases the GIL. Run on the event loop, that time is taken from the politeness
slots: a response that arrives while the loop is writing waits, and so does the next request
to its host. Run here, it overlaps with the network and the loop stays free.

Every database call of the stage must go through the same DbThread (one thread, so calls run
one at a time and in order, on the one connection); nothing else may use the connection until
``close()`` has returned.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class DbThread:
    """``await db_thread(fn, *args)`` runs ``fn(*args)`` on the crawl's database thread."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crawl-db")

    async def __call__(self, fn: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def close(self) -> None:
        """Wait for the call in progress (a cancelled caller does not stop it), then end the thread."""
        self._pool.shutdown(wait=True)
