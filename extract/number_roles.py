"""A learned second reader: the role of a number no rule took.

The rules of extract/patterns read the shapes they were written for and nothing else; on real
news they miss about a claim in four, mostly counts, changes and rates in shapes nobody wrote a
rule for ("declined in 2022, with 88", "Oklahoma City at 3.34"). This module gives each number
of a sentence that no rule's draft holds a *role* (a count, a rate, a percent change up or down,
a change in a count up or down, or none) with a multinomial logistic regression over the words
around it. The `number_roles` pipeline component marks the candidate numbers; after the rules,
assembly asks `learned_drafts` for the confident readings of the numbers the rules left (a
figure a rule refused as no crime statistic stays refused) and vets those drafts like any
rule's: they must name an offense. Settings.learned_reader turns the component off.

The features are lexical and local (the words at fixed offsets around the number, the words
farther off in its sentence, its shape, whether an offense word is near, the sentence's change and
tally cues), so the model needs no trained spaCy pipeline. The weights live in
``number_roles.json`` beside this module, with the files they were trained on;
extract/train_number_roles.py trains them again from any annotated files in the real-news shape
(``claims train-roles``). Records and from-to pairs stay with the rules: they need structure a
word window does not see.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.builders import Draft
from extract.columns import like_nums, lowers, sentence_of, texts
from extract.errors import ModelFileError
from extract.filters import looks_like_year, number_refusal
from extract.flags import is_number
from extract.numbers import parse_number
from extract.offense_terms import OFFENSE_TERMS
from extract.patterns import Rule, register_unmatched
from extract.vocab import AGE_APPOSITION_NOUNS, DOZEN_WORDS, NON_CRIME_UNITS
from records.claim import LEARNED_RULE_PREFIX

#: The weights shipped with the package.
MODEL_PATH = Path(__file__).with_name("number_roles.json")
#: The role of a number that is not a claim's figure.
NO_ROLE = "none"
#: The role of a from-to's older figure: learned, so that it is not read as a count, never drafted.
FROM_ROLE = "from"
#: Words right after a number that make it a percent (the "pct" feature, a change's quote).
_PERCENT_SIGNS = ("%", "percent", "pct")
#: Words farthest from the number that the near-window features see, on each side.
NEAR = 3
#: Words farthest from the number that the bag-of-words features see, on each side.
FAR = 10

#: Words whose presence anywhere in the sentence is a feature: change, comparison, tally and
#: period cues. A word list, not the vocabulary's, so that the features stay those trained on.
SENTENCE_CUES = frozenset("""
up down rose fell increase increased decrease decreased drop dropped rise jumped jump climbed
declined decline fewer more than compared last year same period record lowest highest since per
rate percent total so far through reported recorded had were was saw there killed died deaths
""".split())

#: Last words of the offense vocabulary's terms ("homicides", "thefts", "fatalities").
OFFENSE_HEADS = frozenset(term.split()[-1] for term in OFFENSE_TERMS)

#: The rules the learned drafts name: one per claim kind, so stored claims trace back to the model.
#: Their ids start with `LEARNED_RULE_PREFIX`, which tells the checker a claim was read by the model.
LEARNED_RULES: dict[str, Rule] = {
    "count": Rule(id=f"{LEARNED_RULE_PREFIX}count.v1", kind="count", patterns=(), one_offense=True),
    "percent_change": Rule(id=f"{LEARNED_RULE_PREFIX}change.v1", kind="percent_change", patterns=(),
                           one_offense=True),
    "count_change": Rule(id=f"{LEARNED_RULE_PREFIX}count_change.v1", kind="count_change", patterns=(),
                         one_offense=True),
}
register_unmatched(LEARNED_RULES.values())


@dataclass(frozen=True, slots=True)
class Candidate:
    """A number of a sentence that may be a claim's figure: its tokens (first..last, inclusive)
    and value."""

    first: int
    last: int
    value: float


@dataclass(frozen=True, slots=True)
class NumberRoleModel:
    """Weights of a multinomial logistic regression: one weight per label for each feature."""

    labels: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float  # least probability of being a claim's figure (any claim role) for a draft

    def probabilities(self, features: list[str]) -> list[float]:
        scores = [0.0] * len(self.labels)
        for feature in features:
            row = self.weights.get(feature)
            if row is not None:
                for k, weight in enumerate(row):
                    scores[k] += weight
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def role(self, features: list[str]) -> tuple[str, float]:
        """The likeliest claim role, and the probability that the number is a claim's figure at
        all (the mass of every role but `NO_ROLE` and `FROM_ROLE`)."""
        probs = self.probabilities(features)
        claim = [k for k, label in enumerate(self.labels) if label not in (NO_ROLE, FROM_ROLE)]
        best = max(claim, key=probs.__getitem__)
        return self.labels[best], sum(probs[k] for k in claim)

    def to_json(self, trained_on: list[dict[str, object]]) -> str:
        return json.dumps({"model": "number_roles.v1", "labels": list(self.labels), "threshold": self.threshold,
                           "trained_on": trained_on,
                           "weights": {f: [round(w, 4) for w in row] for f, row in sorted(self.weights.items())}},
                          indent=0, allow_nan=False)


def read_model(path: Path) -> NumberRoleModel:
    """The model stored at ``path`` (the JSON `NumberRoleModel.to_json` writes)."""
    try:
        data = json.loads(Path(path).read_text())
        labels = tuple(str(label) for label in data["labels"])
        weights = {str(f): tuple(float(w) for w in row) for f, row in data["weights"].items()}
        threshold = float(data["threshold"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelFileError(f"Cannot read the number-roles model {path}: {exc}. Train it again with "
                             "`claims train-roles FILE...` or restore it from the repository.") from exc
    if NO_ROLE not in labels or not set(labels) - {NO_ROLE, FROM_ROLE} \
            or any(len(row) != len(labels) for row in weights.values()):
        raise ModelFileError(f"The number-roles model {path} is malformed: it needs a {NO_ROLE!r} label, a claim "
                             "role and one weight per label for each feature. Train it again with "
                             "`claims train-roles`.")
    return NumberRoleModel(labels, weights, threshold)


@lru_cache(maxsize=8)
def model_at(path: str) -> NumberRoleModel:
    """The model of a weights file, read once per process; "" for the shipped one."""
    return read_model(Path(path) if path else MODEL_PATH)


def shipped_model() -> NumberRoleModel:
    return model_at("")


def number_candidates(sent: Span, numeric: list[int] | None = None) -> Iterator[Candidate]:
    """The numbers of a sentence that may be statistics: not a year, date, money, label and the
    like (extract/filters.py), not an age ("Man, 19,"), not a share ("1 in 3"), not a count of
    arrests, officers, calls and the like (`OTHER_THINGS`). Number words that follow a number
    join it ("one million"). ``numeric``: the Doc's `numeric_tokens`, when the caller has them
    (only those tokens are looked at)."""
    doc = sent.doc
    lows, nums, words = lowers(doc), like_nums(doc), texts(doc)
    next_free = sent.start
    at = range(sent.start, sent.end) if numeric is None else \
        numeric[bisect_left(numeric, sent.start):bisect_left(numeric, sent.end)]
    for i in at:
        if i < next_free or not (nums[i] or lows[i] in DOZEN_WORDS) or not is_number(words[i]):
            continue  # like_num or "dozen": is_number's superset, read from the columns first
        last = i
        while last + 1 < sent.end and is_number(words[last + 1]) and not words[last + 1][0].isdigit():
            last += 1
        value = parse_number(words[i:last + 1])
        if value is not None and not (i == last and looks_like_year(words[i])) \
                and number_refusal(doc, i, last) is None and not _share(lows, words, last) \
                and not _apposed_age(lows, i, last) and not _counts_other_things(lows, last, sent.end):
            yield Candidate(i, last, value)
        next_free = last + 1


def _apposed_age(lows: list[str], first: int, last: int) -> bool:
    """ "Man, 19, wounded": a person's age set off by commas."""
    return (first >= 2 and lows[first - 1] == "," and lows[first - 2] in AGE_APPOSITION_NOUNS
            and last + 1 < len(lows) and lows[last + 1] == ",")


#: "1 in 3 homicides", "nine out of 10 victims", "7.7 percent of the violent crimes": a share,
#: not a count or a change.
_SHARE_LINKS = (("in",), ("out", "of"))


def _share(lows: list[str], words: list[str], last: int) -> bool:
    for link in _SHARE_LINKS:
        end = last + 1 + len(link)
        if end < len(lows) and tuple(lows[last + 1:end]) == link and is_number(words[end]) \
                and not looks_like_year(words[end]):  # "14 in 2023" is a count
            return True
    # "Rape accounted for 7.7 percent of the violent crimes": a part of a whole
    return last + 2 < len(lows) and lows[last + 1] in _PERCENT_SIGNS and lows[last + 2] == "of"


#: Units after a number that make it a figure of something else than crimes ("a 13.7 percent
#: increase in arrests", "40 officers"), unless an offense word comes first. Vehicles stay: "600
#: cars were stolen" counts thefts.
OTHER_THINGS = NON_CRIME_UNITS - {"cars", "vehicles", "million", "billion"}
#: Most tokens after a number searched for such a unit.
OTHER_THINGS_REACH = 4


def _counts_other_things(lows: list[str], last: int, end: int) -> bool:
    for k in range(last + 1, min(end, last + 1 + OTHER_THINGS_REACH)):
        word = lows[k]
        if word in OFFENSE_HEADS:
            return False
        if word in OTHER_THINGS:
            return True
    return False


class SentenceWords:
    """A sentence's words, read once for all its numbers' features (a Token is costly to make)."""

    def __init__(self, sent: Span) -> None:
        self.start = sent.start
        self.end = sent.end
        nums = like_nums(sent.doc)[sent.start:sent.end]
        self.lowers = lowers(sent.doc)[sent.start:sent.end]
        self.texts = texts(sent.doc)[sent.start:sent.end]
        self.words = ["#" if num else low for num, low in zip(nums, self.lowers, strict=True)]
        self.common = [f"offS={any(w in OFFENSE_HEADS for w in self.lowers)}",
                       *(f"S={w}" for w in self.lowers if w in SENTENCE_CUES),
                       f"ncand={min(5, sum(nums))}", "bias"]


def number_features(sent: Span, first: int, last: int, words: SentenceWords | None = None) -> list[str]:
    """The features of the number at tokens first..last of ``sent`` (document indexes);
    ``words``: the sentence's `SentenceWords`, when the caller reads several of its numbers."""
    view = words or SentenceWords(sent)
    base, lowers = view.start, view.lowers

    def at(k: int) -> str:
        return view.words[k - base] if view.start <= k < view.end else ("<s>" if k < view.start else "</s>")

    features = [f"L{k}={at(first - k)}" for k in range(1, NEAR + 1)]
    features += [f"R{k}={at(last + k)}" for k in range(1, NEAR + 1)]
    features.append(f"L12={at(first - 2)}_{at(first - 1)}")
    features.append(f"R12={at(last + 1)}_{at(last + 2)}")
    features += [f"BL={view.words[k - base]}" for k in range(max(base, first - FAR), max(base, first - NEAR))]
    features += [f"BR={view.words[k - base]}" for k in range(last + NEAR + 1, min(view.end, last + FAR + 1))]
    text = view.texts[first - base]
    features.append("dec" if "." in text else "int")
    value = parse_number(view.texts[first - base:last + 1 - base])
    if value is not None and math.isfinite(value):
        features.append(f"mag={min(int(math.log10(max(value, 1.0))), 9)}")
    if last + 1 < view.end and lowers[last + 1 - base] in _PERCENT_SIGNS:
        features.append("pct")
    if not text[0].isdigit():
        features.append("word")
    left = [k for k in range(max(base, first - 8), first) if lowers[k - base] in OFFENSE_HEADS]
    right = [k for k in range(last + 1, min(view.end, last + 9)) if lowers[k - base] in OFFENSE_HEADS]
    features.append(f"offL={('near' if first - left[-1] <= NEAR else 'far') if left else 'no'}")
    features.append(f"offR={('near' if right[0] - last <= NEAR else 'far') if right else 'no'}")
    features += view.common
    return features


def _draft(role: str, candidate: Candidate, doc: Doc) -> Draft | None:
    kind, _, direction = role.partition("|")
    if kind == "rate":
        rule, unit = LEARNED_RULES["count"], "per_100k"
        after = {t.lower_ for t in doc[candidate.last + 1:candidate.last + 6]}
        if after & {"1,000", "1000", "thousand"}:
            unit = "per_1000"
    elif kind in LEARNED_RULES:
        rule = LEARNED_RULES[kind]
        unit = "percent" if kind == "percent_change" else "count"
    else:
        return None  # from-to figures and records stay with the rules
    end = candidate.last + 1
    if unit == "percent" and end < len(doc) and lowers(doc)[end] in _PERCENT_SIGNS:
        end += 1
    return Draft(rule=rule.id, start=candidate.first, end=end, value=candidate.value,
                 direction=direction or "none", unit=unit,
                 value_tokens=frozenset(range(candidate.first, candidate.last + 1)), value_end=candidate.last + 1)


#: Where the component marks the candidate numbers of the sentences that name an offense word.
SPANS_KEY = "number_roles"


def numeric_tokens(doc: Doc) -> list[int]:
    """The tokens that may start a number (`number_candidates`' first test): like_num, or "dozen"."""
    lows, nums = lowers(doc), like_nums(doc)
    return [k for k, num in enumerate(nums) if num or lows[k] in DOZEN_WORDS]


def _holds(positions: list[int], sent: Span) -> bool:
    """Does one of ``positions`` (sorted token indices) fall inside ``sent``?"""
    k = bisect_left(positions, sent.start)
    return k < len(positions) and positions[k] < sent.end


def _may_hold_claim(sent: Span, numeric: list[int]) -> bool:
    """Whether ``sent`` holds a number and an offense head (``numeric``: the Doc's
    `numeric_tokens`; the words are read from the Doc's columns, without making a Token)."""
    if not _holds(numeric, sent):
        return False
    lows = lowers(sent.doc)
    return any(lows[k] in OFFENSE_HEADS for k in range(sent.start, sent.end))


#: Where the component notes which model reads the Doc: its weights path for `model_at` (a
#: string, so that the Doc still serializes).
MODEL_KEY = "number_roles_model"


class NumberRoles:
    """Pipeline component: marks the candidate numbers (`number_candidates`) of the sentences that
    name an offense word as spans of ``doc.spans[SPANS_KEY]``, and notes its model on the Doc.
    Assembly reads the role of the candidates no rule's claim holds and no refused match vetoed
    (`learned_drafts`): the model's cost is paid only for the numbers the rules leave."""

    def __init__(self, model_path: str = "") -> None:
        self.key = str(model_path)
        self.model = model_at(self.key)  # read now: a bad weights file fails the pipeline's build

    def __call__(self, doc: Doc) -> Doc:
        found = []
        if len(doc):
            numeric = numeric_tokens(doc)
            for sent in doc.sents if numeric else ():
                if _may_hold_claim(sent, numeric):
                    found.extend(Span(doc, c.first, c.last + 1) for c in number_candidates(sent, numeric))
        doc.spans[SPANS_KEY] = found
        doc.user_data[MODEL_KEY] = self.key
        return doc


@Language.factory("number_roles", assigns=["doc.spans"], default_config={"model_path": ""})
def make_number_roles(nlp: Language, name: str, model_path: str) -> NumberRoles:
    """``model_path``: weights written by `claims train-roles`; empty for the shipped ones."""
    return NumberRoles(model_path)


def learned_drafts(doc: Doc, taken: set[int]) -> list[Draft]:
    """Drafts for the candidate numbers the `NumberRoles` component marked, outside ``taken``,
    that its model reads as a claim's figure at its threshold or above."""
    spans = doc.spans.get(SPANS_KEY)
    if not spans or MODEL_KEY not in doc.user_data:
        return []
    model = model_at(doc.user_data[MODEL_KEY])
    drafts = []
    words: dict[int, SentenceWords] = {}
    for span in spans:
        if any(k in taken for k in range(span.start, span.end)):
            continue
        sent = sentence_of(doc, span.start)
        if sent.start not in words:
            words[sent.start] = SentenceWords(sent)
        role, probability = model.role(number_features(sent, span.start, span.end - 1, words[sent.start]))
        if probability < model.threshold:
            continue
        value = parse_number(texts(doc)[span.start:span.end])
        if value is None:
            continue
        draft = _draft(role, Candidate(span.start, span.end - 1, value), doc)
        if draft is not None:
            drafts.append(draft)
    return drafts
