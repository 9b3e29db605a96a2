"""Number parsing: written numbers in, values out; number_words round-trips."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from extract.numbers import number_words, parse_number

_nlp = spacy.blank("en")


def _parse(text: str) -> float | None:
    return parse_number([t.text for t in _nlp.make_doc(text)])


@pytest.mark.parametrize(("text", "value"), [
    ("14", 14), ("1,204", 1204), ("7.5", 7.5), ("100,000", 100_000), ("nine", 9),
    ("twenty-two", 22), ("Twenty-two", 22), ("a dozen", 12), ("two dozen", 24),
    ("one hundred five", 105), ("1.2 million", 1_200_000),
])
def test_parse(text: str, value: float) -> None:
    assert _parse(text) == value


@pytest.mark.parametrize("text", ["555-0134", "2:30", "two three", "apples", ""])
def test_not_one_number(text: str) -> None:
    assert _parse(text) is None


@given(st.integers(min_value=0, max_value=999_999))
def test_number_words_round_trip(n: int) -> None:
    assert _parse(number_words(n)) == n
