"""Passwords, roles, login rate limiting and the password hashing pool (CSRF: web/csrf.py).

Passwords are hashed with Argon2id (argon2-cffi, a memory-hard KDF), on their own small pool of
threads. Sessions are Starlette's signed cookies (itsdangerous under the hood) holding a random
session id that the accounts database checks on every request (``web/session_guard.py``).
"""

from __future__ import annotations

import logging
import math
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

log = logging.getLogger(__name__)
T = TypeVar("T")

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


# --- Login rate limiting ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    retry_after: int  # seconds until the next attempt is allowed (0 when allowed)


class _FailureTable:
    """Failure counts by key, at most ``max_keys`` of them (least recently failed go first)."""

    def __init__(self, free: int, max_keys: int) -> None:
        self.free = free  # failures allowed before any delay
        self.max_keys = max_keys
        self.entries: OrderedDict[object, tuple[int, float]] = OrderedDict()

    def wait(self, key: object, now: float, window: float, delay: Callable[[int, int], float]) -> float:
        entry = self.entries.get(key)
        if entry is None:
            return 0.0
        count, last = entry
        if now - last >= window or count < self.free:
            return 0.0
        return max(0.0, last + delay(count, self.free) - now)

    def fail(self, key: object, now: float, window: float) -> None:
        count, last = self.entries.get(key, (0, now))
        self.entries[key] = (count + 1 if now - last < window else 1, now)
        self.entries.move_to_end(key)
        while len(self.entries) > self.max_keys:
            self.entries.popitem(last=False)


class LoginRateLimiter:
    """Short, growing delays after failed logins, counted three ways at once.

    - per (name, IP): ``max_attempts`` failures free, then a delay;
    - per name, across IPs (``per_name`` free): guessing one password from many addresses;
    - per IP, across names (``per_ip`` free): trying many names from one address.

    Each delay starts at ``base_delay`` seconds and doubles with every further failure up to
    ``max_delay``, so the real user is never shut out for long; a key's failures are forgotten
    ``window`` seconds after its last one. Each table holds at most ``max_keys`` keys, so a
    flood of names or addresses cannot grow memory without bound. A refused attempt is not
    counted and costs no password hashing. In memory, per process (one uvicorn worker).
    """

    def __init__(self, max_attempts: int = 5, window: float = 15 * 60,
                 clock: Callable[[], float] = time.monotonic, *, per_name: int = 20,
                 per_ip: int = 20, base_delay: float = 5.0, max_delay: float = 60.0,
                 max_keys: int = 10_000) -> None:
        self.window = window
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._clock = clock
        self._pairs = _FailureTable(max_attempts, max_keys)
        self._names = _FailureTable(per_name, max_keys)
        self._ips = _FailureTable(per_ip, max_keys)
        self._lock = threading.Lock()

    def _delay(self, count: int, free: int) -> float:
        return min(self.base_delay * 2 ** min(count - free, 32), self.max_delay)

    def _tables(self, user: str, ip: str) -> tuple[tuple[_FailureTable, object], ...]:
        name = user.lower()
        return ((self._pairs, (name, ip)), (self._names, name), (self._ips, ip))

    def check(self, user: str, ip: str) -> RateDecision:
        with self._lock:
            now = self._clock()
            wait = max(table.wait(key, now, self.window, self._delay)
                       for table, key in self._tables(user, ip))
        if wait <= 0:
            return RateDecision(True, 0)
        return RateDecision(False, max(1, math.ceil(wait)))

    def failed(self, user: str, ip: str) -> None:
        with self._lock:
            now = self._clock()
            for table, key in self._tables(user, ip):
                table.fail(key, now, self.window)
        log.info("failed login for %r from %s", user, ip)

    def succeeded(self, user: str, ip: str) -> None:
        """The right password: that name's failures are cleared (the address's are kept)."""
        name = user.lower()
        with self._lock:
            self._pairs.entries.pop((name, ip), None)
            self._names.entries.pop(name, None)

    @property
    def keys_held(self) -> int:
        return sum(len(t.entries) for t in (self._pairs, self._names, self._ips))


# --- Password hashing pool --------------------------------------------------------------------


class HashingBusy(Exception):
    """Too many logins are waiting for password hashing; the caller should answer 503."""


class HashPool:
    """Runs Argon2 work on at most ``threads`` threads at a time, apart from database work.

    Each Argon2id hash takes 64 MiB and several cores for a moment; a burst of logins therefore
    queues here instead of crowding out the threads that serve claim pages. When ``max_waiting``
    calls are already queued, :meth:`run` refuses at once with ``HashingBusy``.
    """

    def __init__(self, threads: int = 1, max_waiting: int = 32) -> None:
        self.threads = threads
        self.max_waiting = max_waiting
        self._limiter: CapacityLimiter | None = None

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._limiter is None:  # made lazily: it must belong to the running event loop
            self._limiter = CapacityLimiter(self.threads)
        if self._limiter.statistics().tasks_waiting >= self.max_waiting:
            raise HashingBusy("Too many logins at once; try again in a few seconds.")
        return await anyio.to_thread.run_sync(lambda: fn(*args), limiter=self._limiter)
