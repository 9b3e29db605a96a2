"""The learned reader of numbers no rule reads (extract/number_roles.py), its settings and its
training command. Our own sentences; the shipped weights are trained on real annotated news."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from cli import cli
from extract import build_pipeline, extract_text
from extract.errors import ModelFileError
from extract.number_roles import (
    LEARNED_RULES,
    MODEL_PATH,
    NO_ROLE,
    NumberRoleModel,
    number_candidates,
    number_features,
    read_model,
    shipped_model,
)
from extract.patterns import PatternError, Rule, register_unmatched, rule_by_id
from settings import Settings

pytestmark = pytest.mark.issue(9)

TRAIN = Path(__file__).with_name("data") / "roles_train.jsonl"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline()


@pytest.fixture(scope="module")
def rules_only() -> Language:
    return build_pipeline(Settings(learned_reader=False))


def _claims(text: str, nlp: Language) -> list[tuple[str, str, str, float | None, str]]:
    return [(c.rule, c.kind, c.direction, c.value, c.offense) for c in extract_text(text, nlp=nlp)]


def test_the_learned_reader_finds_a_count_no_rule_reads(nlp: Language, rules_only: Language) -> None:
    text = "Overdose deaths fell in Marlow County in 2022, with 61, the coroner's annual report shows."
    assert _claims(text, rules_only) == []
    assert _claims(text, nlp) == [("number_roles_count.v1", "count", "none", 61.0, "overdose")]


def test_a_rate_in_a_list_after_a_rule_claim_is_read_as_a_rate(nlp: Language, rules_only: Language) -> None:
    text = "Next on the list was Lakeview at 4.1 homicides per 100,000, followed by Dunmore at 3.9."
    assert _claims(text, rules_only) == [("rate_per.v1", "rate", "none", 4.1, "homicide")]
    assert _claims(text, nlp) == [("rate_per.v1", "rate", "none", 4.1, "homicide"),
                                  ("number_roles_count.v1", "rate", "none", 3.9, "homicide")]


@pytest.mark.parametrize("text", [
    "The bump in Riverton robberies came with a 13.7 percent increase in arrests for robbery last year.",
    "Last year, 1 in 3 homicides went unsolved.",
    "Police said 3 men were arrested in connection with 14 burglaries.",
])
def test_what_a_rule_refuses_or_counts_other_things_stays_unread(text: str, nlp: Language) -> None:
    assert _claims(text, nlp) == []


def test_a_rule_claim_wins_over_the_learned_reader(nlp: Language) -> None:
    text = "Riverton police counted 47 shootings by the end of May."
    assert _claims(text, nlp) == [("count.v2", "count", "none", 47.0, "shooting")]


def test_candidates_leave_out_years_shares_and_counts_of_other_things(nlp: Language) -> None:
    doc = nlp.make_doc("In 2023, 1 in 4 of the 812 burglaries led to 90 arrests; one million cars.")
    doc = nlp.get_pipe("sentence_splitter")(doc)
    values = [c.value for sent in doc.sents for c in number_candidates(sent)]
    assert values == [812.0, 1_000_000.0]


def test_features_see_the_words_around_the_number(nlp: Language) -> None:
    doc = nlp("Robberies rose 12 percent in Easton.")
    sent = next(doc.sents)
    (candidate,) = number_candidates(sent)
    features = number_features(sent, candidate.first, candidate.last)
    assert {"L1=rose", "R1=percent", "pct", "offL=near", "S=rose", "bias"} <= set(features)


def test_the_model_gives_a_claim_role_and_the_probability_of_any_claim() -> None:
    model = NumberRoleModel(("count|none", NO_ROLE, "percent_change|increase"),
                            {"a": (2.0, 0.0, 1.0), "b": (0.0, 3.0, 0.0)}, 0.5)
    role, probability = model.role(["a"])
    assert role == "count|none"
    assert probability == pytest.approx(sum(model.probabilities(["a"])[k] for k in (0, 2)))
    assert model.role(["b"])[1] < 0.5
    assert model.role(["unknown feature"])[1] == pytest.approx(2 / 3)


def test_the_shipped_model_names_where_it_was_trained() -> None:
    data = json.loads(MODEL_PATH.read_text())
    assert data["trained_on"] and all(len(entry["sha256"]) == 64 for entry in data["trained_on"])
    assert NO_ROLE in shipped_model().labels and 0.5 <= shipped_model().threshold < 1.0


@pytest.mark.parametrize(("text", "message"), [
    ("not json", "Cannot read the number-roles model"),
    ('{"labels": ["count|none"], "threshold": 0.7, "weights": {}}', "needs a 'none' label"),
    ('{"labels": ["none", "count|none"], "threshold": 0.7, "weights": {"a": [1.0]}}', "one weight per label"),
    ('{"labels": ["none", "from"], "threshold": 0.7, "weights": {}}', "a claim role"),
])
def test_a_bad_weights_file_is_refused_with_the_fix(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "roles.json"
    path.write_text(text)
    with pytest.raises(ModelFileError, match=message) as info:
        read_model(path)
    assert "claims train-roles" in str(info.value)


def test_a_missing_weights_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="train-roles"):
        build_pipeline(Settings(number_roles_model=str(tmp_path / "nowhere.json")))


def test_learned_rules_are_known_by_id_and_cannot_be_redefined() -> None:
    for rule in LEARNED_RULES.values():
        assert rule_by_id(rule.id) is rule
    with pytest.raises(PatternError, match="defined twice"):
        register_unmatched([Rule(id="number_roles_count.v1", kind="rate", patterns=())])


def test_train_roles_writes_weights_the_pipeline_then_uses(tmp_path: Path) -> None:
    out = tmp_path / "roles.json"
    result = CliRunner().invoke(cli, ["train-roles", str(TRAIN), "-o", str(out), "--threshold", "0.5", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["out"] == str(out) and report["trained_on"][0]["records"] == 6
    model = read_model(out)
    assert model.threshold == 0.5 and {NO_ROLE, "count|none", "percent_change|decrease"} <= set(model.labels)
    nlp = build_pipeline(Settings(number_roles_model=str(out)))
    assert nlp.get_pipe("number_roles").model == model


def test_train_roles_refuses_a_bad_file_and_no_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "sentence": "x"\n')
    result = CliRunner().invoke(cli, ["train-roles", str(bad), "-o", str(tmp_path / "m.json")])
    assert result.exit_code == 65, result.output
    assert not (tmp_path / "m.json").exists()
    result = CliRunner().invoke(cli, ["train-roles", "-o", str(tmp_path / "m.json")])
    assert result.exit_code == 2 and "at least one annotated file" in result.output


def test_train_roles_needs_some_claim_figure(tmp_path: Path) -> None:
    negatives = tmp_path / "negatives.jsonl"
    negatives.write_text('{"id": "n1", "sentence": "The Riverton team won 3 games last week.", "claims": []}\n'
                         '{"id": "n2", "sentence": "Easton High held 2 concerts in May.", "claims": []}\n')
    result = CliRunner().invoke(cli, ["train-roles", str(negatives), "-o", str(tmp_path / "m.json")])
    assert result.exit_code == 65 and "annotate some claims" in result.output
