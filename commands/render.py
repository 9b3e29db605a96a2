"""Tables for the terminal: a header row always, rich boxes on a terminal, plain aligned
columns in a pipe. Times and counts in them are shown with ``display`` (JSON keeps raw values)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from display import human_time, number

__all__ = ["human_time", "number", "table"]


SECTION_WIDTH = 110  # characters of a section line (a sentence) in plain output


def table(headers: Sequence[str], rows: Sequence[Sequence[str] | str]) -> None:
    """Print ``rows`` under ``headers``. A row that is a plain string is a section line (the
    sentence the next rows belong to), printed across the columns."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        t = Table(*headers)
        for row in rows:
            if isinstance(row, str):
                t.add_section()
                t.add_row(*([""] * (len(headers) - 1)), Text(row, style="italic"))
            else:
                t.add_row(*row)
        Console().print(t)
        return
    cells = [r for r in rows if not isinstance(r, str)]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    for row in [list(headers), *rows]:
        if isinstance(row, str):
            line = " ".join(row.split())
            click.echo("— " + (line if len(line) <= SECTION_WIDTH else line[:SECTION_WIDTH - 1] + "…"))
            continue
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
