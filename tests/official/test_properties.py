"""Property tests: the name lookups and the CSV reader never crash on arbitrary input."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offenses.errors import UnknownOffense
from offenses.vocabulary import normalize_offense, vocabulary
from official.csv_import import COLUMNS, parse_csv
from official.errors import AmbiguousPlace, CsvFormatError, UnknownPlace
from official.places import resolve_place


@given(st.text(max_size=40))
def test_normalize_offense_answers_or_raises_unknown(name: str) -> None:
    try:
        match = normalize_offense(name)
    except UnknownOffense as exc:
        assert all(isinstance(s, str) for s in exc.suggestions)
    else:
        assert match.offense_id in vocabulary() or match.offense_id.startswith("local:")


@given(st.text(max_size=30), st.one_of(st.none(), st.text(max_size=12)))
@settings(max_examples=60, deadline=None)
def test_resolve_place_answers_or_raises_a_place_error(city: str, state: str | None) -> None:
    try:
        j = resolve_place(city, state, allow_unknown=True)
    except (UnknownPlace, AmbiguousPlace):
        return
    assert j.jurisdiction_id.startswith("place:") and j.state


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(st.lists(st.lists(CELL, min_size=1, max_size=len(COLUMNS) + 2), max_size=6))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_parse_csv_reports_rows_instead_of_crashing(tmp_path: Path, rows: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    path = tmp_path / "fuzz.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    try:
        parsed = parse_csv(path)
    except CsvFormatError:
        return
    assert len(parsed.observations) + len(parsed.bad_rows) <= max(parsed.rows, 0) + sum(
        1 for b in parsed.bad_rows if b.reason.startswith("unreadable"))
    assert all(b.line >= 2 for b in parsed.bad_rows)
