"""Logging in and out (rate-limited per name, per IP and per pair), and the admin's user pages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from db.accounts import add_user, get_user, list_users, update_user
from db.errors import Conflict, NotFound, StoreError
from web.auth import ROLES, HashingBusy, burn_time, hash_password, verify_password
from web.csrf import checked_form
from web.flash import flash
from web.guards import require_role
from web.session_guard import begin_session, finish_session
from web.state import state_of

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


def _refused(request: Request, context: dict, message: str, status: int, retry_after: int) -> Response:
    response = state_of(request).render(request, "login.html", {**context, "error": message},
                                        status_code=status)
    response.headers["Retry-After"] = str(retry_after)
    return response


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
        wait = decision.retry_after
        return _refused(request, context, "Too many failed attempts. Try again in "
                        f"{wait} second{'' if wait == 1 else 's'}.", 429, wait)
    account = await st.run_auth(get_user, name) if name else None
    try:
        if account is None or account.disabled:
            await st.hashing.run(burn_time, password)
            ok = False
        else:
            ok = await st.hashing.run(verify_password, account.password_hash, password)
    except HashingBusy as exc:
        return _refused(request, context, str(exc), 503, 5)
    if not ok or account is None:
        st.limiter.failed(name, ip)
        return st.render(request, "login.html", {**context, "error": "Wrong name or password."},
                         status_code=401)
    st.limiter.succeeded(name, ip)
    try:
        await begin_session(request, account.name)
    except NotFound:  # disabled between the check and now
        return st.render(request, "login.html", {**context, "error": "Wrong name or password."},
                         status_code=401)
    flash(request, f"Logged in as {account.name}.", "success")
    return RedirectResponse(next_path or request.url_for("queue").path, status_code=303)


async def logout(request: Request) -> Response:
    await checked_form(request)
    await finish_session(request)
    flash(request, "Logged out.", "info")
    return RedirectResponse(request.url_for("search").path, status_code=303)


async def admin_users(request: Request, *, error: str | None = None, status_code: int = 200) -> Response:
    require_role(request, "admin")
    st = state_of(request)
    users = await st.run_auth(list_users)
    return st.render(request, "admin_users.html", {
        "active": "admin", "users": users, "roles": ROLES, "error": error,
        "min_password": MIN_PASSWORD}, status_code=status_code)


async def admin_users_get(request: Request) -> Response:
    return await admin_users(request)


async def admin_users_post(request: Request) -> Response:
    """Add a user."""
    require_role(request, "admin")
    form = await checked_form(request)
    st = state_of(request)
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
    try:
        hashed = await st.hashing.run(hash_password, password)
        await st.run_auth(add_user, name, role, hashed)
    except (Conflict, StoreError, HashingBusy) as exc:
        return await admin_users(request, error=str(exc), status_code=400)
    flash(request, f"Added {role} {name}.", "success")
    return RedirectResponse(request.url_for("admin_users").path, status_code=303)


async def admin_user_change(request: Request) -> Response:
    """Disable or enable a user, or set a new password; the last two end the user's sessions."""
    admin = require_role(request, "admin")
    assert admin is not None
    form = await checked_form(request)
    st = state_of(request)
    name = str(form.get("name") or "").strip()
    action = str(form.get("action") or "")
    if action not in ("disable", "enable", "password"):
        return await admin_users(request, error="Choose disable, enable or a new password.",
                                 status_code=400)
    if action == "disable" and name == admin.name:
        return await admin_users(request, error="You cannot disable your own account; ask another "
                                 "admin, or use `claims users disable` on the server.",
                                 status_code=400)
    try:
        if action == "password":
            password = str(form.get("password") or "")
            if len(password) < MIN_PASSWORD:
                return await admin_users(request, error=f"Passwords need at least {MIN_PASSWORD} "
                                         "characters.", status_code=400)
            hashed = await st.hashing.run(hash_password, password)
            await st.run_auth(update_user, name, password_hash=hashed)
            if name == admin.name:  # your other sessions ended; this one starts afresh
                await begin_session(request, name)
            done = f"Set a new password for {name}; their sessions have ended."
        else:
            await st.run_auth(update_user, name, disabled=action == "disable")
            done = (f"Disabled {name} and ended their sessions." if action == "disable"
                    else f"Enabled {name}.")
    except (StoreError, HashingBusy) as exc:
        return await admin_users(request, error=str(exc), status_code=400)
    flash(request, done, "success")
    return RedirectResponse(request.url_for("admin_users").path, status_code=303)
