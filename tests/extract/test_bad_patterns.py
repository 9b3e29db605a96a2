"""Invalid patterns fail loudly: spaCy's validator, and our own rule compiler."""

from __future__ import annotations

import pytest
import spacy
from spacy.errors import MatchPatternError
from spacy.matcher import Matcher

from extract.patterns import Alt, PatternError, Rule, compile_rule

BAD_PATTERNS: list[tuple[str, list[dict]]] = [
    ("unknown attribute", [{"LEMMAS": "fall"}]),
    ("bad operator", [{"LIKE_NUM": True, "OP": "!!"}]),
    ("IN needs a list", [{"LOWER": {"IN": "fell"}}]),
    ("LIKE_NUM needs a bool", [{"LIKE_NUM": "yes"}]),
    ("unknown predicate", [{"LOWER": {"SOMEOF": ["fell"]}}]),
]


@pytest.mark.parametrize(("why", "pattern"), BAD_PATTERNS, ids=[w for w, _ in BAD_PATTERNS])
def test_spacy_validator_refuses(why: str, pattern: list[dict]) -> None:
    matcher = Matcher(spacy.blank("en").vocab, validate=True)
    with pytest.raises(MatchPatternError):
        matcher.add(why, [pattern])


def test_lemma_patterns_need_a_trained_pipeline() -> None:
    """E155: LEMMA/POS patterns fail on spacy.blank("en"), which is why our rules are lexical."""
    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    matcher.add("lemma", [[{"LEMMA": "fall"}]])
    with pytest.raises(ValueError, match="E155"):
        matcher(nlp("Thefts fell."))


BAD_RULES: list[tuple[str, Rule]] = [
    ("unversioned id", Rule(id="pct_change", kind="percent_change", patterns=((("num", {"LIKE_NUM": True}),),))),
    ("unknown role", Rule(id="x.v1", kind="count", patterns=((("number", {"LIKE_NUM": True}),),))),
    ("empty IN list", Rule(id="x.v1", kind="count", patterns=((("dir", {"LOWER": {"IN": []}}),),))),
    ("no patterns", Rule(id="x.v1", kind="count", patterns=())),
    ("unknown family", Rule(id="x.v1", kind="count", family="misc", patterns=((("num", {"LIKE_NUM": True}),),))),
]


@pytest.mark.parametrize(("why", "rule"), BAD_RULES, ids=[w for w, _ in BAD_RULES])
def test_rule_compiler_refuses(why: str, rule: Rule) -> None:
    with pytest.raises(PatternError):
        compile_rule(rule)


def test_empty_alternation_is_refused() -> None:
    with pytest.raises(PatternError):
        Alt.of()
    with pytest.raises(PatternError):
        Alt.of([])


def test_all_rules_pass_spacy_validation() -> None:
    from extract.patterns import all_rules, compile_rules

    matcher = Matcher(spacy.blank("en").vocab, validate=True)
    compiled = compile_rules(all_rules())
    for pattern in compiled:
        matcher.add(pattern.key, [pattern.tokens])
    assert len(matcher) == len(compiled)
