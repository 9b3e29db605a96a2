"""The extractor, the verifier, the official data and the store share one offense vocabulary."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from extract.offense_terms import OFFENSE_TERMS
from extract.pipeline import extract_text
from offenses.relations import DETAIL_TO_OFFICIAL, check_relations, official_ids_for, relate
from offenses.vocabulary import claim_vocabulary, vocabulary

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.issue(11)
def test_the_relation_tables_name_only_vocabulary_ids() -> None:
    check_relations()
    for claim_offense in claim_vocabulary():
        assert all(i in vocabulary() for i in official_ids_for(claim_offense)), claim_offense


@pytest.mark.issue(11)
def test_every_extracted_offense_and_detail_is_known_to_the_vocabulary_and_the_verifier() -> None:
    names = set(claim_vocabulary())
    for phrase, (offense, detail) in OFFENSE_TERMS.items():
        assert offense in names, phrase
        assert detail is None or detail in DETAIL_TO_OFFICIAL, phrase
        assert relate(offense, detail, offense) is not None


@pytest.mark.issue(11)
def test_a_synonym_written_once_in_the_vocabulary_is_extracted() -> None:
    """'vehicle hijackings' is a carjacking synonym only in offenses/data/offenses.toml."""
    assert "vehicle hijackings" in vocabulary()["carjacking"].synonyms
    claims = extract_text("Vehicle hijackings fell 20% this year, police said.")
    assert [(c.offense, c.value) for c in claims] == [("carjacking", 20.0)]


@pytest.mark.issue(11)
def test_the_offenses_package_imports_nothing_of_ours() -> None:
    ours = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()} | {"settings", "cli"}
    for path in (ROOT / "offenses").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                top = name.split(".")[0]
                assert top not in ours or top == "offenses", f"{path.name} imports {name}"
