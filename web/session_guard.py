"""Sessions that can end: the signed cookie holds only a random session id, looked up in the
accounts database on every request.

Logout deletes the session's row; a password change or disabling the user deletes all of that
user's rows (``db/accounts.py``). A cookie saved before then, however well signed, no longer
opens anything: the guard finds no live session and starts the visitor over, without their
CSRF token. The role comes from the accounts database each time, so a role change is
immediate too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from db.accounts import end_session, session_user, start_session
from web.auth import role_allows
from web.csrf import csrf_token

if TYPE_CHECKING:
    from web.state import AppState

SESSION_ID_KEY = "sid"
USER_SCOPE_KEY = "claims.user"
SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class SessionUser:
    """The logged-in user of a request, as the accounts database says now."""

    name: str
    role: str

    @property
    def can_review(self) -> bool:
        return role_allows(self.role, "reviewer")

    @property
    def is_admin(self) -> bool:
        return role_allows(self.role, "admin")


def current_user(request: Request) -> SessionUser | None:
    """The request's user, checked against the accounts database by ``SessionGuard``."""
    user = request.scope.get(USER_SCOPE_KEY)
    return user if isinstance(user, SessionUser) else None


class SessionGuard:
    """Puts the session's live user (or None) in ``scope["claims.user"]``; clears dead sessions.

    Runs inside Starlette's SessionMiddleware. Static files skip the lookup.
    """

    def __init__(self, app: ASGIApp, state: AppState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            user = None
            session = scope.get("session")
            sid = session.get(SESSION_ID_KEY) if isinstance(session, dict) else None
            if isinstance(sid, str) and sid and not scope["path"].startswith("/static/"):
                row = await self.state.run_auth(session_user, sid)
                if row is None:
                    session.clear()  # ended, expired, or its user was disabled or removed
                else:
                    user = SessionUser(row.name, row.role)
            elif isinstance(session, dict) and "user" in session:
                session.pop("user")  # a cookie from before server-side sessions: log in again
            scope[USER_SCOPE_KEY] = user
        await self.app(scope, receive, send)


async def begin_session(request: Request, name: str) -> None:
    """Log ``name`` in: a fresh cookie session (new id and CSRF token; no fixation)."""
    request.session.clear()
    sid = await _state(request).run_auth(start_session, name, SESSION_LIFETIME)
    request.session[SESSION_ID_KEY] = sid
    csrf_token(request.session)


async def finish_session(request: Request) -> None:
    """Log out: the session's row is deleted, so a saved copy of the cookie is worthless."""
    sid = request.session.get(SESSION_ID_KEY)
    if isinstance(sid, str) and sid:
        await _state(request).run_auth(end_session, sid)
    request.session.clear()


def _state(request: Request) -> AppState:
    return request.app.state.claims  # type: ignore[no-any-return]
