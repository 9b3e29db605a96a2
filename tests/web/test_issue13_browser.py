"""Issue 13 in a real browser (Debian's chromium via Playwright, uvicorn on 127.0.0.1): search
grouped by sentence with suggestions for an empty search, the queue's filters, and a claim
re-checked after figures are imported. Screenshots at 1280 and 390 px in tests/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from multi_claim_seed import add_multi_claim_article
from test_browser import (
    SHOTS,
    browser,  # noqa: F401  (the chromium fixture, shared)
    live_server,
    pytestmark,
)
from web_seed import REVIEWER, Seeded, seed

from cli import cli
from db.accounts import add_user, auth_path, open_auth_db
from db.connection import open_db
from settings import Settings
from web.app import create_app
from web.auth import hash_password

pytestmark = [*pytestmark, pytest.mark.issue(13)]
WIDTHS = (1280, 390)
REPO = Path(__file__).resolve().parents[2]
STORY = ("Riverton recorded 12 homicides in the first six months of 2025, compared with 17 during "
         "the same period last year, according to the police department's midyear report.\n\n"
         "Shootings were down 20 percent in the first six months of the year, the chief said.\n")


def _app(path: str) -> object:
    return create_app(Settings(secret_key="browser-test-key-at-least-32-bytes-long"), db_path=path)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Seeded]]:
    seeded = seed(str(tmp_path_factory.mktemp("issue13-browser") / "claims.db"))
    add_multi_claim_article(seeded.path)
    with live_server(_app(seeded.path)) as url:
        yield url, seeded


def _page(browser, width: int):  # noqa: ANN001, ANN202, F811
    return browser.new_page(viewport={"width": width, "height": 900 if width > 500 else 844},
                            is_mobile=width < 500)


def _fits(page, width: int) -> None:  # noqa: ANN001
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways at {width}px ({scroll}px)"


def _login(page, base: str) -> None:  # noqa: ANN001
    page.goto(base + "/login")
    page.get_by_label("User name").fill(REVIEWER[0])
    page.get_by_label("Password").fill(REVIEWER[1])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/queue")


@pytest.mark.parametrize("width", WIDTHS)
def test_search_groups_claims_under_their_sentence(server, browser, width: int) -> None:  # noqa: F811
    base, _ = server
    page = _page(browser, width)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "/?q=robberies+burglaries")
    results = page.locator("li.result")
    assert results.count() == 1
    claims = results.first.locator(".sentence-claim")
    assert claims.count() == 3
    assert results.first.locator("blockquote mark").count() == 3
    assert page.get_by_role("heading", name="3 claims").is_visible()
    _fits(page, width)
    page.screenshot(path=str(SHOTS / f"13-search-grouped-{width}.png"), full_page=True)

    page.goto(base + "/?q=Rivertn")
    assert page.get_by_text("No claims for “Rivertn”").is_visible()
    page.get_by_role("link", name="Riverton, CT").click()
    page.wait_for_url("**/?city=Riverton")
    assert page.locator("li.result").count() > 0
    page.goto(base + "/?q=Rivertn")
    _fits(page, width)
    page.screenshot(path=str(SHOTS / f"14-search-suggestion-{width}.png"), full_page=True)
    assert not errors, errors
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_queue_filters_narrow_the_cards(server, browser, width: int) -> None:  # noqa: F811
    base, seeded = server
    page = _page(browser, width)
    _login(page, base)
    assert page.locator("li.queue-item").count() == 7
    assert page.locator(".priority").first.inner_text() in ("High priority", "Medium priority",
                                                            "Low priority")
    page.get_by_label("City", exact=True).select_option("Bayport")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**city=Bayport*")
    cards = page.locator("li.queue-item")
    assert cards.count() == 1
    assert "Why it is here: contradicted by official figures" in cards.first.inner_text()
    assert page.locator(".chip", has_text="City: Bayport").is_visible()
    _fits(page, width)
    page.screenshot(path=str(SHOTS / f"15-queue-filtered-{width}.png"), full_page=True)
    page.get_by_label("Machine verdict", exact=True).select_option("unverifiable")
    page.get_by_label("City", exact=True).select_option("Riverton")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**verdict=unverifiable*")
    assert page.locator("li.queue-item").count() == 5
    page.get_by_role("link", name="Clear all").click()
    assert page.locator("li.queue-item").count() == 7
    page.close()


def test_importing_figures_re_checks_the_claim_page(browser, tmp_path: Path) -> None:  # noqa: F811
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    db = str(tmp_path / "claims.db")

    def claims(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", db, *args])
        assert result.exit_code == 0, result.output
        return result.output

    claims("ingest", str(tmp_path / "story.txt"), "--city", "Riverton", "--state", "OH",
           "--published", "2025-07-08", "--outlet", "The Riverton Ledger")
    claims("official", "import", str(REPO / "demo" / "official" / "fictional_cities.csv"))
    accounts = open_auth_db(auth_path(db))
    add_user(accounts, REVIEWER[0], "reviewer", hash_password(REVIEWER[1]))
    accounts.conn.close()
    conn = open_db(db)
    claim_id = conn.execute("SELECT id FROM claims WHERE offense = 'homicide'").fetchone()[0]
    conn.conn.close()
    with live_server(_app(db)) as base:
        page = _page(browser, 1280)
        _login(page, base)
        page.goto(base + f"/claims/{claim_id}")
        assert page.locator("ol.history li.history-check").count() == 1
        out = claims("official", "import", str(REPO / "official" / "examples" / "figures.csv"))
        assert f"claim {claim_id} supported -> close" in out
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
            page.goto(base + f"/claims/{claim_id}")
            assert page.locator("ol.history li.history-check").count() == 2
            body = page.locator("body").inner_text()
            assert "13 (2025-01-01 to 2025-06-30" in body or "13" in body
            _fits(page, width)
            page.screenshot(path=str(SHOTS / f"16-recheck-claim-{width}.png"), full_page=True)
        page.goto(base + "/queue?verdict=close")
        assert page.get_by_role("link", name=f"Review claim {claim_id}").is_visible()
        page.close()
