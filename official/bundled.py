"""The bundled official figures: FBI *Crime in the United States* Table 8, 2006-2023, as observations.

``load_bundled(db)`` reads ``data/bundled/fbi_table8.csv.gz`` (committed; rebuilt from the shared
data folder by ``official.bundle_build``) and appends, for every agency in scope and every year:

- one count per offense column (murder, rape, robbery, aggravated assault, violent crime,
  property crime, burglary, larceny-theft, motor vehicle theft, arson), under the vocabulary's
  offense ids, as published: a blank cell is ``value=None`` ("not published"), never 0;
- the population column as a ``population`` figure (rates are computed from it at check time,
  never stored);
- for a year whose table does not list the agency, one ``value=None`` row per offense saying
  so, so a claim about that year reads "not published by the FBI for 2021", not a gap.

Each row carries the edition's title, source URL and release date (``as_of``), status
``final``, and a note with the FBI's own name for the agency when it differs from the place's,
the rape definition, and the footnotes that apply to that cell. Loading is idempotent (the
store keeps one row per source, place, offense, period and as_of) and takes seconds.

The FBI asks that these figures not be used to rank agencies (``RANKING_CAUTION``).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db.connection import write_transaction
from db.official_store import (
    count_observations,
    get_official_source,
    store_observation_rows,
    upsert_jurisdiction,
    upsert_official_source,
)
from db.rows import OBSERVATION_COLUMNS
from db.store import get_jurisdiction
from official.agencies import AGENCY_PLACES, AgencyMatch, match_agencies
from official.bundle_build import (
    BUNDLE_COLUMNS,
    BUNDLE_DIR,
    FOOTNOTES_FILE,
    MANIFEST_FILE,
    TABLE8_FILE,
    YEARS,
)
from official.places import lookup_place, normalize_state
from records.official import Jurisdiction, Observation

SOURCE_ID = "fbi-cius-table8"
PUBLISHER = "FBI UCR Program"
SOURCE_TITLE = "Crime in the United States, Table 8: Offenses Known to Law Enforcement by State by City"
LICENSE = "Public domain (work of the U.S. Government, 17 U.S.C. 105)"
DEFAULT_MIN_POPULATION = 50_000
NOT_COMPARABLE = "not comparable to previous years"
RAPE_DEFINITION_NOTE = "rape definition: "
NOT_LISTED = "not published by the FBI for {year}"
RANKING_CAUTION = (
    "the FBI cautions against ranking cities or agencies with these figures, because crime "
    "depends on many local factors; compare a place with itself over time")

# column of the bundle -> (offense id of the vocabulary, unit)
OFFENSE_COLUMNS: dict[str, tuple[str, str]] = {
    "violent_crime": ("violent_crime", "offenses"),
    "murder": ("murder", "victims"),
    "rape": ("rape", "victims"),
    "robbery": ("robbery", "incidents"),
    "aggravated_assault": ("aggravated_assault", "victims"),
    "property_crime": ("property_crime", "offenses"),
    "burglary": ("burglary", "incidents"),
    "larceny_theft": ("larceny_theft", "incidents"),
    "motor_vehicle_theft": ("motor_vehicle_theft", "offenses"),
    "arson": ("arson", "incidents"),
}
POPULATION_OFFENSE = "_population"


@dataclass(frozen=True, slots=True)
class Edition:
    """One year's table: where it was published and when."""

    year: int
    table: str  # "Table 8" (the 2016 edition numbers it "Table 6")
    url: str
    released: str  # ISO date the FBI released that edition

    @property
    def short_title(self) -> str:
        """How each stored figure names its table (the full title is in ``title``)."""
        return f"FBI CIUS {self.year}, {self.table}"

    @property
    def title(self) -> str:
        return (f"Crime in the United States {self.year}, {self.table}: Offenses Known to Law "
                "Enforcement by State by City")


def _edition(year: int) -> Edition:
    table = "Table 6" if year == 2016 else "Table 8"
    if year <= 2009:
        url = f"https://www2.fbi.gov/ucr/cius{year}/data/table_08.html"
    elif year <= 2019:
        slug = "table-6" if year == 2016 else "table-8"
        url = f"https://ucr.fbi.gov/crime-in-the-u.s/{year}/crime-in-the-u.s.-{year}/tables/{slug}"
    else:
        url = "https://cde.ucr.cjis.gov/LATEST/webapp/#/pages/downloads"
    return Edition(year, table, url, RELEASED[year])


# Release dates of the CIUS editions (the publisher's as-of date of every figure in them).
RELEASED: dict[int, str] = {
    2006: "2007-09-24", 2007: "2008-09-15", 2008: "2009-09-14", 2009: "2010-09-13",
    2010: "2011-09-19", 2011: "2012-10-29", 2012: "2013-09-16", 2013: "2014-11-10",
    2014: "2015-09-28", 2015: "2016-09-26", 2016: "2017-09-25", 2017: "2018-09-24",
    2018: "2019-09-30", 2019: "2020-09-28", 2020: "2021-09-27", 2021: "2022-10-05",
    2022: "2023-10-16", 2023: "2024-09-23",
}
EDITIONS: dict[int, Edition] = {year: _edition(year) for year in YEARS}


class BundleMissing(Exception):
    """The bundled data files are not where they should be."""


@dataclass(frozen=True, slots=True)
class BundleRow:
    """One row of the bundled Table 8: one agency, one year, figures as printed (None = blank)."""

    year: int
    state: str  # as printed: "ILLINOIS"
    city: str  # the agency name as printed
    population: int | None
    values: dict[str, int | None]
    rape_definition: str
    footnote: str  # "city:8" / "state:2" / ""


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What ``load_bundled`` did."""

    rows_read: int
    agencies: int
    observations: int
    added: int
    already_present: int
    not_listed: int  # placeholder rows for years a table does not list the agency
    matched: dict[str, int] = field(default_factory=dict)  # how -> agencies
    seconds: float = 0.0
    min_population: int = DEFAULT_MIN_POPULATION
    skipped: bool = False  # the store records this load as done: nothing was re-read
    stored_total: int = 0  # bundled figures in the store afterwards
    not_found: tuple[str, ...] = ()  # places asked for that no Table 8 agency matches

    def as_dict(self) -> dict[str, Any]:
        return {"rows_read": self.rows_read, "agencies": self.agencies,
                "observations": self.observations, "added": self.added,
                "already_present": self.already_present, "not_listed": self.not_listed,
                "matched": dict(self.matched), "seconds": round(self.seconds, 3),
                "min_population": self.min_population, "skipped": self.skipped,
                "stored_total": self.stored_total, "not_found": list(self.not_found), "source_id": SOURCE_ID,
                "caution": RANKING_CAUTION}


def _int(text: str) -> int | None:
    return int(text) if text else None


def raw_rows(bundle_dir: Path = BUNDLE_DIR) -> list[list[str]]:
    """The bundled table's rows as text cells (header dropped), in file order."""
    path = bundle_dir / TABLE8_FILE
    if not path.exists():
        raise BundleMissing(f"{path} is missing; rebuild it with `python -m official.bundle_build`")
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        if tuple(header) != BUNDLE_COLUMNS:
            raise BundleMissing(f"{path} has columns {header}, not {BUNDLE_COLUMNS}; rebuild it")
        return list(reader)


_VALUE_AT = {c: BUNDLE_COLUMNS.index(c) for c in OFFENSE_COLUMNS}


def bundle_row(cells: Sequence[str]) -> BundleRow:
    return BundleRow(year=int(cells[0]), state=cells[1], city=cells[2], population=_int(cells[3]),
                     values={c: _int(cells[i]) for c, i in _VALUE_AT.items()},
                     rape_definition=cells[14], footnote=cells[15])


def read_rows(bundle_dir: Path = BUNDLE_DIR) -> Iterator[BundleRow]:
    """Every row of the bundled table, in file order."""
    for cells in raw_rows(bundle_dir):
        yield bundle_row(cells)


@cache
def footnotes(bundle_dir: Path = BUNDLE_DIR) -> dict[tuple[int, int], str]:
    """(year, number) -> the footnote's text."""
    path = bundle_dir / FOOTNOTES_FILE
    if not path.exists():
        raise BundleMissing(f"{path} is missing; rebuild it with `python -m official.bundle_build`")
    with open(path, encoding="utf-8", newline="") as fh:
        return {(int(r["year"]), int(r["number"])): r["text"] for r in csv.DictReader(fh)}


def manifest(bundle_dir: Path = BUNDLE_DIR) -> dict[str, Any]:
    return json.loads((bundle_dir / MANIFEST_FILE).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def footnote_columns(text: str) -> tuple[str, ...]:
    """The columns a footnote is about, read from its wording (all columns when it names none)."""
    lower = text.lower()
    if "population" in lower and "figures" not in lower:
        return (POPULATION_OFFENSE,)
    if "rape" in lower:
        return ("rape", "violent_crime")
    if "aggravated assault" in lower:
        return ("aggravated_assault", "violent_crime")
    if "murder" in lower:
        return ("murder", "violent_crime")
    if "arson" in lower:
        return ("arson",)
    return (*OFFENSE_COLUMNS, POPULATION_OFFENSE)


def row_footnotes(row: BundleRow, bundle_dir: Path = BUNDLE_DIR) -> list[tuple[int, str]]:
    """(number, text) of the footnotes a row points to (its state's and its own)."""
    notes = footnotes(bundle_dir)
    found: list[tuple[int, str]] = []
    for number in (int(n) for n in re.findall(r"\d+", row.footnote)):
        text = notes.get((row.year, number))
        if text:
            found.append((number, text))
    return found


def _note(parts: Sequence[str]) -> str | None:
    text = "; ".join(p for p in parts if p)
    return text or None


def _row(jid: str, offense: str, measure: str, unit: str, year: int, value: float | None,
         retrieved_at: str, note: str | None) -> tuple[Any, ...]:
    """One figure in ``db.rows.OBSERVATION_COLUMNS`` order."""
    ed = EDITIONS[year]
    return (SOURCE_ID, jid, offense, measure, unit, f"{year}-01-01", f"{year}-12-31", value, "final",
            ed.released, retrieved_at, ed.url, PUBLISHER, ed.short_title, None, note)


def row_to_observation(row: tuple[Any, ...]) -> Observation:
    return Observation(**dict(zip(OBSERVATION_COLUMNS, row, strict=True)))


@dataclass
class _Builder:
    retrieved_at: str
    bundle_dir: Path
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    not_listed: int = 0

    def add_row(self, row: BundleRow, match: AgencyMatch) -> None:
        ed = EDITIONS[row.year]
        named = "" if match.how == "exact" else f"FBI agency: {match.fbi_name} ({match.reason})"
        notes = row_footnotes(row, self.bundle_dir) if row.footnote else []
        cells: list[tuple[str, str, str, int | None]] = [
            (column, offense, unit, row.values[column]) for column, (offense, unit) in OFFENSE_COLUMNS.items()]
        cells.append((POPULATION_OFFENSE, POPULATION_OFFENSE, "persons", row.population))
        for column, offense, unit, value in cells:
            parts = [named]
            if value is None:
                parts.append(f"blank in {ed.table} {row.year}: not published by the FBI")
            if column in ("rape", "violent_crime") and row.rape_definition:
                parts.append(f"{RAPE_DEFINITION_NOTE}{row.rape_definition}")
            parts.extend(f"FBI footnote {n}: {t}" for n, t in notes if column in footnote_columns(t))
            self.rows.append(_row(match.jurisdiction_id, offense,
                                  "population" if column == POPULATION_OFFENSE else "count", unit, row.year,
                                  None if value is None else float(value), self.retrieved_at, _note(parts)))

    def add_missing(self, year: int, jurisdiction_id: str) -> None:
        ed = EDITIONS[year]
        note = (f"{NOT_LISTED.format(year=year)}: {ed.table} {year} does not list this agency "
                "(the FBI prints only agencies whose data it accepted for the year)")
        for offense, unit in OFFENSE_COLUMNS.values():
            self.rows.append(_row(jurisdiction_id, offense, "count", unit, year, None, self.retrieved_at, note))
            self.not_listed += 1


def in_scope(cells: Sequence[Sequence[str]], min_population: int,
             places: Sequence[tuple[str, str]] = ()) -> set[tuple[str, str]]:
    """(state, agency) pairs to load: those whose population reached ``min_population`` in
    some year, plus any agency named in ``places`` as (agency or city name, state)."""
    wanted = {(normalize_state(s) or s, name.casefold()) for name, s in places}
    keep: set[tuple[str, str]] = set()
    for c in cells:
        if int(c[3] or 0) >= min_population or (
                wanted and (normalize_state(c[1]), c[2].casefold()) in wanted):
            keep.add((c[1], c[2]))
    if wanted:
        # a city named by its news name ("Las Vegas") brings in the agency filed under it
        for (code, fbi_name), (city, _why) in AGENCY_PLACES.items():
            if (code, city.casefold()) in wanted:
                keep.update((c[1], c[2]) for c in cells if c[2] == fbi_name and normalize_state(c[1]) == code)
    return keep


def scoped_rows(cells: Sequence[Sequence[str]], scope: set[tuple[str, str]]) -> list[BundleRow]:
    return [bundle_row(c) for c in cells if (c[1], c[2]) in scope]


def build_observations(rows: Sequence[BundleRow], matches: dict[tuple[int, str, str], AgencyMatch],
                       scope: set[tuple[str, str]], *, retrieved_at: str,
                       bundle_dir: Path = BUNDLE_DIR) -> tuple[list[tuple[Any, ...]], int]:
    """Figures (rows in ``OBSERVATION_COLUMNS`` order) for the agencies in scope and their
    not-listed years, sorted as the store's indexes are (much faster inserts); returns
    (rows, not_listed)."""
    b = _Builder(retrieved_at, bundle_dir)
    years_of: dict[str, set[int]] = {}
    for r in rows:
        if (r.state, r.city) not in scope:
            continue
        m = matches[(r.year, r.state, r.city)]
        b.add_row(r, m)
        years_of.setdefault(m.jurisdiction_id, set()).add(r.year)
    for jid, years in sorted(years_of.items()):
        for year in YEARS:
            if year not in years:
                b.add_missing(year, jid)
    b.rows.sort(key=lambda r: (r[1], r[2], r[3], r[4], r[5]))
    return b.rows, b.not_listed


def jurisdictions_for(matches: dict[tuple[int, str, str], AgencyMatch], rows: Sequence[BundleRow],
                      scope: set[tuple[str, str]]) -> list[Jurisdiction]:
    """One jurisdiction per place used, with the FBI names as aliases and the latest population."""
    latest: dict[str, BundleRow] = {}
    names: dict[str, set[str]] = {}
    for r in rows:
        if (r.state, r.city) not in scope:
            continue
        m = matches[(r.year, r.state, r.city)]
        if m.jurisdiction_id not in latest or r.year >= latest[m.jurisdiction_id].year:
            latest[m.jurisdiction_id] = r
        names.setdefault(m.jurisdiction_id, set()).add(r.city)
    out: list[Jurisdiction] = []
    for jid, r in sorted(latest.items()):
        m = matches[(r.year, r.state, r.city)]
        known = lookup_place(m.place_name, m.state) if m.matched else None
        aliases = tuple(sorted(n for n in names[jid] if n != m.place_name))
        if known is not None and known.jurisdiction_id == jid:
            out.append(Jurisdiction(jid, known.name, known.state, known.kind, known.ori, known.place_geoid,
                                    known.population, tuple(dict.fromkeys((*known.aliases, *aliases)))))
        else:
            out.append(Jurisdiction(jid, m.place_name, m.state, "agency", population=r.population,
                                    aliases=aliases))
    return out


def all_matches(rows: Sequence[BundleRow]) -> dict[tuple[int, str, str], AgencyMatch]:
    return match_agencies((r.year, r.state, r.city, r.population) for r in rows)


def _retrieved_at(bundle_dir: Path) -> str:
    """The day the shared files were collected, as the manifest records (fixed: idempotent)."""
    return str(manifest(bundle_dir).get("retrieved_at", "2026-12-02"))


def _register(db: Database, digest: str, loads: dict[str, Any]) -> None:
    upsert_official_source(
        db, SOURCE_ID, "bundled", PUBLISHER, SOURCE_TITLE, base_url="https://ucr.fbi.gov/crime-in-the-u.s",
        license=LICENSE, notes=(
            "Bundled with claims-tracker (official/data/bundled/, see its README.md): FBI CIUS Table 8 "
            f"{YEARS[0]}-{YEARS[-1]}, figures as published, blanks kept blank. " + RANKING_CAUTION),
        bundle_sha256=digest, loads=loads)


def _load_key(min_population: int, places: Sequence[tuple[str, str]]) -> str:
    return json.dumps([min_population, sorted([n.casefold(), st.casefold()] for n, st in places)], allow_nan=False)


def load_bundled(db: Database, *, min_population: int = DEFAULT_MIN_POPULATION,
                 places: Sequence[tuple[str, str]] = (), bundle_dir: Path = BUNDLE_DIR,
                 force: bool = False, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Append the bundled Table 8 figures to the store (``db`` from ``db.open_db``).

    ``min_population``: agencies whose population reached it in some year (0 = every agency);
    ``places``: (name, state) pairs loaded whatever their size. Idempotent: a load the store
    records as done for this bundle is skipped (observations are append-only, so its figures
    are all still there) unless ``force``, which re-offers every row (none is added twice).
    """
    started = time.monotonic()
    digest = manifest(bundle_dir)["outputs"][TABLE8_FILE]
    key = _load_key(min_population, places)
    source = get_official_source(db, SOURCE_ID)
    done: dict[str, Any] = (source or {}).get("config", {}).get("loads", {}) if source else {}
    if not force and source and source["config"].get("bundle_sha256") == digest and key in done:
        recorded = done[key]
        return LoadReport(rows_read=0, agencies=recorded["agencies"], observations=recorded["observations"],
                          added=0, already_present=recorded["observations"], not_listed=recorded["not_listed"],
                          matched=dict(recorded["matched"]), seconds=time.monotonic() - started,
                          min_population=min_population, skipped=True,
                          stored_total=count_observations(db, SOURCE_ID))
    cells = raw_rows(bundle_dir)
    scope = in_scope(cells, min_population, places)
    rows = scoped_rows(cells, scope)
    matches = all_matches(rows)
    obs, not_listed = build_observations(rows, matches, scope, retrieved_at=_retrieved_at(bundle_dir),
                                         bundle_dir=bundle_dir)
    if progress:
        progress(f"{len(obs)} figures for {len(scope)} agencies built; storing")
    how = _match_counts(matches, scope)
    prior = dict(done) if source and source["config"].get("bundle_sha256") == digest else {}
    prior[key] = {"agencies": len(scope), "observations": len(obs), "not_listed": not_listed, "matched": how}
    _cache_pages(db, 65_536)
    try:
        with write_transaction(db):  # one transaction: the batches below nest as savepoints
            for j in jurisdictions_for(matches, rows, scope):
                _upsert_new(db, j, upsert_jurisdiction)
            added, present = store_observation_rows(db, obs, batch_size=len(obs) or 1)
            _register(db, digest, prior)
    finally:
        _cache_pages(db, None)
    return LoadReport(rows_read=len(cells), agencies=len(scope), observations=len(obs), added=added,
                      already_present=present, not_listed=not_listed, matched=how,
                      seconds=time.monotonic() - started, min_population=min_population,
                      stored_total=count_observations(db, SOURCE_ID), not_found=_not_found(places, matches))


def _not_found(places: Sequence[tuple[str, str]], matches: dict[tuple[int, str, str], AgencyMatch]) -> tuple[str, ...]:
    """The asked-for places no loaded agency is filed under (by its name or its place's)."""
    found = {(m.state, n.casefold()) for m in matches.values() for n in (m.fbi_name, m.place_name)}
    return tuple(f"{name}, {state}" for name, state in places
                 if (normalize_state(state) or state, name.casefold()) not in found)


_DEFAULT_CACHE: dict[int, int] = {}


def _cache_pages(db: Database, kib: int | None) -> None:
    """A bigger page cache for this connection during the bulk insert (index pages stay hot)."""
    conn = db.conn
    if kib is not None:
        _DEFAULT_CACHE[id(conn)] = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = -{int(kib)}")
    elif id(conn) in _DEFAULT_CACHE:
        conn.execute(f"PRAGMA cache_size = {int(_DEFAULT_CACHE.pop(id(conn)))}")


def _match_counts(matches: dict[tuple[int, str, str], AgencyMatch], scope: set[tuple[str, str]]) -> dict[str, int]:
    order = ("exact", "rule", "suffix", "own_id")
    best: dict[tuple[str, str], str] = {}
    for (_year, state, name), m in matches.items():
        if (state, name) in scope and order.index(m.how) < order.index(best.get((state, name), "own_id")):
            best[(state, name)] = m.how
    how: dict[str, int] = {}
    for key in sorted(scope):
        kind = best.get(key, "own_id")
        how[kind] = how.get(kind, 0) + 1
    return how


def _upsert_new(db: Database, j: Jurisdiction, upsert: Callable[[Database, Jurisdiction], None]) -> None:
    """Add a jurisdiction the store lacks; one it has (curated, or from an import) is kept."""
    if get_jurisdiction(db, j.jurisdiction_id) is None:
        upsert(db, j)


def is_loaded(db: Database) -> bool:
    """Whether the store holds any bundled Table 8 figure."""
    return count_observations(db, SOURCE_ID) > 0
