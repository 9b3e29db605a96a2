"""The extraction quality gate (like trafilatura's eval gate).

Scores the extractor on tests/gold/claims.jsonl with its own ``extract.scoring`` and fails when
core or full precision, recall or F1 falls more than EPSILON below the floors pinned in
tests/gold/baseline.json, or when the gold file changed since they were pinned. Re-pin with
``.venv/bin/python tests/quality/pin_baseline.py``. tests/gold/holdout.jsonl, written after the rules
were tuned on claims.jsonl, is gated the same way with its own floors. The shared dev set (../shared/dev) is scored
too when it is present, against fixed F1 floors.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


gate = _load("claims_quality_gate", HERE / "gate.py")
check_gold = _load("claims_check_gold", gate.ROOT / "tests" / "gold" / "check_gold.py")
SETS = {"claims": gate.GOLD, **gate.HELD_OUT}
GATE_CASES = [(which, level, metric) for which in SETS for level in gate.LEVELS for metric in gate.METRICS]


@pytest.fixture(scope="module")
def baseline() -> dict:
    return gate.load_baseline()


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, dict[str, float]]]:
    return {which: gate.measure(path) for which, path in SETS.items() if path.exists()}


def _pinned(baseline: dict, which: str) -> dict:
    if not SETS[which].exists():
        pytest.skip(f"{SETS[which]} is not present")
    block = gate.floors_for(baseline, which)
    assert block is not None, f"baseline.json has no floors for {which}; pin them with: {gate.REPIN}"
    return block


def test_gold_file_covers_every_kind_offense_and_enough_negatives() -> None:
    _, stats = check_gold.check_file(gate.GOLD)
    assert stats.sentences >= 220
    assert stats.negatives >= 70
    assert set(check_gold.KINDS) <= set(stats.kinds)
    assert set(check_gold.OFFENSES) <= set(stats.offenses)
    assert set(check_gold.QUALIFIERS) <= set(stats.qualifiers)


@pytest.mark.parametrize("which", list(SETS))
def test_gold_file_follows_the_annotation_rules(which: str) -> None:
    if not SETS[which].exists():
        pytest.skip(f"{SETS[which]} is not present")
    problems, _ = check_gold.check_file(SETS[which])
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("which", list(SETS))
def test_gold_file_is_the_one_the_floors_were_pinned_on(baseline: dict, which: str) -> None:
    block = _pinned(baseline, which)
    assert gate.sha256_of(SETS[which]) == block["gold_sha256"], (
        f"{block['gold']} changed since the floors were pinned. If the change is deliberate "
        f"(an annotation fix or new sentences), re-pin and commit it with baseline.json: {gate.REPIN}"
    )


@pytest.mark.slow
@pytest.mark.parametrize(("which", "level", "metric"), GATE_CASES,
                         ids=[f"{w}-{lv}-{m}" for w, lv, m in GATE_CASES])
def test_gold_score_stays_above_pinned_floor(measured: dict, baseline: dict, which: str, level: str,
                                             metric: str) -> None:
    block = _pinned(baseline, which)
    score, floor = measured[which][level][metric], block["floors"][level][metric]
    assert score >= floor - gate.EPSILON, (
        f"{which} {level} {metric} regressed to {score:.4f} (floor {floor:.4f}, epsilon {gate.EPSILON}). "
        f"See what the extractor now misses: .venv/bin/claims eval {block['gold']} -v"
    )


@pytest.mark.parametrize(
    ("score", "floor", "regressed"),
    [(0.80, 0.80, False), (0.795, 0.80, False), (0.7901, 0.80, False), (0.7899, 0.80, True),
     (0.95, 0.80, False), (0.0, 0.01, False), (0.0, 0.02, True)],
)
def test_regressions_allow_exactly_epsilon_below_the_floor(score: float, floor: float,
                                                          regressed: bool) -> None:
    scores = {lv: {m: 1.0 for m in gate.METRICS} for lv in gate.LEVELS}
    floors = {lv: {m: 0.0 for m in gate.METRICS} for lv in gate.LEVELS}
    scores["full"]["recall"], floors["full"]["recall"] = score, floor
    found = gate.regressions(scores, floors)
    assert bool(found) is regressed
    assert all(line.startswith("full recall ") for line in found)


@pytest.mark.skipif(not gate.DEV.exists(), reason=f"shared dev set not present at {gate.DEV}")
def test_shared_dev_set_meets_its_fixed_floors() -> None:
    scores = gate.measure(gate.DEV)
    assert scores["core"]["f1"] >= gate.DEV_FLOORS["core"], scores
    assert scores["full"]["f1"] >= gate.DEV_FLOORS["full"], scores


@pytest.mark.issue(9)
@pytest.mark.skipif(not gate.REAL_DEV.exists(), reason=f"shared real-news dev set not present at {gate.REAL_DEV}")
@pytest.mark.parametrize("part", gate.REAL_DEV_SLICES)
def test_real_news_dev_set_stays_above_its_pinned_floors(baseline: dict, part: str) -> None:
    block = baseline.get("real_dev")
    assert block is not None, f"baseline.json has no floors for the real-news dev set; pin them: {gate.REPIN}"
    assert gate.sha256_of(gate.REAL_DEV) == block["sha256"], (
        f"{gate.REAL_DEV} changed since its floors were pinned; re-pin: {gate.REPIN}")
    found = gate.regressions(gate.measure(gate.REAL_DEV, part), block[part]["floors"])
    assert found == [], f"real-news dev set, {part} slice: " + "; ".join(found)


def test_readme_coverage_counts_are_current() -> None:
    _, stats = check_gold.check_file(gate.GOLD)
    readme = check_gold.README.read_text(encoding="utf-8")
    block = readme.split(check_gold.START, 1)[1].split(check_gold.END, 1)[0].strip()
    assert block == check_gold.markdown(stats).strip(), (
        "tests/gold/README.md counts are stale; refresh them with: "
        ".venv/bin/python tests/gold/check_gold.py --update-readme"
    )
