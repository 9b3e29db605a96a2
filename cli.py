"""The `claims` command: a thin click group over the library packages.

Each command lives in ``commands/`` next to the others of its stage; this module only wires
them together and sets up logging.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from db.errors import StoreError
from settings import load_settings


class ClaimsGroup(click.Group):
    """The command group; a store error no command translated (a corrupt or unopenable --db, a
    database from a newer claims-tracker) becomes one plain paragraph and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=ClaimsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", envvar="CLAIMS_DB", type=click.Path(dir_okay=False),
              help="SQLite database (default ./claims.db, or $CLAIMS_DB).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML settings file (default ./claims.toml if present).")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.version_option(package_name="claims-tracker")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, config: Path | None, verbose: int,
        quiet: bool) -> None:
    """Find statistical crime claims in local news and check them against official data.

    Example:

        claims extract article.txt
    """
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings(config)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    ctx.obj = settings.override(db_path=db_path)


def _with_epilog(command: click.Command, path: str) -> None:
    """Give ``command`` (and its subcommands) the exit codes paragraph of its --help."""
    from commands.exit_codes import epilog

    command.epilog = epilog(path)
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            _with_epilog(sub, f"{path} {name}")


def _register() -> None:
    import commands
    from commands.exit_codes import epilog

    for command in commands.all_commands():
        cli.add_command(command)
        _with_epilog(command, command.name or "")
    cli.epilog = epilog(None)


_register()

if __name__ == "__main__":
    cli()
