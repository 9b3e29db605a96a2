"""The offense vocabulary: claim names, finer official ids, synonyms and source labels.

The knowledge lives in two data files in ``offenses/data/``:
``data/offenses.toml`` (one entry per offense id, with UCR/NIBRS codes, unit, flags and
synonyms) and ``data/source_labels.csv`` (each source taxonomy's own codes and labels mapped to
an offense id). This module only loads and looks up.
"""

from __future__ import annotations

import csv
import difflib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from offenses.errors import UnknownOffense

DATA_DIR = Path(__file__).parent / "data"
OFFENSES_FILE = DATA_DIR / "offenses.toml"
SOURCE_LABELS_FILE = DATA_DIR / "source_labels.csv"

UNITS: tuple[str, ...] = ("offenses", "incidents", "victims", "persons", "arrests")
LEVELS: tuple[str, ...] = ("claim", "official", "both")
LOCAL_PREFIX = "local:"

MatchedOn = Literal["id", "synonym", "ambiguous", "local"]


@dataclass(frozen=True, slots=True)
class Offense:
    """One entry of the vocabulary (a row of data/offenses.toml)."""

    offense_id: str
    label: str
    level: str
    claim_offense: str
    parent: str | None
    unit: str | None
    srs: tuple[str, ...] = ()
    nibrs: tuple[str, ...] = ()
    cde: tuple[str, ...] = ()
    part1: bool = False
    ucr_equivalent: bool = True
    flags: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class OffenseMatch:
    """What a name resolved to. ``flags`` include the entry's flags plus ``needs_review`` when
    the wording was ambiguous."""

    offense_id: str  # the id to store ('murder', 'homicide', 'local:Shots fired')
    claim_offense: str  # the claim-vocabulary name it belongs to ('homicide', 'other')
    label: str
    unit: str | None  # counting unit, None when it varies
    parent: str | None
    matched_on: MatchedOn
    matched_text: str
    flags: tuple[str, ...] = ()
    srs: tuple[str, ...] = ()
    nibrs: tuple[str, ...] = ()
    cde: tuple[str, ...] = ()
    ucr_equivalent: bool = True
    note: str | None = None

    @property
    def needs_review(self) -> bool:
        return "needs_review" in self.flags


@dataclass(frozen=True, slots=True)
class SourceLabel:
    """One code or label of a source's own taxonomy mapped to an offense id."""

    taxonomy: str
    code: str
    label: str
    offense_id: str
    flag: str | None = None
    note: str | None = None


def normalize_key(text: str) -> str:
    """Lower case, '-', '_' and '&'-free spacing, no surrounding punctuation."""
    key = text.strip().lower().replace("&", " and ")
    key = re.sub(r"[-_/]+", " ", key)
    key = re.sub(r"[^\w\s.']+", " ", key)
    key = key.replace(".", "")
    return re.sub(r"\s+", " ", key).strip()


@cache
def vocabulary() -> dict[str, Offense]:
    """Every offense id of data/offenses.toml, in file order."""
    with open(OFFENSES_FILE, "rb") as fh:
        data = tomllib.load(fh)
    entries: dict[str, Offense] = {}
    for raw in data["offense"]:
        unit = raw.get("unit") or None
        if unit is not None and unit not in UNITS:
            raise ValueError(f"{OFFENSES_FILE}: offense {raw['id']!r} has unknown unit {unit!r}")
        if raw["level"] not in LEVELS:
            raise ValueError(f"{OFFENSES_FILE}: offense {raw['id']!r} has unknown level")
        entries[raw["id"]] = Offense(
            offense_id=raw["id"], label=raw["label"], level=raw["level"],
            claim_offense=raw["claim_offense"], parent=raw.get("parent") or None, unit=unit,
            srs=tuple(raw.get("srs", ())), nibrs=tuple(raw.get("nibrs", ())),
            cde=tuple(raw.get("cde", ())), part1=bool(raw.get("part1", False)),
            ucr_equivalent=bool(raw.get("ucr_equivalent", True)),
            flags=tuple(raw.get("flags", ())), synonyms=tuple(raw.get("synonyms", ())),
            ambiguous=tuple(raw.get("ambiguous", ())), note=raw.get("note"),
        )
    for entry in entries.values():
        for ref in (entry.parent, entry.claim_offense):
            if ref and ref not in entries:
                raise ValueError(f"{OFFENSES_FILE}: {entry.offense_id!r} refers to unknown {ref!r}")
    return entries


def claim_vocabulary() -> tuple[str, ...]:
    """The news-facing offense names (DESIGN.md), in file order."""
    return tuple(o.offense_id for o in vocabulary().values() if o.level in ("claim", "both"))


@cache
def _lookup() -> dict[str, tuple[str, MatchedOn]]:
    """normalized phrase -> (offense id, how it matched). Ids win over synonyms."""
    table: dict[str, tuple[str, MatchedOn]] = {}
    entries = vocabulary().values()
    for entry in entries:
        for phrase in entry.ambiguous:
            table.setdefault(normalize_key(phrase), (entry.offense_id, "ambiguous"))
    for entry in entries:
        for phrase in (entry.label, *entry.synonyms):
            table[normalize_key(phrase)] = (entry.offense_id, "synonym")
    for label in source_labels():
        table.setdefault(normalize_key(label.label), (label.offense_id, "synonym"))
    for entry in entries:
        table[normalize_key(entry.offense_id)] = (entry.offense_id, "id")
    return table


def _singular(key: str) -> list[str]:
    forms = []
    if key.endswith("ies"):
        forms.append(key[:-3] + "y")
    if key.endswith("es"):
        forms.append(key[:-2])
    if key.endswith("s"):
        forms.append(key[:-1])
    return forms


def normalize_offense(name: str) -> OffenseMatch:
    """Resolve a claim-vocabulary name, a finer official id, a synonym or a source label.

    Case-insensitive; '-', '_' and spaces are equivalent; plurals are tolerated.
    ``local:<label>`` passes through as an unmapped local category (claim offense ``other``,
    flagged ``local_only`` and ``needs_review``). Raises ``UnknownOffense`` with close names.
    """
    text = name.strip()
    if text.lower().startswith(LOCAL_PREFIX):
        label = text[len(LOCAL_PREFIX):].strip()
        if not label:
            raise UnknownOffense(name, ("local:<label as printed>",))
        return OffenseMatch(
            offense_id=f"{LOCAL_PREFIX}{label}", claim_offense="other", label=label, unit=None,
            parent=None, matched_on="local", matched_text=text,
            flags=("local_only", "needs_review"), ucr_equivalent=False,
        )
    key = normalize_key(text)
    table = _lookup()
    found = table.get(key)
    if found is None:
        found = next((table[k] for k in _singular(key) if k in table), None)
    if found is None:
        close = difflib.get_close_matches(key, list(table), n=5, cutoff=0.72)
        suggestions = tuple(dict.fromkeys(table[c][0] if c not in vocabulary() else c for c in close))
        raise UnknownOffense(name, suggestions)
    offense_id, how = found
    entry = vocabulary()[offense_id]
    flags = entry.flags
    if how == "ambiguous" and "needs_review" not in flags:
        flags = (*flags, "needs_review")
    return OffenseMatch(
        offense_id=entry.offense_id, claim_offense=entry.claim_offense, label=entry.label,
        unit=entry.unit, parent=entry.parent, matched_on=how, matched_text=text, flags=flags,
        srs=entry.srs, nibrs=entry.nibrs, cde=entry.cde, ucr_equivalent=entry.ucr_equivalent,
        note=entry.note,
    )


def get_offense(offense_id: str) -> Offense:
    """The vocabulary entry for an exact id (raises ``UnknownOffense``)."""
    try:
        return vocabulary()[offense_id]
    except KeyError:
        raise UnknownOffense(offense_id, tuple(difflib.get_close_matches(
            offense_id, list(vocabulary()), n=3))) from None


def ancestors(offense_id: str) -> tuple[str, ...]:
    """The broader official ids an id rolls up into, nearest first (murder -> violent_crime, ...)."""
    chain: list[str] = []
    current = vocabulary()[offense_id].parent
    while current and current not in chain:
        chain.append(current)
        current = vocabulary()[current].parent
    return tuple(chain)


def claim_family(claim_offense: str) -> tuple[str, ...]:
    """Offense ids that observations for a claim offense may carry: itself first, then the finer
    official ids that refine it ('homicide' -> homicide, murder, gun_murder)."""
    ids = [o.offense_id for o in vocabulary().values() if o.claim_offense == claim_offense]
    if claim_offense in ids:
        ids.remove(claim_offense)
        ids.insert(0, claim_offense)
    return tuple(ids)


@cache
def source_labels() -> tuple[SourceLabel, ...]:
    """Every row of data/source_labels.csv."""
    with open(SOURCE_LABELS_FILE, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    known = set(vocabulary())
    labels = []
    for row in rows:
        if row["offense_id"] not in known:
            raise ValueError(f"{SOURCE_LABELS_FILE}: unknown offense id {row['offense_id']!r}")
        labels.append(SourceLabel(
            taxonomy=row["taxonomy"], code=row["code"], label=row["label"],
            offense_id=row["offense_id"], flag=row["flag"] or None, note=row["note"] or None,
        ))
    return tuple(labels)


def taxonomy_map(taxonomy: str) -> dict[str, SourceLabel]:
    """A source taxonomy's code -> mapping (empty if the taxonomy is unknown)."""
    return {label.code: label for label in source_labels() if label.taxonomy == taxonomy}


def taxonomies() -> tuple[str, ...]:
    return tuple(dict.fromkeys(label.taxonomy for label in source_labels()))
