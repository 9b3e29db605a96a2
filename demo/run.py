"""Run the whole pipeline on the bundled demo: serve, crawl, extract, import figures, check.

``run_demo`` is what ``claims demo`` calls. Each stage reports what it did; a stage with nothing
to work on, or one that fails, is reported in one line and the demo goes on with what it has, so
the demo always ends with a readable summary, never a traceback. Every stage's code is a plain
import of demo/stages.py: a broken import fails ``claims demo`` and its tests at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from demo import OFFICIAL_DIR, stages
from demo.records import DemoSummary, Stage
from demo.report import render_summary
from demo.server import DemoSite
from demo.sources import write_sources
from settings import Settings

log = logging.getLogger(__name__)

DEMO_USER = "reviewer"
DEMO_PASSWORD = "demo-reviewer"  # printed to the user: this account exists only in the demo database
DEMO_SOURCE_NAMES = "demo-sources.toml"


class DemoError(Exception):
    """The demo cannot run (for example, the database path belongs to something else)."""


def demo_settings(settings: Settings, db_path: Path) -> Settings:
    """The user's settings, adjusted for a crawl of our own local server."""
    return settings.override(db_path=str(db_path), auth_db_path="", allow_private_addresses=True,
                             respect_robots=True,
                             per_host_delay=0.02, per_host_concurrency=4, retries=1, backoff=0.1,
                             timeout=10.0)


def prepare_db_path(db_path: Path) -> None:
    """Delete a previous demo database at ``db_path`` (its WAL files and accounts file); refuse
    anything else."""
    if not db_path.exists():
        db_path.parent.mkdir(parents=True, exist_ok=True)
        return
    marker = db_path.with_name(db_path.name + ".demo")
    if not marker.exists():
        raise DemoError(f"{db_path} exists and was not made by `claims demo`, so the demo will not "
                        f"delete it. Pass another path with --db (the default is demo-out/claims.db).")
    accounts = db_path.with_name(db_path.stem + ".auth.db")  # the demo's accounts file
    for suffix in ("", "-wal", "-shm", ".demo"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(accounts) + suffix).unlink(missing_ok=True)


class _Runner:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.stages: list[Stage] = []

    def run(self, name: str, fn: Callable[[], str]) -> bool:
        """Run one stage; print and record its outcome. True if it completed."""
        started = time.monotonic()
        try:
            detail = fn()
        except stages.StageSkipped as skip:
            stage = Stage(name, "skipped", str(skip))
        except Exception as exc:  # a stage's failure must not end the demo
            log.debug("demo stage %s failed", name, exc_info=True)
            stage = Stage(name, "failed", f"{type(exc).__name__}: {exc}")
        else:
            stage = Stage(name, "done", detail, time.monotonic() - started)
        self.stages.append(stage)
        mark = {"done": "[green]✓[/]", "skipped": "[yellow]–[/]", "failed": "[red]✗[/]"}[stage.status]
        self.console.print(f"{mark} [bold]{name}[/]: {stage.detail}", highlight=False)
        return stage.status == "done"


def run_demo(settings: Settings, *, workdir: Path, port: int = 0, console: Console,
             site: DemoSite | None = None) -> DemoSummary:
    """Serve the demo site, crawl it over HTTP, extract claims, import official figures, check,
    then print the summary (claims per verdict, top of the review queue, how to open the app).

    Writes the database at ``settings.db_path`` (deleted first if an earlier demo made it) and the
    sources file in ``workdir``. ``site``: an already running DemoSite to use (left running);
    otherwise one is started on 127.0.0.1:``port`` (0 = any free port) and stopped at the end.
    """
    db_path = Path(settings.db_path)
    prepare_db_path(db_path)
    workdir.mkdir(parents=True, exist_ok=True)
    own_site = site is None
    site = site or DemoSite(port=port)
    runner = _Runner(console)
    try:
        if own_site:
            site.start()
        base = site.base_url
        sources_file = write_sources(workdir / DEMO_SOURCE_NAMES, base)
        console.print(f"[green]✓[/] [bold]serve[/]: demo newsroom at {base}/ "
                      f"(sources file {sources_file})", highlight=False)
        cfg = demo_settings(settings, db_path)
        state = stages.DemoState(settings=cfg, db_path=db_path, base_url=base, sources_file=sources_file,
                                 official_dir=OFFICIAL_DIR)
        try:
            db_path.with_name(db_path.name + ".demo").write_text("made by claims demo\n")
            if not runner.run("crawl", lambda: stages.crawl(state)):
                runner.run("direct fetch", lambda: stages.direct_ingest(state, reason="the crawl did not run"))
            runner.run("extract", lambda: stages.extract(state))
            runner.run("official figures", lambda: stages.import_official(state))
            runner.run("FBI figures", lambda: stages.load_bundled(state))
            runner.run("check", lambda: stages.check(state))
            runner.run("reviewer account", lambda: stages.reviewer(state, DEMO_USER, DEMO_PASSWORD))
            try:
                summary = stages.summarize(state)
            except Exception as exc:  # the summary must print even if the store cannot be read
                log.debug("demo summary failed", exc_info=True)
                summary = DemoSummary(db_path=db_path, site_url=base, sources_file=sources_file, stages=(),
                                      notes=(f"could not read the results back ({type(exc).__name__}: "
                                             f"{exc})",))
        finally:
            state.close()
    finally:
        if own_site:
            site.stop()
    reviewer = (DEMO_USER, DEMO_PASSWORD) if any(
        s.name == "reviewer account" and s.status == "done" for s in runner.stages) else None
    summary = replace(summary, site_url=base, sources_file=sources_file, stages=tuple(runner.stages),
                      reviewer=reviewer)
    render_summary(console, summary)
    return summary
