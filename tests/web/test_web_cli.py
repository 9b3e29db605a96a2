"""`claims users add` and `claims serve --help`, through the real click group."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from db.accounts import auth_path, get_user, open_auth_db
from web.auth import verify_password


@pytest.mark.slow
def test_users_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    db_path = str(tmp_path / "c.db")
    result = CliRunner().invoke(cli, ["--db", db_path, "users", "add", "rita", "--role", "reviewer",
                                      "--password-stdin"], input="a long passphrase\n")
    assert result.exit_code == 0, result.output
    assert "Added reviewer rita" in result.output
    user = get_user(open_auth_db(auth_path(db_path)), "rita")
    assert user is not None and user.role == "reviewer"
    assert verify_password(user.password_hash, "a long passphrase")


def test_users_add_prompts_twice_and_refuses_a_mismatch(tmp_path: Path) -> None:
    db_path = str(tmp_path / "c.db")
    ok = CliRunner().invoke(cli, ["--db", db_path, "users", "add", "ada", "--role", "admin"],
                            input="admin passphrase\nadmin passphrase\n")
    assert ok.exit_code == 0, ok.output
    assert get_user(open_auth_db(auth_path(db_path)), "ada").role == "admin"


@pytest.mark.slow
def test_duplicate_user_and_short_password_are_plain_errors(tmp_path: Path) -> None:
    db_path = str(tmp_path / "c.db")
    args = ["--db", db_path, "users", "add", "rita", "--role", "reviewer", "--password-stdin"]
    assert CliRunner().invoke(cli, args, input="a long passphrase\n").exit_code == 0
    dup = CliRunner().invoke(cli, args, input="another passphrase\n")
    assert dup.exit_code == 1 and "already exists" in dup.output
    short = CliRunner().invoke(cli, [*args[:4], "bob", *args[5:]], input="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output


def test_unknown_role_is_refused_by_click(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "c.db"), "users", "add", "x",
                                      "--role", "root", "--password-stdin"], input="long enough pw\n")
    assert result.exit_code == 2 and "reviewer" in result.output


def test_serve_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "claims serve --port 8000" in result.output


@pytest.mark.slow
def test_claims_serve_answers_on_loopback(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", "from cli import cli; cli()", "--db",
                             str(tmp_path / "serve.db"), "serve", "--port", str(port)],
                            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "claims serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and "0 claims" in r.text
        assert httpx.get(f"http://127.0.0.1:{port}/api/openapi.json").json()["paths"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert (tmp_path / "serve.db").exists()


def _add(db_path: str, name: str, role: str = "reviewer") -> None:
    result = CliRunner().invoke(cli, ["--db", db_path, "users", "add", name, "--role", role,
                                      "--password-stdin"], input=f"{name}'s long passphrase\n")
    assert result.exit_code == 0, result.output


@pytest.mark.slow
@pytest.mark.issue(10)
def test_users_list_disable_enable_and_set_password(tmp_path: Path) -> None:
    from db.accounts import session_user, start_session

    db_path = str(tmp_path / "c.db")
    _add(db_path, "rita")
    _add(db_path, "ada", "admin")
    accounts = open_auth_db(auth_path(db_path))
    session = start_session(accounts, "rita", timedelta(hours=1))

    listed = CliRunner().invoke(cli, ["--db", db_path, "users", "list", "--json"])
    assert listed.exit_code == 0
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [(r["name"], r["role"], r["disabled"]) for r in rows] == [
        ("ada", "admin", False), ("rita", "reviewer", False)]
    assert "argon2" not in listed.output and "password" not in listed.output

    disabled = CliRunner().invoke(cli, ["--db", db_path, "users", "disable", "rita"])
    assert disabled.exit_code == 0 and "sessions have ended" in disabled.output
    assert get_user(accounts, "rita").disabled and session_user(accounts, session) is None
    text = CliRunner().invoke(cli, ["--db", db_path, "users", "list"])
    assert any(line.split()[:3] == ["rita", "reviewer", "disabled"] for line in text.output.splitlines())

    assert CliRunner().invoke(cli, ["--db", db_path, "users", "enable", "rita"]).exit_code == 0
    assert not get_user(accounts, "rita").disabled
    session = start_session(accounts, "rita", timedelta(hours=1))
    changed = CliRunner().invoke(cli, ["--db", db_path, "users", "set-password", "rita",
                                       "--password-stdin"], input="rita's next passphrase\n")
    assert changed.exit_code == 0, changed.output
    assert verify_password(get_user(accounts, "rita").password_hash, "rita's next passphrase")
    assert session_user(accounts, session) is None

    missing = CliRunner().invoke(cli, ["--db", db_path, "users", "disable", "nobody"])
    assert missing.exit_code == 1 and "No user named 'nobody'" in missing.output
    assert "Traceback" not in missing.output


@pytest.mark.issue(10)
def test_users_live_in_the_accounts_file_named_by_the_setting(tmp_path: Path) -> None:
    db_path = str(tmp_path / "c.db")
    elsewhere = tmp_path / "private" / "accounts.db"
    elsewhere.parent.mkdir()
    result = CliRunner().invoke(cli, ["--db", db_path, "users", "add", "kim", "--role", "reviewer",
                                      "--password-stdin"], input="kim's long passphrase\n",
                                env={"CLAIMS_AUTH_DB_PATH": str(elsewhere)})
    assert result.exit_code == 0 and str(elsewhere) in result.output
    assert get_user(open_auth_db(elsewhere), "kim") is not None
    assert not auth_path(db_path).exists()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_serve(tmp_path: Path, db_path: str, *flags: str):  # -> (Popen, base url)
    import subprocess
    import sys
    import time

    import httpx

    port = _free_port()
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", "from cli import cli; cli()", "--db", db_path,
                             "serve", "--port", str(port), *flags],
                            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(base + "/login", timeout=2)
            return proc, base
        except httpx.TransportError:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "claims serve did not start"
            time.sleep(0.2)


def _failed_logins(base: str, forwarded_for: str, n: int) -> list[int]:
    import re

    import httpx

    codes = []
    with httpx.Client(base_url=base, headers={"X-Forwarded-For": forwarded_for}) as c:
        for i in range(n):
            token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
            codes.append(c.post("/login", data={"name": "rita", "password": f"wrong {i}",
                                                "csrf_token": token}).status_code)
    return codes


@pytest.mark.slow
@pytest.mark.issue(10)
@pytest.mark.parametrize("trusted", [True, False])
def test_serve_takes_the_client_address_from_a_trusted_proxy_only(tmp_path: Path,
                                                                  trusted: bool) -> None:
    """Five bad passwords for one name from one address earn a delay. Behind a trusted proxy
    the address is X-Forwarded-For's, so another forwarded client is not delayed; without
    --proxy-headers the header is ignored and every request is the proxy's."""
    db_path = str(tmp_path / "c.db")
    _add(db_path, "rita")
    flags = ("--proxy-headers", "--forwarded-allow-ips", "127.0.0.1") if trusted else ()
    proc, base = _start_serve(tmp_path, db_path, *flags)
    try:
        assert _failed_logins(base, "198.51.100.1", 6) == [401] * 5 + [429]
        assert _failed_logins(base, "198.51.100.2", 1) == ([401] if trusted else [429])
    finally:
        proc.terminate()
        proc.wait(timeout=10)
