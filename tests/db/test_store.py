"""Writes are idempotent and reads give back what was written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_db
from db.errors import NotFound, StoreError
from db.store import (
    add_review,
    articles_without_claims,
    checks_for,
    claims_to_check,
    frontier_add,
    frontier_counts,
    frontier_next,
    get_claim,
    get_page_body,
    observations_for,
    page_validators,
    record_fetch,
    review_queue,
    reviews_for,
    same_claim_elsewhere,
    store_article,
    store_check,
    store_claims,
    store_claims_many,
    store_observations,
    upsert_jurisdiction,
)
from records.article import Article, Page
from records.official import Jurisdiction, Observation

from .conftest import make_article, make_check, make_claim

STORY = ("Car thefts in Millbrook fell from 40 to 30 this spring, police said. The department "
         "credited new patrols along the river, and the mayor praised the officers involved.")


def test_same_url_or_same_text_is_stored_once(db_path: Path) -> None:
    db = open_db(db_path)
    first = store_article(db, make_article(1, STORY, title="Car thefts fall"))
    again = store_article(db, make_article(1, STORY + " Updated.", title="Car thefts fall"))
    same_text = store_article(db, Article(url="https://other.example/a", text=STORY + "  "))
    assert first == (1, True)
    assert again == (1, False)
    assert same_text == (1, False)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_claims_are_idempotent_and_ids_follow_input_order(db_path: Path) -> None:
    db = open_db(db_path)
    article_id, _ = store_article(db, make_article(1, STORY, title="Car thefts fall"))
    sentence = "Car thefts in Millbrook fell from 40 to 30 this spring, police said."
    claims = [make_claim(sentence, "from 40 to 30", kind="from_to", value=30, from_value=40,
                         unit="count", offense="motor_vehicle_theft"),
              make_claim(sentence, "fell", kind="count_change", value=10, unit="count",
                         offense="motor_vehicle_theft")]
    ids = store_claims(db, article_id, claims)
    assert store_claims(db, article_id, claims) == ids
    assert store_claims(db, article_id, list(reversed(claims))) == list(reversed(ids))
    assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == 2
    stored = get_claim(db, ids[0])
    assert stored.claim == claims[0].__class__(**{**_fields(claims[0]), "place": stored.claim.place})
    assert (stored.city, stored.state, stored.outlet, stored.published) == (
        "Millbrook", "CT", "Harbor Ledger", "2026-10-01")
    assert stored.quote == "from 40 to 30"  # attribute access falls through to the claim


def _fields(claim: object) -> dict[str, object]:
    return {name: getattr(claim, name) for name in claim.__dataclass_fields__}  # type: ignore[attr-defined]


def test_claims_for_a_missing_article_raise_not_found(db_path: Path) -> None:
    db = open_db(db_path)
    with pytest.raises(NotFound, match="store_article"):
        store_claims(db, 99, [make_claim("Thefts fell 5 percent.", "fell 5 percent")])


def test_articles_without_claims_until_extracted_even_with_none_found(db_path: Path) -> None:
    db = open_db(db_path)
    a, _ = store_article(db, make_article(1, STORY, title="One"))
    b, _ = store_article(db, make_article(2, "The parks board met on Monday to talk about trees.",
                                          title="Two"))
    assert [i for i, _ in articles_without_claims(db)] == [a, b]
    store_claims(db, b, [])
    pending = list(articles_without_claims(db))
    assert [i for i, _ in pending] == [a]
    assert pending[0][1].text == STORY


def test_bulk_path_matches_single_path(db_path: Path) -> None:
    db = open_db(db_path)
    batches = []
    for n in range(30):
        article_id, _ = store_article(db, make_article(n, f"Story number {n}. Thefts fell {n} percent.",
                                                       title=f"Story {n}"))
        batches.append((article_id, [make_claim(f"Thefts fell {n} percent.", f"fell {n} percent",
                                                value=n, offense="larceny")]))
    assert store_claims_many(db, batches, batch_articles=7) == 30
    assert store_claims_many(db, batches, batch_articles=7) == 30
    assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == 30
    assert list(articles_without_claims(db)) == []


def _obs(value: float | None, *, as_of: str | None = "2026-01-15", end: str = "2025-12-31") -> Observation:
    return Observation(source_id="manual:millbrook", jurisdiction_id="place:millbrook-ct",
                       offense="homicide", measure="count", unit="victims",
                       period_start=end[:4] + "-01-01", period_end=end, value=value, status="final",
                       as_of=as_of, retrieved_at="2026-02-01T00:00:00Z",
                       source_url="https://police.example/report.pdf#page=3")


def test_observations_append_only_with_vintages(db_path: Path) -> None:
    db = open_db(db_path)
    upsert_jurisdiction(db, Jurisdiction("place:millbrook-ct", "Millbrook", "CT", population=52000))
    assert store_observations(db, [_obs(12), _obs(12), _obs(None, as_of=None)]) == (2, 1)
    assert store_observations(db, [_obs(12), _obs(None, as_of=None)]) == (0, 2)
    assert store_observations(db, [_obs(13, as_of="2026-03-01")]) == (1, 0)
    found = observations_for(db, "place:millbrook-ct", "homicide")
    assert [(o.value, o.as_of) for o in found] == [(None, None), (12.0, "2026-01-15"), (13.0, "2026-03-01")]
    assert all(o.obs_id for o in found)
    assert observations_for(db, "place:millbrook-ct", "homicide", "2026-01-01", "2026-06-30") == []
    assert store_observations(db, [_obs(9, end="2024-12-31")]) == (1, 0)
    assert [o.value for o in observations_for(db, "place:millbrook-ct", "homicide", "2024-01-01",
                                              "2024-12-31")] == [9.0]


def test_identical_check_is_not_stored_twice_and_latest_wins(filled: Database) -> None:
    assert store_check(filled, make_check(1, "contradicted")) is None
    new_id = store_check(filled, make_check(1, "close", flags=("preliminary_data",),
                                            computed={"pct": -16.0}))
    assert new_id is not None
    assert [c.verdict for c in checks_for(filled, 1)] == ["contradicted", "close"]
    claim = get_claim(filled, 1)
    assert (claim.verdict, claim.flags) == ("close", ("preliminary_data",))


def test_check_for_missing_claim(filled: Database) -> None:
    with pytest.raises(NotFound):
        store_check(filled, make_check(999, "supported"))


def test_reviews_are_history(filled: Database) -> None:
    add_review(filled, 1, "dana", "close", "Off by a point.")
    add_review(filled, 1, "lee", "contradicted", None)
    assert [(r.user_name, r.verdict) for r in reviews_for(filled, 1)] == [
        ("dana", "close"), ("lee", "contradicted")]
    assert get_claim(filled, 1).review_verdict == "contradicted"
    with pytest.raises(StoreError, match="Unknown verdict"):
        add_review(filled, 1, "dana", "mostly-true", None)
    with pytest.raises(NotFound):
        add_review(filled, 404, "dana", "close", None)


def test_claims_to_check(filled: Database) -> None:
    assert [c.claim_id for c in claims_to_check(filled)] == [4]
    assert [c.claim_id for c in claims_to_check(filled, all=True)] == [1, 2, 3, 4]
    assert [c.claim_id for c in claims_to_check(filled, all=True, since="2026-09-25")] == [1, 2]


def test_get_claim_not_found(filled: Database) -> None:
    with pytest.raises(NotFound, match="claims search"):
        get_claim(filled, 12345)


def test_review_queue_order_and_reasons(filled: Database) -> None:
    queue = review_queue(filled, today=date(2026, 10, 6))
    # claim 2 is reviewed (left out); claim 4 unchecked; 1 contradicted, big outlet, recent.
    assert [c.claim_id for c in queue] == [1, 3]
    assert queue[0].priority_reasons == (
        "contradicted by official figures", "an outlet with many readers", "published 5 days ago",
        "claims a 18% change")
    assert queue[0].priority > queue[1].priority
    assert "close to official figures, but not within rounding" in queue[1].priority_reasons


def test_internal_inconsistency_and_unverifiable_check_worthy_are_flagged(filled: Database) -> None:
    store_check(filled, make_check(2, "supported", flags=("internal_inconsistency",)))
    store_check(filled, make_check(4, "unverifiable"))
    ids = [c.claim_id for c in review_queue(filled, include_reviewed=True, today=date(2026, 10, 6))]
    assert set(ids) == {1, 2, 3, 4}


def test_same_claim_elsewhere(filled: Database) -> None:
    sentence = "Shootings in Millbrook fell 18 percent so far this year, the paper reported."
    article_id, _ = store_article(filled, make_article(9, f"Repeat. {sentence}", title="Repeat",
                                                       outlet="Valley Courier", published="2026-10-03"))
    (repeat_id,) = store_claims(filled, article_id, [make_claim(
        sentence, "fell 18 percent", offense="shooting", value=18.0, city="Millbrook", state="CT")])
    assert [c.claim_id for c in same_claim_elsewhere(filled, 1)] == [repeat_id]
    assert [c.claim_id for c in same_claim_elsewhere(filled, repeat_id)] == [1]
    assert same_claim_elsewhere(filled, 3) == []


def _page(url: str, body: bytes, status: int = 200) -> Page:
    return Page(url=url, final_url=url, status=status, fetched_at="2026-11-01T00:00:00Z",
                content_type="text/html", body=body, sha256="abc", etag='"v1"',
                last_modified="Sat, 01 Nov 2026 00:00:00 GMT")


def test_crawl_state(db_path: Path) -> None:
    db = open_db(db_path)
    assert frontier_add(db, ["https://n.example/a", "https://n.example/b", "https://n.example/a"],
                        "Harbor Ledger") == 2
    assert frontier_add(db, ["https://n.example/a"], "Harbor Ledger") == 0
    assert frontier_next(db, 10) == ["https://n.example/a", "https://n.example/b"]
    page_id = record_fetch(db, _page("https://n.example/a", b"<p>hello</p>"), "https://n.example/a",
                           "Harbor Ledger", None)
    record_fetch(db, None, "https://n.example/b", "Harbor Ledger", "timed out after 20 s")
    assert frontier_next(db, 10) == []  # b waits for its retry time
    assert frontier_counts(db) == {"fetched": 1, "failed": 1}
    assert page_validators(db, "https://n.example/a") == ('"v1"', "Sat, 01 Nov 2026 00:00:00 GMT")
    assert page_validators(db, "https://n.example/b") is None
    assert get_page_body(db, page_id) == get_page_body(db, "https://n.example/a") == b"<p>hello</p>"
    # A 304 keeps the archived copy.
    assert record_fetch(db, _page("https://n.example/a", b"", 304), "https://n.example/a",
                        "Harbor Ledger", None) == page_id
    assert get_page_body(db, page_id) == b"<p>hello</p>"
    with pytest.raises(NotFound):
        get_page_body(db, "https://n.example/b")


def test_bulk_path_refuses_claims_of_unknown_articles_and_stores_nothing(db_path: Path) -> None:
    db = open_db(db_path)
    article_id, _ = store_article(db, make_article(1, STORY, title="One"))
    claim = make_claim("Thefts fell 5 percent.", "fell 5 percent")
    with pytest.raises(NotFound, match="No article with id 42"):
        store_claims_many(db, [(article_id, [claim]), (42, [claim])])
    assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == 0
    assert [i for i, _ in articles_without_claims(db)] == [article_id]


def test_sql_order_matches_the_explained_priority(filled: Database) -> None:
    from db.queue import priority

    extra = [("from_to", 30.0, 40.0, "2026-06-01"), ("record", 2006.0, None, None),
             ("percent_change", 0.0, None, "not a date"), ("count", 14.0, None, "2026-10-06")]
    for n, (kind, value, old, published) in enumerate(extra, start=50):
        sentence = f"Case {n}: arsons changed, officials said."
        article_id, _ = store_article(filled, make_article(n, sentence, title=f"Case {n}",
                                                           published=published))  # type: ignore[arg-type]
        (claim_id,) = store_claims(filled, article_id, [make_claim(
            sentence, "arsons changed", kind=kind, value=value, from_value=old, offense="arson",
            city="Millbrook", state="CT")])
        store_check(filled, make_check(claim_id, "needs_review",
                                       flags=("internal_inconsistency",) if n % 2 else ()))
    today = date(2026, 10, 6)
    queue = review_queue(filled, limit=100, include_reviewed=True, today=today)
    assert len(queue) == 6  # claims 1 and 3 plus the four above
    scores = [priority(c, today)[0] for c in queue]
    assert scores == sorted(scores, reverse=True)
    assert [c.priority for c in queue] == scores
    assert [c.claim_id for c in review_queue(filled, limit=2, offset=1, include_reviewed=True,
                                             today=today)] == [c.claim_id for c in queue[1:3]]
