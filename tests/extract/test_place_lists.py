"""Places listed with their figures each own their figure's claim."""

from __future__ import annotations

from extract import build_pipeline, extract_text


def test_each_place_of_a_listed_rate_is_its_own() -> None:
    text = "Dayton's rate of 25 homicides per 100,000 residents compares to Cleveland at 22 and Toledo at 8.4."
    places = [(c.value, c.place.city if c.place else None) for c in extract_text(text, nlp=build_pipeline())]
    assert places == [(25, "Dayton"), (22, "Cleveland"), (8.4, "Toledo")]
