"""CSRF protection: a token per session (synchronizer-token pattern), checked on every POSTed form."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

CSRF_SESSION_KEY = "csrf"
CSRF_FIELD = "csrf_token"


def csrf_token(session: dict) -> str:
    """The session's CSRF token, made on first use (synchronizer-token pattern)."""
    token = session.get(CSRF_SESSION_KEY)
    if not isinstance(token, str) or len(token) < 20:
        token = secrets.token_urlsafe(32)
        session[CSRF_SESSION_KEY] = token
    return token


def csrf_ok(session: dict, submitted: str | None) -> bool:
    """True when the submitted token equals the session's (constant-time comparison)."""
    expected = session.get(CSRF_SESSION_KEY)
    if not isinstance(expected, str) or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())


async def checked_form(request: Request) -> Any:
    """The POSTed form, after checking its CSRF token (403 when missing or wrong)."""
    form = await request.form()
    token = form.get("csrf_token")
    if not csrf_ok(request.session, token if isinstance(token, str) else None):
        raise HTTPException(403, "This form has expired or did not come from this site "
                                 "(missing or wrong CSRF token). Reload the page and try again.")
    return form
