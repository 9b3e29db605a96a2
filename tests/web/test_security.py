"""Issue 10 in the web app: sessions that end, login abuse, the Host header, secrets, error pages
and claim ids beyond SQLite's range. Each attack runs against the real app over ASGI."""

from __future__ import annotations

import threading

import anyio
import httpx
import pytest
from starlette.responses import Response
from web_helpers import csrf_from, login
from web_seed import ADMIN, REVIEWER, Seeded

from db.accounts import auth_path, get_user, open_auth_db, update_user
from db.connection import open_db
from db.store import reviews_for
from settings import Settings
from web.app import AppConfigError, create_app
from web.auth import HashingBusy, HashPool, LoginRateLimiter, hash_password, verify_password

pytestmark = [pytest.mark.anyio, pytest.mark.issue(10)]

HUGE_IDS = (2**63, 2**64 + 5, 10**30)


def _client(app, ip: str = "203.0.113.7", host: str = "testserver") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 4000)),
                             base_url=f"http://{host}")


# --- row 7: sessions that can end ---------------------------------------------------------------


@pytest.mark.slow
async def test_a_cookie_saved_before_logout_opens_nothing(client: httpx.AsyncClient,
                                                          seeded: Seeded) -> None:
    await login(client, *REVIEWER)
    token = await csrf_from(client, f"/claims/{seeded.ledger_claim}")
    saved = client.cookies.get("claims_session")
    assert (await client.post("/logout", data={"csrf_token": token})).status_code == 303
    client.cookies.set("claims_session", saved)  # the attacker replays the old cookie
    assert (await client.get("/queue")).status_code == 303
    r = await client.post(f"/claims/{seeded.ledger_claim}/review",
                          data={"verdict": "supported", "csrf_token": token})
    assert r.status_code == 403
    assert reviews_for(open_db(seeded.path), seeded.ledger_claim) == []


@pytest.mark.slow
@pytest.mark.parametrize("change", [{"disabled": True}, {"password_hash": "NEW"}])
async def test_disabling_or_a_new_password_ends_sessions_for_get_too(client: httpx.AsyncClient,
                                                                     seeded: Seeded,
                                                                     change: dict) -> None:
    await login(client, *REVIEWER)
    assert (await client.get("/queue")).status_code == 200
    if change.get("password_hash"):
        change = {"password_hash": hash_password("a brand new passphrase")}
    update_user(open_auth_db(auth_path(seeded.path)), REVIEWER[0], **change)
    assert (await client.get("/queue")).status_code == 303


async def test_a_role_taken_away_applies_at_once(client: httpx.AsyncClient, seeded: Seeded) -> None:
    await login(client, *ADMIN)
    assert (await client.get("/admin/users")).status_code == 200
    update_user(open_auth_db(auth_path(seeded.path)), ADMIN[0], role="reviewer")
    assert (await client.get("/admin/users")).status_code == 403


@pytest.mark.slow
async def test_admin_disables_enables_and_resets_a_password_on_the_web(app, seeded: Seeded) -> None:
    accounts = open_auth_db(auth_path(seeded.path))
    async with _client(app, "198.51.100.1") as rita, _client(app, "198.51.100.2") as ada:
        await login(rita, *REVIEWER)
        await login(ada, *ADMIN)
        token = await csrf_from(ada, "/admin/users")
        page = await ada.get("/admin/users")
        assert "Disable<span" in page.text and "Set a new password" in page.text

        r = await ada.post("/admin/users/change", data={"name": REVIEWER[0], "action": "disable",
                                                        "csrf_token": token})
        assert r.status_code == 303
        assert get_user(accounts, REVIEWER[0]).disabled
        assert (await rita.get("/queue")).status_code == 303  # rita's session ended
        assert (await login(rita, *REVIEWER)).status_code == 401

        r = await ada.post("/admin/users/change", data={"name": REVIEWER[0], "action": "enable",
                                                        "csrf_token": token})
        assert r.status_code == 303 and not get_user(accounts, REVIEWER[0]).disabled
        assert (await login(rita, *REVIEWER)).status_code == 303

        r = await ada.post("/admin/users/change", data={
            "name": REVIEWER[0], "action": "password", "password": "short", "csrf_token": token})
        assert r.status_code == 400 and "at least 10" in r.text
        r = await ada.post("/admin/users/change", data={
            "name": REVIEWER[0], "action": "password", "password": "rita's new passphrase",
            "csrf_token": token})
        assert r.status_code == 303
        assert (await rita.get("/queue")).status_code == 303
        assert verify_password(get_user(accounts, REVIEWER[0]).password_hash, "rita's new passphrase")

        own = await ada.post("/admin/users/change", data={"name": ADMIN[0], "action": "disable",
                                                          "csrf_token": token})
        assert own.status_code == 400 and "your own account" in own.text
        missing = await ada.post("/admin/users/change", data={"name": "nobody", "action": "enable",
                                                              "csrf_token": token})
        assert missing.status_code == 400 and "No user named" in missing.text


@pytest.mark.slow
async def test_an_admin_who_changes_their_own_password_stays_logged_in(client: httpx.AsyncClient) -> None:
    await login(client, *ADMIN)
    token = await csrf_from(client, "/admin/users")
    r = await client.post("/admin/users/change", data={
        "name": ADMIN[0], "action": "password", "password": "ada's next passphrase",
        "csrf_token": token})
    assert r.status_code == 303
    assert (await client.get("/admin/users")).status_code == 200


@pytest.mark.slow
async def test_the_user_change_endpoint_needs_an_admin_and_a_csrf_token(client: httpx.AsyncClient,
                                                                        seeded: Seeded) -> None:
    await login(client, *REVIEWER)
    token = await csrf_from(client, "/queue")
    r = await client.post("/admin/users/change", data={"name": ADMIN[0], "action": "disable",
                                                       "csrf_token": token})
    assert r.status_code == 403
    client.cookies.clear()
    await login(client, *ADMIN)
    r = await client.post("/admin/users/change", data={"name": REVIEWER[0], "action": "disable"})
    assert r.status_code == 403
    assert not get_user(open_auth_db(auth_path(seeded.path)), REVIEWER[0]).disabled


# --- row 9: login abuse -----------------------------------------------------------------------


@pytest.mark.slow
async def test_one_address_trying_many_names_is_slowed(app) -> None:
    app.state.claims.limiter = LoginRateLimiter(per_ip=4)  # 20 by default; fewer hashes here
    async with _client(app, "192.0.2.50") as spray:
        for n in range(4):
            assert (await login(spray, f"name{n}", "guess guess")).status_code == 401
        r = await login(spray, *ADMIN)  # even a right password waits, from this address
        assert r.status_code == 429 and 0 < int(r.headers["retry-after"]) <= 60
    async with _client(app, "192.0.2.51") as other:
        assert (await login(other, *ADMIN)).status_code == 303


@pytest.mark.slow
async def test_one_name_tried_from_many_addresses_is_slowed_but_not_locked_out(app) -> None:
    now = [1000.0]
    app.state.claims.limiter = LoginRateLimiter(per_name=4, clock=lambda: now[0])
    for n in range(4):
        async with _client(app, f"192.0.2.{n + 1}") as bot:
            assert (await login(bot, REVIEWER[0], f"guess {n}")).status_code == 401
    async with _client(app, "198.51.100.77") as real:
        r = await login(real, *REVIEWER)
        assert r.status_code == 429
        wait = int(r.headers["retry-after"])
        assert 0 < wait <= 60 and f"{wait} second" in r.text
        now[0] += wait
        assert (await login(real, *REVIEWER)).status_code == 303


def test_the_default_limits_count_per_name_and_per_address_across_the_other() -> None:
    limiter = LoginRateLimiter()
    for n in range(20):
        limiter.failed(f"name{n}", "192.0.2.50")  # one address, many names
        limiter.failed("rita", f"198.51.100.{n}")  # one name, many addresses
    assert not limiter.check("ada", "192.0.2.50").allowed
    assert not limiter.check("rita", "203.0.113.1").allowed
    assert limiter.check("ada", "203.0.113.1").allowed
    assert limiter.check("name0", "203.0.113.1").allowed


def test_delays_grow_but_stay_short() -> None:
    now = [0.0]
    limiter = LoginRateLimiter(clock=lambda: now[0])
    waits = []
    for _ in range(12):
        limiter.failed("rita", "192.0.2.1")
        decision = limiter.check("rita", "192.0.2.1")
        waits.append(decision.retry_after)
    assert waits[:4] == [0, 0, 0, 0]  # four typos cost nothing
    assert waits[4:8] == [5, 10, 20, 40]
    assert max(waits) == 60


def test_a_flood_of_names_and_addresses_holds_a_bounded_number_of_keys() -> None:
    limiter = LoginRateLimiter(max_keys=500)
    for n in range(20_000):
        limiter.failed(f"user{n}", f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")
    assert limiter.keys_held <= 3 * 500


@pytest.mark.slow
async def test_password_hashing_has_its_own_small_pool() -> None:
    pool = HashPool(threads=1, max_waiting=2)
    running = 0
    most = 0
    lock = threading.Lock()

    def work() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        hash_password("a passphrase to hash")
        with lock:
            running -= 1

    async with anyio.create_task_group() as tg:
        for _ in range(3):
            tg.start_soon(pool.run, work)
    assert most == 1


async def test_a_busy_hashing_pool_does_not_hold_up_claim_pages(app, seeded: Seeded) -> None:
    """While every hashing thread is stuck, claim pages are still served (other threads)."""
    st = app.state.claims
    release = threading.Event()
    async with _client(app) as c, anyio.create_task_group() as tg:
        tg.start_soon(st.hashing.run, release.wait)
        await anyio.sleep(0)
        with anyio.fail_after(30):
            r = await c.get(f"/claims/{seeded.ledger_claim}")
            assert r.status_code == 200
        release.set()


async def test_logins_beyond_the_hashing_queue_get_503(app) -> None:
    app.state.claims.hashing = HashPool(threads=1, max_waiting=0)
    async with _client(app) as c:
        r = await login(c, *REVIEWER)
    assert r.status_code == 503 and r.headers["retry-after"] == "5"
    with pytest.raises(HashingBusy):
        await HashPool(max_waiting=0).run(lambda: None)


# --- row 10: Host header and error pages ------------------------------------------------------


async def test_a_forged_host_header_reaches_no_link(seeded: Seeded) -> None:
    app = create_app(Settings(secret_key="x" * 32, base_url="https://claims.example.org/"),
                     db_path=seeded.path)
    async with _client(app, host="evil.example") as c:
        await login(c, *REVIEWER)
        token = await csrf_from(c, f"/claims/{seeded.ledger_claim}")
        await c.post(f"/claims/{seeded.ledger_claim}/review",
                     data={"verdict": "close", "csrf_token": token})
        pages = [await c.get(p) for p in (
            "/", "/queue", f"/claims/{seeded.ledger_claim}", "/api", "/api/openapi.json",
            f"/claims/{seeded.ledger_claim}/claimreview.json", "/nowhere")]
        for page in pages:
            assert "evil.example" not in page.text, page.url
        review = (await c.get(f"/claims/{seeded.ledger_claim}/claimreview.json")).json()
        assert review["url"] == f"https://claims.example.org/claims/{seeded.ledger_claim}"
        spec = (await c.get("/api/openapi.json")).json()
        assert spec["servers"] == [{"url": "https://claims.example.org/"}]


@pytest.mark.parametrize("url", ["claims.example.org", "javascript:alert(1)", "https://x.org/?a=1",
                                 "ftp://x.org"])
def test_a_bad_base_url_is_refused_at_start(seeded: Seeded, url: str) -> None:
    with pytest.raises(AppConfigError, match="base_url"):
        create_app(Settings(base_url=url), db_path=seeded.path)


async def test_error_pages_carry_the_security_headers(seeded: Seeded) -> None:
    app = create_app(Settings(), db_path=seeded.path)

    async def boom(request) -> Response:
        raise RuntimeError("a bug")

    app.add_route("/boom", boom)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        for path, status in (("/boom", 500), ("/nowhere", 404), ("/claims/999999", 404),
                             ("/api/claims/999999", 404)):
            r = await c.get(path)
            assert r.status_code == status, path
            assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
            assert r.headers["x-frame-options"] == "DENY", path
            assert r.headers["x-content-type-options"] == "nosniff", path
            assert "a bug" not in r.text


# --- row 11: secret keys ----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["x", "k" * 31, "é" * 15])
def test_a_short_secret_key_is_refused_with_the_fix(seeded: Seeded, key: str) -> None:
    with pytest.raises(AppConfigError, match="secret_key.*at least 32.*token_hex"):
        create_app(Settings(secret_key=key), db_path=seeded.path)


def test_an_empty_or_long_secret_key_is_accepted(seeded: Seeded) -> None:
    create_app(Settings(secret_key=""), db_path=seeded.path)
    create_app(Settings(secret_key="é" * 16), db_path=seeded.path)  # 32 bytes


def test_claims_serve_refuses_a_short_secret_key(seeded: Seeded) -> None:
    from click.testing import CliRunner

    from cli import cli

    result = CliRunner().invoke(cli, ["--db", seeded.path, "serve"],
                                env={"CLAIMS_SECRET_KEY": "short"})
    assert result.exit_code == 1
    assert "secret_key" in result.output and "Traceback" not in result.output


# --- row 12: claim ids out of SQLite's range --------------------------------------------------


@pytest.mark.parametrize("claim_id", HUGE_IDS)
async def test_huge_claim_ids_are_404_on_every_claim_route(client: httpx.AsyncClient,
                                                           claim_id: int) -> None:
    for path in (f"/claims/{claim_id}", f"/claims/{claim_id}/archive",
                 f"/claims/{claim_id}/archive.txt", f"/claims/{claim_id}/claimreview.json", f"/api/claims/{claim_id}"):
        r = await client.get(path)
        assert r.status_code == 404, path
        assert "Traceback" not in r.text
    await login(client, *REVIEWER)
    token = await csrf_from(client, "/queue")
    r = await client.post(f"/claims/{claim_id}/review", data={"verdict": "supported",
                                                              "csrf_token": token})
    assert r.status_code == 404


def test_claims_show_of_a_huge_id_is_a_plain_error(seeded: Seeded) -> None:
    from click.testing import CliRunner

    from cli import cli

    for claim_id in (str(2**63), str(10**30), "0"):
        result = CliRunner().invoke(cli, ["--db", seeded.path, "show", claim_id])
        assert result.exit_code == 1, result.output
        assert "No claim with id" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)

