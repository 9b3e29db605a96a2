"""`claims demo`: the whole pipeline on the bundled demo newsroom site and official figures."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console

from settings import Settings

DEFAULT_DB = Path("demo-out") / "claims.db"


@click.command("demo")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Demo database, made fresh on each run (default {DEFAULT_DB}).")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port of the local demo web server (0 = any free port).")
@click.option("--keep-serving", is_flag=True,
              help="Keep the demo newsroom site running after the demo, until Ctrl-C.")
@click.pass_obj
def demo(settings: Settings, db_path: Path | None, port: int, keep_serving: bool) -> None:
    """Run the whole pipeline on the bundled demo: serve a small fictional newsroom site on
    127.0.0.1, crawl it over HTTP, extract the claims, import the bundled official figures
    (real FBI murder counts for Baltimore and Chicago, fictional figures for three invented
    cities), check every claim and print the verdicts and the top of the review queue.

    The database is deleted and rebuilt each run; the demo refuses to delete a database it did
    not make. `claims --db PATH demo` works too. Exit code 1 if a stage failed (stages whose
    package is not installed are skipped, not failed).

    Example:

    \b
        claims demo
        claims demo --db /tmp/demo.db --keep-serving
    """
    from demo.run import DemoError, run_demo
    from demo.server import DemoSite, DemoSiteError

    if db_path is None:
        db_path = Path(settings.db_path) if settings.db_path != "claims.db" else DEFAULT_DB
    console = Console()
    if not console.is_terminal:  # piped or captured: wide enough for the tables, no wrapping
        console = Console(width=120)
    console.print("[bold]claims demo[/]: the whole pipeline on the bundled demo newsroom", highlight=False)
    site = DemoSite(port=port)
    try:
        site.start()
        summary = run_demo(settings.override(db_path=str(db_path)), workdir=db_path.parent, port=port,
                           console=console, site=site)
        failed = [s.name for s in summary.stages if s.status == "failed"]
        if failed:
            raise click.ClickException(
                f"The demo finished, but {len(failed)} stage(s) failed: {', '.join(failed)} (see above). "
                f"Run `claims -vv demo` for the details.")
        if keep_serving:
            console.print(f"\nThe demo site stays up at {site.base_url}/ - press Ctrl-C to stop.",
                          highlight=False)
            while True:
                time.sleep(3600)
    except (DemoError, DemoSiteError) as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        console.print("stopped.")
    finally:
        site.stop()


COMMANDS = [demo]
