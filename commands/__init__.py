"""CLI commands, one module per stage (``commands/<stage>_cmds.py``).

Each module exposes ``COMMANDS``: a list of click commands or groups. ``all_commands()`` finds
every such module, so a stage adds its commands without editing a shared file.
"""

from __future__ import annotations

import importlib
import pkgutil

import click


def all_commands() -> list[click.Command]:
    found: list[click.Command] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.endswith("_cmds"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.extend(getattr(module, "COMMANDS", []))
    return found
