"""Fixtures for the web tests: a seeded SQLite file, the app, and an in-process HTTP client."""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from web_seed import Seeded, seed  # noqa: E402

from db.accounts import auth_path  # noqa: E402
from settings import Settings  # noqa: E402
from web.app import create_app  # noqa: E402


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """Seeded once per run (password hashing is deliberately slow); each test gets a copy."""
    return seed(str(tmp_path_factory.mktemp("seed") / "claims.db"))


@pytest.fixture
def seeded(seeded_template: Seeded, tmp_path: Path) -> Seeded:
    path = tmp_path / "claims.db"
    shutil.copyfile(seeded_template.path, path)
    shutil.copyfile(auth_path(seeded_template.path), auth_path(path))
    return replace(seeded_template, path=str(path))


@pytest.fixture
def settings() -> Settings:
    return Settings(secret_key="test-secret-key-not-for-production")


@pytest.fixture
def app(seeded: Seeded, settings: Settings):
    return create_app(settings, db_path=seeded.path)


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 51000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c
