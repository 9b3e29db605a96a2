"""The app factory: routes, sessions, security headers and the one error handler."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.accounts import auth_path, open_auth_db
from db.connection import open_db
from db.errors import StoreError
from settings import Settings
from web.guards import LoginRequired
from web.routes import account, api, cities, claims, possible, review, search
from web.session_guard import SESSION_LIFETIME, SessionGuard
from web.state import AppState, state_of

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
SESSION_COOKIE = "claims_session"
SESSION_MAX_AGE = int(SESSION_LIFETIME.total_seconds())
MIN_SECRET_BYTES = 32
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class AppConfigError(ValueError):
    """A setting the web app cannot start with; the message names it and the fix."""


CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class SecurityHeaders:
    """Adds a strict CSP (unless the route set its own) and the usual hardening headers.

    It wraps the whole app, Starlette's error middleware included (see ``ClaimsApp``), so 404
    and 500 pages carry the headers too.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in names)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


TITLES = {400: "Bad request", 401: "Log in first", 403: "Not allowed", 404: "Not found",
          405: "Method not allowed", 429: "Too many requests", 500: "Something went wrong"}


def _error_page(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    try:
        return state_of(request).render(request, "error.html", {
            "title": TITLES.get(status, "Error"), "message": message}, status_code=status)
    except Exception:  # the error page itself failed: plain text, never a second traceback
        log.exception("error page failed")
        return Response(message, status_code=status, media_type="text/plain")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
    if exc.status_code == 404 and detail == "Not Found":
        detail = "There is no page at this address."
    if exc.status_code == 405:
        detail = "This address does not accept that kind of request."
    response = _error_page(request, exc.status_code, detail)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    if _wants_json(request):
        return JSONResponse({"error": "Log in first."}, status_code=401)
    url = request.url_for("login").path + "?" + urlencode({"next": exc.next_path})
    return RedirectResponse(url, status_code=303)


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return _error_page(request, 500, "Something went wrong on our side. The error was logged; "
                                     "try again, and tell the data desk if it keeps happening.")


ROUTES = [
    Route("/", search.search, name="search"),
    Route("/search.csv", search.export_csv, name="export_csv"),
    Route("/search.json", search.export_json, name="export_json"),
    Route("/claims/{claim_id:int}", claims.claim_page_get, name="claim_page"),
    Route("/claims/{claim_id:int}/review", review.post_review, methods=["POST"], name="post_review"),
    Route("/claims/{claim_id:int}/archive", claims.archive, name="archive"),
    Route("/claims/{claim_id:int}/archive.txt", claims.archive_raw, name="archive_raw"),
    Route("/claims/{claim_id:int}/claimreview.json", claims.claimreview_json, name="claimreview_json"),
    Route("/queue", review.queue, name="queue"),
    Route("/cities", cities.city_index, name="cities"),
    Route("/cities/{place}", cities.city_page, name="city_page"),
    Route("/possible/{possible_id:int}", possible.possible_get, name="possible_page"),
    Route("/possible/{possible_id:int}/promote", possible.promote, methods=["POST"], name="promote_possible"),
    Route("/possible/{possible_id:int}/dismiss", possible.dismiss, methods=["POST"], name="dismiss_possible"),
    Route("/login", account.login_get, methods=["GET"], name="login"),
    Route("/login", account.login_post, methods=["POST"], name="login_post"),
    Route("/logout", account.logout, methods=["POST"], name="logout"),
    Route("/admin/users", account.admin_users_get, methods=["GET"], name="admin_users"),
    Route("/admin/users", account.admin_users_post, methods=["POST"], name="admin_users_post"),
    Route("/admin/users/change", account.admin_user_change, methods=["POST"],
          name="admin_user_change"),
    Route("/api", api.api_docs, name="api_docs"),
    Route("/api/claims", api.api_claims, name="api_claims"),
    Route("/api/claims/{claim_id:int}", api.api_claim, name="api_claim"),
    Route("/api/openapi.json", api.openapi, name="openapi"),
    Mount("/static", app=StaticFiles(directory=str(STATIC_DIR)), name="static"),
]


class ClaimsApp(Starlette):
    """Starlette with the security headers outside its error middleware, on every response."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def check_secret_key(key: str) -> None:
    """An empty key is fine (a random one per run); a short one is refused."""
    if key and len(key.encode()) < MIN_SECRET_BYTES:
        raise AppConfigError(
            f"The secret_key setting (CLAIMS_SECRET_KEY) is {len(key.encode())} bytes; it must be "
            f"at least {MIN_SECRET_BYTES}, or anyone could guess it and sign their own session "
            "cookie. Make one with: python -c \"import secrets; print(secrets.token_hex(32))\" "
            "(or leave it empty for a random key per run).")


def check_base_url(url: str) -> str:
    """``url`` without a trailing slash, if it is an absolute http(s) URL without query."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
            or parts.query or parts.fragment or any(ord(c) <= 0x20 for c in url)):
        raise AppConfigError(
            f"The base_url setting (CLAIMS_BASE_URL) is {url!r}; it must be the app's public "
            "address, such as https://claims.example.org or http://127.0.0.1:8000.")
    return url.rstrip("/")


def _writable_store(path: str) -> bool:
    """Can the store at ``path`` be opened for writing?"""
    try:
        open_db(path).conn.close()
    except Exception:  # noqa: BLE001 (any failure to open for writing means read-only here)
        return False
    return True


def create_app(settings: Settings, *, db_path: str | None = None, https_only: bool = False,
               search_cache_size: int = 512) -> Starlette:
    """The web app over the database at ``db_path`` (default ``settings.db_path``).

    The store and the accounts database (``auth_db_path``, or ``<stem>.auth.db`` beside the
    store) are opened (and migrated) once here, so a bad path fails at start, not on the first
    request. Sessions are signed with ``settings.secret_key`` (at least 32 bytes), or a random
    key made for this process (logins then end when the server restarts). Absolute URLs start
    with ``settings.base_url`` (default http://127.0.0.1:8000). ``search_cache_size`` result
    pages (and facet counts) are kept in memory; 0 turns the cache off. Raises
    ``AppConfigError`` for a short secret_key or a bad base_url.
    """
    check_secret_key(settings.secret_key)
    base_url = check_base_url(settings.base_url or DEFAULT_BASE_URL)
    path = str(db_path or settings.db_path)
    accounts = str(auth_path(path, settings.auth_db_path))
    open_db(path, read_only_ok=True).conn.close()  # also moves an old store's users into its accounts file
    try:
        open_auth_db(accounts).conn.close()
    except StoreError as exc:
        if _writable_store(path):
            raise
        # a read-only store in a read-only folder: reporters can still search; nobody can log in
        log.warning("Logins are off: %s", exc)
    secret = settings.secret_key or secrets.token_urlsafe(32)
    state = AppState(settings, path, auth_path=accounts, base_url=base_url,
                     cache_size=search_cache_size)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        state.pool.close_all()
        state.auth_pool.close_all()

    app = ClaimsApp(
        routes=ROUTES,
        middleware=[
            Middleware(SessionMiddleware, secret_key=secret, session_cookie=SESSION_COOKIE,
                       max_age=SESSION_MAX_AGE, same_site="lax", https_only=https_only),
            Middleware(SessionGuard, state=state),
        ],
        exception_handlers={HTTPException: http_error, LoginRequired: login_required,
                            Exception: server_error},
        lifespan=lifespan,
    )
    app.state.claims = state
    return app
