"""One content hash and one near-duplicate measure (``dedup``), as the store uses them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlite_utils import Database

import dedup
from db.connection import open_db
from db.store import get_article, store_article
from db.wire_copies import link_near_duplicate
from records.article import Article

from .conftest import make_article

STORY = ("Car thefts in Millbrook fell from 40 to 30 this spring, police said. The department "
         "credited new patrols along the river, and the mayor praised the officers involved.")
WIRE = STORY + (" The county's other towns reported mixed results. Riverside saw thefts rise "
                "slightly, from 12 to 15, while Oakdale held steady at nine. State officials said "
                "the figures were preliminary and could change as agencies finish their reports. "
                "A spokesperson for the state police said the agency would publish the final "
                "numbers for the year in the spring, along with figures for burglaries and robberies.")


def _store_and_link(db: Database, article: Article) -> tuple[int, bool, int | None]:
    article_id, created = store_article(db, article)
    return article_id, created, link_near_duplicate(db, article_id, article.text, article.title)


@pytest.mark.issue(11)
def test_a_retitled_wire_copy_points_at_the_original(db_path: Path) -> None:
    db = open_db(db_path)
    original, _, _ = _store_and_link(db, make_article(1, "Car thefts fall\n" + WIRE, title="Car thefts fall"))
    copy_id, created, linked = _store_and_link(db, make_article(
        2, "Fewer cars stolen\n" + WIRE.replace("police said", "police said Tuesday"),
        title="Fewer cars stolen", outlet="Valley Courier"))
    other_id, _, _ = _store_and_link(db, make_article(
        3, "Something else entirely about parks and budgets and the school board meeting.",
        title="Car thefts fall"))
    assert created and linked == original
    assert get_article(db, copy_id).extra["duplicate_of"] == original
    assert get_article(db, other_id).extra["duplicate_of"] is None


@pytest.mark.issue(11)
def test_the_store_keys_every_article_by_the_one_content_hash(db_path: Path) -> None:
    db = open_db(db_path)
    article = make_article(1, STORY, title="Car thefts fall")
    article_id, _ = store_article(db, article)  # the article carries no hash: the store computes it
    stored = db.execute("SELECT content_sha256 FROM articles WHERE id = ?", [article_id]).fetchone()[0]
    assert stored == dedup.content_hash(STORY)
    # the same words in another case and spacing, under another URL, are the same article
    again = make_article(2, "  " + STORY.upper().replace(" ", "\n"), title="CAR THEFTS")
    assert store_article(db, again) == (article_id, False)


def test_content_hash_ignores_case_spacing_and_punctuation_but_not_words() -> None:
    assert dedup.content_hash("Murders FELL, 12%.") == dedup.content_hash("murders fell 12 %")
    assert dedup.content_hash("murders fell 12%") != dedup.content_hash("murders fell 13%")


def test_similarity_is_jaccard_of_word_shingles() -> None:
    words = " ".join(f"w{i}" for i in range(20))
    a, b = dedup.shingles(words), dedup.shingles(words + " w20")
    assert len(a) == 16 and len(b) == 17
    assert dedup.similarity(a, b) == pytest.approx(16 / 17)
    assert dedup.similarity(a, frozenset()) == 0.0


@pytest.mark.issue(11)
def test_the_hash_migration_recomputes_old_hashes_and_never_duplicates(db_path: Path) -> None:
    """A store written before m015 holds the whitespace-only hash on some rows."""
    db = open_db(db_path)
    old_hash = [hashlib.sha256(" ".join(t.split()).encode()).hexdigest() for t in (STORY, STORY.upper())]
    for n, (text, digest) in enumerate(zip((STORY, STORY.upper()), old_hash, strict=True), 1):
        db.execute("INSERT INTO articles (id, url, text, content_sha256, ingested_at) VALUES (?, ?, ?, ?, ?)",
                   [n, f"https://news.example/{n}", text, digest, "2026-10-01T00:00:00Z"])
    first, second = 1, 2
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm015_one_content_hash'")
    db.conn.commit()
    db.close()

    db = open_db(db_path)
    rows = db.execute("SELECT id, content_sha256, duplicate_of FROM articles ORDER BY id").fetchall()
    assert rows == [(first, dedup.content_hash(STORY), None), (second, None, first)]
    assert store_article(db, make_article(3, STORY.lower(), title="t")) == (first, False)
    assert store_article(db, make_article(2, "anything", title="t")) == (second, False)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
