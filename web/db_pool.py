"""A pool of SQLite connections on one file, each lent to one worker thread at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from db.connection import open_db


class DbPool:
    """Open sqlite-utils Databases on one file, each lent to one worker thread at a time.

    A connection is never used by two threads at once; it is handed back after each call and
    reused by the next one, so the number of connections stays at the number of calls running
    at once (the app's CapacityLimiter), however often the worker threads themselves change.
    """

    def __init__(self, path: str, opener: Callable[[str], Database] = open_db) -> None:
        self.path = path
        self._opener = opener
        self._idle: list[Database] = []
        self._all: list[Database] = []
        self._lock = threading.Lock()

    @contextmanager
    def connection(self) -> Iterator[Database]:
        with self._lock:
            db = self._idle.pop() if self._idle else None
        if db is None:
            db = self._opener(self.path)
            with self._lock:
                self._all.append(db)
        try:
            yield db
        finally:
            if db.conn.in_transaction:  # a failed call must not hold a read snapshot or lock
                db.conn.rollback()
            with self._lock:
                self._idle.append(db)

    @property
    def opened(self) -> int:
        return len(self._all)

    def close_all(self) -> None:
        with self._lock:
            for db in self._all:
                db.conn.close()
            self._all.clear()
            self._idle.clear()
