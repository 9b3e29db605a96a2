"""A headline lends its one offense to sentences that name none; a URL slug stands in for it."""

from __future__ import annotations

import pytest

from extract import build_pipeline, extract_text
from extract.headline import headline_from_url


@pytest.mark.parametrize(("url", "headline"), [
    ("https://news.example/2023/05/02/riverton-car-thefts-climb-again", "riverton car thefts climb again"),
    ("https://news.example/local/burglaries_fall_in_lake_city.html", "burglaries fall in lake city"),
    ("https://news.example/story?id=81", None),
    ("https://news.example/news/", None),
    (None, None),
])
def test_the_slug_with_the_most_words_reads_as_the_headline(url: str | None, headline: str | None) -> None:
    assert headline_from_url(url) == headline


SENTENCE = "That is down 8 percent from last year, the chief said."


def claims(text: str, headline: str | None) -> list[tuple[str, float | None, str | None, str | None]]:
    return [(c.kind, c.value, c.offense, c.offense_from)
            for c in extract_text(text, nlp=build_pipeline(), headline=headline)]


def test_a_sentence_that_names_no_offense_takes_the_headlines() -> None:
    assert claims(SENTENCE, "Riverton robberies fall for a third year") == [
        ("percent_change", 8, "robbery", "context")]


def test_without_a_headline_it_stays_unclaimed() -> None:
    assert claims(SENTENCE, None) == []


def test_a_headline_naming_two_offenses_lends_none() -> None:
    assert claims(SENTENCE, "Shootings fall while robberies rise in Riverton") == []


def test_an_offense_named_in_the_text_wins_over_the_headline() -> None:
    text = "Burglaries rose in the spring. " + SENTENCE
    assert claims(text, "Riverton robberies fall for a third year") == [
        ("percent_change", 8, "burglary", "context")]


def test_a_bare_thefts_reads_as_the_theft_the_headline_names() -> None:
    assert claims("Thefts rose 14 percent in 2023.", "Car thefts climb in Riverton") == [
        ("percent_change", 14, "motor_vehicle_theft", "text")]

