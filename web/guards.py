"""Role guards: which routes need a login or a role, and what a visitor without one gets."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from web.auth import role_allows
from web.session_guard import SessionUser, current_user
from web.state import state_of


class LoginRequired(Exception):
    """Raised by a page that needs a login; the app answers with a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


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
