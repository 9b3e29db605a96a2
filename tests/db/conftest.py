"""Shared fixtures for the store tests: real SQLite files in tmp_path, our own sentences."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_db
from db.store import add_review, store_article, store_check, store_claims, upsert_source
from records.article import Article, Source
from records.check import Check
from records.claim import Claim, Place


def make_claim(sentence: str, quote: str, *, kind: str = "percent_change",
               direction: str = "decrease", value: float = 10.0, unit: str = "percent",
               offense: str | None = "homicide", city: str | None = None,
               state: str | None = None, from_value: float | None = None) -> Claim:
    start = sentence.index(quote)
    place = Place(city=city, state=state, source="text") if city else None
    return Claim(quote=quote, start=start, end=start + len(quote), sentence=sentence, kind=kind,  # type: ignore[arg-type]
                 direction=direction, value=value, unit=unit, offense=offense, rule="test.v1",  # type: ignore[arg-type]
                 from_value=from_value, place=place, sentence_start=0)


def make_article(n: int, text: str, *, title: str, outlet: str = "Harbor Ledger",
                 published: str = "2026-10-01", city: str = "Millbrook", state: str = "CT") -> Article:
    return Article(url=f"https://news.example/{n}", text=text, title=title, outlet=outlet,
                   published=published, city=city, state=state)


def make_check(claim_id: int, verdict: str, *, flags: tuple[str, ...] = (),
               method: str = "verify.v1", computed: dict[str, float] | None = None) -> Check:
    return Check(claim_id=claim_id, verdict=verdict, flags=flags,  # type: ignore[arg-type]
                 explanation=f"Machine says {verdict}.", method_version=method,
                 checked_at="2026-11-01T00:00:00Z", observation_ids=(1, 2),
                 computed=computed or {"pct": -12.5})


SENTENCES = [
    # (article n, outlet, published, city, title, sentence, quote, offense, value, verdict)
    (1, "Harbor Ledger", "2026-10-01", "Millbrook", "Millbrook shootings drop",
     "Shootings in Millbrook fell 18 percent so far this year.", "fell 18 percent", "shooting", 18.0,
     "contradicted"),
    (2, "Valley Courier", "2026-10-05", "Millbrook", "Burglary report",
     "Burglaries rose 7 percent compared with last year.", "rose 7 percent", "burglary", 7.0,
     "supported"),
    (3, "Valley Courier", "2026-09-20", "Eastport", "Eastport homicides",
     "Homicides in Eastport dropped 30 percent, the chief said.", "dropped 30 percent", "homicide",
     30.0, "close"),
    (4, "Harbor Ledger", "2026-08-15", "Eastport", "Robbery trends",
     "Robberies fell 12 percent in Eastport over the summer.", "fell 12 percent", "robbery", 12.0,
     None),
]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "claims.db"


@pytest.fixture
def filled(db_path: Path) -> Iterator[Database]:
    """A database with two outlets, four articles, one claim each, checks and one review."""
    db = open_db(db_path)
    upsert_source(db, Source(name="Harbor Ledger", city="Millbrook", state="CT", reach=120_000))
    upsert_source(db, Source(name="Valley Courier", city="Eastport", state="CT", reach=800))
    for n, outlet, published, city, title, sentence, quote, offense, value, verdict in SENTENCES:
        article_id, _ = store_article(db, make_article(
            n, f"{title}. {sentence} Officials spoke on Monday.", title=title, outlet=outlet,
            published=published, city=city))
        direction = "increase" if "rose" in quote else "decrease"
        (claim_id,) = store_claims(db, article_id, [make_claim(
            sentence, quote, offense=offense, value=value, direction=direction, city=city,
            state="CT")])
        if verdict:
            store_check(db, make_check(claim_id, verdict))
    add_review(db, 2, "dana", "supported", "Matches the CompStat sheet.")
    yield db
    db.close()
