"""The public API: pipeline shape, streaming, several processes, an optional trained model."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from spacy.language import Language

from cli import cli
from extract import EXTRACTOR_VERSION, Document, build_pipeline, extract_documents, extract_text
from extract.pipeline import ModelNotFound
from settings import Settings

TEXTS = [
    "Homicides fell 18 percent last year. Robberies rose from 30 to 41.",
    "The suspect, 24, was held on $5,000 bail.",
    "Burglaries dropped by nearly a third. They were down 12 percent in the first quarter.",
]


def test_pipeline_is_blank_english_with_rule_components(nlp: Language) -> None:
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["sentence_splitter", "offense_ruler", "place_ruler", "claim_matcher", "number_roles"]
    assert build_pipeline() is nlp  # built once per process
    rules_only = build_pipeline(Settings(learned_reader=False))
    assert rules_only.pipe_names == ["sentence_splitter", "offense_ruler", "place_ruler", "claim_matcher"]
    assert EXTRACTOR_VERSION


def test_components_write_span_groups(nlp: Language) -> None:
    doc = nlp("Homicides in Hartford fell 18 percent so far this year.")
    assert [s.label_ for s in doc.spans["offenses"]] == ["homicide"]
    assert [s.text for s in doc.spans["places"]] == ["Hartford"]
    assert "pct_change_verb.v3" in {s.label_ for s in doc.spans["claims"]}
    assert [s.text for s in doc.spans["periods"]] == ["so far this year"]


def test_extract_documents_streams_pairs_in_order(nlp: Language) -> None:
    docs = [Document(text=t, id=f"d{i}") for i, t in enumerate(TEXTS)]
    out = list(extract_documents(iter(docs), nlp=nlp, batch_size=2))
    assert [d.id for d, _ in out] == ["d0", "d1", "d2"]
    assert [len(c) for _, c in out] == [2, 0, 2]
    assert all(c.id == d.id for d, claims in out for c in claims)


@pytest.mark.slow
def test_two_processes_give_the_same_claims(nlp: Language) -> None:
    docs = [Document(text=t, id=f"d{i}") for i, t in enumerate(TEXTS * 4)]
    one = [c for _, claims in extract_documents(docs, nlp=nlp) for c in claims]
    two = [c for _, claims in extract_documents(docs, nlp=nlp, n_process=2, batch_size=2) for c in claims]
    assert one == two


def test_offsets_of_a_piece_point_into_the_whole_text(nlp: Language) -> None:
    text = "Intro paragraph.\n\nHomicides fell 18 percent."
    piece = text[18:]
    [(_, [claim])] = list(extract_documents([Document(text=piece, extra={"offset": 18})], nlp=nlp))
    assert text[claim.start:claim.end] == claim.quote == "Homicides fell 18 percent"


@pytest.mark.slow
def test_long_text_is_cut_into_pieces(nlp: Language) -> None:
    text = ("Robberies fell 12 percent this year. " * 40 + "\n\n") * 80  # over 100,000 characters
    claims = extract_text(text, nlp=nlp)
    assert len(claims) == 40 * 80
    assert all(text[c.start:c.end] == c.quote for c in claims)


def test_missing_trained_model_is_a_named_error() -> None:
    with pytest.raises(ModelNotFound, match="not installed"):
        build_pipeline(Settings(spacy_model="xx_no_such_pipeline"))


def test_missing_trained_model_is_a_plain_cli_error() -> None:
    result = CliRunner().invoke(cli, ["extract", "-"], input="Homicides fell 18 percent.",
                                env={"CLAIMS_SPACY_MODEL": "xx_no_such_pipeline"})
    assert result.exit_code == 1
    assert result.output.startswith("Error: spaCy pipeline 'xx_no_such_pipeline' is not installed.")


def test_a_second_claim_matcher_reuses_the_flags() -> None:
    import spacy

    nlp = spacy.blank("en")
    first = nlp.add_pipe("claim_matcher", name="first")
    second = nlp.add_pipe("claim_matcher", name="second")
    assert first.flags is not None and second.flags is not None
    assert (first.flags.number, len(first.flags)) == (second.flags.number, len(second.flags))


def test_evaluate_returns_a_frozen_report(tmp_path, nlp: Language) -> None:
    import dataclasses
    import json

    from extract import evaluate

    gold = tmp_path / "gold.jsonl"
    rows = [{"id": "a", "city": "Hartford", "state": "CT", "sentence": "Homicides fell 18 percent.",
             "claims": [{"kind": "percent_change", "direction": "decrease", "value": 18, "offense": "homicide"}]},
            {"id": "b", "sentence": "A 24-year-old was shot on the 1400 block of Elm Street.", "claims": []}]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = evaluate(gold, nlp=nlp)
    assert (report.core.precision, report.core.recall, report.full.f1) == (1.0, 1.0, 1.0)
    assert report.per_kind["percent_change"].true_positives == 1
    assert report.misses == () and report.extras == ()
    assert report.as_dict()["sentences"] == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.sentences = 3  # type: ignore[misc]


# DESIGN.md, "Rules made precise": a claim's period comes from its own clause (issue 9).
PERIOD_CASES = [
    # the "when" clause holds the older figure of the comparison (extract/dated_pairs.py)
    ("Riverton logged 61 homicides in 2024, fewer than in 2023, when 78 people were killed.",
     {61: ("2024", "2023")}),
    # the stated drop is what 61 and 78 give, so the two are one from-to claim (extract/arithmetic_pairs.py)
    ("Riverton logged 61 homicides in 2024, a 22 percent drop from 2023, when 78 people were killed.",
     {61: ("2024", "2023"), 22: ("2024", "2023")}),
    ("Shootings fell from 410 in 2023 to 352 last year, and robberies dropped 15 percent, police said.",
     {352: ("last year", "2023"), 15: ("last year", "2023")}),
    ("Burglaries dropped from 82 in 2018 to 76 in 2019.", {76: ("2019", "2018")}),
]


@pytest.mark.issue(9)
@pytest.mark.parametrize(("sentence", "expected"), PERIOD_CASES, ids=[s[:40] for s, _ in PERIOD_CASES])
def test_each_claim_takes_the_period_of_its_own_clause(sentence: str, expected: dict) -> None:
    claims = extract_text(sentence, city="Riverton", state="OH", published="2025-02-10")
    found = {c.value: (c.period, c.baseline) for c in claims}
    assert {v: found.get(v) for v in expected} == expected


@pytest.mark.issue(9)
def test_a_stated_change_pairs_a_count_with_the_number_that_gives_it() -> None:
    claims = extract_text("Riverton logged 61 homicides in 2024, a 22 percent drop from 2023, when 78 people were killed.",
                          city="Riverton", state="OH", published="2025-02-10")
    pair = next(c for c in claims if c.value == 61)
    assert (pair.kind, pair.from_value, pair.direction) == ("from_to", 78, "decrease")
    assert not any(c.value == 78 for c in claims)  # the older figure is the pair's, not a claim of its own


@pytest.mark.issue(9)
def test_numbers_the_stated_change_does_not_give_stay_apart() -> None:
    claims = extract_text("Riverton logged 61 homicides in 2024, a 40 percent drop from 2023, when 78 people were killed.",
                          city="Riverton", state="OH", published="2025-02-10")
    assert {(c.kind, c.value) for c in claims} >= {("count", 61), ("percent_change", 40)}
    assert all(c.from_value is None for c in claims)


PLACE_CASES = [
    ("Homicides in New York fell 5 percent in 2023.", ("New York City", "NY")),
    ("Rapes in Phoenix rose 5 percent in 2023.", ("Phoenix", "AZ")),
    ("Burglaries fell 12 percent this year, select board chair Thomas Greer told the meeting.", ("Riverton", "OH")),
    ("Homicides fell 9 percent in 2024, Mayor Greer said.", ("Riverton", "OH")),
    ("Jackson said robberies in Jackson County fell 5 percent in 2023.", ("Riverton", "OH")),
]


@pytest.mark.issue(9)
@pytest.mark.parametrize(("sentence", "place"), PLACE_CASES, ids=[s[:40] for s, _ in PLACE_CASES])
def test_place_comes_from_a_place_not_a_person(sentence: str, place: tuple[str, str]) -> None:
    claims = extract_text(sentence, city="Riverton", state="OH")
    assert claims and {(c.place.city, c.place.state) for c in claims if c.place} == {place}


@pytest.mark.issue(9)
def test_a_sentence_is_not_cut_at_an_abbreviation() -> None:
    text = "Homicides fell 12 percent this year, according to Sgt. Maria Lopez, and robberies fell 3 percent."
    claims = extract_text(text, city="Riverton", state="OH")
    assert [c.value for c in claims] == [12, 3]
    assert {c.sentence for c in claims} == {text}


@pytest.mark.issue(9)
def test_a_tally_by_year_takes_the_paragraphs_offense_for_every_item() -> None:
    claims = extract_text("Homicides rose again. There were 31 in 2024, 28 in 2023 and 22 in 2022.",
                          city="Riverton", state="OH")
    assert [(c.value, c.offense, c.period) for c in claims] == [
        (31, "homicide", "2024"), (28, "homicide", "2023"), (22, "homicide", "2022")]
