"""Flash messages: one-time notes shown on the next page a user sees ("Review saved.")."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

FLASHES_KEY = "flashes"


def flash(request: Request, text: str, kind: str = "info") -> None:
    request.session.setdefault(FLASHES_KEY, []).append({"text": text, "kind": kind})


def pop_flashes(request: Request) -> list[dict[str, Any]]:
    """The messages waiting for this request's page, removed from the session."""
    session = request.session
    return session.pop(FLASHES_KEY, []) if FLASHES_KEY in session else []
