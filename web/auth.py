"""Passwords, roles, CSRF tokens and login rate limiting for the web app.

Passwords are hashed with Argon2id (argon2-cffi, a memory-hard KDF). Sessions are Starlette's
signed cookies (itsdangerous under the hood); this module only decides what goes in them.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

log = logging.getLogger(__name__)

ROLES: tuple[str, ...] = ("reviewer", "admin")
# Anonymous visitors are "reporter"; each role can do what the ones before it can.
ROLE_RANK: dict[str, int] = {"reporter": 0, "reviewer": 1, "admin": 2}

_HASHER = PasswordHasher()
# A hash of a random password: verifying against it costs the same time as a real check,
# so a login for an unknown user is not faster than one for a known user.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    """An Argon2id hash (PHC string) of ``password``."""
    if not password:
        raise ValueError("A password cannot be empty.")
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; False on mismatch or a malformed hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def burn_time(password: str) -> None:
    """Spend a verification's worth of time (used when the user does not exist)."""
    verify_password(_DUMMY_HASH, password)


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's defaults."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def role_allows(role: str | None, needed: str) -> bool:
    """Whether a session with ``role`` (None = anonymous reporter) may do what ``needed`` can."""
    return ROLE_RANK.get(role or "reporter", 0) >= ROLE_RANK[needed]


# --- CSRF -------------------------------------------------------------------------------------

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


# --- Login rate limiting ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    retry_after: int  # seconds until the next attempt is allowed (0 when allowed)


class LoginRateLimiter:
    """At most ``max_attempts`` failed logins per (user, IP) within ``window`` seconds.

    In memory, per process: enough for one uvicorn worker; a multi-worker deployment would
    need a shared store. A successful login clears the key's failures.
    """

    def __init__(self, max_attempts: int = 5, window: float = 15 * 60,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_attempts = max_attempts
        self.window = window
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _prune(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] >= self.window:
            q.popleft()
        return q

    def check(self, user: str, ip: str) -> RateDecision:
        key = (user.lower(), ip)
        with self._lock:
            now = self._clock()
            q = self._prune(key, now)
            if len(q) >= self.max_attempts:
                return RateDecision(False, max(1, int(self.window - (now - q[0])) + 1))
            return RateDecision(True, 0)

    def failed(self, user: str, ip: str) -> None:
        key = (user.lower(), ip)
        with self._lock:
            self._prune(key, self._clock()).append(self._clock())
        log.info("failed login for %r from %s", user, ip)

    def succeeded(self, user: str, ip: str) -> None:
        with self._lock:
            self._failures.pop((user.lower(), ip), None)
