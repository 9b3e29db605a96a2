"""Search finds what a reporter types: word forms (porter stemming), an offense's synonyms and
the claims filed under it, offense filters by plural or synonym, and a --json that never stops
short without saying so (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from cli import cli
from db.connection import open_db
from db.schema import MIGRATIONS
from db.search import SearchQuery, fts_query, resolve_value, search_claims
from db.store import store_article, store_claims
from tests.db.conftest import make_article, make_claim

pytestmark = pytest.mark.issue(13)

EXTRA = [
    # (article n, sentence, quote, offense)
    (11, "Killings in Northfield fell by a third this spring.", "fell by a third", "homicide"),
    (12, "Stolen vehicles rose 40 percent across Northfield.", "rose 40 percent", "motor_vehicle_theft"),
    (13, "The murder count rose 9 percent in Northfield.", "rose 9 percent", "homicide"),
]


def _add_extra(db: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    for n, sentence, quote, offense in EXTRA:
        article_id, _ = store_article(db, make_article(n, f"Report. {sentence}", title="Report",
                                                       published=f"2026-07-{n:02d}", city="Northfield"))
        (ids[sentence.split()[0]],) = store_claims(db, article_id, [make_claim(
            sentence, quote, offense=offense, city="Northfield", state="CT")])
    return ids


def found(db: Database, text: str, **kw: object) -> set[int]:
    page = search_claims(db, SearchQuery(text=text, limit=100, **kw), facets=False)  # type: ignore[arg-type]
    return {c.claim_id for c in page.rows}


def test_a_singular_finds_the_plural_and_a_synonym_finds_the_offense(filled: Database) -> None:
    extra = _add_extra(filled)
    homicides = {3, extra["Killings"], extra["The"]}
    # Claim 3 says "Homicides", the others "Killings" and "murder": one offense, three words.
    assert found(filled, "homicide") == homicides
    assert found(filled, "murder") == homicides
    assert found(filled, "murders") == homicides
    assert found(filled, "killing") == homicides
    assert found(filled, '"murder count"') == {extra["The"]}  # a longer phrase stays literal
    assert found(filled, "burglary") == {2}  # the sentence says "Burglaries"
    assert found(filled, "car thefts") == {extra["Stolen"]}  # two words naming one offense
    assert found(filled, "murder rose") == {extra["The"]}
    assert found(filled, "homicide OR burglary") == homicides | {2}
    assert found(filled, "homicide", city="Eastport") == {3}


def test_words_without_an_offense_are_searched_as_written() -> None:
    assert fts_query("fell sharply") == '"fell" "sharply"'
    assert fts_query("crime") == '"crime"'  # ambiguous wording: not widened to an offense
    assert fts_query("homicide*") == '"homicide"*'  # a prefix is the reporter's own pattern
    expanded = fts_query("killings fell")
    assert expanded is not None and expanded.startswith('("homicide" OR ')
    assert expanded.endswith(') AND "fell"')


def test_offense_filter_takes_plurals_and_synonyms(filled: Database) -> None:
    assert resolve_value(filled, "offense", "murders") == "homicide"
    assert resolve_value(filled, "offense", "Car Thefts") == "motor_vehicle_theft"
    assert resolve_value(filled, "offense", "burglaries") == "burglary"


def test_an_older_database_is_reindexed_with_stems(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="m014_stemmed_search")
    article_id, _ = store_article(old, make_article(1, "Report. Homicides fell.", title="Murders"))
    store_claims(old, article_id, [make_claim("Homicides fell 5 percent.", "fell 5 percent")])
    assert old.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'homicide'"
                       ).fetchone()[0] == 0
    old.close()
    db = open_db(path)
    assert found(db, "homicide") == {1}
    assert found(db, "murder", match_titles=True) == {1}
    db.close()


def run(db_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_search_finds_homicide_and_accepts_murders(filled: Database, db_path: Path) -> None:
    code, out, _ = run(db_path, "search", "homicide")
    assert code == 0 and "dropped 30 percent" in out and "1 of 1 matching claims, in 1 sentence." in out
    code, out, _ = run(db_path, "search", "--offense", "murders")
    assert code == 0 and "Eastport" in out and "1 of 1 matching claims, in 1 sentence." in out


def test_json_writes_every_match_unless_limited(filled: Database, db_path: Path) -> None:
    for n in range(20, 80):
        article_id, _ = store_article(filled, make_article(n, f"Story {n}. Robberies fell.", title=f"S{n}"))
        store_claims(filled, article_id, [make_claim(f"Robberies fell {n} percent.", f"fell {n} percent",
                                                     offense="robbery")])
    code, out, err = run(db_path, "search", "robbery", "--json")
    assert (code, len(out.splitlines()), err) == (0, 61, "")
    code, out, err = run(db_path, "search", "robbery", "--json", "--limit", "10")
    assert (code, len(out.splitlines())) == (0, 10)
    assert "Wrote 10 of 61 matching claims" in err
    code, out, _ = run(db_path, "search", "robbery")
    assert out.rstrip().endswith("50 of 61 matching claims, in 50 sentences. 11 not shown: use --limit 61 to list "
                                 "them, or --json for every match.")
    code, out, _ = run(db_path, "search", "--help")
    assert "every match with --json" in out
