"""Rebuild the bundled official figures (``official/data/bundled/``) from the shared data folder.

The bundle is what ``claims official load-bundled`` reads; it is committed so that a fresh clone
checks annual claims without a network and without ``../shared``. This script is how it was made:

    python -m official.bundle_build                      # finds ../shared/official-data
    python -m official.bundle_build --source /path/to/official-data

What it writes, byte for byte the same on every run over the same input (gzip without a
timestamp, rows in file order):

- ``fbi_table8.csv.gz``: every row of ``fbi_table8/table8_YYYY.csv`` 2006-2023 with the
  figures as published (a blank stays blank, 0 stays 0) and the ``footnote`` pointer; the
  repeated footnote text is dropped from the rows and kept once per year in
- ``fbi_table8_footnotes.csv``: year, footnote number, text (every footnote printed under the
  table, including those on column headers);
- ``manifest.json``: the sha256 and row count of every input file and of the outputs.

The unmatched-agency report (``unmatched_agencies.csv``) is written by ``claims official
bundle-places --write`` from the bundle, not from here, so it follows the gazetteer.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

BUNDLE_DIR = Path(__file__).parent / "data" / "bundled"
TABLE8_FILE = "fbi_table8.csv.gz"
FOOTNOTES_FILE = "fbi_table8_footnotes.csv"
MANIFEST_FILE = "manifest.json"
YEARS: tuple[int, ...] = tuple(range(2006, 2024))

SOURCE_COLUMNS: tuple[str, ...] = (
    "year", "state", "city", "population", "violent_crime", "murder", "rape", "robbery",
    "aggravated_assault", "property_crime", "burglary", "larceny_theft", "motor_vehicle_theft",
    "arson", "rape_definition", "offense_data_published", "footnote", "footnote_text",
)
BUNDLE_COLUMNS: tuple[str, ...] = (
    "year", "state", "city", "population", "violent_crime", "murder", "rape", "robbery",
    "aggravated_assault", "property_crime", "burglary", "larceny_theft", "motor_vehicle_theft",
    "arson", "rape_definition", "footnote",
)
_NUMBER = re.compile(r"\d+")
_FOOTNOTE_LINE = re.compile(r"^(\d+)\)\s*(.+)$")
_POINTER = re.compile(r"^(state|city):(\d+(?:,\s*\d+)*)$")


class BuildError(Exception):
    """The shared data is missing or not what the bundle expects; the message says which file."""


def find_shared(start: Path | None = None) -> Path | None:
    """``shared/official-data`` in a parent of the repository (``../shared`` of a clone or of a
    worktree one level deeper), or None."""
    here = (start or Path(__file__)).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "official-data"
        if (candidate / "fbi_table8").is_dir():
            return candidate
    return None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_row(path: Path, line: int, row: dict[str, str], year: int) -> None:
    if row["year"] != str(year):
        raise BuildError(f"{path} line {line}: year {row['year']!r}, expected {year}")
    if not row["state"] or not row["city"]:
        raise BuildError(f"{path} line {line}: empty state or city")
    for column in BUNDLE_COLUMNS[3:14]:
        value = row[column]
        if value and not _NUMBER.fullmatch(value):
            raise BuildError(f"{path} line {line}: {column} {value!r} is not a whole number")
    if row["footnote"]:
        for part in row["footnote"].split(";"):
            if not _POINTER.match(part.strip()):
                raise BuildError(f"{path} line {line}: footnote pointer {row['footnote']!r} unreadable")


def read_footnotes(path: Path, year: int) -> list[tuple[int, int, str]]:
    """(year, number, text) for every numbered footnote of one year's footnotes file."""
    notes: list[tuple[int, int, str]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        found = _FOOTNOTE_LINE.match(raw.strip())
        if found:
            notes.append((year, int(found.group(1)), re.sub(r"\s+", " ", found.group(2)).strip()))
    if not notes:
        raise BuildError(f"{path}: no numbered footnotes found")
    return notes


def build(source: Path, out_dir: Path = BUNDLE_DIR) -> dict[str, object]:
    """Write the bundle from ``source`` (the official-data folder); returns the manifest."""
    table_dir = source / "fbi_table8"
    if not table_dir.is_dir():
        raise BuildError(f"{table_dir} does not exist; pass --source with the official-data folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs: list[dict[str, object]] = []
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(BUNDLE_COLUMNS)
    footnotes: list[tuple[int, int, str]] = []
    rows_per_year: dict[str, int] = {}
    for year in YEARS:
        path = table_dir / f"table8_{year}.csv"
        notes_path = table_dir / f"table8_{year}_footnotes.txt"
        if not path.exists() or not notes_path.exists():
            raise BuildError(f"{path} or its footnotes file is missing")
        data = path.read_bytes()
        reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
        if tuple(reader.fieldnames or ()) != SOURCE_COLUMNS:
            raise BuildError(f"{path}: columns {reader.fieldnames} are not the tidy Table 8 columns")
        year_notes = read_footnotes(notes_path, year)
        numbers = {n for _, n, _ in year_notes}
        count = 0
        for line, row in enumerate(reader, start=2):
            _check_row(path, line, row, year)
            for number in (int(n) for n in re.findall(r"\d+", row["footnote"])):
                if number not in numbers:
                    raise BuildError(f"{path} line {line}: footnote {number} is not in {notes_path.name}")
            writer.writerow([row[c] for c in BUNDLE_COLUMNS])
            count += 1
        footnotes.extend(year_notes)
        rows_per_year[str(year)] = count
        for p, d in ((path, data), (notes_path, notes_path.read_bytes())):
            inputs.append({"file": str(p.relative_to(source)), "bytes": len(d), "sha256": _sha256(d)})
    table_bytes = gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0)
    (out_dir / TABLE8_FILE).write_bytes(table_bytes)
    notes_text = io.StringIO(newline="")
    notes_writer = csv.writer(notes_text, lineterminator="\n")
    notes_writer.writerow(("year", "number", "text"))
    notes_writer.writerows(footnotes)
    notes_bytes = notes_text.getvalue().encode("utf-8")
    (out_dir / FOOTNOTES_FILE).write_bytes(notes_bytes)
    collected = datetime.fromtimestamp((source / "PROVENANCE.md").stat().st_mtime, UTC).date()
    manifest: dict[str, object] = {
        "built_from": "shared/official-data (see PROVENANCE.md there and README.md here)",
        "retrieved_at": collected.isoformat(),
        "rows": sum(rows_per_year.values()), "rows_per_year": rows_per_year,
        "outputs": {TABLE8_FILE: _sha256(table_bytes), FOOTNOTES_FILE: _sha256(notes_bytes)},
        "inputs": inputs,
    }
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Example: python -m official.bundle_build --source ../shared/official-data")
    parser.add_argument("--source", type=Path, help="The official-data folder (default: ../shared/official-data).")
    parser.add_argument("--out", type=Path, default=BUNDLE_DIR, help="Output folder (default: %(default)s).")
    args = parser.parse_args(argv)
    source = args.source or find_shared()
    if source is None:
        print("No shared/official-data folder found next to the repository; pass --source.", file=sys.stderr)
        return 2
    try:
        manifest = build(source, args.out)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}: {manifest['rows']} Table 8 rows, years {YEARS[0]}-{YEARS[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
