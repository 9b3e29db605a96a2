"""One more article for the search tests: a sentence holding three claims (issue 13)."""

from __future__ import annotations

from db.connection import open_db
from db.store import store_article, store_claims
from records.article import Article
from records.claim import Claim, Place

SENTENCE = ("Robberies fell 14 percent, burglaries dropped 9 percent and car thefts rose 6 percent "
            "in Riverton last year.")
QUOTES = (("Robberies fell 14 percent", "robbery", 14.0, "decrease"),
          ("burglaries dropped 9 percent", "burglary", 9.0, "decrease"),
          ("car thefts rose 6 percent", "motor_vehicle_theft", 6.0, "increase"))


def add_multi_claim_article(path: str) -> list[int]:
    """Store the article and its three claims in the database at ``path``; their ids."""
    db = open_db(path)
    text = f"The annual report came out Tuesday.\n{SENTENCE} The mayor was pleased."
    aid, _ = store_article(db, Article(url="https://ledger.example/annual-report", text=text,
                                       title="Annual report", published="2024-02-02",
                                       outlet="Riverton Ledger", city="Riverton", state="CT"))
    sentence_start = text.index(SENTENCE)
    claims = []
    for quote, offense, value, direction in QUOTES:
        start = text.index(quote)
        claims.append(Claim(quote=quote, start=start, end=start + len(quote), sentence=SENTENCE,
                            kind="percent_change", direction=direction, value=value, unit="percent",
                            offense=offense, rule="test.v1", period="last year",
                            place=Place("Riverton", "CT"), sentence_start=sentence_start))
    ids = store_claims(db, aid, claims)
    db.conn.close()
    return list(ids)
