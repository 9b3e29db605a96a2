"""The review queue a fact-checker can steer: filters with counts, pagination that keeps them,
possible claims shown or hidden, and the priority in words (issue 13)."""

from __future__ import annotations

import re
from datetime import date

import httpx
import pytest
from click.testing import CliRunner
from web_helpers import login
from web_seed import REVIEWER, Seeded

from cli import cli
from db.connection import open_db
from db.queue import QueueFilter, priority_words, queue_choices
from db.store import queue_size, review_queue

pytestmark = [pytest.mark.anyio, pytest.mark.issue(13)]


def _claim_links(text: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/claims/(\d+)">Review claim', text)}


async def test_each_filter_narrows_the_queue(client: httpx.AsyncClient, seeded: Seeded) -> None:
    await login(client, *REVIEWER)
    everything = _claim_links((await client.get("/queue")).text)
    assert {seeded.ledger_claim, seeded.hostile_claim} <= everything and len(everything) == 7
    cases = {
        "city=Bayport": {seeded.hostile_claim},
        "verdict=close": {seeded.ledger_claim},
        "flag=preliminary_data": {seeded.ledger_claim},
        "offense=motor_vehicle_theft": set(seeded.extra_claims[:5]),
        "outlet=Valley+Herald&verdict=unverifiable": set(seeded.extra_claims[:5]),
        "city=Riverton&flag=internal_inconsistency": set(),
    }
    for query, expected in cases.items():
        page = await client.get(f"/queue?{query}")
        assert page.status_code == 200
        assert _claim_links(page.text) == expected, query
        assert f"{len(expected)} waiting matching" in page.text
        assert "Filtered by:" in page.text
    empty = await client.get("/queue?city=Riverton&flag=internal_inconsistency")
    assert "No flagged claim matches these filters" in empty.text


async def test_filter_menus_offer_the_queue_values_with_counts(client: httpx.AsyncClient,
                                                              seeded: Seeded) -> None:
    await login(client, *REVIEWER)
    text = (await client.get("/queue?city=Bayport")).text
    assert '<option value="Bayport" selected>Bayport (1)</option>' in text
    assert '<option value="Riverton">Riverton (6)</option>' in text
    assert '<option value="unverifiable">Unverifiable (5)</option>' in text
    assert '<option value="preliminary_data">preliminary data (1)</option>' in text


async def test_priority_is_explained_in_words(client: httpx.AsyncClient, seeded: Seeded) -> None:
    await login(client, *REVIEWER)
    text = (await client.get("/queue?city=Bayport")).text
    assert ("Why it is here:</span> contradicted by official figures; its own numbers disagree "
            "with each other; an outlet with many readers; claims a 50% change.") in text
    assert "outlet reach" not in text and "Priority 6" not in text
    assert ">High priority<" in text


async def test_possible_claims_can_be_shown_alone_or_hidden(client: httpx.AsyncClient,
                                                            seeded: Seeded) -> None:
    await login(client, *REVIEWER)
    claims_only = (await client.get("/queue?show=claims")).text
    assert 'id="possible"' not in claims_only and _claim_links(claims_only)
    possible_only = (await client.get("/queue?show=possible")).text
    assert 'id="possible"' in possible_only and not _claim_links(possible_only)
    by_offense = (await client.get("/queue?offense=homicide")).text
    assert "the filters on those leave none of them" in by_offense


def test_pages_keep_the_filters(seeded: Seeded) -> None:
    db = open_db(seeded.path)
    riverton = QueueFilter(city="Riverton")
    assert queue_size(db, filters=riverton) == 6
    today = date(2024, 7, 1)
    first = [c.claim_id for c in review_queue(db, limit=4, filters=riverton, today=today)]
    rest = [c.claim_id for c in review_queue(db, limit=4, offset=4, filters=riverton, today=today)]
    assert len(first) == 4 and len(rest) == 2 and not set(first) & set(rest)
    whole = [c.claim_id for c in review_queue(db, limit=50, filters=riverton, today=today)]
    assert first + rest == whole
    assert dict(queue_choices(db)["city"]) == {"Riverton": 6, "Bayport": 1}
    assert priority_words(6.0) == "High priority" and priority_words(0.5) == "Low priority"


async def test_page_links_keep_the_filters(client: httpx.AsyncClient, seeded: Seeded,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from web.routes import review

    monkeypatch.setattr(review, "QUEUE_PAGE", 2)
    await login(client, *REVIEWER)
    text = (await client.get("/queue?city=Riverton")).text
    assert 'href="/queue?city=Riverton&amp;page=2" rel="next"' in text
    second = (await client.get("/queue?city=Riverton&page=2")).text
    assert len(_claim_links(second)) == 2 and "Page 2 of 3" in second


def test_cli_queue_filters_and_pages(seeded: Seeded) -> None:
    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", seeded.path, "queue", *args])
        assert result.exit_code == 0, result.output
        return result.output

    out = run("--city", "riverton", "--limit", "4")
    assert out.splitlines()[0].split() == ["RANK", "ID", "PRIORITY", "VERDICT", "CITY", "OFFENSE",
                                           "QUOTE", "WHY"]
    assert "1-4 of 6 flagged claims. 2 more: --page 2." in out
    assert "5-6 of 6 flagged claims." in run("--city", "riverton", "--limit", "4", "--page", "2")
    assert "No flagged claims match." in run("--city", "Bayport", "--flag", "small_base")
    bad = CliRunner().invoke(cli, ["--db", seeded.path, "queue", "--verdict", "false"])
    assert bad.exit_code == 2 and "--verdict contradicted" in bad.output and "close" not in bad.output
