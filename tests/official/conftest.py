"""Fixtures of the official-data tests: a real local HTTP server, an httpx client, a retry policy."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make official_server importable

from official_server import LocalApi, SleepLog  # noqa: E402

from httpkit.retry import RetryPolicy  # noqa: E402


@pytest.fixture
def api() -> Iterator[LocalApi]:
    server = LocalApi()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0, headers={"User-Agent": "claims-tracker-tests/0.1"}) as c:
        yield c


@pytest.fixture
def sleeps() -> SleepLog:
    return SleepLog()


@pytest.fixture
def policy(sleeps: SleepLog) -> RetryPolicy:
    return RetryPolicy(retries=3, backoff=0.0, max_delay=30.0, sleep=sleeps)
