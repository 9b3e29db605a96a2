"""Load benchmark: 50 concurrent reporters searching a 100k-claim database over loopback.

Starts `claims serve` (uvicorn, one process) on 127.0.0.1 in a subprocess, then runs C
asyncio clients (httpx) that each loop over a fixed mix of searches (HTML search page with
facets, and the JSON API) for S seconds. Reports errors, p50/p95/p99 latency and throughput,
and beside them the bare store time of the same searches: ``search_claims(db, query,
facets=True)`` called in-process, one at a time, on the same file (what each request does
before rendering), so the web layer's own cost and queueing can be read off.

The database is the synthetic one of benchmarks/store_search.py (cached in benchmarks/out/).

    .venv/bin/python benchmarks/web_load.py                   # 50 clients, 30 s, 100k claims
    .venv/bin/python benchmarks/web_load.py --seconds 5 --clients 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from starlette.datastructures import QueryParams  # noqa: E402
from store_search import OUT, build  # noqa: E402

from db.search import search_claims  # noqa: E402
from web.params import SearchParams  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "web.md"
NOTES_MARKER = "<!-- notes: kept when the benchmark rewrites this file -->"


Search = tuple[str, str, dict[str, str]]


def search_mix(db, variants: int, seed: int = 3) -> list[list[Search]]:
    """For each kind of search a reporter makes, ``variants`` distinct instances of it
    (different cities, words, offenses, pages), so a cache meets realistic misses."""
    rng = random.Random(seed)
    cities = [r[0] for r in db.execute(
        "SELECT city FROM claims GROUP BY city ORDER BY count(*) DESC LIMIT 60")]
    outlets = [r[0] for r in db.execute(
        "SELECT outlet FROM claims GROUP BY outlet ORDER BY count(*) DESC LIMIT 60")]
    verbs = ["fell", "dropped", "declined", "rose", "climbed", "jumped"]
    nouns = ["homicides", "shootings", "robberies", "burglaries", "thefts", "assaults", "arsons"]
    extras = ["chief", "mayor", "officials", "spokesman", "data", "department"]
    phrases = ['"so far this year"', '"compared with last year"', '"over the summer"',
               '"in the first quarter"', '"since January"', '"this month"']
    offenses = ["homicide", "shooting", "robbery", "burglary", "larceny", "assault",
                "motor_vehicle_theft", "carjacking"]
    verdicts = ["supported", "close", "contradicted", "unverifiable", "needs_review"]

    def kinds() -> list[tuple[str, str, object]]:
        return [
            ("home page, pages 1-5", "/", lambda: {"page": str(rng.randint(1, 5))}),
            ("one word", "/", lambda: {"q": rng.choice(verbs + extras)}),
            ("word + city", "/", lambda: {"q": rng.choice(nouns), "city": rng.choice(cities)}),
            ("city + offense", "/", lambda: {"city": rng.choice(cities), "offense": rng.choice(offenses)}),
            ("verdict + year", "/", lambda: {"verdict": rng.choice(verdicts),
                                             "from": f"{(y := rng.randint(2018, 2026))}-01",
                                             "to": f"{y}-12"}),
            ("phrase, pages 1-3", "/", lambda: {"q": rng.choice(phrases), "page": str(rng.randint(1, 3))}),
            ("prefix + outlet, oldest first", "/", lambda: {"q": rng.choice(["thef*", "shoot*", "rob*"]),
                                                            "outlet": rng.choice(outlets),
                                                            "sort": "published_asc"}),
            ("API word + offense", "/api/claims", lambda: {"q": rng.choice(verbs + extras),
                                                           "offense": rng.choice(offenses)}),
            ("API city + months", "/api/claims", lambda: {"city": rng.choice(cities),
                                                          "from": f"2020-{(m := rng.randint(1, 10)):02d}",
                                                          "to": f"2020-{m + 2:02d}"}),
        ]

    mix: list[list[Search]] = []
    for label, path, make in kinds():
        seen: dict[str, Search] = {}
        for _ in range(variants * 5):
            params = make()  # type: ignore[operator]
            seen.setdefault(urlencode(params), (label, path, params))
            if len(seen) >= variants:
                break
        mix.append(list(seen.values()))
    return mix


def bare_times(db, mix: list[list[Search]], repeat: int) -> dict[str, float]:
    """Per kind of search: the median seconds of the store call a request makes
    (``search_claims`` with page, total and facets), one call at a time, over its variants."""
    out: dict[str, float] = {}
    for variants in mix:
        times = []
        for _label, _path, params in variants[:repeat]:
            query = SearchParams.from_query(QueryParams(params)).query()
            t = time.perf_counter()
            search_claims(db, query, facets=True)
            times.append(time.perf_counter() - t)
        out[variants[0][0]] = statistics.median(times)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVER = """
import sys, uvicorn
from settings import load_settings
from web.app import create_app
settings = load_settings().override(db_path=sys.argv[1], secret_key="benchmark-only-key")
app = create_app(settings, search_cache_size=int(sys.argv[3]))
app.state.claims.db_threads = int(sys.argv[4])
# The same uvicorn call as `claims serve` (commands/web_cmds.py): one process, one event loop,
# database work on up to db_threads worker threads, info logging with the access log on.
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="info", proxy_headers=False)
"""


def start_server(db_path: Path, port: int, cache_size: int, db_threads: int,
                 log_path: Path) -> subprocess.Popen:
    """`claims serve`'s app and uvicorn settings, in a subprocess (its log goes to log_path)."""
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    cmd = [sys.executable, "-c", SERVER, str(db_path), str(port), str(cache_size), str(db_threads)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early; see {log_path}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start within 60 s")


async def run_load(base: str, mix: list[list[Search]], clients: int,
                   seconds: float) -> tuple[dict[str, list[float]], list[str], float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        r = await client.get("/")  # the server answers before the clock starts
        r.raise_for_status()
        started = time.perf_counter()
        deadline = started + seconds

        async def worker(n: int) -> None:
            rng = random.Random(1000 + n)
            while time.perf_counter() < deadline:
                label, path, params = rng.choice(rng.choice(mix))
                t = time.perf_counter()
                try:
                    r = await client.get(path, params=params)
                    body = r.content
                    if r.status_code != 200 or not body:
                        errors.append(f"{label}: HTTP {r.status_code} for {path}?{urlencode(params)}")
                        continue
                except httpx.HTTPError as exc:
                    errors.append(f"{label}: {type(exc).__name__}: {exc}")
                    continue
                latencies[label].append(time.perf_counter() - t)

        await asyncio.gather(*(worker(n) for n in range(clients)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def phase(db_path: Path, mix: list[list[Search]], args: argparse.Namespace,
          cache_size: int) -> tuple[dict[str, list[float]], list[str], float]:
    port = _free_port()
    proc = start_server(db_path, port, cache_size, args.db_threads, OUT / "web_load_server.log")
    try:
        return asyncio.run(run_load(f"http://127.0.0.1:{port}", mix, args.clients, args.seconds))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def summarize(title: str, latencies: dict[str, list[float]], errors: list[str], elapsed: float,
              bare: dict[str, float], mix: list[list[Search]]) -> list[str]:
    all_lat = [x for values in latencies.values() for x in values]
    done = len(all_lat)
    lines = [
        f"### {title}", "",
        f"- requests: {done + len(errors):,} in {elapsed:.1f} s, errors: {len(errors)}",
        f"- throughput: {done / elapsed:.1f} requests/s",
        f"- latency, all searches: p50 {pct(all_lat, 50) * 1000:.0f} ms, "
        f"p95 {pct(all_lat, 95) * 1000:.0f} ms, p99 {pct(all_lat, 99) * 1000:.0f} ms",
        "",
        "| search | requests | p50 ms | p95 ms | bare store ms (median, one at a time) |",
        "|---|---:|---:|---:|---:|",
    ]
    for variants in mix:
        label = variants[0][0]
        values = latencies.get(label, [])
        example = variants[0][1] + "?" + urlencode(variants[0][2])
        lines.append(f"| {label} (e.g. `{example}`) | {len(values)} | {pct(values, 50) * 1000:.0f} | "
                     f"{pct(values, 95) * 1000:.0f} | {bare[label] * 1000:.1f} |")
    if errors:
        lines += ["", "First errors:", *[f"- {e}" for e in errors[:10]]]
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    parser.add_argument("--variants", type=int, default=40, help="distinct searches of each kind")
    parser.add_argument("--cache", choices=["both", "on", "off"], default="both",
                        help="run with the app's search cache on, off, or both (two phases)")
    parser.add_argument("--db-threads", type=int, default=8,
                        help="worker threads running database work in the app (its default: 8)")
    parser.add_argument("--repeat", type=int, default=9, help="variants timed for the bare store figure")
    parser.add_argument("--no-write", action="store_true", help="do not update benchmarks/results/web.md")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    db_path = OUT / f"store_search_{args.claims}.db"
    db = build(db_path, args.claims)
    n_claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    mix = search_mix(db, args.variants)
    bare = bare_times(db, mix, args.repeat)
    db.conn.close()
    load = os.getloadavg()[0]
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()

    lines = [
        f"{n_claims:,} claims (synthetic, benchmarks/store_search.py); {args.clients} concurrent "
        f"clients over loopback against one uvicorn process; {len(mix)} kinds of search, "
        f"{sum(len(v) for v in mix)} distinct URLs picked at random; {os.cpu_count()} CPU cores "
        f"shared with other work (load average {load:.1f} at start); Python {platform.python_version()}.",
        "", f"`uptime` at start: `{uptime}`", "",
    ]
    failed = False
    phases = {"both": [("cache on (default, 512 entries)", 512), ("cache off", 0)],
              "on": [("cache on (default, 512 entries)", 512)], "off": [("cache off", 0)]}[args.cache]
    for title, size in phases:
        latencies, errors, elapsed = phase(db_path, mix, args, size)
        lines += summarize(title, latencies, errors, elapsed, bare, mix)
        failed = failed or bool(errors)
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        command = (f".venv/bin/python benchmarks/web_load.py --claims {args.claims} "
                   f"--clients {args.clients} --seconds {args.seconds:g} --cache {args.cache}")
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        notes = ""  # hand-written notes below the marker survive a re-run
        if RESULTS.exists() and NOTES_MARKER in RESULTS.read_text():
            notes = NOTES_MARKER + RESULTS.read_text().split(NOTES_MARKER, 1)[1]
        RESULTS.write_text(
            "# Web load benchmark\n\n"
            "What it measures: reporters' searches (the HTML search page with facet counts, and "
            "the JSON API) served by the web app under uvicorn while many clients search at once, "
            "beside the time the store's `search_claims` (page + total + six facet counts) takes "
            "for the same searches called directly, one at a time, on the same file. The gap is "
            "the web layer (routing, templates, HTTP) plus waiting for the 2 shared cores.\n\n"
            f"Command:\n\n    {command}\n\n" + report + "\n" + (("\n" + notes) if notes else ""))
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
