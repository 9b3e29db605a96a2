"""Property test: any claim the extractor can make comes back from the store unchanged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.connection import open_db
from db.store import get_claim, store_article, store_claims
from records.article import Article
from records.claim import DIRECTIONS, KINDS, OFFENSES, UNITS, Claim, Place

text = st.text(min_size=1, max_size=60)
maybe = st.none() | text
numbers = st.floats(allow_nan=False, allow_infinity=False, width=64)

places = st.builds(Place, city=text, state=maybe, neighborhood=maybe, source=st.sampled_from(["text", "article"]))
claims = st.builds(
    Claim,
    quote=text, start=st.integers(0, 10_000), end=st.integers(0, 10_000), sentence=text,
    kind=st.sampled_from(KINDS), direction=st.sampled_from(DIRECTIONS), value=numbers,
    unit=st.sampled_from(UNITS), offense=st.none() | st.sampled_from(OFFENSES), rule=text,
    from_value=st.none() | numbers, baseline=maybe, period=maybe, place=places,
    qualifiers=st.lists(st.sampled_from(["about", "nearly", "more_than", "less_than"]),
                        max_size=3).map(tuple),
    offense_detail=maybe, offense_from=st.none() | st.sampled_from(["text", "context"]),
    id=maybe, sentence_start=st.none() | st.integers(0, 10_000),
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(claim=claims)
def test_claim_round_trip(claim: Claim) -> None:
    db = open_db(":memory:")
    article_id, _ = store_article(db, Article(url="https://rt.example/1", text="Some text."))
    (claim_id,) = store_claims(db, article_id, [claim])
    assert get_claim(db, claim_id).claim == claim
    db.close()
