"""The source registry: dataset ids, field maps and curated jurisdictions, read from TOML.

The default file is ``official/data/registry.toml``; ``load_registry(path)`` reads another one
(tests point it at local servers). Code maps come from the source's ``taxonomy`` in
``offenses/data/source_labels.csv`` plus the entry's inline ``code_map``.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from offenses.errors import UnknownOffense
from offenses.vocabulary import UNITS, get_offense, normalize_offense, taxonomy_map
from official.errors import RegistryError, UnknownSource

DEFAULT_REGISTRY = Path(__file__).parent / "data" / "registry.toml"
KINDS: tuple[str, ...] = ("socrata", "arcgis", "fbi_cde")


@dataclass(frozen=True, slots=True)
class CuratedPlace:
    """A [[jurisdiction]] of the registry: what the gazetteer lacks about a city."""

    name: str
    state: str
    gazetteer_name: str | None = None
    ori: str | None = None
    place_geoid: str | None = None
    agency: str | None = None
    population: int | None = None
    aliases: tuple[str, ...] = ()
    check: tuple[str, ...] = ()
    note: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state}"


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """A [[source]] of the registry: one dataset or API and how to read it."""

    name: str
    source_id: str
    kind: str
    title: str
    publisher: str
    base_url: str = ""
    jurisdiction: str | None = None  # 'City, ST'
    dataset_id: str | None = None
    layer_url: str | None = None
    date_field: str | None = None
    date_semantics: str | None = None
    code_field: str | None = None
    taxonomy: str | None = None
    code_map: dict[str, str] = field(default_factory=dict)  # code -> offense id (resolved)
    all_rows_offense: str | None = None
    count_field: str | None = None
    order_field: str = "OBJECTID"  # arcgis: the object id field, for stable paging
    unit: str = "incidents"
    unit_overrides: dict[str, str] = field(default_factory=dict)
    where: str | None = None
    lag_days: int = 0
    rollup: bool = False
    timezone: str = "UTC"
    page_size: int = 50_000
    offenses: tuple[str, ...] = ()  # fbi_cde: which offenses to ask for
    key_in: str = "header"  # fbi_cde: header | query
    license: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    successor: str | None = None
    enabled: bool = True
    verified: bool = False
    note: str | None = None

    def unit_for(self, offense_id: str) -> str:
        return self.unit_overrides.get(offense_id, self.unit)

    def mapped_offenses(self) -> tuple[str, ...]:
        if self.all_rows_offense:
            return (self.all_rows_offense,)
        return tuple(dict.fromkeys(self.code_map.values())) or self.offenses


@dataclass(frozen=True, slots=True)
class Registry:
    path: str
    sources: tuple[SourceEntry, ...]
    places: tuple[CuratedPlace, ...]

    def source(self, name: str) -> SourceEntry:
        """A source by its short name or source_id (raises ``UnknownSource``)."""
        for entry in self.sources:
            if name in (entry.name, entry.source_id):
                return entry
        names = [e.name for e in self.sources]
        raise UnknownSource(name, tuple(difflib.get_close_matches(name, names, n=3, cutoff=0.5)))


def _offense_id(value: str, where: str) -> str:
    try:
        return normalize_offense(value).offense_id
    except UnknownOffense as exc:
        raise RegistryError(f"{where}: {exc}") from exc


def _source(raw: dict, path: Path, index: int) -> SourceEntry:
    where = f"{path} [[source]] #{index + 1}"
    for key in ("name", "source_id", "kind", "title", "publisher"):
        if not raw.get(key):
            raise RegistryError(f"{where}: missing '{key}'. Every source needs name, source_id, "
                                "kind, title and publisher.")
    kind = raw["kind"]
    if kind not in KINDS:
        raise RegistryError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}.")
    code_map: dict[str, str] = {}
    if raw.get("taxonomy"):
        labels = taxonomy_map(raw["taxonomy"])
        if not labels:
            raise RegistryError(f"{where}: taxonomy {raw['taxonomy']!r} has no rows in "
                                "offenses/data/source_labels.csv.")
        code_map.update({code: label.offense_id for code, label in labels.items()})
    for code, offense in raw.get("code_map", {}).items():
        code_map[str(code)] = _offense_id(offense, where)
    if kind in ("socrata", "arcgis"):
        needed = ["date_field", "jurisdiction"] + (["dataset_id", "base_url"] if kind == "socrata"
                                                   else ["layer_url"])
        for key in needed:
            if not raw.get(key):
                raise RegistryError(f"{where}: a {kind} source needs '{key}'.")
        if not code_map and not raw.get("all_rows_offense"):
            raise RegistryError(f"{where}: give code_field with taxonomy/code_map, or all_rows_offense.")
        if code_map and not raw.get("code_field"):
            raise RegistryError(f"{where}: a code map needs 'code_field'.")
    units = {raw.get("unit", "incidents"), *raw.get("unit_overrides", {}).values()}
    if not units <= set(UNITS):
        raise RegistryError(f"{where}: unit must be one of {', '.join(UNITS)}.")
    offenses = tuple(_offense_id(o, where) for o in raw.get("offenses", ()))
    for offense in offenses:
        if kind == "fbi_cde" and not get_offense(offense).cde:
            raise RegistryError(f"{where}: offense {offense!r} has no FBI CDE path segment.")
    known = {
        "name", "source_id", "kind", "title", "publisher", "base_url", "jurisdiction",
        "dataset_id", "layer_url", "date_field", "date_semantics", "code_field", "taxonomy",
        "all_rows_offense", "count_field", "order_field", "unit", "unit_overrides", "where", "lag_days", "rollup",
        "timezone", "page_size", "key_in", "license", "valid_from", "valid_to", "successor",
        "enabled", "verified", "note",
    }
    plain = {k: v for k, v in raw.items() if k in known}
    unknown = set(raw) - known - {"code_map", "offenses", "terms_url"}
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
    if plain.get("all_rows_offense"):
        plain["all_rows_offense"] = _offense_id(plain["all_rows_offense"], where)
    plain["unit_overrides"] = {_offense_id(k, where): v
                               for k, v in raw.get("unit_overrides", {}).items()}
    return SourceEntry(code_map=code_map, offenses=offenses, **plain)


def _place(raw: dict, path: Path, index: int) -> CuratedPlace:
    if not raw.get("name") or not raw.get("state"):
        raise RegistryError(f"{path} [[jurisdiction]] #{index + 1}: needs name and state.")
    return CuratedPlace(
        name=raw["name"], state=raw["state"].upper(), gazetteer_name=raw.get("gazetteer_name"),
        ori=raw.get("ori"), place_geoid=raw.get("place_geoid"), agency=raw.get("agency"),
        population=raw.get("population"), aliases=tuple(raw.get("aliases", ())),
        check=tuple(raw.get("check", ())), note=raw.get("note"),
    )


def load_registry(path: str | Path | None = None) -> Registry:
    """Read and validate a registry file (default: the bundled one). Raises ``RegistryError``."""
    resolved = Path(path or DEFAULT_REGISTRY).resolve()
    mtime = resolved.stat().st_mtime_ns if resolved.exists() else 0
    return _load(str(resolved), mtime)


@cache
def _load(path_text: str, _mtime: int) -> Registry:
    path = Path(path_text)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise RegistryError(f"Registry file {path} does not exist.") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"Registry file {path} is not valid TOML: {exc}.") from exc
    sources = tuple(_source(raw, path, i) for i, raw in enumerate(data.get("source", [])))
    seen: set[str] = set()
    for entry in sources:
        for key in (entry.name, entry.source_id):
            if key in seen:
                raise RegistryError(f"{path}: {key!r} appears twice; names and ids must be unique.")
            seen.add(key)
    places = tuple(_place(raw, path, i) for i, raw in enumerate(data.get("jurisdiction", [])))
    return Registry(path=str(path), sources=sources, places=places)
