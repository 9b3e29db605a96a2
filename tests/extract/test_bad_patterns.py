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


BAD_RULES: list[tuple[str, str, Rule]] = [
    ("unversioned id", "version suffix",
     Rule(id="pct_change", kind="percent_change", builder="percent", patterns=((("num", {"LIKE_NUM": True}),),))),
    ("unknown role", "unknown role",
     Rule(id="x.v1", kind="count", builder="count", patterns=((("number", {"LIKE_NUM": True}),),))),
    ("empty IN list", "empty IN list",
     Rule(id="x.v1", kind="count", builder="count", patterns=((("dir", {"LOWER": {"IN": []}}),),))),
    ("no patterns", "no patterns", Rule(id="x.v1", kind="count", builder="count", patterns=())),
    ("unknown family", "unknown family",
     Rule(id="x.v1", kind="count", builder="count", family="misc", patterns=((("num", {"LIKE_NUM": True}),),))),
    ("no builder", "names no builder", Rule(id="x.v1", kind="count", patterns=((("num", {"LIKE_NUM": True}),),))),
]


@pytest.mark.parametrize(("why", "message", "rule"), BAD_RULES, ids=[w for w, _, _ in BAD_RULES])
def test_rule_compiler_refuses(why: str, message: str, rule: Rule) -> None:
    with pytest.raises(PatternError, match=message):
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


@pytest.mark.issue(9)
def test_every_claim_rule_names_a_known_builder() -> None:
    from extract.builders import BUILDERS
    from extract.patterns import all_rules

    unknown = {r.id: r.builder for r in all_rules() if r.family == "claims" and r.builder not in BUILDERS}
    assert unknown == {}


@pytest.mark.issue(9)
def test_builders_read_rule_flags_not_rule_ids() -> None:
    """Behaviour lives on the Rule record (builder, filled_pair, text_offense_only), not in code
    comparing rule-id strings: a new rule reusing a builder must not need an edit there."""
    import re
    from pathlib import Path

    import extract.assemble
    import extract.builders

    for module in (extract.builders, extract.assemble):
        source = Path(module.__file__ or "").read_text()
        assert not re.findall(r"""["'][a-z_]+\.v\d+["']""", source), module.__name__
        assert "rule.startswith" not in source and "rule in _" not in source, module.__name__
