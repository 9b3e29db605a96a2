"""Validate a gold claims file and count what it covers.

Usage (from the repository root):

    .venv/bin/python tests/gold/check_gold.py tests/gold/claims.jsonl            # check, print counts
    .venv/bin/python tests/gold/check_gold.py tests/gold/claims.jsonl --update-readme  # refresh README counts

Exits 1 and lists every problem when a line breaks the annotation rules in tests/gold/README.md
(field names, vocabularies from records/claim.py, quotes and baselines that must be exact
substrings of the sentence, units that must fit the kind, from_to directions that must agree with
their numbers). The quality gate runs the same checks as a test.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from records.claim import DIRECTIONS, KINDS, OFFENSES, UNITS  # noqa: E402

README = ROOT / "tests" / "gold" / "README.md"
START, END = "<!-- counts:start -->", "<!-- counts:end -->"
QUALIFIERS: tuple[str, ...] = ("about", "nearly", "more_than", "less_than")
LINE_KEYS = {"id", "city", "state", "sentence", "claims"}
CLAIM_REQUIRED = {"quote", "kind", "direction", "value", "unit", "offense", "baseline"}
CLAIM_OPTIONAL = {"from_value", "qualifiers", "offense_detail", "period"}
UNITS_BY_KIND: dict[str, tuple[str, ...]] = {
    "percent_change": ("percent",),
    "count": ("count",),
    "count_change": ("count",),
    "from_to": ("count",),
    "rate": ("per_100k", "per_1000"),
    "record": ("year", "years"),
}


@dataclass(slots=True)
class GoldStats:
    """What a gold file covers: sentences, claims per kind and offense, hard negatives."""

    sentences: int = 0
    negatives: int = 0
    claims: int = 0
    multi_claim_sentences: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    offenses: Counter[str] = field(default_factory=Counter)
    directions: Counter[str] = field(default_factory=Counter)
    qualifiers: Counter[str] = field(default_factory=Counter)
    units: Counter[str] = field(default_factory=Counter)


def claim_problems(claim: dict, sentence: str) -> list[str]:
    """Every way one annotated claim breaks the annotation rules (empty when it is fine)."""
    problems: list[str] = []
    keys = set(claim)
    missing = CLAIM_REQUIRED - keys
    unknown = keys - CLAIM_REQUIRED - CLAIM_OPTIONAL
    if missing:
        problems.append(f"missing fields {sorted(missing)}")
    if unknown:
        problems.append(f"unknown fields {sorted(unknown)}")
    if missing:
        return problems
    quote, kind, direction = claim["quote"], claim["kind"], claim["direction"]
    value, unit, offense = claim["value"], claim["unit"], claim["offense"]
    if not isinstance(quote, str) or not quote or quote not in sentence:
        problems.append(f"quote {quote!r} is not an exact substring of the sentence")
    if kind not in KINDS:
        problems.append(f"kind {kind!r} not in {KINDS}")
    if direction not in DIRECTIONS:
        problems.append(f"direction {direction!r} not in {DIRECTIONS}")
    if unit not in UNITS:
        problems.append(f"unit {unit!r} not in {UNITS}")
    if offense not in OFFENSES:
        problems.append(f"offense {offense!r} not in the vocabulary")
    if value is None and kind == "record" and unit == "year":
        if direction == "none":  # "the lowest on record": a record with no year or span
            problems.append("record needs a direction (decrease for lowest/fewest, increase for highest/most)")
        return problems
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        problems.append(f"value {value!r} must be a non-negative number (null only for a record with no year)")
        return problems
    if kind in UNITS_BY_KIND and unit not in UNITS_BY_KIND[kind]:
        problems.append(f"unit {unit!r} does not fit kind {kind!r} (use {UNITS_BY_KIND[kind]})")
    baseline = claim["baseline"]
    if baseline is not None and (not isinstance(baseline, str) or baseline not in sentence):
        problems.append(f"baseline {baseline!r} must be null or an exact substring of the sentence")
    quals = claim.get("qualifiers", [])
    if not isinstance(quals, list) or any(q not in QUALIFIERS for q in quals):
        problems.append(f"qualifiers {quals!r} must be a list drawn from {QUALIFIERS}")
    if kind == "from_to":
        old = claim.get("from_value")
        if isinstance(old, bool) or not isinstance(old, int | float):
            problems.append("from_to needs a numeric from_value")
        else:
            expected = "increase" if value > old else "decrease" if value < old else "none"
            if direction != expected:
                problems.append(f"from_to {old} -> {value} should have direction {expected!r}")
    elif "from_value" in claim:
        problems.append("from_value belongs to from_to claims only")
    if kind == "percent_change" and (value == 0) != (direction == "none"):
        problems.append("percent_change: flat (value 0) goes with direction 'none', and only then")
    if kind == "count_change" and direction == "none":
        problems.append("count_change needs a direction")
    if kind == "record":
        if unit == "year" and not (1800 <= value <= 2100 and float(value).is_integer()):
            problems.append(f"record with unit 'year' needs a calendar year, got {value}")
        if unit == "years" and not (1 <= value <= 200):
            problems.append(f"record with unit 'years' needs a span in years, got {value}")
        if direction == "none":
            problems.append("record needs a direction (decrease for lowest/fewest, increase for highest/most)")
    return problems


def check_lines(lines: list[str]) -> tuple[list[str], GoldStats]:
    """Problems (as 'line N (id): ...' strings) and coverage counts for the lines of a gold file."""
    problems: list[str] = []
    stats = GoldStats()
    seen_ids: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not JSON ({exc})")
            continue
        where = f"line {number} ({row.get('id')})"
        if set(row) != LINE_KEYS:
            problems.append(f"{where}: keys must be exactly {sorted(LINE_KEYS)}, got {sorted(row)}")
            continue
        if row["id"] in seen_ids:
            problems.append(f"{where}: duplicate id")
        seen_ids.add(row["id"])
        sentence, claims = row["sentence"], row["claims"]
        if not isinstance(sentence, str) or not sentence.strip():
            problems.append(f"{where}: empty sentence")
            continue
        if not isinstance(claims, list):
            problems.append(f"{where}: claims must be a list")
            continue
        stats.sentences += 1
        stats.negatives += not claims
        stats.multi_claim_sentences += len(claims) > 1
        for claim in claims:
            if not isinstance(claim, dict):
                problems.append(f"{where}: a claim must be an object")
                continue
            problems.extend(f"{where}: {p}" for p in claim_problems(claim, sentence))
            stats.claims += 1
            stats.kinds[str(claim.get("kind"))] += 1
            stats.offenses[str(claim.get("offense"))] += 1
            stats.directions[str(claim.get("direction"))] += 1
            stats.units[str(claim.get("unit"))] += 1
            for qualifier in claim.get("qualifiers", []) or []:
                stats.qualifiers[str(qualifier)] += 1
    return problems, stats


def check_file(path: Path) -> tuple[list[str], GoldStats]:
    """Problems and coverage counts for a gold JSON Lines file."""
    return check_lines(path.read_text(encoding="utf-8").splitlines())


def _table(title: str, counter: Counter[str], order: tuple[str, ...]) -> list[str]:
    rows = [f"| {title} | claims |", "|---|---:|"]
    rows += [f"| `{name}` | {counter.get(name, 0)} |" for name in order]
    rows += [f"| `{name}` (unknown) | {n} |" for name, n in counter.items() if name not in order]
    return rows


def markdown(stats: GoldStats) -> str:
    """The coverage counts as the Markdown tables the README shows."""
    lines = [
        f"- sentences: **{stats.sentences}** ({stats.sentences - stats.negatives} with claims, "
        f"**{stats.negatives}** hard negatives with `\"claims\": []`)",
        f"- claims: **{stats.claims}**, in {stats.multi_claim_sentences} sentences that carry more than one",
        "- qualifiers: " + ", ".join(f"`{q}` {stats.qualifiers.get(q, 0)}" for q in QUALIFIERS),
        "",
        *_table("kind", stats.kinds, KINDS),
        "",
        *_table("offense", stats.offenses, OFFENSES),
        "",
        *_table("direction", stats.directions, DIRECTIONS),
        "",
        *_table("unit", stats.units, UNITS),
    ]
    return "\n".join(lines)


def update_readme(readme: Path, counts: str) -> None:
    """Replace the text between the README's count markers with ``counts``."""
    text = readme.read_text(encoding="utf-8")
    head, sep, rest = text.partition(START)
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise SystemExit(f"{readme} lacks the {START} ... {END} markers; add them where counts belong")
    readme.write_text(f"{head}{START}\n{counts}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, nargs="?", default=ROOT / "tests" / "gold" / "claims.jsonl")
    parser.add_argument("--update-readme", action="store_true",
                        help="write the counts into tests/gold/README.md between its count markers")
    args = parser.parse_args(argv)
    problems, stats = check_file(args.gold)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(markdown(stats))
    if args.update_readme:
        update_readme(README, markdown(stats))
    if problems:
        print(f"\n{len(problems)} problem(s) in {args.gold}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
