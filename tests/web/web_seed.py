"""A small, fictional newsroom database for the web tests, written through db/ functions.

Three outlets in two towns; one claim repeated by two outlets; one article whose title, sentence
and URL are hostile (script tags, event handlers, a javascript: link, a </script> in a note);
one archived page whose HTML would run script if it were ever rendered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from db.accounts import add_user, auth_path, open_auth_db
from db.connection import open_db
from db.store import (
    observations_for,
    record_fetch,
    store_article,
    store_check,
    store_claims,
    store_observations,
    upsert_jurisdiction,
    upsert_official_source,
    upsert_source,
)
from records.article import Article, Page, Source
from records.check import Check
from records.claim import Claim, Place
from records.official import Jurisdiction, Observation
from web.auth import hash_password

REVIEWER = ("rita", "correct horse battery")
ADMIN = ("ada", "admin passphrase 42")

HOSTILE_TITLE = '<script>alert("title")</script>Crime <b>report</b>'
HOSTILE_SENTENCE = ('Burglaries rose from 30 to 45 <img src=x onerror=alert(1)> in Bayport last year, '
                    'officials said </script><script>alert(2)</script>.')
HOSTILE_QUOTE = "Burglaries rose from 30 to 45"
HOSTILE_URL = "javascript:alert(document.cookie)"
ARCHIVED_HTML = (b"<html><head><title>Riverton Ledger</title></head><body>"
                 b"<script>document.title='pwned'</script><img src=x onerror=alert(3)>"
                 b"<p>Homicides fell 25 percent so far this year.</p></body></html>")


@dataclass(frozen=True, slots=True)
class Seeded:
    path: str  # the store; its accounts are in auth_path(path) beside it
    ledger_claim: int  # Riverton Ledger, checked "close", with official figures, archived page
    herald_claim: int  # Valley Herald, same claim two days later
    hostile_claim: int  # Bayport Times, hostile text, contradicted
    quiet_claim: int  # a supported claim (not in the queue)
    extra_claims: tuple[int, ...]  # filler for pagination


def _claim(text: str, quote: str, sentence: str, kind: str, direction: str, value: float,
           offense: str, place: Place, *, from_value: float | None = None,
           period: str | None = None, unit: str = "percent") -> Claim:
    start = text.index(quote)
    sentence_start = text.index(sentence)
    return Claim(quote=quote, start=start, end=start + len(quote), sentence=sentence, kind=kind,
                 direction=direction, value=value, unit=unit, offense=offense,
                 rule="test.v1", from_value=from_value, period=period, place=place,
                 sentence_start=sentence_start)


def seed(path: str, *, extra: int = 30) -> Seeded:
    db = open_db(path)
    for name, city, state, reach in (("Riverton Ledger", "Riverton", "CT", 50_000),
                                     ("Valley Herald", "Riverton", "CT", 5_000),
                                     ("Bayport Times", "Bayport", "NY", 20_000)):
        upsert_source(db, Source(name=name, city=city, state=state, reach=reach))
    riverton = Place("Riverton", "CT")
    bayport = Place("Bayport", "NY")

    ledger_url = "https://ledger.example/news/midyear-crime"
    page_id = record_fetch(db, Page(url=ledger_url, final_url=ledger_url, status=200,
                                    fetched_at="2024-06-10T12:00:00Z",
                                    content_type="text/html; charset=utf-8", body=ARCHIVED_HTML,
                                    sha256=hashlib.sha256(ARCHIVED_HTML).hexdigest()),
                           ledger_url, "Riverton Ledger", None)
    sentence = "Homicides fell 25 percent so far this year compared with the same period last year."
    text = ("Police released their midyear figures on Monday.\n"
            f"The chief was upbeat. {sentence} She credited a new outreach program.\n"
            "The council meets next week.")
    aid, _ = store_article(db, Article(url=ledger_url, text=text, title="Midyear crime figures",
                                       published="2024-06-10", outlet="Riverton Ledger",
                                       city="Riverton", state="CT", extra={"page_id": page_id}))
    (ledger_claim,) = store_claims(db, aid, [_claim(text, "Homicides fell 25 percent", sentence,
                                                    "percent_change", "decrease", 25, "homicide",
                                                    riverton, period="so far this year")])

    herald_sentence = "Homicides are down 25 percent so far this year, police said."
    herald_text = f"Riverton's police chief spoke Wednesday.\n{herald_sentence}"
    hid, _ = store_article(db, Article(url="https://herald.example/2024/06/12/chief",
                                       text=herald_text, title="Chief reports progress",
                                       published="2024-06-12", outlet="Valley Herald",
                                       city="Riverton", state="CT"))
    (herald_claim,) = store_claims(db, hid, [_claim(herald_text, "Homicides are down 25 percent",
                                                    herald_sentence, "percent_change", "decrease",
                                                    25, "homicide", riverton,
                                                    period="so far this year")])

    hostile_text = f"Bayport crime roundup.\n{HOSTILE_SENTENCE}"
    xid, _ = store_article(db, Article(url=HOSTILE_URL, text=hostile_text, title=HOSTILE_TITLE,
                                       published="2024-03-01", outlet="Bayport Times",
                                       city="Bayport", state="NY"))
    (hostile_claim,) = store_claims(db, xid, [_claim(hostile_text, HOSTILE_QUOTE, HOSTILE_SENTENCE,
                                                     "from_to", "increase", 45, "burglary",
                                                     bayport, from_value=30, period="last year",
                                                     unit="count")])

    quiet_sentence = "Robberies were flat in 2023, according to the department."
    quiet_text = f"Annual report.\n{quiet_sentence}"
    qid, _ = store_article(db, Article(url="https://bayport.example/annual", text=quiet_text,
                                       title="Annual report", published="2024-01-15",
                                       outlet="Bayport Times", city="Bayport", state="NY"))
    (quiet_claim,) = store_claims(db, qid, [_claim(quiet_text, "Robberies were flat", quiet_sentence,
                                                   "percent_change", "none", 0, "robbery", bayport,
                                                   period="in 2023")])

    extra_ids: list[int] = []
    for i in range(extra):
        s = f"Car thefts rose {i + 3} percent in month {i} of the review, the filler outlet said."
        t = f"Filler story {i}.\n{s}"
        eid, _ = store_article(db, Article(url=f"https://filler.example/{i}", text=t,
                                           title=f"Filler {i}", published=f"2023-{(i % 12) + 1:02d}-05",
                                           outlet="Valley Herald", city="Riverton", state="CT"))
        extra_ids += store_claims(db, eid, [_claim(t, f"Car thefts rose {i + 3} percent", s,
                                                   "percent_change", "increase", i + 3,
                                                   "motor_vehicle_theft", riverton)])

    upsert_official_source(db, "riverton-pd", "csv", "Riverton Police Department",
                           "Riverton monthly crime figures")
    upsert_jurisdiction(db, Jurisdiction("place:riverton-ct", "Riverton", "CT", population=61_000))
    store_observations(db, [
        Observation("riverton-pd", "place:riverton-ct", "homicide", "count", "offenses",
                    start, end, value, "preliminary", "2024-06-05", "2024-06-06T00:00:00Z",
                    "https://riverton.example/police/stats.csv",
                    publisher="Riverton Police Department")
        for start, end, value in (("2023-01-01", "2023-05-31", 12.0), ("2024-01-01", "2024-05-31", 9.5))
    ] + [Observation("riverton-pd", "place:riverton-ct", "homicide", "count", "offenses",
                     "2022-01-01", "2022-05-31", None, "final", "2023-01-10", "2024-06-06T00:00:00Z",
                     "javascript:alert('obs')", publisher="<i>Evil</i> Publisher")])
    obs_ids = tuple(o.obs_id for o in observations_for(db, "place:riverton-ct", "homicide")
                    if o.obs_id is not None)
    store_check(db, Check(ledger_claim, "close", ("preliminary_data", "period_assumed"),
                          "Official figures show homicides fell from 12 to 9.5 (-20.8%), not 25%.",
                          "verify.v1", "2024-06-11T00:00:00Z", observation_ids=obs_ids,
                          computed={"old": 12, "new": 9.5, "change_pct": -20.8},
                          tolerance={"pp": 2}, period_start="2024-01-01", period_end="2024-05-31",
                          baseline_start="2023-01-01", baseline_end="2023-05-31"))
    store_check(db, Check(hostile_claim, "contradicted", ("internal_inconsistency",),
                          "The claim's numbers <script>alert(4)</script> disagree.", "verify.v1",
                          "2024-03-02T00:00:00Z"))
    store_check(db, Check(quiet_claim, "supported", (), "Robberies were 40 in both years.",
                          "verify.v1", "2024-01-16T00:00:00Z"))
    for cid in extra_ids[:5]:
        store_check(db, Check(cid, "unverifiable", (), "No official figures for car thefts yet.",
                              "verify.v1", "2024-01-01T00:00:00Z"))
    db.conn.close()
    accounts = open_auth_db(auth_path(path))
    add_user(accounts, REVIEWER[0], "reviewer", hash_password(REVIEWER[1]))
    add_user(accounts, ADMIN[0], "admin", hash_password(ADMIN[1]))
    accounts.conn.close()
    return Seeded(path, ledger_claim, herald_claim, hostile_claim, quiet_claim, tuple(extra_ids))
