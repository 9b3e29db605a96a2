"""`claims users add` and `claims serve --help`, through the real click group."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import cli
from db.accounts import auth_path, get_user, open_auth_db
from web.auth import verify_password


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
