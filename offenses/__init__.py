"""The offense vocabulary of claims-tracker, in one place for every stage.

The extractor names a claim's offense with it, the official data files its figures under it,
the verifier relates the two, and the store searches by it. It is pure data and lookups, and
imports nothing of ours, so every package may use it.

* ``offenses/data/offenses.toml``: each offense id (the news-facing claim names of DESIGN.md
  and the finer official ids), its UCR/NIBRS codes, unit, flags and synonyms.
* ``offenses/data/source_labels.csv``: each official source taxonomy's codes and labels.
* ``offenses/vocabulary.py`` loads both and resolves a name (``normalize_offense``).
* ``offenses/relations.py`` says which official ids measure a claim offense
  (``relate``, ``official_ids_for``).
"""

from offenses.errors import UnknownOffense
from offenses.relations import OffenseRelation, official_ids_for, relate
from offenses.vocabulary import (
    Offense,
    OffenseMatch,
    claim_family,
    claim_vocabulary,
    get_offense,
    normalize_offense,
    vocabulary,
)

__all__ = ["Offense", "OffenseMatch", "OffenseRelation", "UnknownOffense", "claim_family",
           "claim_vocabulary", "get_offense", "normalize_offense", "official_ids_for", "relate",
           "vocabulary"]
