"""spaCy components: rule matchers that annotate a Doc, one per kind of evidence.

Each component has the same shape: ``__call__`` runs a pure ``match(doc)`` and then
``set_annotations(doc, matches)``. Results go to ``doc.spans``:

- ``sentence_breaks`` -> sentence starts after line breaks and before opening quotes
- ``offense_ruler``  -> ``doc.spans["offenses"]`` (label = offense, kb_id = offense_detail)
- ``place_ruler``    -> ``doc.spans["places"]`` (US city names) and ``doc.spans["neighborhoods"]``
- ``claim_matcher``  -> ``doc.spans["claims"]`` (label = rule id) and ``doc.spans["periods"]``;
  the role of each token of each claim span is kept in ``doc.user_data["claim_roles"]``.

The claim-assembly step (extract/assemble.py) reads these spans and makes `Claim` records.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.gazetteer import place_names
from extract.offense_terms import OFFENSE_TERMS
from extract.patterns import RULESETS, compile_rules

logger = logging.getLogger(__name__)

ROLES_KEY = "claim_roles"


@dataclass(frozen=True, slots=True)
class RuleMatch:
    rule: str
    family: str
    start: int
    end: int
    roles: tuple[str, ...]


class ClaimMatcher:
    """Runs the claim and period rules of a rule set with one Matcher."""

    def __init__(self, nlp: Language, name: str, ruleset: str, spans_key: str, periods_key: str,
                 validate: bool) -> None:
        if ruleset not in RULESETS:
            raise ValueError(f"Unknown rule set {ruleset!r}. Use one of {sorted(RULESETS)}, e.g. "
                             f"nlp.add_pipe('claim_matcher', config={{'ruleset': 'claims.v1'}}).")
        self.name = name
        self.spans_key = spans_key
        self.periods_key = periods_key
        self.matcher = Matcher(nlp.vocab, validate=validate)
        self._patterns = {}
        for compiled in compile_rules(RULESETS[ruleset]()):
            self.matcher.add(compiled.key, [compiled.tokens])
            self._patterns[nlp.vocab.strings.add(compiled.key)] = compiled
        if not self._patterns:
            logger.warning("claim_matcher %s has no patterns; it will find nothing.", name)

    def match(self, doc: Doc) -> list[RuleMatch]:
        seen: set[tuple[str, int, int, tuple[str, ...]]] = set()
        found: list[RuleMatch] = []
        for match_id, start, end, alignment in self.matcher(doc, with_alignments=True):
            compiled = self._patterns[match_id]
            roles = tuple(compiled.roles[i] for i in alignment)
            key = (compiled.rule.id, start, end, roles)
            if key in seen:
                continue
            seen.add(key)
            found.append(RuleMatch(compiled.rule.id, compiled.rule.family, start, end, roles))
        return found

    def set_annotations(self, doc: Doc, matches: list[RuleMatch]) -> None:
        claims = [m for m in matches if m.family == "claims"]
        doc.spans[self.spans_key] = [Span(doc, m.start, m.end, label=m.rule) for m in claims]
        doc.user_data[ROLES_KEY] = [list(m.roles) for m in claims]
        periods = [Span(doc, m.start, m.end, label=m.rule) for m in matches if m.family == "periods"]
        doc.spans[self.periods_key] = filter_spans(periods)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


class OffenseRuler:
    """Finds offense wording (extract/offense_terms.py) with a PhraseMatcher on LOWER."""

    def __init__(self, nlp: Language, name: str, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._terms: dict[int, tuple[str, str | None]] = {}
        for phrase, (offense, detail) in OFFENSE_TERMS.items():
            key = nlp.vocab.strings.add(phrase)
            self._terms[key] = (offense, detail)
            self.matcher.add(phrase, [nlp.make_doc(phrase)])

    def match(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        spans = [Span(doc, s, e, label=k) for k, s, e in self.matcher(doc)]
        out = []
        for span in filter_spans(spans):
            offense, detail = self._terms[span.label]
            out.append((span.start, span.end, offense, detail or ""))
        return out

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, str, str]]) -> None:
        doc.spans[self.spans_key] = [Span(doc, s, e, label=o, kb_id=d) for s, e, o, d in matches]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


class PlaceRuler:
    """Finds US city names (gazetteer) and "X neighborhood" phrases."""

    def __init__(self, nlp: Language, name: str, spans_key: str, neighborhoods_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.neighborhoods_key = neighborhoods_key
        self.cities = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.cities.add("city", list(nlp.tokenizer.pipe(place_names())))
        self.neighborhoods = Matcher(nlp.vocab)
        self.neighborhoods.add("neighborhood", [[
            {"IS_TITLE": True, "OP": "{1,3}"},
            {"LOWER": {"IN": ["neighborhood", "neighbourhood", "section", "area"]}},
        ]])

    def match(self, doc: Doc) -> tuple[list[Span], list[Span]]:
        cities = filter_spans([Span(doc, s, e, label="city") for _, s, e in self.cities(doc)])
        hoods = filter_spans([Span(doc, s, e - 1, label="neighborhood")
                              for _, s, e in self.neighborhoods(doc)])
        return cities, hoods

    def set_annotations(self, doc: Doc, matches: tuple[list[Span], list[Span]]) -> None:
        doc.spans[self.spans_key], doc.spans[self.neighborhoods_key] = matches

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


class SentenceBreaks:
    """Extra sentence starts the sentencizer misses: after a line break (headings, datelines)
    and at an opening quote after a full stop ('said. “This year ...')."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        breaks = sorted({a + "\n" * n + b for n in (1, 2, 3) for a in ("", " ", "  ") for b in ("", " ", "  ")})
        self.matcher.add("line_break", [[{"IS_SPACE": True, "ORTH": {"IN": breaks}}]])
        self.matcher.add("open_quote", [[{"ORTH": {"IN": [".", "!", "?", ".”", "?”"]}}, {"ORTH": "“"}]])

    def match(self, doc: Doc) -> list[int]:
        """Tokens that start a sentence: the one after a line break, or the opening quote."""
        return [end - 1 if end - start == 2 and not doc[start].is_space else end
                for _, start, end in self.matcher(doc) if end < len(doc) or not doc[start].is_space]

    def set_annotations(self, doc: Doc, starts: list[int]) -> None:
        for i in starts:
            doc[i].is_sent_start = True

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


@Language.factory("sentence_breaks", default_config={})
def make_sentence_breaks(nlp: Language, name: str) -> SentenceBreaks:
    return SentenceBreaks(nlp, name)


@Language.factory("claim_matcher", assigns=["doc.spans"],
                  default_config={"ruleset": "claims.v1", "spans_key": "claims",
                                  "periods_key": "periods", "validate": False})
def make_claim_matcher(nlp: Language, name: str, ruleset: str, spans_key: str, periods_key: str,
                       validate: bool) -> ClaimMatcher:
    return ClaimMatcher(nlp, name, ruleset, spans_key, periods_key, validate)


@Language.factory("offense_ruler", assigns=["doc.spans"], default_config={"spans_key": "offenses"})
def make_offense_ruler(nlp: Language, name: str, spans_key: str) -> OffenseRuler:
    return OffenseRuler(nlp, name, spans_key)


@Language.factory("place_ruler", assigns=["doc.spans"],
                  default_config={"spans_key": "places", "neighborhoods_key": "neighborhoods"})
def make_place_ruler(nlp: Language, name: str, spans_key: str, neighborhoods_key: str) -> PlaceRuler:
    return PlaceRuler(nlp, name, spans_key, neighborhoods_key)
