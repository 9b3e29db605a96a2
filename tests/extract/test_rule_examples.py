"""Every rule's examples produce a claim of that rule end to end: through the Matcher, the
rule's builder and assembly (offense, tally and clause checks), not only the Matcher."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extract import extract_text
from extract.patterns import all_rules

pytestmark = pytest.mark.issue(9)

#: An example that names no offense is read as this sentence's subject ("{}" is the example).
SUBJECT = "Burglaries {} last year."
#: Examples that need another frame: a list item needs the clause it continues, a record the verb
#: that gives its direction, a bare count a period.
FRAMES = {
    ", and carjackings by nearly 45 percent": "Robberies fell 10 percent{}.",
    "levels not seen since 1999": "Burglaries fell to {}.",
    "a level not seen in more than 30 years": "Burglaries rose to {}.",
    "not seen in a decade": "Burglaries fell to a low {}.",
    "Drug overdoses killed 712 people": "{} last year.",
}

CLAIM_EXAMPLES = [(rule.id, example) for rule in all_rules() if rule.family == "claims" for example in rule.examples]
PERIOD_EXAMPLES = [example for rule in all_rules() if rule.family == "periods" for example in rule.examples]


def sentence_for(nlp: Language, example: str) -> str:
    """The example in a sentence: as it is when it names an offense, else with a subject."""
    if example in FRAMES:
        return FRAMES[example].format(example)
    return f"{example}." if nlp(example).spans["offenses"] else SUBJECT.format(example)


@pytest.mark.parametrize(("rule_id", "example"), CLAIM_EXAMPLES, ids=[f"{r}:{e[:40]}" for r, e in CLAIM_EXAMPLES])
def test_rule_example_makes_a_claim_of_its_rule(nlp: Language, rule_id: str, example: str) -> None:
    sentence = sentence_for(nlp, example)
    claims = extract_text(sentence, nlp=nlp, city="Springfield", state="IL")
    mine = [c for c in claims if c.rule == rule_id]
    assert mine, f"{sentence!r} gives {[(c.rule, c.quote) for c in claims]}"
    at = sentence.index(example.strip(" ,"))
    assert any(c.start < at + len(example) and at < c.end for c in mine), "the claim is not the example's"


def test_every_claim_rule_has_an_example_here() -> None:
    assert {r.id for r in all_rules() if r.family == "claims"} == {r for r, _ in CLAIM_EXAMPLES}
    assert set(FRAMES) <= {e for _, e in CLAIM_EXAMPLES}, "a frame for an example that is gone"


@pytest.mark.parametrize("example", PERIOD_EXAMPLES)
def test_period_example_gives_a_claim_its_period(nlp: Language, example: str) -> None:
    claims = extract_text(f"Burglaries fell 10 percent {example}.", nlp=nlp, published="2025-06-30")
    assert len(claims) == 1
    read = [p for p in (claims[0].period, claims[0].baseline) if p]
    assert any(p in example for p in read), (example, read)
