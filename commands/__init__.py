"""CLI commands, one module per stage (``commands/<stage>_cmds.py``).

Each module exposes ``COMMANDS``: a list of click commands or groups. ``all_commands()`` returns
them all, from the modules listed in ``STAGE_MODULES``: a stage that adds a command module adds
it there (tests/test_cli_help.py fails on a ``*_cmds.py`` module left out).
"""

from __future__ import annotations

from types import ModuleType

import click

from commands import (
    backfill_cmds,
    demo_cmds,
    extract_cmds,
    official_cmds,
    queue_cmds,
    rules_cmds,
    scraper_cmds,
    store_cmds,
    verify_cmds,
    web_cmds,
)

STAGE_MODULES: tuple[ModuleType, ...] = (
    backfill_cmds, demo_cmds, extract_cmds, official_cmds, queue_cmds, rules_cmds, scraper_cmds,
    store_cmds, verify_cmds, web_cmds,
)


def all_commands() -> list[click.Command]:
    return [command for module in STAGE_MODULES for command in module.COMMANDS]
