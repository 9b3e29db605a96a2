"""Helpers the web tests share: reading a form's CSRF token and logging in."""

from __future__ import annotations

import re

import httpx

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def csrf_from(client: httpx.AsyncClient, path: str) -> str:
    """The CSRF token of the form on ``path`` (which also starts the session)."""
    page = await client.get(path)
    match = CSRF.search(page.text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)


async def login(client: httpx.AsyncClient, name: str, password: str) -> httpx.Response:
    token = await csrf_from(client, "/login")
    return await client.post("/login", data={"name": name, "password": password,
                                             "csrf_token": token})
