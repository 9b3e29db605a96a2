"""Fact-checkers: login, roles, CSRF, rate limiting, the queue, verdicts, history, ClaimReview."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from web_helpers import csrf_from, login
from web_seed import ADMIN, REVIEWER, Seeded

from db.connection import open_db
from db.store import reviews_for

pytestmark = pytest.mark.anyio


async def test_anonymous_visitors_are_sent_to_login_for_the_queue(client: httpx.AsyncClient) -> None:
    r = await client.get("/queue")
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Fqueue"


async def test_anonymous_post_to_the_review_endpoint_is_refused(client: httpx.AsyncClient,
                                                                seeded: Seeded) -> None:
    token = await csrf_from(client, "/login")  # a valid token does not make anyone a reviewer
    r = await client.post(f"/claims/{seeded.ledger_claim}/review",
                          data={"verdict": "supported", "note": "x", "csrf_token": token})
    assert r.status_code == 403
    assert reviews_for(open_db(seeded.path), seeded.ledger_claim) == []


async def test_login_sets_a_signed_httponly_samesite_cookie(client: httpx.AsyncClient) -> None:
    r = await login(client, *REVIEWER)
    assert r.status_code == 303 and r.headers["location"] == "/queue"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    queue = await client.get("/queue")
    assert queue.status_code == 200
    assert "rita" in queue.text


async def test_a_tampered_session_cookie_is_ignored(client: httpx.AsyncClient) -> None:
    await login(client, *REVIEWER)
    value = client.cookies.get("claims_session")
    assert value
    client.cookies.set("claims_session", value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB"))
    r = await client.get("/queue")
    assert r.status_code == 303


@pytest.mark.slow
async def test_wrong_password_is_refused_with_a_plain_message(client: httpx.AsyncClient) -> None:
    r = await login(client, REVIEWER[0], "not the password")
    assert r.status_code == 401
    assert "Wrong name or password." in r.text
    unknown = await login(client, "nobody", "whatever")
    assert unknown.status_code == 401


@pytest.mark.slow
async def test_login_attempts_are_rate_limited_per_user_and_ip(client: httpx.AsyncClient,
                                                               app) -> None:
    for _ in range(5):
        assert (await login(client, REVIEWER[0], "guess")).status_code == 401
    blocked = await login(client, *REVIEWER)  # even the right password waits now
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "Too many failed attempts" in blocked.text
    # another user from the same address is not locked out
    assert (await login(client, *ADMIN)).status_code == 303
    # the same user from another address is not locked out either
    other = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("198.51.100.9", 4000)),
                              base_url="http://testserver")
    async with other:
        assert (await login(other, *REVIEWER)).status_code == 303


@pytest.mark.parametrize("token", [None, "", "wrong-token-value-0123456789"])
async def test_posts_without_the_right_csrf_token_are_refused(client: httpx.AsyncClient,
                                                              seeded: Seeded, token: str | None) -> None:
    await login(client, *REVIEWER)
    data = {"verdict": "supported", "note": "looks right"}
    if token is not None:
        data["csrf_token"] = token
    r = await client.post(f"/claims/{seeded.ledger_claim}/review", data=data)
    assert r.status_code == 403
    assert reviews_for(open_db(seeded.path), seeded.ledger_claim) == []
    login_form = await client.post("/login", data={"name": REVIEWER[0], "password": REVIEWER[1],
                                                   **({"csrf_token": token} if token is not None else {})})
    assert login_form.status_code == 403
    logout = await client.post("/logout", data={"csrf_token": token or ""})
    assert logout.status_code == 403


@pytest.mark.slow
async def test_queue_lists_flagged_claims_by_priority_with_reasons(client: httpx.AsyncClient,
                                                                   seeded: Seeded) -> None:
    await login(client, *REVIEWER)
    r = await client.get("/queue")
    text = r.text
    assert f'href="/claims/{seeded.hostile_claim}"' in text
    assert f'href="/claims/{seeded.ledger_claim}"' in text
    assert f"/claims/{seeded.quiet_claim}\"" not in text  # supported: not flagged
    assert "contradicted by official figures" in text
    assert "its own numbers disagree with each other" in text
    priorities = [float(p) for p in re.findall(r'title="priority score (\d+\.\d+)"', text)]
    assert "Priority " not in text and re.search(r">(High|Medium|Low) priority<", text)
    assert priorities == sorted(priorities, reverse=True) and len(priorities) >= 2


@pytest.mark.slow
async def test_reviewer_records_a_verdict_and_sees_it_in_the_history(client: httpx.AsyncClient,
                                                                     seeded: Seeded) -> None:
    await login(client, *REVIEWER)
    page = await client.get(f"/claims/{seeded.ledger_claim}")
    assert "Record your verdict" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = await client.post(f"/claims/{seeded.ledger_claim}/review",
                          data={"verdict": "contradicted", "note": "Police say 20.8%, not 25%.",
                                "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"].endswith("#history")
    after = await client.get(r.headers["location"].split("#")[0])
    history = after.text.split('id="history"', 1)[1]
    assert "machine (verify.v1)" in history and "rita" in history
    assert "Police say 20.8%, not 25%." in history
    assert "Recorded “Contradicted”" in after.text
    # a second verdict is added, the first is kept (append-only)
    await client.post(f"/claims/{seeded.ledger_claim}/review",
                      data={"wording": "Mostly true", "note": "", "csrf_token": token})
    verdicts = [rv.verdict for rv in reviews_for(open_db(seeded.path), seeded.ledger_claim)]
    assert verdicts == ["contradicted", "close"]


@pytest.mark.slow
async def test_unknown_wording_is_explained_not_stored(client: httpx.AsyncClient, seeded: Seeded) -> None:
    await login(client, *REVIEWER)
    token = await csrf_from(client, f"/claims/{seeded.ledger_claim}")
    r = await client.post(f"/claims/{seeded.ledger_claim}/review",
                          data={"wording": "sort of", "note": "keep me", "csrf_token": token})
    assert r.status_code == 400
    assert "Unknown verdict" in r.text and "keep me" in r.text
    empty = await client.post(f"/claims/{seeded.ledger_claim}/review",
                              data={"note": "", "csrf_token": token})
    assert empty.status_code == 400 and "Choose a verdict" in empty.text
    assert reviews_for(open_db(seeded.path), seeded.ledger_claim) == []


async def test_reporters_see_no_review_form_or_history(client: httpx.AsyncClient, seeded: Seeded) -> None:
    r = await client.get(f"/claims/{seeded.ledger_claim}")
    assert r.status_code == 200
    assert "Record your verdict" not in r.text and 'id="history"' not in r.text


@pytest.mark.slow
async def test_claimreview_json_ld_of_a_reviewed_claim(client: httpx.AsyncClient, seeded: Seeded) -> None:
    missing = await client.get(f"/claims/{seeded.hostile_claim}/claimreview.json")
    assert missing.status_code == 404
    await login(client, *REVIEWER)
    token = await csrf_from(client, f"/claims/{seeded.hostile_claim}")
    note = "Bad math </script><script>alert('note')</script> <!-- here"
    await client.post(f"/claims/{seeded.hostile_claim}/review",
                      data={"verdict": "contradicted", "note": note, "csrf_token": token})
    r = await client.get(f"/claims/{seeded.hostile_claim}/claimreview.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    doc = r.json()
    assert doc["@type"] == "ClaimReview" and doc["reviewRating"]["ratingValue"] == 1
    assert doc["reviewBody"] == note
    assert "url" not in doc["itemReviewed"]["appearance"]  # the javascript: link is dropped
    page = (await client.get(f"/claims/{seeded.hostile_claim}")).text
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    embedded = json.loads(scripts[0])
    assert embedded["reviewBody"] == note
    assert "</script>" not in scripts[0] and "<!--" not in scripts[0]


async def test_admin_pages_need_the_admin_role(client: httpx.AsyncClient) -> None:
    assert (await client.get("/admin/users")).status_code == 303
    await login(client, *REVIEWER)
    assert (await client.get("/admin/users")).status_code == 403
    token = await csrf_from(client, "/queue")
    r = await client.post("/admin/users", data={"name": "eve", "role": "admin",
                                                "password": "long enough pw", "csrf_token": token})
    assert r.status_code == 403


@pytest.mark.slow
async def test_admin_adds_a_reviewer_who_can_then_log_in(client: httpx.AsyncClient, app) -> None:
    await login(client, *ADMIN)
    token = await csrf_from(client, "/admin/users")
    r = await client.post("/admin/users", data={"name": "sam", "role": "reviewer",
                                                "password": "sam's long passphrase",
                                                "csrf_token": token})
    assert r.status_code == 303
    listing = await client.get("/admin/users")
    assert "sam" in listing.text
    dup = await client.post("/admin/users", data={"name": "sam", "role": "reviewer",
                                                  "password": "another long one",
                                                  "csrf_token": token})
    assert dup.status_code == 400 and "already exists" in dup.text
    other = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    async with other:
        assert (await login(other, "sam", "sam's long passphrase")).status_code == 303


async def test_logout_ends_the_session(client: httpx.AsyncClient) -> None:
    await login(client, *REVIEWER)
    token = await csrf_from(client, "/queue")
    r = await client.post("/logout", data={"csrf_token": token})
    assert r.status_code == 303
    assert (await client.get("/queue")).status_code == 303


@pytest.mark.slow
async def test_login_next_only_follows_local_paths(client: httpx.AsyncClient) -> None:
    for target, expected in (("/claims/1", "/claims/1"), ("//evil.example/x", "/queue"),
                             ("https://evil.example/", "/queue"), ("/\\evil.example", "/queue")):
        client.cookies.clear()
        token = await csrf_from(client, "/login")
        r = await client.post("/login", data={"name": REVIEWER[0], "password": REVIEWER[1],
                                              "csrf_token": token, "next": target})
        assert r.headers["location"] == expected, target


async def test_search_sees_a_new_verdict_at_once_despite_the_cache(client: httpx.AsyncClient,
                                                                    seeded: Seeded) -> None:
    before = (await client.get("/api/claims", params={"verdict": "contradicted"})).json()
    assert before["total"] == 1
    assert before["facets"]["verdict"]  # computed (and cached) facet counts
    await login(client, *REVIEWER)
    token = await csrf_from(client, f"/claims/{seeded.ledger_claim}")
    await client.post(f"/claims/{seeded.ledger_claim}/review",
                      data={"verdict": "contradicted", "csrf_token": token})
    after = (await client.get("/api/claims", params={"verdict": "contradicted"})).json()
    assert after["total"] == 2
    counts = dict((f["value"], f["count"]) for f in after["facets"]["verdict"])
    assert counts["contradicted"] == 2


async def test_a_disabled_reviewer_cannot_post_with_an_old_session(client: httpx.AsyncClient,
                                                                   seeded: Seeded) -> None:
    from db.accounts import auth_path, open_auth_db, update_user

    await login(client, *REVIEWER)
    token = await csrf_from(client, f"/claims/{seeded.ledger_claim}")
    update_user(open_auth_db(auth_path(seeded.path)), REVIEWER[0], disabled=True)
    r = await client.post(f"/claims/{seeded.ledger_claim}/review",
                          data={"verdict": "supported", "csrf_token": token})
    assert r.status_code == 403
    assert reviews_for(open_db(seeded.path), seeded.ledger_claim) == []
    assert (await client.get("/queue")).status_code == 303  # the session was ended


async def test_queue_can_show_reviewed_claims_and_the_claim_page_links_the_next(
        client: httpx.AsyncClient, seeded: Seeded) -> None:
    await login(client, *REVIEWER)
    page = await client.get(f"/claims/{seeded.ledger_claim}")
    assert "Next in queue: claim" in page.text
    token = await csrf_from(client, f"/claims/{seeded.hostile_claim}")
    await client.post(f"/claims/{seeded.hostile_claim}/review",
                      data={"verdict": "contradicted", "csrf_token": token})
    waiting = await client.get("/queue")
    assert f"Review claim {seeded.hostile_claim}<" not in waiting.text
    everything = await client.get("/queue", params={"reviewed": "1"})
    assert f"Review claim {seeded.hostile_claim}<" in everything.text
    assert "Hide claims already reviewed" in everything.text
