"""The two main flows in a real browser: headless Chromium (Debian's) driven by Playwright,
against uvicorn serving a seeded database on 127.0.0.1. Screenshots go to tests/screenshots/.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from web_seed import REVIEWER, Seeded, seed

from settings import Settings
from web.app import create_app

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None,
                       reason="needs playwright, a dev extra (pip install -e '.[dev]')"),
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(app: object) -> Iterator[str]:
    """``app`` served by uvicorn on a free 127.0.0.1 port in a thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                        lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Seeded]]:
    seeded = seed(str(tmp_path_factory.mktemp("browser") / "claims.db"))
    app = create_app(Settings(secret_key="browser-test-key-at-least-32-bytes-long"), db_path=seeded.path)
    with live_server(app) as url:
        yield url, seeded


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_reporter_searches_filters_and_exports(server: tuple[str, Seeded], browser) -> None:
    base, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(base + "/")
    page.screenshot(path=str(SHOTS / "01-search-home.png"), full_page=True)

    page.get_by_label("Words in the sentence").fill("homicides")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/?q=homicides*")
    assert page.locator("mark").first.inner_text() in ("Homicides fell 25 percent",
                                                        "Homicides are down 25 percent")
    assert page.get_by_role("heading", name="2 claims").is_visible()
    page.screenshot(path=str(SHOTS / "02-search-results.png"), full_page=True)

    page.locator(".facet a", has_text="Riverton Ledger").click()
    page.wait_for_url("**outlet=Riverton+Ledger*")
    assert page.get_by_role("heading", name="1 claim").is_visible()
    assert page.locator(".chip", has_text="Outlet: Riverton Ledger").is_visible()
    page.screenshot(path=str(SHOTS / "03-search-filtered.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text())))
    assert download.suggested_filename.endswith(".csv")
    assert [r["outlet"] for r in rows] == ["Riverton Ledger"]
    assert rows[0]["quote"] == "Homicides fell 25 percent"
    assert not errors, errors
    page.close()


def test_search_is_usable_at_phone_width_and_by_keyboard(server: tuple[str, Seeded], browser) -> None:
    base, seeded = server
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(base + "/?city=Bayport")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways at phone width ({width}px)"
    page.screenshot(path=str(SHOTS / "04-search-phone.png"), full_page=True)
    # hostile text stays text: no alert ran, no <img> from the sentence exists
    assert page.locator(".sentence img").count() == 0
    page.goto(base + f"/claims/{seeded.ledger_claim}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"claim page scrolls sideways at phone width ({width}px)"
    page.screenshot(path=str(SHOTS / "04b-claim-phone.png"), full_page=True)
    page.close()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "q", f"after the skip link, focus went to {focused!r}"
    page.keyboard.type("burglaries")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=burglaries*")
    assert page.locator("mark", has_text="Burglaries rose from 30 to 45").is_visible()
    outline = page.evaluate("""() => { const a = document.querySelector('.result a');
        a.focus(); return getComputedStyle(a).outlineStyle; }""")
    assert outline not in ("none", ""), "links show no focus outline"
    page.screenshot(path=str(SHOTS / "05-keyboard-focus.png"))
    page.close()


def test_reviewer_logs_in_reviews_and_sees_history(server: tuple[str, Seeded], browser) -> None:
    base, seeded = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/queue")
    page.wait_for_url("**/login?next=*")
    page.get_by_label("User name").fill(REVIEWER[0])
    page.get_by_label("Password").fill(REVIEWER[1])
    page.screenshot(path=str(SHOTS / "06-login.png"))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/queue")
    assert page.get_by_role("heading", name="Review queue").is_visible()
    assert page.locator(".reasons").first.is_visible()
    page.screenshot(path=str(SHOTS / "07-queue.png"), full_page=True)

    page.get_by_role("link", name=f"Review claim {seeded.ledger_claim}").click()
    page.wait_for_url(f"**/claims/{seeded.ledger_claim}")
    assert page.locator(".paragraph mark").inner_text() == "Homicides fell 25 percent"
    assert page.get_by_role("rowheader", name="Riverton Police Department").first.is_visible()
    page.screenshot(path=str(SHOTS / "08-claim.png"), full_page=True)

    page.get_by_label("Contradicted").check()
    page.get_by_label("Note").fill("Police figures show a 20.8% drop, not 25%.")
    page.get_by_role("button", name="Record verdict").click()
    page.wait_for_url(f"**/claims/{seeded.ledger_claim}#history")
    history = page.locator("ol.history")
    assert history.locator("li.history-review").count() == 1
    assert "Police figures show a 20.8% drop" in history.inner_text()
    assert "rita" in history.inner_text()
    assert page.locator("script[type='application/ld+json']").count() == 1
    assert page.evaluate("document.activeElement.id") == "history"
    page.screenshot(path=str(SHOTS / "09-after-verdict.png"), full_page=True)

    archived = browser.new_page()
    archived.goto(base + f"/claims/{seeded.ledger_claim}/archive")
    assert archived.title() != "pwned"  # the archived page's script never ran
    assert "Homicides fell 25 percent so far this year" in archived.locator("article").inner_text()
    archived.screenshot(path=str(SHOTS / "10-archive.png"))
    page.close()


def test_other_pages_render_and_fit_a_phone(server: tuple[str, Seeded], browser) -> None:
    from web_seed import ADMIN

    base, _ = server
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(base + "/login?next=/admin/users")
    page.get_by_label("User name").fill(ADMIN[0])
    page.get_by_label("Password").fill(ADMIN[1])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/users")
    for path, shot, heading in (("/admin/users", "11-admin-users-phone.png", "Users"),
                                ("/api", "12-api-phone.png", "JSON API"),
                                ("/nowhere", "13-not-found-phone.png", "Not found")):
        page.goto(base + path)
        assert page.get_by_role("heading", name=heading, exact=True).is_visible(), path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways at phone width ({width}px)"
        page.screenshot(path=str(SHOTS / shot), full_page=True)
    page.close()
