"""The place report of the bundled FBI Table 8: which agency names did not match a place, and why."""

from __future__ import annotations

from pathlib import Path

from official.bundle_build import BUNDLE_DIR
from official.bundled import all_matches, in_scope, raw_rows, scoped_rows

REPORT_FILE = "unmatched_agencies.csv"
REPORT_MIN_POPULATION = 15_000  # the committed report: agencies the gazetteer could have known


def _years(years: list[int]) -> str:
    years = sorted(set(years))
    return f"{years[0]}-{years[-1]} ({len(years)} years)" if len(years) > 1 else str(years[0])


def place_report(min_population: int, *, include_exact: bool = False,
                 bundle_dir: Path = BUNDLE_DIR) -> list[dict[str, object]]:
    """One row per agency in scope (not exact matches unless ``include_exact``), largest first."""
    cells = raw_rows(bundle_dir)
    rows = scoped_rows(cells, in_scope(cells, min_population))
    matches = all_matches(rows)
    agencies: dict[tuple[str, str, str, str], dict[str, object]] = {}
    for r in rows:
        m = matches[(r.year, r.state, r.city)]
        if m.how == "exact" and not include_exact:
            continue
        key = (m.state, m.fbi_name, m.jurisdiction_id, m.how)
        entry = agencies.setdefault(key, {
            "state": m.state, "fbi_name": m.fbi_name, "jurisdiction_id": m.jurisdiction_id,
            "place_name": m.place_name, "how": m.how, "years": [], "max_population": 0,
            "reason": m.reason})
        entry["years"].append(r.year)  # type: ignore[union-attr]
        entry["max_population"] = max(int(entry["max_population"]), r.population or 0)  # type: ignore[call-overload]
    out = sorted(agencies.values(), key=lambda e: (-int(e["max_population"]), str(e["state"]),  # type: ignore[call-overload]
                                                     str(e["fbi_name"])))
    for entry in out:
        entry["years"] = _years(entry["years"])  # type: ignore[arg-type]
    return out


def write_report(bundle_dir: Path = BUNDLE_DIR, min_population: int = REPORT_MIN_POPULATION) -> Path:
    """Write the committed report (agencies of 15,000+ people that are not exact matches)."""
    import csv

    rows = place_report(min_population, bundle_dir=bundle_dir)
    path = bundle_dir / REPORT_FILE
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["state", "fbi_name", "jurisdiction_id", "place_name", "how",
                                                "years", "max_population", "reason"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


if __name__ == "__main__":
    print(write_report())
