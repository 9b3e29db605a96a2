"""Checking rules on their own examples, end to end: does each example give a claim of its rule?"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language

from extract.patterns import Rule
from extract.pipeline import extract_text


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: str
    example: str
    status: str  # "claim": a claim of the rule; "matched": the rule matched but made no claim; "missed"
    note: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "example": self.example, "status": self.status, "note": self.note}


def check_examples(nlp: Language, rules: Iterable[Rule]) -> list[ExampleResult]:
    """Run each claim rule's examples through ``nlp`` (which must hold the rules)."""
    out: list[ExampleResult] = []
    for rule in rules:
        if rule.family != "claims":
            continue
        for example in rule.examples:
            claims = [c for c in extract_text(example, nlp=nlp) if c.rule == rule.id]
            if claims:
                out.append(ExampleResult(rule.id, example, "claim", f"{claims[0].kind} {claims[0].value:g}"))
                continue
            doc = nlp(example)
            if any(span.label_ == rule.id for span in doc.spans.get("claims", [])):
                note = ("matched, but assembly made no claim: name an offense in the example, and a period "
                        "for a bare count, or see the builder's refusals with -vv")
                out.append(ExampleResult(rule.id, example, "matched", note))
            else:
                out.append(ExampleResult(rule.id, example, "missed", "no pattern of the rule matches it"))
    return out
