"""Hand-entered official figures: the long-format CSV described in official/README.md.

One number per row. Lines starting with '#' before the header are comments (attribution).
Each bad row is reported with its line number and reason; good rows still load. Import is
idempotent: the store keeps one row per (source, jurisdiction, offense, measure, unit, period,
as_of), so importing a file twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db.store import observations_for, store_observations, upsert_jurisdiction, upsert_official_source
from offenses.errors import UnknownOffense
from offenses.vocabulary import normalize_offense
from official.errors import AmbiguousPlace, CsvFormatError, UnknownPlace
from official.http import redact_url
from official.places import resolve_place, slugify
from official.registry import Registry
from records.official import MAX_FIGURE, Jurisdiction, Observation, value_problem

log = logging.getLogger(__name__)

COLUMNS: tuple[str, ...] = (
    "jurisdiction", "ori", "place_geoid", "offense", "source_offense_label", "measure", "unit",
    "period_start", "period_end", "value", "status", "as_of", "publisher", "document_title",
    "source_url", "retrieved_at", "entered_by", "notes", "series",
)
OPTIONAL: frozenset[str] = frozenset({"ori", "place_geoid", "notes", "value", "series"})
MEASURES: tuple[str, ...] = ("count", "rate_per_100k", "clearances", "arrests", "population")
UNITS: tuple[str, ...] = ("offenses", "incidents", "victims", "arrests", "persons")
STATUSES: tuple[str, ...] = ("final", "preliminary", "estimate")
POPULATION_OFFENSE = "_population"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int  # physical line number in the file (1 = first line)
    reason: str


@dataclass(frozen=True, slots=True)
class CsvSource:
    """An official source as named by CSV rows (publisher + document)."""

    source_id: str
    publisher: str
    title: str
    base_url: str


@dataclass(frozen=True, slots=True)
class ParsedCsv:
    path: str
    rows: int  # data rows seen (blank lines not counted)
    observations: tuple[Observation, ...]
    jurisdictions: tuple[Jurisdiction, ...]
    sources: tuple[CsvSource, ...]
    bad_rows: tuple[BadRow, ...]
    warnings: tuple[str, ...]
    lines: tuple[int, ...] = ()  # the line each observation came from


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What ``import_csv`` did. ``loaded`` new rows, ``already_present`` skipped as duplicates."""

    path: str
    rows: int
    loaded: int
    already_present: int
    bad_rows: tuple[BadRow, ...] = ()
    warnings: tuple[str, ...] = ()
    jurisdictions: tuple[str, ...] = field(default=())
    observations: tuple[Observation, ...] = ()  # the file's good rows (re-checks read them)

    @property
    def ok(self) -> bool:
        return not self.bad_rows

    @property
    def added(self) -> int:
        """Same as ``loaded`` (the store's word)."""
        return self.loaded

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "rows": self.rows, "loaded": self.loaded,
            "already_present": self.already_present, "bad": len(self.bad_rows),
            "bad_rows": [{"line": b.line, "reason": b.reason} for b in self.bad_rows],
            "warnings": list(self.warnings), "jurisdictions": list(self.jurisdictions),
        }


def source_id_for(publisher: str, series: str = "") -> str:
    """The source id of hand-entered figures: one per publisher (and ``series`` name, when a
    publisher keeps two series of the same offense). The document title is not part of it, so
    a revised figure published under a new title is a newer vintage of the same series, not a
    second source (official/README.md, "Same series")."""
    return f"manual:{slugify(publisher)}" + (f":{slugify(series)}" if series.strip() else "")


class _RowError(Exception):
    pass


def _date(row: dict[str, str], column: str) -> date:
    text = row[column]
    if not _ISO_DATE.fullmatch(text):
        raise _RowError(f"{column} {text!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _RowError(f"{column} {text!r} is not a real date") from None


def _choice(row: dict[str, str], column: str, allowed: tuple[str, ...]) -> str:
    value = row[column].lower()
    if value not in allowed:
        raise _RowError(f"{column} {row[column]!r} must be one of {', '.join(allowed)}")
    return value


def _value(text: str) -> float | None:
    if text == "":
        return None  # not reported, never 0
    cleaned = text.replace(",", "").replace("_", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise _RowError(f"value {text!r} is not a number (leave it blank if not reported)") from None
    problem = value_problem(value)
    if problem:
        raise _RowError(f"value {text!r} must be a finite number from 0 to {MAX_FIGURE:,.0f} ({problem})")
    return value


def _read_lines(path: Path) -> tuple[int, str]:
    """(number of leading comment lines, the rest of the text)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CsvFormatError(f"{path} does not exist.") from None
    except UnicodeDecodeError as exc:
        raise CsvFormatError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}); "
                             "save it as UTF-8 CSV and import again.") from None
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (lines[skipped].lstrip().startswith("#") or not lines[skipped].strip()):
        skipped += 1
    return skipped, "".join(lines[skipped:])


class _Parser:
    def __init__(self, registry: Registry | None) -> None:
        self.registry = registry
        self.places: dict[str, Jurisdiction] = {}
        self.place_errors: dict[str, str] = {}
        self.sources: dict[str, CsvSource] = {}
        self.warnings: list[str] = []

    def place(self, row: dict[str, str]) -> Jurisdiction:
        text = row["jurisdiction"]
        if text in self.place_errors:
            raise _RowError(self.place_errors[text])
        if text not in self.places:
            try:
                j = resolve_place(text, allow_unknown=True, registry=self.registry)
            except UnknownPlace as exc:
                hint = f" (did you mean {'; '.join(exc.suggestions)}?)" if exc.suggestions else ""
                self.place_errors[text] = (f"unknown jurisdiction {text!r}{hint}; write it as "
                                           "'City, ST'")
                raise _RowError(self.place_errors[text]) from None
            except AmbiguousPlace as exc:
                self.place_errors[text] = (f"ambiguous jurisdiction {text!r}: add the state "
                                           f"({'; '.join(exc.candidates[:4])})")
                raise _RowError(self.place_errors[text]) from None
            if j.population is None and j.ori is None and not j.aliases:
                self.warnings.append(f"{text!r} is not in the gazetteer; recorded as {j.jurisdiction_id}")
            self.places[text] = j
        j = self.places[text]
        ori, geoid = row.get("ori", ""), row.get("place_geoid", "")
        if ori and not re.fullmatch(r"[A-Z0-9]{9}", ori):
            raise _RowError(f"ori {ori!r} must be 9 capital letters or digits (e.g. ILCPD0000)")
        if geoid and not re.fullmatch(r"\d{7}", geoid):
            raise _RowError(f"place_geoid {geoid!r} must be 7 digits (e.g. 1714000)")
        for column, given, known in (("ori", ori, j.ori), ("place_geoid", geoid, j.place_geoid)):
            if given and known and given != known:
                self.warnings.append(f"{text!r}: {column} {given} in the file differs from "
                                     f"{known} in the registry; kept {known}")
        if (ori and not j.ori) or (geoid and not j.place_geoid):
            j = replace(j, ori=j.ori or ori or None, place_geoid=j.place_geoid or geoid or None)
            self.places[text] = j
        return j

    def row(self, row: dict[str, str]) -> Observation:
        missing = [c for c in COLUMNS if c not in OPTIONAL and not row.get(c)]
        if missing:
            raise _RowError(f"empty required column(s): {', '.join(missing)}")
        measure = _choice(row, "measure", MEASURES)
        unit = _choice(row, "unit", UNITS)
        status = _choice(row, "status", STATUSES)
        if measure == "population" and row["offense"].strip().lower() in ("population", POPULATION_OFFENSE):
            offense_id = POPULATION_OFFENSE
        else:
            try:
                match = normalize_offense(row["offense"])
            except UnknownOffense as exc:
                hint = f" (did you mean {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
                raise _RowError(f"unknown offense {row['offense']!r}{hint}; use a vocabulary id, "
                                "a synonym or local:<label>") from None
            offense_id = match.offense_id
            if match.unit and unit != match.unit and measure == "count":
                self.warnings.append(f"{row['offense']!r} counted in {unit}; the vocabulary counts "
                                     f"{match.offense_id} in {match.unit}")
        start, end = _date(row, "period_start"), _date(row, "period_end")
        if end < start:
            raise _RowError(f"period_end {end} is before period_start {start}")
        as_of = _date(row, "as_of")
        if not _ISO_TIME.fullmatch(row["retrieved_at"]):
            raise _RowError(f"retrieved_at {row['retrieved_at']!r} is not an ISO date or time")
        url = row["source_url"]
        if not re.match(r"https?://\S+$", url):
            raise _RowError(f"source_url {url!r} must be an http(s) URL")
        value = _value(row.get("value", ""))
        j = self.place(row)
        series = row.get("series", "")
        source_id = source_id_for(row["publisher"], series)
        url = redact_url(url)
        if source_id not in self.sources:
            self.sources[source_id] = CsvSource(source_id, row["publisher"],
                                                series or "hand-entered figures", url)
        note = row.get("notes") or None
        label = row["source_offense_label"]
        return Observation(
            source_id=source_id, jurisdiction_id=j.jurisdiction_id, offense=offense_id,
            measure=measure, unit=unit, period_start=start.isoformat(), period_end=end.isoformat(),
            value=value, status=status, as_of=as_of.isoformat(), retrieved_at=row["retrieved_at"],
            source_url=url, publisher=row["publisher"],
            document_title=row["document_title"], entered_by=row["entered_by"],
            note=f"label: {label}" + (f"; {note}" if note else ""),
        )


def parse_csv(path: str | Path, *, registry: Registry | None = None) -> ParsedCsv:
    """Read and validate a CSV of hand-entered figures without touching the store.

    Raises ``CsvFormatError`` when the file cannot be used at all (missing, not UTF-8, required
    columns missing); row problems come back in ``bad_rows``.
    """
    path = Path(path)
    offset, text = _read_lines(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise CsvFormatError(f"{path} has no header line. The first line must name the columns: "
                             f"{','.join(COLUMNS)}") from None
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL]
    if missing:
        raise CsvFormatError(f"{path}: the header lacks required column(s) {', '.join(missing)}. "
                             f"Expected: {','.join(COLUMNS)}")
    parser = _Parser(registry)
    extra = [h for h in header if h not in COLUMNS]
    if extra:
        parser.warnings.append(f"ignored unknown column(s): {', '.join(extra)}")
    observations: list[Observation] = []
    bad: list[BadRow] = []
    seen: dict[tuple, tuple[int, float | None]] = {}
    lines: list[int] = []
    rows = 0
    while True:
        line = offset + reader.line_num + 1  # where the next record starts
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            bad.append(BadRow(line, f"unreadable CSV: {exc}"))
            continue
        if not cells or all(not c.strip() for c in cells):
            continue
        rows += 1
        if len(cells) != len(header):
            bad.append(BadRow(line, f"{len(cells)} fields but the header has {len(header)} "
                                    "(a comma inside a value needs double quotes)"))
            continue
        row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
        try:
            obs = parser.row(row)
        except _RowError as exc:
            bad.append(BadRow(line, str(exc)))
            continue
        key = (obs.source_id, obs.jurisdiction_id, obs.offense, obs.measure, obs.unit,
               obs.period_start, obs.period_end, obs.as_of)
        if key in seen and seen[key][1] != obs.value:
            bad.append(BadRow(line, f"same figure as line {seen[key][0]} (source, place, offense, "
                                    f"period, as_of) but a different value; give it its own as_of "
                                    "if it is a revision"))
            continue
        seen.setdefault(key, (line, obs.value))
        observations.append(obs)
        lines.append(line)
    return ParsedCsv(
        path=str(path), rows=rows, observations=tuple(observations),
        jurisdictions=tuple(dict.fromkeys(parser.places.values())),
        sources=tuple(parser.sources.values()), bad_rows=tuple(bad),
        warnings=tuple(dict.fromkeys(parser.warnings)), lines=tuple(lines),
    )


def import_csv(db: Database, path: str | Path, *, registry: Registry | None = None) -> ImportReport:
    """Validate a CSV and append its good rows to the store (``db`` from ``db.open_db``)."""
    parsed = parse_csv(path, registry=registry)
    for j in parsed.jurisdictions:
        upsert_jurisdiction(db, j)
    for source in parsed.sources:
        upsert_official_source(db, source.source_id, "manual_csv", source.publisher, source.title,
                               base_url=source.base_url)
    conflicts = _conflicts(db, parsed)
    added, present = store_observations(db, parsed.observations)
    for bad in parsed.bad_rows:
        log.info("%s line %d: %s", parsed.path, bad.line, bad.reason)
    return ImportReport(
        path=parsed.path, rows=parsed.rows, loaded=added, already_present=present,
        bad_rows=parsed.bad_rows, warnings=(*parsed.warnings, *conflicts),
        jurisdictions=tuple(j.jurisdiction_id for j in parsed.jurisdictions),
        observations=parsed.observations,
    )


def _key(o: Observation) -> tuple:
    return (o.source_id, o.jurisdiction_id, o.offense, o.measure, o.unit, o.period_start,
            o.period_end, o.as_of)


def _conflicts(db: Database, parsed: ParsedCsv) -> list[str]:
    """Rows the store already holds under the same key with a different value: the store is
    append-only, so the stored figure stays; say so instead of skipping silently."""
    notes: list[str] = []
    cache: dict[tuple[str, str], dict[tuple, float | None]] = {}
    for line, obs in zip(parsed.lines, parsed.observations, strict=True):
        group = (obs.jurisdiction_id, obs.offense)
        if group not in cache:
            cache[group] = {_key(o): o.value for o in observations_for(db, *group)}
        stored = cache[group]
        if _key(obs) in stored and stored[_key(obs)] != obs.value:
            notes.append(f"line {line}: the store already holds {stored[_key(obs)]!r} for this figure "
                         f"(same source, period and as_of), not {obs.value!r}; kept the stored one. "
                         "Give a revision its own as_of")
    return notes
