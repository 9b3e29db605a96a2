"""Shared fixtures for the demo tests: the content files and a running demo site."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from demo.server import DemoSite
from demo.sitegen.content import DemoArticle, Outlet, PlantedClaim, load_outlets, planted_claims


@pytest.fixture(scope="session")
def outlets() -> list[Outlet]:
    return load_outlets()


@pytest.fixture(scope="session")
def planted(outlets: list[Outlet]) -> list[tuple[DemoArticle, PlantedClaim]]:
    return planted_claims(outlets)


@pytest.fixture()
def site() -> Iterator[DemoSite]:
    with DemoSite() as running:
        yield running
