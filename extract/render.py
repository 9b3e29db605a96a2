"""A terminal table of claims (rich), for `claims extract --format table`."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from records.claim import Claim


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def claims_table(claims: list[Claim], *, width: int = 140, color: bool = False) -> str:
    """The claims as a table: where, kind, the numbers, offense, place and the quote."""
    table = Table(show_lines=False, title=f"{len(claims)} claims")
    for column in ("id", "at", "kind", "dir", "value", "from", "unit", "offense", "place", "quote"):
        table.add_column(column, overflow="fold")
    for c in claims:
        table.add_row(c.id or "", str(c.start), c.kind, c.direction, _number(c.value), _number(c.from_value),
                      c.unit, (c.offense or "") + (" (context)" if c.offense_from == "context" else ""),
                      (c.place.label() + (" (context)" if c.place.source == "context" else "")) if c.place else "",
                      c.quote)
    buffer = io.StringIO()
    Console(file=buffer, width=width, force_terminal=color, color_system="auto" if color else None).print(table)
    return buffer.getvalue()
