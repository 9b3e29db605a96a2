"""Tables for the terminal: a header row always, rich boxes on a terminal, plain aligned
columns in a pipe. Times and counts in them are shown with ``display`` (JSON keeps raw values)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from display import human_time, thousands

__all__ = ["human_time", "table", "thousands"]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print ``rows`` under ``headers``."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        t = Table(*headers)
        for row in rows:
            t.add_row(*row)
        Console().print(t)
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    for row in [list(headers), *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
