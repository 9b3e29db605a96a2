"""`claims serve` (the review and search web app) and `claims users add` (web accounts)."""

from __future__ import annotations

import sys

import click

from settings import Settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the app to your network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--https-only", is_flag=True,
              help="Mark the session cookie Secure (set this behind an HTTPS proxy).")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, https_only: bool) -> None:
    """Serve the review queue (fact-checkers) and claim search (reporters).

    Reporters search without logging in (unless require_login_for_search is set); fact-checkers
    log in with an account made by `claims users add`.

    Example:

        claims serve --port 8000
    """
    import uvicorn

    from db.errors import StoreError
    from web.app import create_app

    try:
        app = create_app(settings, https_only=https_only)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if not settings.secret_key:
        click.echo("No secret_key set: sessions are signed with a random key and end when the "
                   "server stops (set CLAIMS_SECRET_KEY to keep them).", err=True)
    click.echo(f"Serving {settings.db_path} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)


@click.group("users")
def users() -> None:
    """Manage web accounts (fact-checkers and admins).

    Example:

        claims users add alice --role reviewer
    """


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("Passwords need at least 10 characters; choose a longer one.")
    return password


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reviewer", "admin"]), required=True,
              help="reviewer: review queue and verdicts; admin: also manages users.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input (for scripts).")
@click.pass_obj
def users_add(settings: Settings, name: str, role: str, password_stdin: bool) -> None:
    """Add a reviewer or admin; asks for the password twice (or reads it from stdin).

    The password is stored as an Argon2id hash, never in clear.

    Example:

        claims users add alice --role reviewer

        echo 'a long passphrase' | claims users add bot --role reviewer --password-stdin
    """
    from db.connection import open_db
    from db.errors import Conflict, StoreError
    from db.store import add_user
    from web.auth import hash_password

    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise click.ClickException("A user name is 1 to 64 characters without spaces.")
    password = _read_password(password_stdin)
    try:
        db = open_db(settings.db_path)
        add_user(db, name, role, hash_password(password))
    except Conflict as exc:
        raise click.ClickException(f"{exc} List users on the /admin/users page.") from exc
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Added {role} {name} to {settings.db_path}.")


COMMANDS = [serve, users]
