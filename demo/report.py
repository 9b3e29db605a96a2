"""Print the demo's summary: claims per verdict, the top of the review queue, how to go on."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from demo.records import DemoSummary, claims_program

VERDICT_STYLE = {"supported": "green", "close": "yellow", "contradicted": "red", "needs_review": "magenta",
                 "unverifiable": "dim", "unchecked": "dim"}
QUOTE_WIDTH = 60


def _short(text: str | None, width: int = QUOTE_WIDTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _place(c: Any) -> str:
    city = getattr(c, "city", None)
    state = getattr(c, "state", None)
    return ", ".join(p for p in (city, state) if p) or "?"


def verdict_table(summary: DemoSummary) -> Table:
    table = Table(title="Claims per verdict", title_justify="left")
    table.add_column("verdict")
    table.add_column("claims", justify="right")
    for verdict, n in summary.verdicts:
        table.add_row(f"[{VERDICT_STYLE.get(verdict, '')}]{verdict}[/]", str(n))
    table.add_row("[bold]total[/]", f"[bold]{summary.claims}[/]")
    return table


def flagged_table(summary: DemoSummary) -> Table:
    table = Table(title="Top of the review queue (flagged claims, highest priority first)",
                  title_justify="left")
    table.add_column("id", justify="right")
    table.add_column("verdict")
    table.add_column("place")
    table.add_column("claim", max_width=34)
    table.add_column("flags", max_width=24)
    table.add_column("why it ranks high", max_width=36)
    for c in summary.flagged:
        verdict = c.verdict or "unchecked"
        table.add_row(str(c.claim_id), f"[{VERDICT_STYLE.get(verdict, '')}]{verdict}[/]", _place(c),
                      _short(c.quote), ", ".join(c.flags), "; ".join(c.priority_reasons[:1]))
    return table


def claims_table(summary: DemoSummary, limit: int = 25) -> Table:
    table = Table(title=f"Claims found ({summary.claims}; first {min(limit, summary.claims)})",
                  title_justify="left")
    table.add_column("outlet")
    table.add_column("place")
    table.add_column("kind")
    table.add_column("offense")
    table.add_column("value", justify="right")
    table.add_column("quote")
    for c in summary.claims_sample[:limit]:
        value = c.value
        shown = f"{int(value)}" if isinstance(value, float) and value.is_integer() else str(value)
        table.add_row(_short(getattr(c, "outlet", None) or "", 22), _place(c), c.kind, c.offense or "?",
                      shown, _short(c.quote, 50))
    return table


def render_summary(console: Console, summary: DemoSummary) -> None:
    console.print()
    console.print(f"[bold]Demo database[/] {summary.db_path}: {summary.articles} articles, "
                  f"{summary.claims} claims, {summary.observations} official figures.", highlight=False)
    checked = any(v != "unchecked" for v, _ in summary.verdicts)
    if summary.claims and checked:
        console.print(verdict_table(summary))
        if summary.flagged:
            console.print(flagged_table(summary))
    elif summary.claims:
        console.print(claims_table(summary))
    if summary.claims:
        console.print("Every demo page, the claims planted in it and the verdict each should get: "
                      "demo/NOTES.md", highlight=False)
    for note in summary.notes:
        console.print(f"[yellow]note[/]: {note}", highlight=False)
    console.print()
    console.print("[bold]Next[/]: open the review app with", highlight=False)
    console.print(f"    {summary.serve_command}", highlight=False, soft_wrap=True)
    if summary.reviewer:
        user, password = summary.reviewer
        console.print(f"then browse to http://127.0.0.1:8000/ and log in as [bold]{user}[/] with "
                      f"password [bold]{password}[/] (demo account).", highlight=False)
    console.print(f"Search from the shell: {claims_program()} --db {summary.db_path} search homicides --city Chicago",
                  highlight=False, soft_wrap=True)
