"""The claim matcher joins nearby windows of a rule into one Matcher call (extract/components.py,
``JOIN_GAP``) and keeps only the matches inside one window: the matches, their roles and their
order must be exactly those of one call per window."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from spacy.language import Language

from extract.components import ClaimMatcher, RuleMatch

GOLD = Path(__file__).resolve().parents[1] / "gold"
_spec = importlib.util.spec_from_file_location("extract_cases_calls", Path(__file__).with_name("cases.py"))
assert _spec and _spec.loader
_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cases)


def _texts() -> list[str]:
    sentences = [s for s, _ in _cases.CASES]
    for name in ("claims.jsonl", "holdout.jsonl"):
        sentences += [json.loads(line)["sentence"] for line in (GOLD / name).read_text().splitlines() if line.strip()]
    # claim-dense texts of about 600 words, as the benchmark's; and one line of each
    texts, current = [], []
    for s in sentences:
        current.append(s)
        if sum(len(c.split()) for c in current) > 600:
            texts += ["\n".join(current), " ".join(current)]
            current = []
    return texts + ["\n".join(current)]


def _matches(nlp: Language, matcher: ClaimMatcher, gap: int, texts: list[str]) -> list[list[RuleMatch]]:
    matcher.join_gap = gap
    out = []
    for text in texts:
        doc = nlp.make_doc(text)
        for name, component in nlp.pipeline:
            if name != "claim_matcher":
                doc = component(doc)
        out.append(matcher.match(doc))
    return out


@pytest.mark.issue(9)
@pytest.mark.parametrize("gap", [8, 24, 10**9])
def test_joined_calls_find_what_one_call_per_window_finds(nlp: Language, gap: int) -> None:
    matcher = nlp.get_pipe("claim_matcher")
    default = matcher.join_gap
    texts = _texts()
    try:
        apart = _matches(nlp, matcher, 0, texts)
        joined = _matches(nlp, matcher, gap, texts)
    finally:
        matcher.join_gap = default
    assert sum(map(len, apart)) > 1000  # claim-dense: the joining is exercised
    assert joined == apart
