"""Possible claims added to a seeded web database: one article of ours, run through the detector."""

from __future__ import annotations

from db.connection import open_db
from db.possible import possible_claims_of_article
from db.store import store_article, store_claims
from extract.possible import find_possible_claims
from records.article import Article

MURDERS = "As of Sunday, 41 people have been murdered in Riverton, up 9 from the same period a year ago."
THEFTS = "The city logged 1,204 auto thefts so far this year."
HOSTILE = "Carjackings <script>alert(5)</script> ran at about 30 a month in 2023, police records show."


def add_possible_claims(path: str) -> list[int]:
    """Store one article whose three sentences are possible claims; return their ids in order."""
    text = f"Riverton police gave their figures on Monday.\n{MURDERS}\n{THEFTS}\n{HOSTILE}"
    db = open_db(path)
    article_id, _ = store_article(db, Article(url="https://ledger.example/news/figures", text=text,
                                              title="Police figures", published="2024-06-20",
                                              outlet="Riverton Ledger", city="Riverton", state="CT"))
    store_claims(db, article_id, [], find_possible_claims(text, ()))
    ids = [p.possible_id for p in possible_claims_of_article(db, article_id)]
    db.conn.close()
    assert len(ids) == 3, "the seed sentences should all be possible claims"
    return ids
