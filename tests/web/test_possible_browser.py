"""Promoting and dismissing a possible claim in a real browser (Debian's chromium via Playwright),
against uvicorn serving a seeded database with possible claims on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from possible_seed import MURDERS, THEFTS, add_possible_claims
from test_browser import (
    SHOTS,
    browser,  # noqa: F401  (the chromium fixture, shared)
    live_server,
    pytestmark,
)
from web_seed import REVIEWER, Seeded, seed

from db.connection import open_db
from db.possible import get_possible_claim
from settings import Settings
from web.app import create_app

pytestmark = [*pytestmark, pytest.mark.issue(9)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Seeded, list[int]]]:
    seeded = seed(str(tmp_path_factory.mktemp("possible-browser") / "claims.db"))
    ids = add_possible_claims(seeded.path)
    app = create_app(Settings(secret_key="browser-test-key-at-least-32-bytes-long"), db_path=seeded.path)
    with live_server(app) as url:
        yield url, seeded, ids


def test_reviewer_promotes_one_possible_claim_and_dismisses_another(server, browser) -> None:  # noqa: F811
    base, seeded, ids = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "/login")
    page.get_by_label("User name").fill(REVIEWER[0])
    page.get_by_label("Password").fill(REVIEWER[1])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/queue")
    item = page.locator(f"#possible-{ids[0]}")
    assert item.get_by_text("Possible claim — no rule parsed this sentence").is_visible()
    assert MURDERS in item.locator("blockquote").inner_text()
    page.screenshot(path=str(SHOTS / "20-queue-possible-claims.png"), full_page=True)

    item.get_by_role("link", name=f"Promote possible claim {ids[0]} to a claim").click()
    page.wait_for_url(f"**/possible/{ids[0]}")
    page.get_by_label("Kind", exact=True).select_option("count")
    page.get_by_label("Value (the number").fill("41")
    page.get_by_label("Offense", exact=True).select_option("homicide")
    page.get_by_label("Period (as written").fill("as of Sunday")
    page.get_by_label("Quote (the words").fill("41 people have been murdered in Riverton")
    page.screenshot(path=str(SHOTS / "21-promote-form.png"), full_page=True)
    page.get_by_role("button", name="Promote to a claim").click()
    page.wait_for_url("**/claims/*")
    assert "41 people have been murdered in Riverton" in page.get_by_role("heading", level=1).inner_text()
    assert "promoted it to a claim" in page.locator("section", has=page.locator("#history")).inner_text()

    page.goto(base + "/queue")
    other = page.locator(f"#possible-{ids[1]}")
    assert THEFTS in other.inner_text()
    other.get_by_role("button", name="Dismiss").click()
    page.wait_for_url("**/queue*")
    assert page.locator(f"#possible-{ids[1]}").count() == 0
    assert page.locator(f"#possible-{ids[0]}").count() == 0
    db = open_db(seeded.path)
    assert [get_possible_claim(db, i).status for i in ids[:2]] == ["promoted", "dismissed"]
    assert not errors, errors
    page.close()
