"""Password hashing, CSRF tokens (web/csrf.py), roles, the login rate limiter and verdict wording."""

from __future__ import annotations

import pytest

from web.auth import (
    LoginRateLimiter,
    hash_password,
    needs_rehash,
    role_allows,
    verify_password,
)
from web.csrf import csrf_ok, csrf_token
from web.verdict_words import UnknownVerdict, to_verdict


@pytest.mark.slow
def test_argon2_hash_round_trip() -> None:
    h = hash_password("a long passphrase")
    assert h.startswith("$argon2id$")
    assert "a long passphrase" not in h
    assert verify_password(h, "a long passphrase")
    assert not verify_password(h, "a long passphrasE")
    assert not verify_password("not-a-hash", "x")
    assert not needs_rehash(h)
    assert hash_password("same") != hash_password("same")  # salted


def test_empty_password_is_refused() -> None:
    with pytest.raises(ValueError):
        hash_password("")


def test_csrf_token_is_stable_per_session_and_compared_exactly() -> None:
    session: dict = {}
    token = csrf_token(session)
    assert csrf_token(session) == token and len(token) >= 32
    assert csrf_ok(session, token)
    assert not csrf_ok(session, token[:-1])
    assert not csrf_ok(session, None)
    assert not csrf_ok({}, token)


@pytest.mark.parametrize(("role", "needed", "allowed"), [
    (None, "reporter", True), (None, "reviewer", False), ("reviewer", "reviewer", True),
    ("reviewer", "admin", False), ("admin", "reviewer", True), ("admin", "admin", True),
])
def test_roles_are_ranked(role: str | None, needed: str, allowed: bool) -> None:
    assert role_allows(role, needed) is allowed


def test_rate_limiter_blocks_after_five_failures_and_forgets_after_the_window() -> None:
    now = [1000.0]
    limiter = LoginRateLimiter(max_attempts=5, window=900, clock=lambda: now[0])
    for _ in range(5):
        assert limiter.check("Rita", "1.2.3.4").allowed
        limiter.failed("Rita", "1.2.3.4")
    decision = limiter.check("rita", "1.2.3.4")
    assert not decision.allowed and 0 < decision.retry_after <= 901
    assert limiter.check("rita", "5.6.7.8").allowed
    assert limiter.check("ada", "1.2.3.4").allowed
    now[0] += 901
    assert limiter.check("rita", "1.2.3.4").allowed


def test_success_clears_failures() -> None:
    limiter = LoginRateLimiter(max_attempts=2)
    limiter.failed("a", "ip")
    limiter.succeeded("a", "ip")
    limiter.failed("a", "ip")
    assert limiter.check("a", "ip").allowed


@pytest.mark.parametrize(("wording", "verdict"), [
    ("supported", "supported"), ("Mostly True", "close"), ("pants-on-fire", "contradicted"),
    ("needs review", "needs_review"), ("needs_review", "needs_review"), ("Unproven", "unverifiable"),
    ("FALSE", "contradicted"),
])
def test_fact_checker_wording_maps_to_verdicts(wording: str, verdict: str) -> None:
    assert to_verdict(wording) == verdict


def test_unknown_wording_lists_the_choices() -> None:
    with pytest.raises(UnknownVerdict, match="supported, close"):
        to_verdict("kinda")
