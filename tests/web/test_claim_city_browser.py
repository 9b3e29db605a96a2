"""The claim page and the city page in a real browser (Debian's chromium via Playwright), at a
laptop's 1280 px and a phone's 390 px, against uvicorn serving a seeded database. Screenshots
are written to tests/screenshots/issue13-*.png (kept in the repository) (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import (
    SHOTS,
    browser,  # noqa: F401  (the chromium fixture, shared)
    live_server,
    pytestmark,
)
from web_seed import ARCHIVED_HTML, Seeded, seed

from db.connection import open_db
from db.store import observations_for, store_check, store_observations, upsert_official_source
from records.check import Check
from records.official import Observation
from settings import Settings
from web.app import create_app

pytestmark = [*pytestmark, pytest.mark.issue(13)]

# Riverton, CT homicides a year, as the fictional Riverton police publish them (2021 missing)
ANNUAL = {2016: 31.0, 2017: 35.0, 2018: 29.0, 2019: 33.0, 2020: 41.0, 2021: None, 2022: 40.0,
          2023: 30.0}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


def add_annual_series(path: str, claim_id: int) -> None:
    """The annual series, and a check of ``claim_id`` (down 25%) against 2023 vs 2022."""
    db = open_db(path)
    upsert_official_source(db, "riverton-annual", "manual_csv", "Riverton Police Department",
                           "Annual report")
    store_observations(db, [Observation(
        "riverton-annual", "place:riverton-ct", "homicide", "count", "victims", f"{y}-01-01",
        f"{y}-12-31", v, "final", f"{y + 1}-02-01", "2024-06-06T00:00:00Z",
        f"https://riverton.example/police/annual-{y}.pdf", publisher="Riverton Police Department",
        document_title=f"Annual Report {y}") for y, v in ANNUAL.items()])
    ids = {o.period_start[:4]: o.obs_id for o in observations_for(db, "place:riverton-ct", "homicide")
           if o.source_id == "riverton-annual"}
    store_check(db, Check(
        claim_id, "supported", (), "Claim: down 25%. Arithmetic: (30 - 40) / 40 x 100 = -25%.",
        "verify.v1", "2024-06-13T09:30:00Z", observation_ids=(ids["2023"], ids["2022"]),
        computed={"claimed_pct": -25.0, "old": 40.0, "new": 30.0, "true_pct": -25.0,
                  "reason": "within the claim's rounding and wording", "period_assumed": False,
                  "figures": {"claim period": {"start": "2023-01-01", "end": "2023-12-31",
                                               "observation_ids": [ids["2023"]], "value": 30.0},
                              "comparison period": {"start": "2022-01-01", "end": "2022-12-31",
                                                    "observation_ids": [ids["2022"]], "value": 40.0}}},
        tolerance={"text": "an integer percent allows ±0.5 pp rounding",
                   "close_text": "close band: off by at most max(2 pp, 10% of the true change) = 2.5 pp"},
        period_start="2023-01-01", period_end="2023-12-31", baseline_start="2022-01-01",
        baseline_end="2022-12-31"))
    db.conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Seeded]]:
    seeded = seed(str(tmp_path_factory.mktemp("claim-city-browser") / "claims.db"))
    add_annual_series(seeded.path, seeded.herald_claim)
    app = create_app(Settings(secret_key="browser-test-key-at-least-32-bytes-long"), db_path=seeded.path)
    with live_server(app) as url:
        yield url, seeded


def no_sideways_scroll(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} scrolls sideways ({width}px in a {inner}px window)"


def watch_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def test_claim_page_leads_with_the_comparison_on_a_laptop(server, browser) -> None:  # noqa: F811
    base, seeded = server
    page = browser.new_page(**LAPTOP)
    errors = watch_errors(page)
    page.goto(base + f"/claims/{seeded.herald_claim}")
    headline = page.locator("#headline")
    assert headline.inner_text() == ("Claimed: down 25%. Official: 40 → 30, −25%, 2023 vs 2022. "
                                     "Supported.")
    box = headline.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800, "the headline is below the fold"
    table = page.locator("table.arith")
    assert table.get_by_role("row", name="Claim period").inner_text().split("\t")[1:3] == ["2023", "30"]
    assert "−25%" in table.get_by_role("row", name="Change").inner_text()
    # the chart: an image with a name, the claim's period and baseline marked, the claim beside
    chart = page.get_by_role("img", name="Homicide in Riverton, CT: official figures")
    assert chart.is_visible()
    assert chart.locator("rect.c-claim").count() == 1 and chart.locator("rect.c-baseline").count() == 1
    assert chart.locator("rect.c-claimed").count() == 1
    assert page.locator("figure.chart figcaption").first.is_visible()
    page.get_by_text("The numbers in this chart").first.click()
    assert page.get_by_role("cell", name="the claim's period; the claim means 30").is_visible()
    # plain sentences with the source linked, the raw record folded away
    how = page.locator("ul.plain")
    assert how.get_by_role("link", name="“Annual Report 2023”").is_visible()
    assert "place:" not in how.inner_text() and "riverton-annual" not in how.inner_text()
    raw = page.locator("details.raw-record pre")
    assert not raw.is_visible()
    page.screenshot(path=str(SHOTS / "issue13-claim-1280.png"), full_page=True)
    page.get_by_text("The raw check record").click()
    assert raw.is_visible() and '"observation_ids"' in raw.inner_text()
    no_sideways_scroll(page)
    assert not errors, errors
    page.close()


def test_claim_page_fits_a_phone(server, browser) -> None:  # noqa: F811
    base, seeded = server
    page = browser.new_page(**PHONE)
    for claim_id, shot in ((seeded.herald_claim, "issue13-claim-390.png"),
                           (seeded.ledger_claim, "issue13-claim-figures-390.png")):
        page.goto(base + f"/claims/{claim_id}")
        no_sideways_scroll(page)
        box = page.locator("#headline").bounding_box()
        assert box is not None and box["y"] < 844
        # every cell of "Official figures used" is inside the screen: the table stacks
        for cell in page.locator("table.figures-table td").all():
            cell_box = cell.bounding_box()
            assert cell_box is not None and cell_box["x"] + cell_box["width"] <= 390, cell.inner_text()
        page.screenshot(path=str(SHOTS / shot), full_page=True)
    assert page.locator("table.figures-table td[data-label='Value']").first.is_visible()
    page.close()


def test_city_page_on_a_laptop_and_a_phone(server, browser) -> None:  # noqa: F811
    base, seeded = server
    page = browser.new_page(**LAPTOP)
    errors = watch_errors(page)
    page.goto(base + f"/claims/{seeded.herald_claim}")
    page.locator(".meta a.place", has_text="Riverton, CT").click()
    page.wait_for_url("**/cities/riverton-ct")
    assert page.get_by_role("heading", name="Riverton, CT", exact=True).is_visible()
    for name in ("Claims over time, by verdict", "Offenses most claimed about",
                 "Outlets making the claims"):
        assert page.get_by_role("img", name=name).is_visible(), name
    # a chart with links is a group, so that a screen reader reaches the pinned claims
    series = page.get_by_role("group", name="Homicide in Riverton, CT, annual official figures, with claims")
    assert series.is_visible()
    assert series.locator("circle.gap-mark").count() == 1  # 2021 is a gap, not a zero
    pin = series.locator(f"a[href='/claims/{seeded.herald_claim}']")
    assert pin.count() == 1
    page.screenshot(path=str(SHOTS / "issue13-city-1280.png"), full_page=True)
    no_sideways_scroll(page)
    pin.click()
    page.wait_for_url(f"**/claims/{seeded.herald_claim}")
    assert not errors, errors
    page.close()

    phone = browser.new_page(**PHONE)
    phone.goto(base + "/cities/riverton-ct")
    no_sideways_scroll(phone)
    phone.screenshot(path=str(SHOTS / "issue13-city-390.png"), full_page=True)
    phone.goto(base + "/cities")
    assert phone.get_by_role("link", name="Bayport, NY").is_visible()
    no_sideways_scroll(phone)
    phone.goto(base + "/cities/nowhere-zz")
    assert phone.get_by_role("heading", name="Not found").is_visible()
    phone.close()


def test_archived_copy_reads_as_text_and_the_raw_html_downloads(server, browser) -> None:  # noqa: F811
    base, seeded = server
    page = browser.new_page(**LAPTOP, accept_downloads=True)
    page.goto(base + f"/claims/{seeded.ledger_claim}")
    page.get_by_role("link", name="Archived copy (the article's text)").click()
    page.wait_for_url(f"**/claims/{seeded.ledger_claim}/archive")
    assert page.title() != "pwned"
    assert page.locator("article.readable").inner_text().startswith("Police released their midyear")
    page.screenshot(path=str(SHOTS / "issue13-archive-1280.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="the raw HTML as fetched (download, plain text)").click()
    assert ARCHIVED_HTML.decode() in Path(info.value.path()).read_text()
    assert info.value.suggested_filename == f"archived-claim-{seeded.ledger_claim}.html.txt"
    page.close()
