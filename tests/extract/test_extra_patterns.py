"""Extra rules from a file (JSON Lines, JSON, TOML), checked, loaded next to the built-in ones,
and the built-in rules written out in the same form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from spacy.language import Language

from cli import cli
from extract import build_pipeline, extract_text
from extract.patterns import all_rules
from extract.patterns.files import BLOCKS, PatternFileError, _blocks, dump_rules, load_rules, rule_to_dict
from settings import Settings

pytestmark = pytest.mark.issue(9)

DATA = Path(__file__).with_name("data")
JSONL = DATA / "newsroom_rules.jsonl"
TOML = DATA / "newsroom_rules.toml"
#: Our own sentences: the shapes the file's rules add, and which the built-in rules miss.
SENTENCES = {
    "Police said burglaries were down by a margin of 40 percent last year.":
        ("pct_change_by_margin.v1", "burglary", "decrease", 40.0, None),
    "The report showed car thefts were up by a wide margin of nearly 12% since January.":
        ("pct_change_by_margin.v1", "motor_vehicle_theft", "increase", 12.0, None),
    "Robberies: 212 this year, 245 last year.": ("stats_pair_last_year.v1", "robbery", "decrease", 212.0, 245.0),
}


@pytest.fixture(scope="module")
def extra_nlp() -> Language:
    return build_pipeline(Settings(extra_patterns=str(JSONL)))


def _key(sentence: str, nlp: Language) -> list[tuple[Any, ...]]:
    return [(c.rule, c.offense, c.direction, c.value, c.from_value) for c in extract_text(sentence, nlp=nlp)]


@pytest.mark.slow
@pytest.mark.parametrize("sentence", list(SENTENCES))
def test_extra_rules_find_what_the_built_in_ones_miss(nlp: Language, extra_nlp: Language, sentence: str) -> None:
    assert _key(sentence, nlp) == []
    assert _key(sentence, extra_nlp) == [SENTENCES[sentence]]


def test_the_built_in_rules_still_work_with_extra_ones(nlp: Language, extra_nlp: Language) -> None:
    sentence = "Homicides fell 18 percent in 2024, and burglaries rose from 30 to 41."
    assert _key(sentence, extra_nlp) == _key(sentence, nlp) != []


@pytest.mark.slow
def test_toml_and_jsonl_files_give_the_same_rules() -> None:
    assert load_rules(TOML) == load_rules(JSONL)
    assert [r.id for r in load_rules(JSONL)] == ["pct_change_by_margin.v1", "stats_pair_last_year.v1"]


def test_every_building_block_a_file_may_use_exists() -> None:
    assert set(BLOCKS) == set(_blocks())


@pytest.mark.slow
def test_the_built_in_rules_round_trip_through_a_file(tmp_path: Path) -> None:
    """``claims rules export`` writes what a patterns file holds; read back, it is the same rules."""
    for name in ("builtin.jsonl", "builtin.json"):
        path = tmp_path / name
        assert dump_rules(all_rules(), path) == len(all_rules())
        assert load_rules(path, taken=[]) == all_rules()


def _write(tmp_path: Path, *rules: dict[str, Any]) -> Path:
    path = tmp_path / "rules.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rules))
    return path


GOOD: dict[str, Any] = json.loads(JSONL.read_text().splitlines()[0])


def _changed(**changes: Any) -> dict[str, Any]:
    return {**GOOD, **changes}


def _element(n: int, **changes: Any) -> dict[str, Any]:
    pattern = [dict(e) for e in GOOD["patterns"][0]]
    pattern[n] = changes
    return _changed(patterns=[pattern])


BAD_FILES: list[tuple[str, list[dict[str, Any]], str]] = [
    ("unknown role", [_element(0, role="direction", use="DIR_NOUN")], r"unknown role 'direction'.*known|use one of"),
    ("empty word list", [_element(1, role="word", words=[])], r"word list of the 'word' element is empty"),
    ("unknown builder", [_changed(builder="percents")], r"unknown builder 'percents'.*'percent'"),
    ("kind of another builder", [_changed(kind="count")], r"builder 'percent' makes 'percent_change' claims"),
    ("duplicate id", [GOOD, GOOD], r"rule id pct_change_by_margin\.v1 is already used at .*:1"),
    ("a built-in rule's id", [_changed(id="pct_change_verb.v3")], r"is a built-in rule's"),
    ("unversioned id", [_changed(id="my_rule")], r"version suffix"),
    ("roles its builder does not read", [_changed(patterns=[[{"role": "num", "use": "NUM"}, {"role": "pct", "use": "PCT"}]])],
     r"builder 'percent' reads the roles \{dir, num, pct\}"),
    ("unknown building block", [_element(0, role="dir", use="DIRECTION")], r"unknown building block 'DIRECTION'"),
    ("two token forms", [_element(0, role="dir", use="DIR_NOUN", word="drop")], r"exactly one of"),
    ("unknown field", [_changed(priorty=3)], r"unknown field\(s\) \['priorty'\]"),
    ("reach past the windows", [_changed(reach=40)], r"reach is a whole number from 1 to 18"),
    ("a token spaCy refuses", [_element(1, role="word", token={"LOWERCASE": "in"})], r"spaCy refuses"),
    ("no patterns", [_changed(patterns=[])], r"\"patterns\" is a non-empty list"),
]


@pytest.mark.parametrize(("why", "rules", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_patterns_file_is_refused_with_what_to_change(tmp_path: Path, why: str, rules: list[dict[str, Any]],
                                                            message: str) -> None:
    with pytest.raises(PatternFileError, match=message):
        load_rules(_write(tmp_path, *rules))


@pytest.mark.parametrize(("name", "text", "message"), [
    ("rules.jsonl", '{"id": "x.v1",\n', r"rules\.jsonl: not valid JSON at line 1"),
    ("rules.toml", "[[rules]\n", r"not valid TOML"),
    ("rules.toml", 'id = "x.v1"\n', r"holds \[\[rules\]\] tables"),
    ("rules.yaml", "- id: x.v1\n", r"ends in \.json, \.jsonl or \.toml"),
    ("rules.json", "[]", r"holds no rules"),
])
def test_an_unreadable_patterns_file_is_refused(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(PatternFileError, match=message):
        load_rules(path)


def test_claims_extract_takes_a_patterns_file(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Police said burglaries were down by a margin of 40 percent last year.\n")
    runner = CliRunner()
    plain = runner.invoke(cli, ["extract", str(article)])
    assert plain.exit_code == 0, plain.output
    # no built-in rule reads it; the learned reader of numbers no rule matched may
    assert all(json.loads(line)["rule"].startswith("number_roles_") for line in plain.output.splitlines())
    result = runner.invoke(cli, ["extract", str(article), "--patterns", str(JSONL)])
    assert result.exit_code == 0, result.output
    claim = json.loads(result.output)
    assert (claim["rule"], claim["quote"], claim["value"]) == ("pct_change_by_margin.v1",
                                                              "burglaries were down by a margin of 40 percent", 40)


@pytest.mark.slow
def test_the_extra_patterns_setting_reaches_the_pipeline(tmp_path: Path) -> None:
    config = tmp_path / "claims.toml"
    config.write_text(f'extra_patterns = "{TOML}"\n')
    result = CliRunner().invoke(cli, ["--config", str(config), "extract", "-"],
                                input="Robberies: 212 this year, 245 last year.\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rule"] == "stats_pair_last_year.v1"


@pytest.mark.slow
def test_claims_extract_refuses_a_bad_patterns_file_with_exit_65(tmp_path: Path) -> None:
    bad = _write(tmp_path, _changed(builder="percents"))
    result = CliRunner().invoke(cli, ["extract", "-", "--patterns", str(bad)], input="Thefts fell 3%.\n")
    assert result.exit_code == 65
    assert "unknown builder 'percents'" in result.output and "rules.jsonl:1" in result.output


def test_claims_rules_export_then_check(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "builtin.jsonl"
    result = runner.invoke(cli, ["rules", "export", str(out), "--claims-only"])
    assert result.exit_code == 0, result.output
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert exported == [rule_to_dict(r) for r in all_rules() if r.family == "claims"]
    checked = runner.invoke(cli, ["rules", "check", str(JSONL), "--json"])
    assert checked.exit_code == 0, checked.output
    assert [json.loads(line)["status"] for line in checked.output.splitlines()] == ["claim"] * 3


@pytest.mark.slow
def test_claims_rules_check_exits_1_on_an_example_no_pattern_matches(tmp_path: Path) -> None:
    path = _write(tmp_path, _changed(id="pct_change_by_margin.v9", examples=["burglaries fell sharply"]))
    result = CliRunner().invoke(cli, ["rules", "check", str(path)])
    assert result.exit_code == 1
    assert "missed" in result.output and "burglaries fell sharply" in result.output
