"""`claims extract` and `claims eval` through click's CliRunner: exact output and exit codes."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

ARTICLE = '{"id": "a1", "text": "Homicides fell 18 percent in 2024.", "city": "Hartford", "state": "CT"}\n'
NO_CLAIM = '{"id": "a2", "text": "The suspect, 31, was held on $50,000 bail."}\n'
EXPECTED_A1 = {
    "quote": "Homicides fell 18 percent", "start": 0, "end": 25,
    "sentence": "Homicides fell 18 percent in 2024.", "kind": "percent_change", "direction": "decrease",
    "value": 18, "unit": "percent", "offense": "homicide", "rule": "pct_change_verb.v3",
    "from_value": None, "baseline": None, "period": "2024", "place": "Hartford, CT", "qualifiers": [],
    "offense_detail": None, "offense_from": "text", "id": "a1", "sentence_start": 0, "city": "Hartford",
    "state": "CT", "neighborhood": None,
}

GOLD = [
    {"id": "g1", "city": "Hartford", "state": "CT", "sentence": "Robberies fell 12 percent last year.",
     "claims": [{"quote": "Robberies fell 12 percent", "kind": "percent_change", "direction": "decrease",
                 "value": 12, "unit": "percent", "offense": "robbery"}]},
    {"id": "g2", "city": "Hartford", "state": "CT",
     "sentence": "Burglaries rose 5 percent and thefts rose 3 percent.",
     "claims": [{"quote": "Burglaries rose 5 percent", "kind": "percent_change", "direction": "increase",
                 "value": 5, "unit": "percent", "offense": "larceny"},
                {"quote": "thefts rose 30 percent", "kind": "percent_change", "direction": "increase",
                 "value": 30, "unit": "percent", "offense": "larceny"}]},
    {"id": "g3", "city": "Hartford", "state": "CT", "sentence": "The suspect, 31, was held on $50,000 bail.",
     "claims": []},
]
EVAL_OUTPUT = """\
kind                        P      R     F1  gold  pred
percent_change          0.333  0.333  0.333     3     3

offense                     P      R     F1  gold  pred
burglary                0.000  1.000  0.000     0     1
larceny                 0.000  0.000  0.000     2     1
robbery                 1.000  1.000  1.000     1     1

core P=0.667 R=0.667 F1=0.667
full P=0.333 R=0.333 F1=0.333
sentences=3 gold=3 predicted=3
"""
VERBOSE_LINES = """\
MISS g2: 'Burglaries rose 5 percent' kind=percent_change value=5 direction=increase offense=larceny (value and direction agree; kind or offense differ)
MISS g2: 'thefts rose 30 percent' kind=percent_change value=30 direction=increase offense=larceny
EXTRA g2: 'Burglaries rose 5 percent' kind=percent_change value=5 direction=increase offense=burglary (value and direction agree; kind or offense differ)
EXTRA g2: 'thefts rose 3 percent' kind=percent_change value=3 direction=increase offense=larceny
"""


def _gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in GOLD), encoding="utf-8")
    return path


def test_extract_jsonl_exact_output() -> None:
    result = CliRunner().invoke(cli, ["extract", "--jsonl", "-"], input=ARTICLE + NO_CLAIM)
    assert result.exit_code == 0, result.output
    assert result.output == json.dumps(EXPECTED_A1, ensure_ascii=False) + "\n"


def test_extract_plain_text_file_uses_file_name_as_id(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Police released figures.\n\nBurglaries rose 9% last year.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--city", "Dayton", "--state", "OH"])
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in result.output.splitlines()]
    assert (row["id"], row["quote"], row["start"], row["place"]) == (
        str(path), "Burglaries rose 9%", 26, "Dayton, OH")


def test_extract_table_format() -> None:
    result = CliRunner().invoke(cli, ["extract", "--jsonl", "--format", "table"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert "1 claims" in result.output
    assert "percent_change" in result.output and "Homicides fell 18 percent" in result.output


def test_extract_bad_jsonl_line_exits_65() -> None:
    result = CliRunner().invoke(cli, ["extract", "--jsonl", "-"], input="not json\n")
    assert result.exit_code == 65
    assert result.output == ('Error: -:1: not JSON (Expecting value). With --jsonl each line must be an object '
                             'like {"id": "a1", "text": "..."}.\n')


def test_extract_missing_text_field_exits_65() -> None:
    result = CliRunner().invoke(cli, ["extract", "--jsonl"], input='{"id": 1}\n')
    assert result.exit_code == 65
    assert 'needs a "text" string' in result.output


def test_extract_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_eval_exact_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", str(_gold(tmp_path))])
    assert result.exit_code == 0, result.output
    assert result.output == EVAL_OUTPUT


def test_eval_verbose_lists_misses_and_extras(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", str(_gold(tmp_path)), "-v"])
    assert result.exit_code == 0, result.output
    head, tail = EVAL_OUTPUT.split("\ncore ")
    assert result.output == head + "\n" + VERBOSE_LINES + "\ncore " + tail


def test_eval_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", str(_gold(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["core"]["f1"] == 2 / 3
    assert report["full"]["true_positives"] == 1
    assert report["per_kind"]["percent_change"]["gold"] == 3
    assert len(report["misses"]) == 2 and len(report["extras"]) == 2


def test_eval_bad_gold_file_exits_65(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "x", "claims": []}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(path)])
    assert result.exit_code == 65
    assert result.output == f'Error: {path}:1: needs a "sentence" string and a "claims" list.\n'


@pytest.mark.issue(10)
def test_non_finite_and_implausible_numbers_are_skipped_with_a_reason(caplog: pytest.LogCaptureFixture) -> None:
    """A 400-digit number reads as inf; it and a millionfold rise are refused, the next claim kept."""
    text = ("Shootings rose 1" + "0" * 400 + " percent in 2024. Robberies rose 9000000 percent in 2024. "
            "Homicides fell 18 percent in 2024.")
    line = json.dumps({"id": "h1", "text": text, "city": "Hartford", "state": "CT"}) + "\n"
    with caplog.at_level(logging.DEBUG, logger="extract.assemble"):
        result = CliRunner().invoke(cli, ["extract", "--jsonl", "-"], input=line)
    assert result.exit_code == 0, result.output
    claims = [json.loads(x) for x in result.output.splitlines()]
    assert [(c["quote"], c["value"]) for c in claims] == [("Homicides fell 18 percent", 18)]
    assert "Infinity" not in result.output
    assert "inf is not a finite number" in caplog.text
    assert "9e+06 is more than 100,000, implausible for a claim in percent" in caplog.text


def test_extract_headline_lends_its_offense_to_a_sentence_that_names_none() -> None:
    text = "That is down 8 percent from last year, the chief said.\n"
    bare = CliRunner().invoke(cli, ["extract", "-"], input=text)
    titled = CliRunner().invoke(cli, ["extract", "--headline", "Riverton robberies fall again", "-"], input=text)
    assert (bare.exit_code, bare.output) == (0, "")
    (claim,) = [json.loads(line) for line in titled.output.splitlines()]
    assert (claim["offense"], claim["offense_from"], claim["value"]) == ("robbery", "context", 8)


def test_extract_jsonl_reads_the_headline_or_the_url_slug() -> None:
    rows = [{"id": "h", "text": "That is down 8 percent from last year.", "headline": "Burglaries drop in Riverton"},
            {"id": "u", "text": "That is down 8 percent from last year.",
             "url": "https://news.example/2024/riverton-car-thefts-fall-again"}]
    result = CliRunner().invoke(cli, ["extract", "--jsonl", "-"], input="".join(json.dumps(r) + "\n" for r in rows))
    assert [(c["id"], c["offense"]) for c in map(json.loads, result.output.splitlines())] == [
        ("h", "burglary"), ("u", "motor_vehicle_theft")]
