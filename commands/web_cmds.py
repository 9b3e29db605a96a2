"""`claims serve` (the review and search web app) and `claims users` (web accounts)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from settings import Settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the app to your network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--https-only", is_flag=True,
              help="Mark the session cookie Secure (set this behind an HTTPS proxy).")
@click.option("--proxy-headers", is_flag=True,
              help="Behind a reverse proxy: take the client address (login limits) and scheme "
                   "from X-Forwarded-For/-Proto, but only from --forwarded-allow-ips. Off by "
                   "default: anyone could forge those headers.")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True,
              help="Comma-separated proxy addresses or networks whose forwarded headers are "
                   "trusted (with --proxy-headers); '*' trusts everyone, which is never safe "
                   "on an open port.")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, https_only: bool, proxy_headers: bool,
          forwarded_allow_ips: str) -> None:
    """Serve the review queue (fact-checkers) and claim search (reporters).

    Reporters search without logging in (unless require_login_for_search is set); fact-checkers
    log in with an account made by `claims users add`. Absolute links use the base_url
    setting (default: the address served on); set it to the public address behind a proxy.

    Example:

        claims serve --port 8000

        claims serve --proxy-headers --forwarded-allow-ips 10.0.0.5 --https-only
    """
    import uvicorn

    from db.errors import StoreError
    from web.app import AppConfigError, create_app

    if not settings.base_url:
        shown = f"[{host}]" if ":" in host else host
        settings = settings.override(base_url=f"http://{shown}:{port}")
    try:
        app = create_app(settings, https_only=https_only)
    except (StoreError, AppConfigError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not settings.secret_key:
        click.echo("No secret_key set: sessions are signed with a random key and end when the "
                   "server stops (set CLAIMS_SECRET_KEY to keep them).", err=True)
    click.echo(f"Serving {settings.db_path} on http://{host}:{port}/ (links use "
               f"{settings.base_url})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=proxy_headers,
                forwarded_allow_ips=forwarded_allow_ips if proxy_headers else None)


@click.group("users")
def users() -> None:
    """Manage web accounts (fact-checkers and admins) in the accounts database.

    Accounts live in their own file (auth_db_path, default <db stem>.auth.db beside the
    database), never in the database you share.

    Example:

    \b
        claims users add alice --role reviewer
        claims users list
        claims users set-role alice admin
        claims users remove alice
    """


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("Passwords need at least 10 characters; choose a longer one.")
    return password


def _accounts(settings: Settings):  # -> sqlite_utils.Database
    """The accounts database for ``settings`` (opening the store first moves old accounts out)."""
    from db.accounts import auth_path, open_auth_db
    from db.connection import open_db
    from db.errors import StoreError

    try:
        if Path(settings.db_path).exists():
            open_db(settings.db_path).conn.close()
        return open_auth_db(auth_path(settings.db_path, settings.auth_db_path))
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _where(settings: Settings) -> str:
    from db.accounts import auth_path

    return str(auth_path(settings.db_path, settings.auth_db_path))


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise click.ClickException("A user name is 1 to 64 characters without spaces.")
    return name


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reviewer", "admin"]), required=True,
              help="reviewer: review queue and verdicts; admin: also manages users.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input (for scripts).")
@click.pass_obj
def users_add(settings: Settings, name: str, role: str, password_stdin: bool) -> None:
    """Add a reviewer or admin; asks for the password twice (or reads it from stdin).

    The password is stored as an Argon2id hash, never in clear, in the accounts database.

    Example:

        claims users add alice --role reviewer

        echo 'a long passphrase' | claims users add bot --role reviewer --password-stdin
    """
    from db.accounts import add_user
    from db.errors import Conflict, StoreError
    from web.auth import hash_password

    name = _valid_name(name)
    password = _read_password(password_stdin)
    db = _accounts(settings)
    try:
        add_user(db, name, role, hash_password(password))
    except Conflict as exc:
        raise click.ClickException(f"{exc} `claims users list` shows the accounts.") from exc
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Added {role} {name} to {_where(settings)}.")


@users.command("list")
@click.option("--json", "as_json", is_flag=True,
              help="JSON Lines: name, role, disabled, created_at (never the password hash).")
@click.pass_obj
def users_list(settings: Settings, as_json: bool) -> None:
    """List web accounts with their role and whether they are disabled.

    Example:

        claims users list --json
    """
    from db.accounts import list_users

    accounts = list_users(_accounts(settings))
    for u in accounts:
        if as_json:
            click.echo(json.dumps({"name": u.name, "role": u.role, "disabled": u.disabled,
                                   "created_at": u.created_at}, allow_nan=False))
    if accounts and not as_json:
        from commands.render import human_time, table

        table(["NAME", "ROLE", "STATE", "CREATED"],
              [[u.name, u.role, "disabled" if u.disabled else "active", human_time(u.created_at)]
               for u in accounts])
    if not accounts and not as_json:
        click.echo(f"No accounts in {_where(settings)}; `claims users add` creates one.", err=True)


def _change(settings: Settings, name: str, **change: object) -> None:
    from db.accounts import update_user
    from db.errors import StoreError

    try:
        update_user(_accounts(settings), name, **change)  # type: ignore[arg-type]
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@users.command("disable")
@click.argument("name")
@click.pass_obj
def users_disable(settings: Settings, name: str) -> None:
    """Disable an account and end all its sessions at once; its reviews are kept.

    Example:

        claims users disable alice
    """
    _change(settings, name, disabled=True)
    click.echo(f"Disabled {name}; their sessions have ended.")


@users.command("enable")
@click.argument("name")
@click.pass_obj
def users_enable(settings: Settings, name: str) -> None:
    """Enable a disabled account again (it logs in with its password as before).

    Example:

        claims users enable alice
    """
    _change(settings, name, disabled=False)
    click.echo(f"Enabled {name}.")


@users.command("set-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input (for scripts).")
@click.pass_obj
def users_set_password(settings: Settings, name: str, password_stdin: bool) -> None:
    """Set a new password (asked twice, or read from stdin) and end all the user's sessions.

    Example:

        claims users set-password alice

        echo 'a new long passphrase' | claims users set-password alice --password-stdin
    """
    from web.auth import hash_password

    password = _read_password(password_stdin)
    _change(settings, name, password_hash=hash_password(password))
    click.echo(f"Set a new password for {name}; their sessions have ended.")


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(["reviewer", "admin"]))
@click.pass_obj
def users_set_role(settings: Settings, name: str, role: str) -> None:
    """Make an account a reviewer or an admin; the change applies to its open sessions at their
    next request.

    Example:

    \b
        claims users set-role alice admin
    """
    _change(settings, name, role=role)
    click.echo(f"{name} is now {'an' if role == 'admin' else 'a'} {role}.")


@users.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def users_remove(settings: Settings, name: str, yes: bool) -> None:
    """Delete an account and its sessions. The reviews it recorded stay in the claims database
    under its name (they are history); `claims users disable` keeps the account instead.

    Example:

    \b
        claims users remove alice --yes
    """
    from db.accounts import remove_user
    from db.errors import StoreError

    if not yes:
        click.confirm(f"Remove the account {name!r}?", abort=True)
    try:
        remove_user(_accounts(settings), name)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Removed {name}; their reviews are kept.")


COMMANDS = [serve, users]
