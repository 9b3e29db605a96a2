"""Worst-case cost of one hostile 2 MB page, against a normal 2 MB news page (issue 10).

Shapes (each generated here, 2 MB):
  deep nesting     <div> inside <div>, 400,000 levels
  flat list        one <ul> of about 55,000 <li>
  tiny elements    100,000 <i>word</i> with text between
and, to show what a page that passes the caps can cost, pages just under them:
  under: depth     256 levels (max_dom_depth) holding an article
  under: elements  a flat list of max_dom_elements - 10 items
  under: text      2 MB of article paragraphs (about 19,000 <p>, dense text)

Baseline: a normal news page padded to 2 MB the way real ones are (an inline JSON state blob):
the largest page of /work/shared/benchmarks/article-extraction/ if present, else our fixture
news-homicides-down.html.

Each page goes through the crawl's parse stage as it runs in production: one worker process
(scraper.parse_stage.Parser) with the DOM caps and the per-page timeout (CPU seconds) from the
settings. Reported per shape: the worst wall time of N runs, the outcomes (article, refused
with the reason, or timed out), and the ratio to the baseline's worst time. Also the CPU
seconds of one in-process parse_html with the caps lifted (what the page would cost without
them; skipped with --no-cpu).

Run:  .venv/bin/python benchmarks/hostile_pages.py [--runs 3] [--timeout 10] [--json]
Target: each hostile 2 MB page at most 2 s, or cut off by the timeout with a clear reason.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scraper.domcheck import DomLimits, dom_shape  # noqa: E402
from scraper.parse import parse_html  # noqa: E402
from scraper.parse_stage import ParseJob, Parser  # noqa: E402
from settings import Settings  # noqa: E402

SIZE = 2_000_000
DATA = Path("/work/shared/benchmarks/article-extraction/html")
FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "scraper" / "pages" / "news-homicides-down.html"
STORY = ("<p>Police said 14 homicides were reported in Riverside in 2025, down from 21 the year before, "
         "a drop of a third, while car thefts rose 12 percent to 1,140.</p>")


def _page(body: str, title: str = "Crime report") -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def _fill(unit: str, budget: int) -> str:
    return unit * max(budget // len(unit), 0)


def baseline() -> tuple[str, bytes]:
    if DATA.is_dir():
        path = max(DATA.glob("*.html.gz"), key=lambda p: p.stat().st_size)
        html, name = gzip.open(path).read(), f"largest benchmark page ({path.name[:12]}…)"
    else:
        html, name = FIXTURE.read_bytes(), FIXTURE.name
    state = ('{"articles":[' + ",".join(f'{{"id":{i},"headline":"Story {i}","tags":["crime","city"]}}'
                                         for i in range(SIZE // 50)) + "]}")
    blob = f'<script type="application/json" id="__STATE__">{state}</script>'.encode()
    padded = html.replace(b"</body>", blob[: max(SIZE - len(html), 0)] + b"</body>", 1)
    return f"normal news page padded to 2 MB: {name}", padded


def shapes(settings: Settings) -> list[tuple[str, bytes]]:
    deep = _page("<div>" * ((SIZE - 200) // 5))
    flat = _page("<ul>" + _fill("<li>Item of the list</li>", SIZE - 100) + "</ul>")
    tiny = _page(STORY + "<div>" + _fill("<i>word</i> filler  ", SIZE)[: SIZE - 400] + "</div>")
    depth = settings.max_dom_depth - 3  # html, body and the p
    under_depth = _page("<div>" * depth + STORY * 20 + "</div>" * depth)
    under_elements = _page(STORY + "<ul>" + "".join(f"<li>Item {i} of the list</li>"
                                                    for i in range(settings.max_dom_elements - 10)) + "</ul>")
    under_text = _page("<article>" + _fill(STORY, SIZE) + "</article>")
    return [("deep nesting", deep), ("flat list", flat), ("100k tiny elements", tiny),
            ("under: depth at the cap", under_depth), ("under: elements at the cap", under_elements),
            ("under: 2 MB of paragraphs", under_text)]


def outcome(parsed: object) -> str:
    article = getattr(parsed, "article", None)
    if article is not None:
        return f"article ({len(article.text):,} chars)"
    kind = "failed" if getattr(parsed, "failed", False) else "skipped"
    return f"{kind}: {getattr(parsed, 'reason', '')}"


def scan_share(limits: DomLimits) -> tuple[int, float, float] | None:
    """CPU seconds of the DOM scan and of the whole parse over the real benchmark pages."""
    if not DATA.is_dir():
        return None
    scan = parse = 0.0
    pages = sorted(DATA.glob("*.html.gz"))
    for path in pages:
        html = gzip.open(path).read()
        before = time.process_time()
        dom_shape(html, limits)
        scan += time.process_time() - before
        before = time.process_time()
        parse_html(html, "https://example.com/a", limits=limits)
        parse += time.process_time() - before
    return len(pages), scan, parse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the worst is reported")
    parser.add_argument("--timeout", type=float, default=None, help="parse_timeout (default: the setting)")
    parser.add_argument("--no-cpu", action="store_true", help="skip the in-process CPU measurement")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    settings = Settings()
    if args.timeout is not None:
        settings = settings.override(parse_timeout=args.timeout)
    base_name, base_html = baseline()
    pages = [(base_name, base_html), *shapes(settings)]
    pool = Parser.from_settings(settings, workers=1)
    rows: list[dict[str, object]] = []
    try:
        pool.run([ParseJob(base_html, "https://example.com/warm-up")])  # start the worker first
        for name, html in pages:
            worst, outcomes = 0.0, []
            for i in range(args.runs):
                started = time.perf_counter()
                (result,) = pool.run([ParseJob(html, f"https://example.com/{i}")])
                worst = max(worst, time.perf_counter() - started)
                if outcome(result) not in outcomes:
                    outcomes.append(outcome(result))
            cpu = None
            if not args.no_cpu:
                before = time.process_time()
                parse_html(html, "https://example.com/cpu", limits=DomLimits(10**9, 10**9))
                cpu = time.process_time() - before
            shape = dom_shape(html)
            rows.append({"page": name, "bytes": len(html), "depth": shape.depth, "elements": shape.elements,
                         "worst_seconds": round(worst, 3), "outcome": " / ".join(outcomes),
                         "uncapped_cpu_seconds": None if cpu is None else round(cpu, 2)})
    finally:
        pool.close()
    base = float(rows[0]["worst_seconds"])  # type: ignore[arg-type]
    for row in rows:
        row["ratio"] = round(float(row["worst_seconds"]) / base, 2) if base else None  # type: ignore[arg-type]
    if args.json:
        print(json.dumps({"settings": {"max_dom_depth": settings.max_dom_depth,
                                       "max_dom_elements": settings.max_dom_elements,
                                       "parse_timeout": settings.parse_timeout}, "rows": rows}, indent=2, allow_nan=False))
        return
    print(f"max_dom_depth {settings.max_dom_depth}, max_dom_elements {settings.max_dom_elements}, "
          f"parse_timeout {settings.parse_timeout:g} s, worst of {args.runs} runs through a parse worker")
    print("| page | bytes | depth | elements | worst s | × baseline | outcome | uncapped CPU s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['page']} | {r['bytes']:,} | {r['depth']:,} | {r['elements']:,} | {r['worst_seconds']} | "
              f"{r['ratio']} | {r['outcome']} | {r['uncapped_cpu_seconds']} |")
    share = None if args.no_cpu else scan_share(DomLimits.from_settings(settings))
    if share is not None:
        n, scan, parse = share
        print(f"\nDOM scan on {n} real pages: {scan:.2f} CPU s of {parse:.2f} for parse_html "
              f"({100 * scan / parse:.1f}% of the parse, which includes it)")


if __name__ == "__main__":
    main()
