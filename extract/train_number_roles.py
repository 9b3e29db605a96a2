"""Train the number-roles model (extract/number_roles.py) from annotated real sentences.

Input: files in the real-news annotation shape (``{"id", "sentence", "claims": [{"quote",
"kind", "direction", "value", "from_value"?...}]}``, one record a line). Each number of a
sentence that `number_candidates` yields is one example. Its label is the role its gold claim
gives it: ``"<kind>|<direction>"`` when a claim's value equals the number and the claim's quote
holds it, ``"from"`` when it is a from-to's older figure, else ``"none"``. The rules label
nothing: the model learns from the annotations alone.

The model is a multinomial logistic regression fitted by full-batch gradient descent with an L2
penalty, on the features that occur at least twice. A few thousand examples train in seconds.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language

from extract.number_roles import FROM_ROLE, NO_ROLE, NumberRoleModel, number_candidates, number_features
from extract.scoring import VALUE_TOLERANCE, Gold, read_gold

#: The shipped model's threshold: of 0.6, 0.7 and 0.8, the best pooled F1 and precision in the
#: seventh session's ten-set cross-validation (BENCHMARKS.md).
DEFAULT_THRESHOLD = 0.7


@dataclass(frozen=True, slots=True)
class Example:
    features: tuple[str, ...]
    label: str


@dataclass(frozen=True, slots=True)
class TrainingFile:
    """A file trained on, and which of its records (0-based line index) were used."""

    path: Path
    select: Callable[[int], bool] | None = None
    part: str = "all"


def _close(gold: object, value: float) -> bool:
    if gold is None or isinstance(gold, bool):
        return False
    try:
        return abs(float(gold) - value) < VALUE_TOLERANCE  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def label_of(record: Gold, char: int, value: float) -> str:
    """The role the record's annotations give the number starting at character ``char``."""
    sentence = record["sentence"]
    for claim in record.get("claims", []):
        quote = claim.get("quote") or ""
        at = sentence.find(quote) if quote else -1
        if at < 0 or not at <= char < at + len(quote):
            continue
        if claim.get("kind") != "record" and _close(claim.get("value"), value):
            return f"{claim.get('kind')}|{claim.get('direction')}"
        if _close(claim.get("from_value"), value):
            return FROM_ROLE
    return NO_ROLE


def examples(records: Iterable[Gold], nlp: Language) -> Iterator[Example]:
    """One example for each candidate number of each record's sentence. Every number, also those
    the rules read: the model learns what a claim's figure looks like, not what the rules miss
    (trained on the rules' misses alone it scored lower in cross-validation)."""
    for record in records:
        doc = nlp(record["sentence"])
        for sent in doc.sents:
            for candidate in number_candidates(sent):
                label = label_of(record, doc[candidate.first].idx, candidate.value)
                yield Example(tuple(number_features(sent, candidate.first, candidate.last)), label)


def fit(data: list[Example], *, iterations: int = 400, rate: float = 0.5, l2: float = 1e-3,
        min_count: int = 2, threshold: float = DEFAULT_THRESHOLD) -> NumberRoleModel:
    """A multinomial logistic regression over the examples' features."""
    if all(e.label in (NO_ROLE, FROM_ROLE) for e in data):
        raise ValueError("No number in the training files is a claim's figure (value and quote of a count, "
                         "change or rate): annotate some claims, or add a file that has them.")
    counts = Counter(f for example in data for f in set(example.features))
    index = {f: k for k, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    labels = tuple(sorted({e.label for e in data} | {NO_ROLE}))
    x = np.zeros((len(data), len(index)), dtype=np.float64)
    for row, example in enumerate(data):
        for f in example.features:
            if f in index:
                x[row, index[f]] = 1.0
    y = np.array([labels.index(e.label) for e in data])
    w = np.zeros((len(index), len(labels)))
    for _ in range(iterations):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(len(y)), y] -= 1.0
        w -= rate * (x.T @ p / max(len(y), 1) + l2 * w)
    weights = {f: tuple(float(v) for v in w[k]) for f, k in index.items() if max(abs(v) for v in w[k]) >= 1e-3}
    return NumberRoleModel(labels, weights, threshold)


def train(files: list[TrainingFile], nlp: Language, **options: float) -> tuple[NumberRoleModel, list[dict[str, object]]]:
    """The model trained on the chosen records of ``files``, and a provenance entry for each file."""
    data: list[Example] = []
    provenance: list[dict[str, object]] = []
    for spec in files:
        rows = [r for i, r in enumerate(read_gold(spec.path)) if spec.select is None or spec.select(i)]
        found = list(examples(rows, nlp))
        data.extend(found)
        provenance.append({"file": spec.path.name, "part": spec.part, "records": len(rows), "examples": len(found),
                           "sha256": hashlib.sha256(spec.path.read_bytes()).hexdigest()})
    if not data:
        raise ValueError("No examples: the training files hold no sentence with a number.")
    return fit(data, **options), provenance  # type: ignore[arg-type]


def log_loss(model: NumberRoleModel, data: Iterable[Example]) -> float:
    """Mean negative log-likelihood of the labels: for comparing settings on held-out files."""
    losses = [-math.log(max(model.probabilities(list(e.features))[model.labels.index(e.label)], 1e-12))
              for e in data if e.label in model.labels]
    return sum(losses) / max(len(losses), 1)
