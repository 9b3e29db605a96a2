"""Worker processes for the reliability tests (run as ``python workers.py KIND DB ...``).

Not a test module: ``test_reliability.py`` starts these in real processes, kills them, and
checks what reached the file.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from db.connection import open_db
from db.search import SearchQuery, search_claims
from db.store import add_review, store_article, store_check, store_claims_many
from records.article import Article
from records.check import Check
from records.claim import Claim

CLAIMS_PER_ARTICLE = 10


def article(n: int) -> Article:
    return Article(url=f"https://bulk.example/{n}", title=f"Bulk story {n}", outlet="Bulk Daily",
                   text=f"Bulk story {n}. " + " ".join(
                       f"Thefts fell {k} percent in ward {n}." for k in range(CLAIMS_PER_ARTICLE)),
                   published="2026-01-01", city="Millbrook", state="CT")


def claims_of(n: int) -> list[Claim]:
    out = []
    for k in range(CLAIMS_PER_ARTICLE):
        sentence = f"Thefts fell {k} percent in ward {n}."
        out.append(Claim(quote=f"fell {k} percent", start=k * 100, end=k * 100 + 14, sentence=sentence,
                         kind="percent_change", direction="decrease", value=float(k),
                         unit="percent", offense="larceny", rule="bulk.v1"))
    return out


def bulk(path: str, articles: int, batch: int) -> None:
    """Store ``articles`` articles, then their claims in batches, reporting each batch."""
    db = open_db(path)
    ids = [store_article(db, article(n))[0] for n in range(articles)]
    print("articles", flush=True)

    def batches():  # report progress as the bulk path consumes its input
        for i, article_id in enumerate(ids):
            if i and i % batch == 0:
                print("batch", i // batch, flush=True)
            yield article_id, claims_of(i)

    store_claims_many(db, batches(), batch_articles=batch)
    print("done", flush=True)


def _wait(start_file: str) -> None:
    while not Path(start_file).exists():
        time.sleep(0.01)


def checker(path: str, start_file: str, claims: int, rounds: int) -> None:
    db = open_db(path)
    _wait(start_file)
    stored = repeated = 0
    for r in range(rounds):
        for claim_id in range(1, claims + 1):
            check = Check(claim_id=claim_id, verdict="close", flags=(), explanation=f"round {r}",
                          method_version="stress.v1", checked_at="2026-11-01T00:00:00Z",
                          computed={"round": r})
            if store_check(db, check) is None:
                repeated += 1
            else:
                stored += 1
            if store_check(db, check) is None:  # the same check again adds nothing
                repeated += 1
    print(json.dumps({"stored": stored, "repeated": repeated}), flush=True)


def reviewer(path: str, start_file: str, claims: int, reviews: int) -> None:
    db = open_db(path)
    _wait(start_file)
    for i in range(reviews):
        add_review(db, i % claims + 1, "stress", "supported", f"note {i}")
    print(json.dumps({"stored": reviews}), flush=True)


def searcher(path: str, start_file: str, seconds: float) -> None:
    db = open_db(path)
    _wait(start_file)
    searches = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = search_claims(db, SearchQuery(text="thefts", city="Millbrook", verdict="close"))
        assert page.total >= 0
        searches += 1
    print(json.dumps({"searches": searches}), flush=True)


if __name__ == "__main__":
    kind, db_path, *rest = sys.argv[1:]
    if kind == "bulk":
        bulk(db_path, int(rest[0]), int(rest[1]))
    elif kind == "checker":
        checker(db_path, rest[0], int(rest[1]), int(rest[2]))
    elif kind == "reviewer":
        reviewer(db_path, rest[0], int(rest[1]), int(rest[2]))
    elif kind == "searcher":
        searcher(db_path, rest[0], float(rest[1]))
    else:
        raise SystemExit(f"unknown worker {kind}")
