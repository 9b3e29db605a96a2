"""Logging in and out (rate-limited per user and IP), and the admin's user list."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from db.errors import Conflict, StoreError
from db.store import add_user, get_user, list_users
from web.auth import ROLES, burn_time, csrf_token, hash_password, verify_password
from web.context import checked_form, flash, require_role, state_of

MIN_PASSWORD = 10


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths: '/queue' yes; '//evil.example', 'https://…', '/\\evil' no."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(ch) < 0x20 for ch in target):
        return None
    return target


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def login_get(request: Request) -> Response:
    st = state_of(request)
    return st.render(request, "login.html", {
        "next": _safe_next(request.query_params.get("next")) or "", "name": "", "error": None,
        "active": "login"})


async def login_post(request: Request) -> Response:
    form = await checked_form(request)
    st = state_of(request)
    name = str(form.get("name") or "").strip()[:100]
    password = str(form.get("password") or "")[:1000]
    next_path = _safe_next(str(form.get("next") or ""))
    ip = _client_ip(request)
    decision = st.limiter.check(name, ip)
    context = {"next": next_path or "", "name": name, "active": "login"}
    if not decision.allowed:
        minutes = max(1, round(decision.retry_after / 60))
        response = st.render(request, "login.html", {
            **context, "error": f"Too many failed attempts. Try again in about {minutes} "
                                f"minute{'' if minutes == 1 else 's'}."}, status_code=429)
        response.headers["Retry-After"] = str(decision.retry_after)
        return response
    account = await st.run(get_user, name) if name else None
    if account is None or account.disabled:
        await st.run(lambda _db: burn_time(password))
        ok = False
    else:
        ok = await st.run(lambda _db: verify_password(account.password_hash, password))
    if not ok:
        st.limiter.failed(name, ip)
        return st.render(request, "login.html", {**context, "error": "Wrong name or password."},
                         status_code=401)
    st.limiter.succeeded(name, ip)
    request.session.clear()  # a fresh session (and CSRF token) at each login
    request.session["user"] = {"name": account.name, "role": account.role}
    csrf_token(request.session)
    flash(request, f"Logged in as {account.name}.", "success")
    return RedirectResponse(next_path or request.url_for("queue").path, status_code=303)


async def logout(request: Request) -> Response:
    await checked_form(request)
    request.session.clear()
    flash(request, "Logged out.", "info")
    return RedirectResponse(request.url_for("search").path, status_code=303)


async def admin_users(request: Request, *, error: str | None = None, status_code: int = 200) -> Response:
    require_role(request, "admin")
    st = state_of(request)
    users = await st.run(list_users)
    return st.render(request, "admin_users.html", {
        "active": "admin", "users": users, "roles": ROLES, "error": error,
        "min_password": MIN_PASSWORD}, status_code=status_code)


async def admin_users_get(request: Request) -> Response:
    return await admin_users(request)


async def admin_users_post(request: Request) -> Response:
    user = require_role(request, "admin")
    form = await checked_form(request)
    st = state_of(request)
    account = await st.run(get_user, user.name) if user else None
    if account is None or account.disabled or account.role != "admin":
        request.session.clear()
        raise HTTPException(403, "Your account no longer has the admin role; log in again.")
    name = str(form.get("name") or "").strip()
    role = str(form.get("role") or "")
    password = str(form.get("password") or "")
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        return await admin_users(request, error="A user name is 1 to 64 characters without spaces.",
                                 status_code=400)
    if role not in ROLES:
        return await admin_users(request, error=f"Role must be one of: {', '.join(ROLES)}.",
                                 status_code=400)
    if len(password) < MIN_PASSWORD:
        return await admin_users(request, error=f"Passwords need at least {MIN_PASSWORD} characters.",
                                 status_code=400)
    hashed = await st.run(lambda _db: hash_password(password))
    try:
        await st.run(add_user, name, role, hashed)
    except (Conflict, StoreError) as exc:
        return await admin_users(request, error=str(exc), status_code=400)
    flash(request, f"Added {role} {name}.", "success")
    return RedirectResponse(request.url_for("admin_users").path, status_code=303)
