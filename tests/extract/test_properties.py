"""Property tests: extraction never raises, and every quote is exactly text[start:end]."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from extract import extract_text
from extract.chunking import read_chunks, split_text

_PIECES = [
    "Homicides fell 18 percent", "a 53% decrease in murders", "from 30 to 14", "“We had 31 homicides,”",
    "Robberies rose to 17, up from 11", "twenty-two shootings so far this year", "the lowest since 2006",
    "12 fewer burglaries", "812 per 100,000 residents", "cut in half", "were flat", ". ", ", ", "\n\n",
    "’", "—", "é", "🙂", "$4.2 million", "2:30 a.m.", "a 24-year-old", "555-0134", "per cent", " ",
    "Café Zoë’s thefts doubled", "Down 12 pct.", "\u00a0", "\t", "”", "…",
]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_PIECES), max_size=25).map("".join),
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=20).map(" ".join),
)
_fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.slow
@_fast
@given(text=texts)
def test_extract_never_raises_and_quotes_match(nlp: Language, text: str) -> None:
    for claim in extract_text(text, nlp=nlp):
        assert text[claim.start:claim.end] == claim.quote
        assert claim.sentence_start is not None
        assert text[claim.sentence_start:claim.sentence_start + len(claim.sentence)] == claim.sentence
        assert claim.start >= claim.sentence_start
        assert claim.kind in {"percent_change", "count", "count_change", "from_to", "rate", "record"}


@pytest.mark.slow
@_fast
@given(text=texts, size=st.integers(min_value=1, max_value=120))
def test_chunk_offsets_cover_the_text(text: str, size: int) -> None:
    pieces = list(split_text(text, size))
    assert "".join(p for _, p in pieces) == text
    for offset, piece in pieces:
        assert text[offset:offset + len(piece)] == piece


@pytest.mark.slow
@_fast
@given(text=texts, size=st.integers(min_value=1, max_value=120))
def test_streamed_chunks_equal_split_chunks(text: str, size: int) -> None:
    import io

    assert list(read_chunks(io.StringIO(text), size)) == list(split_text(text, size))


def test_quotes_hold_across_chunks(nlp: Language) -> None:
    paragraph = "Robberies fell 12 percent. “Homicides rose from 3 to 8,” she said. Café thefts doubled.\n\n"
    text = paragraph * 40
    claims = extract_text(text, nlp=nlp)
    assert len(claims) == 3 * 40
    for claim in claims:
        assert text[claim.start:claim.end] == claim.quote
