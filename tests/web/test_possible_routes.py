"""Possible claims in the review queue, over ASGI: their own label, promote and dismiss, reviewers
only, CSRF-checked, and the promotion in the new claim's history."""

from __future__ import annotations

import re

import httpx
import pytest
from possible_seed import HOSTILE, MURDERS, THEFTS, add_possible_claims
from web_helpers import csrf_from, login
from web_seed import REVIEWER, Seeded

from db.connection import open_db
from db.possible import decisions_for, get_possible_claim

pytestmark = [pytest.mark.anyio, pytest.mark.issue(9)]
LABEL = "Possible claim — no rule parsed this sentence"


@pytest.fixture
def possible_ids(seeded: Seeded) -> list[int]:
    return add_possible_claims(seeded.path)


def _claims(path: str) -> int:
    return open_db(path).execute("SELECT count(*) FROM claims").fetchone()[0]


async def test_the_queue_lists_possible_claims_under_their_own_label(client: httpx.AsyncClient,
                                                                     possible_ids: list[int]) -> None:
    await login(client, *REVIEWER)
    r = await client.get("/queue")
    assert r.status_code == 200
    section = r.text.split('id="possible"', 1)[1]
    assert section.count(LABEL) == 3
    assert MURDERS in section and THEFTS in section
    assert "<script>alert(5)</script>" not in r.text and "&lt;script&gt;alert(5)&lt;/script&gt;" in section
    assert f'/possible/{possible_ids[0]}"' in section
    assert "Promote possible claim" in section and "Dismiss" in section


async def test_anonymous_visitors_can_neither_see_nor_decide(client: httpx.AsyncClient, seeded: Seeded,
                                                             possible_ids: list[int]) -> None:
    page = await client.get(f"/possible/{possible_ids[0]}")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    token = await csrf_from(client, "/login")
    for action in ("promote", "dismiss"):
        r = await client.post(f"/possible/{possible_ids[0]}/{action}",
                              data={"csrf_token": token, "kind": "count", "direction": "none", "value": "41",
                                    "unit": "count", "offense": "homicide"})
        assert r.status_code == 403
    assert get_possible_claim(open_db(seeded.path), possible_ids[0]).status == "open"


@pytest.mark.parametrize("token", [None, "wrong-token-value-0123456789"])
async def test_decisions_need_the_forms_csrf_token(client: httpx.AsyncClient, seeded: Seeded,
                                                   possible_ids: list[int], token: str | None) -> None:
    await login(client, *REVIEWER)
    before = _claims(seeded.path)
    data = {"kind": "count", "direction": "none", "value": "41", "unit": "count", "offense": "homicide"}
    if token is not None:
        data["csrf_token"] = token
    assert (await client.post(f"/possible/{possible_ids[0]}/promote", data=data)).status_code == 403
    assert (await client.post(f"/possible/{possible_ids[1]}/dismiss", data=data)).status_code == 403
    db = open_db(seeded.path)
    assert [get_possible_claim(db, i).status for i in possible_ids[:2]] == ["open", "open"]
    assert _claims(seeded.path) == before


@pytest.mark.slow
async def test_a_reviewer_promotes_a_possible_claim_and_sees_it_in_the_history(
        client: httpx.AsyncClient, seeded: Seeded, possible_ids: list[int]) -> None:
    await login(client, *REVIEWER)
    pid = possible_ids[0]
    page = await client.get(f"/possible/{pid}")
    assert page.status_code == 200 and LABEL in page.text and "Promote to a claim" in page.text
    assert 'name="value" type="text" inputmode="decimal" maxlength="40" value="41' in page.text  # suggested
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = await client.post(f"/possible/{pid}/promote", data={
        "csrf_token": token, "kind": "count", "direction": "none", "value": "41", "unit": "count",
        "offense": "homicide", "period": "as of Sunday", "city": "Riverton", "state": "CT",
        "quote": "41 people have been murdered in Riverton", "note": "The +9 is a second claim."})
    assert r.status_code == 303 and r.headers["location"].endswith("#history")
    claim_id = int(re.search(r"/claims/(\d+)", r.headers["location"]).group(1))
    db = open_db(seeded.path)
    assert get_possible_claim(db, pid).status == "promoted"
    assert decisions_for(db, claim_id=claim_id)[0].user_name == REVIEWER[0]
    row = db.execute("SELECT rule, kind, value, offense, quote, period FROM claims WHERE id = ?", [claim_id]).fetchone()
    assert tuple(row) == ("manual", "count", 41.0, "homicide", "41 people have been murdered in Riverton",
                          "as of Sunday")
    claim_page = await client.get(r.headers["location"].split("#")[0])
    history = claim_page.text.split('id="history"', 1)[1]
    assert "promoted it to a claim" in history and f"possible claim {pid}" in history
    assert "The +9 is a second claim." in history
    queue = await client.get("/queue")
    assert MURDERS not in queue.text.split('id="possible"', 1)[1]
    again = await client.post(f"/possible/{pid}/promote", data={
        "csrf_token": token, "kind": "count", "direction": "none", "value": "41", "unit": "count",
        "offense": "homicide"})
    assert again.status_code == 409 and "already promoted" in again.text


async def test_bad_fields_show_the_form_again_and_store_nothing(client: httpx.AsyncClient, seeded: Seeded,
                                                                possible_ids: list[int]) -> None:
    await login(client, *REVIEWER)
    pid = possible_ids[1]
    token = await csrf_from(client, f"/possible/{pid}")
    before = _claims(seeded.path)
    r = await client.post(f"/possible/{pid}/promote", data={
        "csrf_token": token, "kind": "from_to", "direction": "increase", "value": "many", "unit": "count",
        "offense": "motor_vehicle_theft", "period": "so far this year"})
    assert r.status_code == 400
    assert "value must be a number" in r.text and "from_value is required" in r.text
    assert 'value="so far this year"' in r.text  # what was typed is kept
    assert _claims(seeded.path) == before
    assert get_possible_claim(open_db(seeded.path), pid).status == "open"


async def test_a_reviewer_dismisses_a_possible_claim(client: httpx.AsyncClient, seeded: Seeded,
                                                     possible_ids: list[int]) -> None:
    await login(client, *REVIEWER)
    pid = possible_ids[2]
    token = await csrf_from(client, "/queue")
    r = await client.post(f"/possible/{pid}/dismiss", data={"csrf_token": token, "note": "a monthly average"})
    assert r.status_code == 303 and r.headers["location"] == "/queue#possible"
    db = open_db(seeded.path)
    assert get_possible_claim(db, pid).status == "dismissed"
    assert [d.note for d in decisions_for(db, possible_id=pid)] == ["a monthly average"]
    queue = await client.get("/queue")
    assert "Dismissed possible claim" in queue.text
    assert HOSTILE.split("<")[0] not in queue.text.split('id="possible"', 1)[1]
    page = await client.get(f"/possible/{pid}")
    assert "was dismissed by rita" in page.text and "Promote to a claim" not in page.text
    again = await client.post(f"/possible/{pid}/dismiss", data={"csrf_token": token})
    assert again.status_code == 409


async def test_an_unknown_possible_claim_is_a_404(client: httpx.AsyncClient, possible_ids: list[int]) -> None:
    await login(client, *REVIEWER)
    assert (await client.get("/possible/99999")).status_code == 404
    token = await csrf_from(client, "/queue")
    assert (await client.post("/possible/99999/dismiss", data={"csrf_token": token})).status_code == 404
