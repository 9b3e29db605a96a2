"""Table-driven pattern tests: one case per sentence (our own sentences, see cases.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extract import extract_text
from extract.components import ClaimMatcher

_spec = importlib.util.spec_from_file_location("extract_cases", Path(__file__).with_name("cases.py"))
assert _spec and _spec.loader
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)


def _key(claim_or_tuple: object) -> tuple:
    if isinstance(claim_or_tuple, tuple):
        return tuple(float(x) if isinstance(x, int | float) else x for x in claim_or_tuple)
    c = claim_or_tuple
    base = (c.kind, c.direction, c.value, c.offense)
    return base + ((c.from_value,) if c.kind == "from_to" else ())


@pytest.mark.parametrize(("sentence", "expected"), cases.CASES, ids=[s[:60] for s, _ in cases.CASES])
def test_sentence(nlp: Language, sentence: str, expected: list[tuple]) -> None:
    claims = extract_text(sentence, city="Springfield", state="IL", nlp=nlp)
    assert sorted((_key(c) for c in claims), key=repr) == sorted((_key(e) for e in expected), key=repr)


@pytest.mark.parametrize(("sentence", "qualifier"), [
    ("Burglaries dropped by nearly a third in 2024.", ("nearly",)),
    ("Shootings declined by more than 30 percent.", ("more_than",)),
    ("Robberies rose roughly 6% through June.", ("about",)),
    ("Car thefts more than doubled last year.", ("more_than",)),
    ("Thefts fell at least 12 percent.", ("at_least",)),
    ("Homicides rose 4 percentage points.", ("percentage_points",)),
    ("Homicides fell 18 percent.", ()),
])
def test_qualifiers(nlp: Language, sentence: str, qualifier: tuple[str, ...]) -> None:
    [claim] = extract_text(sentence, nlp=nlp)
    assert claim.qualifiers == qualifier


@pytest.mark.parametrize(("sentence", "baseline", "period"), [
    ("Robberies fell 12% compared with this time last year.", "this time last year", None),
    ("The city recorded 14 homicides so far this year.", None, "so far this year"),
    ("Carjackings are down 40% from their 2022 peak.", "their 2022 peak", None),
    ("Shootings fell 9% in the first quarter of 2025.", None, "the first quarter of 2025"),
])
def test_periods(nlp: Language, sentence: str, baseline: str | None, period: str | None) -> None:
    [claim] = extract_text(sentence, nlp=nlp)
    assert (claim.baseline, claim.period) == (baseline, period)


def test_offense_from_context(nlp: Language) -> None:
    text = "Robberies dropped sharply this spring. They are down 22 percent from last year."
    [claim] = extract_text(text, nlp=nlp)
    assert (claim.offense, claim.offense_from, claim.quote) == ("robbery", "context", "down 22 percent")


def test_offense_from_text_is_marked(nlp: Language) -> None:
    [claim] = extract_text("Homicides fell 18 percent.", nlp=nlp)
    assert claim.offense_from == "text"


def test_no_offense_anywhere_is_no_claim(nlp: Language) -> None:
    assert extract_text("Sales fell 12 percent last year.", nlp=nlp) == []


def test_place_defaults_to_the_article(nlp: Language) -> None:
    [claim] = extract_text("Homicides fell 18 percent.", city="Hartford", state="CT", nlp=nlp)
    assert claim.place is not None
    assert (claim.place.city, claim.place.state, claim.place.source) == ("Hartford", "CT", "article")


def test_place_named_in_text(nlp: Language) -> None:
    [claim] = extract_text("In Baltimore, homicides fell 20 percent in 2024.", city="Hartford", state="CT",
                           nlp=nlp)
    assert claim.place is not None
    assert (claim.place.city, claim.place.state, claim.place.source) == ("Baltimore", "MD", "text")


def test_neighborhood_named_in_text(nlp: Language) -> None:
    [claim] = extract_text("Robberies in the Northgate neighborhood fell from 40 to 22.", city="Hartford",
                           state="CT", nlp=nlp)
    assert claim.place is not None
    assert claim.place.label() == "Northgate, Hartford, CT"


def test_claims_carry_document_id_and_rule_version(nlp: Language) -> None:
    [claim] = extract_text("Burglaries rose 9% last year.", doc_id="a-17", nlp=nlp)
    assert claim.id == "a-17"
    assert claim.rule == "pct_change_verb.v3"


def test_matcher_on_hand_built_doc() -> None:
    """Matcher logic on a Doc built word by word: roles come back through the alignments."""
    nlp = spacy.blank("en")
    matcher = ClaimMatcher(nlp, "claim_matcher", "claims.v1", "claims", "periods", validate=True)
    doc = Doc(nlp.vocab, words=["Thefts", "fell", "by", "12", "per", "cent"])
    found = [m for m in matcher.match(doc) if m.rule == "pct_change_verb.v3"]
    assert (1, 6, ("dir", "adv", "num", "pct", "pct")) in [(m.start, m.end, m.roles) for m in found]


def test_every_rule_id_is_versioned_and_has_examples() -> None:
    from extract.patterns import all_rules

    for rule in all_rules():
        assert rule.id.rsplit(".", 1)[1].startswith("v")
        assert rule.examples, rule.id


@pytest.mark.parametrize("rule_example", [
    (rule.id, example) for rule in __import__("extract.patterns", fromlist=["all_rules"]).all_rules()
    if rule.family == "claims" for example in rule.examples
], ids=lambda p: f"{p[0]}: {p[1]}")
def test_rule_examples_are_matched_by_their_rule(nlp: Language, rule_example: tuple[str, str]) -> None:
    rule_id, example = rule_example
    doc = nlp(example)
    assert rule_id in {span.label_ for span in doc.spans["claims"]}


def test_place_carried_from_an_earlier_sentence(nlp: Language) -> None:
    text = ("Police in Fresno released their midyear figures on Tuesday. Robberies fell 9 percent. "
            "Burglaries are down 4 percent as well.")
    claims = extract_text(text, nlp=nlp)
    assert [(c.offense, c.place.city if c.place else None, c.place.source if c.place else None)
            for c in claims] == [("robbery", "Fresno", "context"), ("burglary", "Fresno", "context")]


def test_article_city_wins_over_a_city_named_earlier(nlp: Language) -> None:
    text = "The chief moved here from Fresno. Robberies fell 9 percent."
    [claim] = extract_text(text, city="Hartford", state="CT", nlp=nlp)
    assert claim.place is not None
    assert (claim.place.city, claim.place.source) == ("Hartford", "article")


def test_the_sources_own_city_keeps_the_sources_state(nlp: Language) -> None:
    # a small or fictional city shares its name with a bigger one elsewhere in the gazetteer
    [claim] = extract_text("Springfield recorded 12 homicides so far this year.", city="Springfield",
                           state="VT", nlp=nlp)
    assert claim.place is not None
    assert (claim.place.city, claim.place.state) == ("Springfield", "VT")


@pytest.mark.parametrize("linking", ["is", "represents", "marks", "amounts to"])
def test_offense_carried_through_a_linking_verb(nlp: Language, linking: str) -> None:
    text = f"Burglaries rose again in 2023. That {linking} an increase of 9 percent."
    [claim] = extract_text(text, city="Dayton", state="OH", nlp=nlp)
    assert (claim.offense, claim.offense_from, claim.value) == ("burglary", "context", 9)


def test_a_neighborhood_list_is_not_a_city(nlp: Language) -> None:
    text = "Robberies in the Eastgate and Pleasant Hill neighborhoods fell 12 percent."
    [claim] = extract_text(text, city="Dayton", state="OH", nlp=nlp)
    assert claim.place is not None
    assert (claim.place.city, claim.place.state) == ("Dayton", "OH")


def test_a_record_about_another_count_borrows_no_offense(nlp: Language) -> None:
    text = "Burglaries rose 8 percent. About 250 people came to the forum, the most since 2018."
    claims = extract_text(text, city="Dayton", state="OH", nlp=nlp)
    assert [(c.kind, c.value) for c in claims] == [("percent_change", 8)]


def test_a_neighborhood_in_a_later_clause_is_not_the_claims_place(nlp: Language) -> None:
    text = ("Robberies were down 9 percent last year, a decline that started after the city added "
            "foot patrols in the Eastgate and Pleasant Hill neighborhoods.")
    [claim] = extract_text(text, city="Dayton", state="OH", nlp=nlp)
    assert claim.place is not None
    assert (claim.place.city, claim.place.neighborhood) == ("Dayton", None)
