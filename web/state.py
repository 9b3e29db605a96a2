"""Per-app state shared by the routes: settings, database access, templates, caches.

SQLite connections are never used by two threads at once: :meth:`AppState.run` hops onto a
worker thread (at most ``db_threads`` at a time, a CapacityLimiter) and borrows an idle
connection from ``DbPool`` for the call. WAL lets those readers run in parallel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from db.accounts import auth_path as accounts_path
from db.accounts import open_auth_db
from db.connection import open_db
from settings import Settings
from web.auth import HashPool, LoginRateLimiter
from web.db_pool import DbPool
from web.search_cache import SearchCache
from web.templating import make_environment, page_context

T = TypeVar("T")


class AppState:
    """Everything a route needs, built once by ``create_app``."""

    def __init__(self, settings: Settings, db_path: str, *, auth_path: str | None = None,
                 base_url: str = "http://127.0.0.1:8000", cache_size: int = 512,
                 db_threads: int = 8, hash_threads: int = 1) -> None:
        self.settings = settings
        self.db_threads = db_threads
        self._db_limiter: CapacityLimiter | None = None
        self.db_path = db_path
        self.auth_path = auth_path or str(accounts_path(db_path, settings.auth_db_path))
        self.base_url = base_url.rstrip("/")
        self.pool = DbPool(db_path, lambda path: open_db(path, read_only_ok=True))
        self.auth_pool = DbPool(self.auth_path, open_auth_db)
        self.search_cache = SearchCache(cache_size)
        self.limiter = LoginRateLimiter()
        self.hashing = HashPool(hash_threads)
        self.templates = Jinja2Templates(env=make_environment(), context_processors=[page_context])

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call ``fn(db, *args, **kwargs)`` on a worker thread with a store connection."""
        return await self._run(self.pool, fn, *args, **kwargs)

    async def run_auth(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call ``fn(auth_db, *args, **kwargs)`` on a worker thread with an accounts connection."""
        return await self._run(self.auth_pool, fn, *args, **kwargs)

    def absolute(self, path: str) -> str:
        """``base_url`` + ``path``: the only way the app makes an absolute URL (never from Host)."""
        return self.base_url + path

    async def _run(self, pool: DbPool, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        def call() -> T:
            with pool.connection() as db:
                return fn(db, *args, **kwargs)

        if self._db_limiter is None:  # made lazily: it must belong to the running event loop
            self._db_limiter = CapacityLimiter(self.db_threads)
        return await anyio.to_thread.run_sync(call, limiter=self._db_limiter)

    def render(self, request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Any:
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)


def state_of(request: Request) -> AppState:
    return request.app.state.claims
