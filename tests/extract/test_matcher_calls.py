"""The claim matcher scans each rule's windows only from the tokens where one of its patterns can
start (extract/components.py, `pattern_heads`), and joins nearby windows into one Matcher call
(``JOIN_GAP``), keeping only the matches inside one window: the matches, their roles and their
order must be exactly those of one call over each whole window."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from spacy.language import Language

from extract.components import ClaimMatcher, RuleMatch, longest_match, pattern_heads

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


def _matches(nlp: Language, matcher: ClaimMatcher, gap: int, texts: list[str], gate: int = 0) -> list[list[RuleMatch]]:
    matcher.join_gap, matcher.gate_min_tokens = gap, gate
    out = []
    for text in texts:
        doc = nlp.make_doc(text)
        for name, component in nlp.pipeline:
            if name != "claim_matcher":
                doc = component(doc)
        out.append(matcher.match(doc))
    return out


@pytest.mark.slow
@pytest.mark.issue(9)
@pytest.mark.parametrize(("gap", "gate"), [(0, 0), (6, 0), (24, 0), (10**9, 0), (6, 300), (10**9, 10**9)])
def test_scanning_from_pattern_starts_and_joined_calls_find_what_whole_windows_find(
        nlp: Language, gap: int, gate: int) -> None:
    matcher = nlp.get_pipe("claim_matcher")
    defaults = matcher.join_gap, matcher.gate_min_tokens
    texts = _texts()
    try:
        whole = _matches(nlp, matcher, 0, texts, gate=10**9)  # one call per window, from every token
        fast = _matches(nlp, matcher, gap, texts, gate=gate)
    finally:
        matcher.join_gap, matcher.gate_min_tokens = defaults
    assert sum(map(len, whole)) > 1000  # claim-dense: every path is exercised
    assert fast == whole


@pytest.mark.issue(9)
def test_pattern_heads_read_words_flags_and_optional_elements(nlp: Language) -> None:
    strings = nlp.vocab.strings
    the, same = strings.add("the"), strings.add("same")
    heads = pattern_heads([{"LOWER": "the", "OP": "?"}, {"LOWER": "same"}, {"LOWER": "time"}], strings)
    assert heads is not None
    firsts = {h[0] for h in heads}
    assert (("LOWER", (the,)),) in firsts and (("LOWER", (same,)),) in firsts  # with and without "the"
    assert pattern_heads([{"OP": "*"}, {"LOWER": "x", "OP": "?"}], strings) is None  # may start anywhere
    digits = pattern_heads([{"IS_DIGIT": True, "LENGTH": 4}, {"OP": "+"}], strings)
    assert digits == [((("IS_DIGIT", (1,)), ("LENGTH", (4,))), None)]
    assert longest_match([{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}]) == 2
    assert longest_match([{"LOWER": "a"}, {"OP": "*"}]) is None


def test_event_phrases_found_near_their_words_are_those_one_call_over_the_doc_finds(nlp: Language) -> None:
    ruler = nlp.get_pipe("offense_ruler")
    texts = _texts() + [
        "In Riverton 41 people have died on city roads, and 2,400 Hyundais and Kias were stolen.",
        "Cyclists and pedestrians have all already been struck on Main Street this year.",
        "Pedestrians were killed",  # the verb is the Doc's last token
    ]
    found = 0
    for text in texts:
        doc = nlp.get_pipe("sentence_splitter")(nlp.make_doc(text))
        whole = sorted(ruler.events(doc))
        assert sorted(ruler._event_matches(doc)) == whole
        found += len(whole)
    assert found >= 5
