"""The command line as a new user meets it (issue 13): help examples one per line, every exit
code in --help and the README, headers on tables, better suggestions for a verdict word,
`users` with set-role and remove, a named short file kept by `ingest`, and human dates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli import cli
from commands.exit_codes import COMMON, SPECIFIC, codes_for
from display import human_time, number

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.issue(13)


def _walk(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(_walk(command, (*prefix, name)))
    return paths


def _help(*path: str) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", _walk(cli), ids=lambda p: " ".join(p))
def test_help_examples_one_per_line_and_exit_codes_listed(path: tuple[str, ...]) -> None:
    text = _help(*path)
    example = text.split("Example", 1)[1].split("Exit codes:", 1)[0]
    for line in example.splitlines():
        assert len(re.findall(r"(?:^|\s)claims\s", line)) <= 1, f"two examples on one line: {line!r}"
    codes = text.split("Exit codes:", 1)[1]
    for code in codes_for(" ".join(path)):
        assert re.search(rf"^\s*{code}\s", codes, re.M), f"exit code {code} missing"


def test_top_level_help_and_readme_list_every_exit_code() -> None:
    text = _help()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("| code | meaning |", 1)[1].split("\n\n", 1)[0]
    everything = {*COMMON, *(code for extra in SPECIFIC.values() for code in extra)}
    for code in everything:
        assert re.search(rf"^\s*{code}\s", text.split("Exit codes:", 1)[1], re.M)
        assert f"| {code} |" in table, f"exit code {code} is not in the README's table"
    assert "3  `claims crawl`: nothing could be fetched at all" in text
    assert "nothing could be fetched at all" in _help("crawl")


def test_official_sources_has_a_header_and_explains_unverified() -> None:
    result = CliRunner().invoke(cli, ["official", "sources"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["NAME", "KIND", "PLACE", "DATASET", "STATUS"]
    assert "unverified" in lines[1]
    assert result.output.splitlines()[-1].startswith("unverified: the dataset id and field names")


def test_a_verdict_word_names_the_verdict_it_stands_for(tmp_path: Path) -> None:
    from db.connection import open_db

    open_db(tmp_path / "c.db").conn.close()
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "c.db"), "search", "--verdict", "false"])
    assert result.exit_code == 2
    assert "a fact-checker's 'false' is the verdict 'contradicted' here. Use --verdict contradicted." \
        in result.output
    assert "close" not in result.output
    typo = CliRunner().invoke(cli, ["--db", str(tmp_path / "c.db"), "search", "--verdict", "contradcted"])
    assert typo.exit_code == 2 and "Did you mean: contradicted?" in typo.output
    odd = CliRunner().invoke(cli, ["--db", str(tmp_path / "c.db"), "search", "--verdict", "zebra"])
    assert "Did you mean: supported, close, contradicted, unverifiable, needs_review, unchecked?" \
        in odd.output


def test_users_list_set_role_and_remove(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "c.db")]
    runner = CliRunner()
    added = runner.invoke(cli, [*db, "users", "add", "alice", "--role", "reviewer", "--password-stdin"],
                          input="a long passphrase here\n")
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, [*db, "users", "list"])
    assert listed.output.splitlines()[0].split() == ["NAME", "ROLE", "STATE", "CREATED"]
    assert re.match(r"alice\s+reviewer\s+active\s+\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC", listed.output.splitlines()[1])
    assert runner.invoke(cli, [*db, "users", "set-role", "alice", "admin"]).output == "alice is now an admin.\n"
    rows = [json.loads(line) for line in runner.invoke(cli, [*db, "users", "list", "--json"]).output.splitlines()]
    assert rows[0]["role"] == "admin" and rows[0]["created_at"].endswith("Z")
    refused = runner.invoke(cli, [*db, "users", "remove", "alice"], input="n\n")
    assert refused.exit_code == 1
    removed = runner.invoke(cli, [*db, "users", "remove", "alice", "--yes"])
    assert removed.exit_code == 0 and "their reviews are kept" in removed.output
    gone = runner.invoke(cli, [*db, "users", "remove", "alice", "--yes"])
    assert gone.exit_code == 1 and "No user named 'alice'" in gone.output


@pytest.mark.slow
def test_ingest_keeps_a_short_named_file_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "short.txt").write_text("Robberies fell 12 percent in 2024.\n", encoding="utf-8")
    db = ["--db", str(tmp_path / "c.db")]
    text = CliRunner().invoke(cli, [*db, "ingest", str(tmp_path / "short.txt"), "--city", "Riverton",
                                    "--state", "OH", "--json"])
    assert text.exit_code == 0, text.output
    summary = json.loads(text.output)
    assert summary["articles_new"] == 1 and summary["skipped"] == []
    assert "kept although its text is only 34 characters" in summary["warnings"][0]["note"]
    html = CliRunner().invoke(cli, [*db, "ingest", str(REPO / "demo" / "examples" / "release.html"),
                                    "--url", "https://example.gov/r/1"],
                              env={"CLAIMS_PARSE_TIMEOUT": "0"})  # parse here: no worker start-up race
    assert html.exit_code == 0
    assert "1 new article(s)" in html.output and "warning" in html.output


def test_human_dates_and_thousands() -> None:
    assert human_time("2026-12-02T12:49:03Z") == "2 Dec 2026, 12:49 UTC"
    assert human_time("2026-12-02T12:49:03+00:00") == "2 Dec 2026, 12:49 UTC"
    assert human_time("2026-12-02") == "2 Dec 2026"
    assert human_time("not a date") == "not a date" and human_time(None) == ""
    assert number(4998) == "4,998" and number(1234.5) == "1,234.5"


def test_export_limit_says_what_it_left_out(tmp_path: Path) -> None:
    from db.connection import open_db

    open_db(tmp_path / "c.db").conn.close()
    (tmp_path / "a.txt").write_text("Robberies fell 12 percent and burglaries rose 5 percent in 2024, "
                                    "police said on Monday in their annual report.\n", encoding="utf-8")
    db = ["--db", str(tmp_path / "c.db")]
    assert CliRunner().invoke(cli, [*db, "ingest", str(tmp_path / "a.txt"), "--city", "Riverton",
                                    "--state", "OH"]).exit_code == 0
    result = CliRunner().invoke(cli, [*db, "export", "--format", "json", "--limit", "1"])
    assert result.exit_code == 0
    assert "--limit 1: 1 of 2 matching claims were left out" in result.output
