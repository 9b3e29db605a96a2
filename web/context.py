"""Per-app state shared by the routes: settings, database access, templates, who is logged in.

SQLite connections are never used by two threads at once: :meth:`AppState.run` hops onto a
worker thread (at most ``db_threads`` at a time, a CapacityLimiter) and borrows an idle
connection from ``DbPool`` for the call. WAL lets those readers run in parallel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from sqlite_utils import Database
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from db.accounts import auth_path as accounts_path
from db.accounts import open_auth_db
from db.connection import open_db
from db.places import place_key
from display import human_time
from settings import Settings
from web import dates, safety
from web.auth import HashPool, LoginRateLimiter, csrf_ok, csrf_token, role_allows
from web.search_cache import SearchCache
from web.session_guard import USER_SCOPE_KEY, SessionUser
from web.verdict_words import label as verdict_label

T = TypeVar("T")
TEMPLATES_DIR = Path(__file__).parent / "templates"


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


class LoginRequired(Exception):
    """Raised by a page that needs a login; the app answers with a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def _humanize(value: Any) -> str:
    return str(value).replace("_", " ") if value is not None else ""


def _highlighted(stored: Any) -> Any:
    claim = stored.claim
    local_start = None
    if claim.sentence_start is not None:
        local_start = claim.start - claim.sentence_start
    return safety.highlight(claim.sentence, claim.quote, local_start)


def _number(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return "—" if value is None else value
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list | tuple):
        return ", ".join(str(_number(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_number(v)}" for k, v in value.items())
    return value


def _mark_span(text: str, start: int, end: int) -> Any:
    return safety.mark_span(text, start, end)


@pass_context
def _path_for(context: dict[str, Any], name: str, /, **path_params: Any) -> str:
    """``url_for`` in templates: a site path, never an absolute URL built from the Host header."""
    request: Request = context["request"]
    return request.scope.get("root_path", "") + str(request.app.url_path_for(name, **path_params))


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html", "xml"), default=True),
        undefined=StrictUndefined,
        trim_blocks=False,
    )
    env.filters["safe_url"] = safety.safe_url
    env.filters["verdict_label"] = verdict_label
    env.filters["humanize"] = _humanize
    env.filters["highlighted"] = _highlighted
    env.filters["number"] = _number
    env.filters["mark_span"] = _mark_span
    env.filters["human_time"] = human_time
    env.filters["place_key"] = place_key
    env.filters["span"] = dates.span
    env.globals["url_for"] = _path_for  # Jinja2Templates only sets its own when none is set
    return env


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
        self.templates = Jinja2Templates(env=make_environment(), context_processors=[_context])

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


def _context(request: Request) -> dict[str, Any]:
    session = request.session
    flashes = session.pop("flashes", []) if "flashes" in session else []
    return {"user": current_user(request), "csrf_token": csrf_token(session), "flashes": flashes,
            "active": None}


def state_of(request: Request) -> AppState:
    return request.app.state.claims


def current_user(request: Request) -> SessionUser | None:
    """The request's user, checked against the accounts database by ``SessionGuard``."""
    user = request.scope.get(USER_SCOPE_KEY)
    return user if isinstance(user, SessionUser) else None


def require_role(request: Request, role: str) -> SessionUser | None:
    """The session's user if its role allows ``role``; else a login redirect (GET) or 403.

    ``role="reporter"`` lets anyone through unless the settings ask reporters to log in too.
    """
    user = current_user(request)
    if role == "reporter" and not state_of(request).settings.require_login_for_search:
        return user
    needed = "reviewer" if role == "reporter" else role
    if user is not None and role_allows(user.role, needed):
        return user
    if request.method in ("GET", "HEAD") and user is None:
        raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    raise HTTPException(403, "You are not allowed to do this. Log in with an account that has "
                             f"the {needed} role.")


def flash(request: Request, text: str, kind: str = "info") -> None:
    request.session.setdefault("flashes", []).append({"text": text, "kind": kind})


async def checked_form(request: Request) -> Any:
    """The POSTed form, after checking its CSRF token (403 when missing or wrong)."""
    form = await request.form()
    token = form.get("csrf_token")
    if not csrf_ok(request.session, token if isinstance(token, str) else None):
        raise HTTPException(403, "This form has expired or did not come from this site "
                                 "(missing or wrong CSRF token). Reload the page and try again.")
    return form
