"""The quality gate's arithmetic: score the extractor on a gold file and compare with pinned floors.

Used by ``test_quality_gate.py`` (the gate) and ``pin_baseline.py`` (re-pinning). The floors and
the gold file's fingerprint live in ``tests/gold/baseline.json``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EPSILON = 0.01
GOLD = ROOT / "tests" / "gold" / "claims.jsonl"
HOLDOUT = ROOT / "tests" / "gold" / "holdout.jsonl"  # written after the rules were tuned on GOLD
#: Every held-out file the gate pins besides GOLD: name -> path (written apart from the rules;
#: the news-style sets by someone who never saw them, see their READMEs).
HELD_OUT: dict[str, Path] = {
    "holdout": HOLDOUT,
    "news_style": ROOT / "tests" / "gold" / "news_style" / "claims.jsonl",
    "news_style_2": ROOT / "tests" / "gold" / "news_style_2" / "claims.jsonl",
}
BASELINE = ROOT / "tests" / "gold" / "baseline.json"
DEV = ROOT.parent / "shared" / "dev" / "claims_dev.jsonl"
#: 550 real news sentences (../shared/dev/REAL_DEV_SOURCES.md), read in place, never copied here.
#: Every fifth record is the blind slice: never studied while writing rules, scored apart.
REAL_DEV = ROOT.parent / "shared" / "dev" / "claims_real_dev.jsonl"
BLIND_EVERY = 5
REAL_DEV_SLICES: tuple[str, ...] = ("rest", "blind")
LEVELS: tuple[str, ...] = ("core", "full")
METRICS: tuple[str, ...] = ("precision", "recall", "f1")
REPIN = ".venv/bin/python tests/quality/pin_baseline.py"
#: F1 on ../shared/dev/claims_dev.jsonl, fixed by design at 0.95/0.90; core lowered to 0.93 when the
#: real-news conventions (which the team's held-out set follows) gave "fell to 48" the direction of
#: its verb: the older file says "none" for its three such counts (d008, d032, d040).
DEV_FLOORS: dict[str, float] = {"core": 0.93, "full": 0.90}

Scores = dict[str, dict[str, float]]


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file's bytes (the gold file's fingerprint)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def measure(gold: Path, part: str | None = None) -> Scores:
    """Run the extractor's own evaluation on ``gold``: {"core"|"full": {"precision"|"recall"|"f1": x}}.

    ``part`` "blind" or "rest" scores only that slice (every `BLIND_EVERY`-th record, or the others)."""
    from extract import evaluate
    from extract.scoring import blind_slice, rest_slice

    select = {None: None, "blind": blind_slice(BLIND_EVERY), "rest": rest_slice(BLIND_EVERY)}[part]
    report = evaluate(gold, select=select)
    return {
        level: {metric: round(float(getattr(getattr(report, level), metric)), 4) for metric in METRICS}
        for level in LEVELS
    }


def regressions(scores: Scores, floors: Scores, epsilon: float = EPSILON) -> list[str]:
    """One line per metric that fell more than ``epsilon`` below its floor (empty when none did)."""
    return [
        f"{level} {metric} {scores[level][metric]:.4f} < floor {floors[level][metric]:.4f} - {epsilon}"
        for level in LEVELS
        for metric in METRICS
        if scores[level][metric] < floors[level][metric] - epsilon
    ]


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    """The pinned floors and fingerprint; a clear error when the file is missing."""
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; create it with: {REPIN}")
    return json.loads(path.read_text(encoding="utf-8"))


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def floors_for(baseline: dict[str, Any], which: str) -> dict[str, Any] | None:
    """The pinned block for ``which`` ("claims" or a HELD_OUT name): gold, gold_sha256, floors; or None."""
    return baseline if which == "claims" else baseline.get(which)


def pin(gold: Path = GOLD, baseline: Path = BASELINE, dev: Path = DEV, held_out: dict[str, Path] | None = None,
        write: bool = True) -> dict[str, Any]:
    """Measure ``gold`` (and the held-out files) now; unless ``write`` is false, write the floors."""
    record: dict[str, Any] = {
        "gold": _name(gold),
        "gold_sha256": sha256_of(gold),
        "epsilon": EPSILON,
        "floors": measure(gold),
        "pinned_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": REPIN,
    }
    for name, path in (HELD_OUT if held_out is None else held_out).items():
        if path.exists():
            record[name] = {"gold": _name(path), "gold_sha256": sha256_of(path), "floors": measure(path)}
    if dev.exists():
        record["dev_measured"] = {"file": "../shared/dev/claims_dev.jsonl", "sha256": sha256_of(dev),
                                  "scores": measure(dev), "required_f1": DEV_FLOORS}
    if REAL_DEV.exists():
        record["real_dev"] = {"file": "../shared/dev/claims_real_dev.jsonl", "sha256": sha256_of(REAL_DEV),
                              "blind_every": BLIND_EVERY,
                              **{part: {"floors": measure(REAL_DEV, part)} for part in REAL_DEV_SLICES}}
    if write:
        baseline.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record
