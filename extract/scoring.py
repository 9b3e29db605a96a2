"""Score the extractor against an annotated file: precision, recall and F1.

The file has one sentence a line: ``{"id", "city", "state", "sentence", "claims": [...]}``.
A predicted claim matches a gold claim at the *core* level when value and direction agree, and
at the *full* level when kind and offense agree too. Matching is one-to-one and greedy within a
sentence (best-agreeing pairs first).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from spacy.language import Language

from extract.errors import GoldFormatError
from extract.headline import headline_from_url
from extract.pipeline import extract_documents
from records.claim import Claim, Document

Gold = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Scores:
    true_positives: int
    predicted: int
    gold: int
    precision: float = field(init=False)
    recall: float = field(init=False)
    f1: float = field(init=False)

    def __post_init__(self) -> None:
        p = self.true_positives / self.predicted if self.predicted else 1.0
        r = self.true_positives / self.gold if self.gold else 1.0
        object.__setattr__(self, "precision", p)
        object.__setattr__(self, "recall", r)
        object.__setattr__(self, "f1", 2 * p * r / (p + r) if p + r else 0.0)

    def line(self, label: str) -> str:
        return f"{label} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A gold claim the extractor missed, or a predicted claim no gold claim matches."""

    id: str
    sentence: str
    claim: dict[str, Any]
    core_matched: bool  # True when only kind or offense disagree


@dataclass(frozen=True, slots=True)
class EvalReport:
    sentences: int
    core: Scores
    full: Scores
    per_kind: dict[str, Scores]
    per_offense: dict[str, Scores]
    misses: tuple[Mismatch, ...]
    extras: tuple[Mismatch, ...]
    gold_sha256: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary_lines(self) -> list[str]:
        """The compact three-line summary `claims eval` ends with."""
        return [self.core.line("core"), self.full.line("full"),
                f"sentences={self.sentences} gold={self.core.gold} predicted={self.core.predicted}"]


#: A gold value and a found one this close are the same figure ("1,149.71" and 1149.7).
VALUE_TOLERANCE = 0.051


def _value_agrees(gold: Gold, pred: Claim) -> bool:
    """Value and direction agree. A gold record with no value ("the lowest in recorded history",
    "a 10-year low" written with its span in a note) agrees with a predicted record that has no
    year: one with no value, or a span in years."""
    if gold.get("direction") != pred.direction:
        return False
    gold_value = gold.get("value")
    if gold_value is None:
        return pred.kind == "record" and (pred.value is None or pred.unit == "years")
    if pred.value is None or isinstance(gold_value, bool) or not isinstance(gold_value, int | float | str):
        return False
    try:
        number = float(gold_value)
    except ValueError:
        return False
    return math.isclose(number, pred.value, abs_tol=VALUE_TOLERANCE)


def _full_agrees(gold: Gold, pred: Claim) -> bool:
    return (_value_agrees(gold, pred) and gold.get("kind") == pred.kind
            and gold.get("offense") == pred.offense)


def _match(golds: list[Gold], preds: list[Claim], agrees: Callable[[Gold, Claim], bool]) -> list[tuple[int, int]]:
    pairs = []
    for gi, gold in enumerate(golds):
        for pi, pred in enumerate(preds):
            if agrees(gold, pred):
                score = (gold.get("kind") == pred.kind) + (gold.get("offense") == pred.offense)
                pairs.append((-score, gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _score, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def read_gold(path: Path) -> Iterator[Gold]:
    """The annotated sentences of ``path``; raises GoldFormatError naming the bad line."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{path}:{number}: not JSON ({exc.msg}). Each line must be one "
                                      'object like {"id": ..., "sentence": ..., "claims": [...]}.') from exc
            if not isinstance(row, dict) or not isinstance(row.get("sentence"), str) \
                    or not isinstance(row.get("claims", []), list):
                raise GoldFormatError(f'{path}:{number}: needs a "sentence" string and a "claims" list.')
            row.setdefault("id", str(number))
            yield row


def _date_or_none(value: Any) -> str | None:
    """The record's publication date when it is a full YYYY-MM-DD date (gold files may say "~2024")."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-" \
            and value.replace("-", "").isdigit():
        return value
    return None


def _tally(counts: dict[str, list[int]], key: str | None, slot: int) -> None:
    counts.setdefault(key or "none", [0, 0, 0])[slot] += 1


def blind_slice(every: int) -> Callable[[int], bool]:
    """The records a rule writer never looks at: every ``every``-th one (the 5th, 10th, ...)."""
    return lambda index: (index + 1) % every == 0


def rest_slice(every: int) -> Callable[[int], bool]:
    """The records left after `blind_slice`: the ones rules may be studied on."""
    return lambda index: (index + 1) % every != 0


#: Most earlier sentences of the same page given to a record as its context.
CONTEXT_SENTENCES = 3


def _page_context(rows: list[Gold]) -> list[str]:
    """For each record, the earlier sentences of the same page (same ``source_url``, file order),
    joined one a line and ending in a newline; "" for a record with no ``source_url``."""
    seen: dict[str, list[str]] = {}
    out = []
    for row in rows:
        url = row.get("source_url")
        if not isinstance(url, str) or not url:
            out.append("")
            continue
        earlier = seen.setdefault(url, [])
        out.append("".join(f"{s}\n" for s in earlier[-CONTEXT_SENTENCES:]))
        earlier.append(row["sentence"].replace("\n", " "))
    return out


def _own_claims(claims: list[Claim], offset: int) -> list[Claim]:
    """The claims of a record's own sentence, with offsets into that sentence (context dropped)."""
    if not offset:
        return claims
    return [replace(c, start=c.start - offset, end=c.end - offset,
                    sentence_start=(c.sentence_start or offset) - offset) for c in claims if c.start >= offset]


def _documents(gold_path: Path, select: Callable[[int], bool] | None,
               context: bool) -> tuple[list[Gold], Iterator[Document]]:
    """The chosen records, and a Document for each (``extra["row"]``: its index in the list)."""
    everything = list(read_gold(Path(gold_path)))
    befores = _page_context(everything) if context else [""] * len(everything)
    chosen = [i for i in range(len(everything)) if select is None or select(i)]
    documents = (Document(text=befores[i] + everything[i]["sentence"], id=str(everything[i]["id"]),
                          city=everything[i].get("city"), state=everything[i].get("state"),
                          published=_date_or_none(everything[i].get("published")),
                          extra={"row": k, "context_chars": len(befores[i])},
                          headline=headline_from_url(everything[i].get("source_url")) if context else None)
                 for k, i in enumerate(chosen))
    return [everything[i] for i in chosen], documents


def matched_pairs(gold_path: Path, *, nlp: Language | None = None, select: Callable[[int], bool] | None = None,
                  context: bool = True) -> Iterator[tuple[Gold, Gold, Claim]]:
    """(record, gold claim, predicted claim) for every core match: value and direction agree. For
    measuring attributes (offense, baseline, place) on the claims the extractor does find."""
    rows, documents = _documents(gold_path, select, context)
    for document, found in extract_documents(documents, nlp=nlp):
        row = rows[document.extra["row"]]
        preds = _own_claims(found, document.extra["context_chars"])
        golds: list[Gold] = row.get("claims", [])
        for gi, pi in _match(golds, preds, _value_agrees):
            yield row, golds[gi], preds[pi]


def evaluate(gold_path: Path, *, nlp: Language | None = None,
             select: Callable[[int], bool] | None = None, context: bool = True) -> EvalReport:
    """Score the extractor on the annotated file at ``gold_path``.

    ``select`` keeps the records whose 0-based line index it accepts (see `blind_slice`). With
    ``context``, records that share a ``source_url`` are read as one article: up to
    `CONTEXT_SENTENCES` earlier sentences of the page come before a record's sentence, as they
    would in a crawled article (an offense named there can carry over); only the claims of the
    record's own sentence are scored. Without it, every sentence is read alone."""
    rows, documents = _documents(gold_path, select, context)
    core_tp = full_tp = n_pred = n_gold = 0
    kinds: dict[str, list[int]] = {}
    offenses: dict[str, list[int]] = {}
    misses: list[Mismatch] = []
    extras: list[Mismatch] = []
    for document, found in extract_documents(documents, nlp=nlp):
        row = rows[document.extra["row"]]
        preds = _own_claims(found, document.extra["context_chars"])
        golds: list[Gold] = row.get("claims", [])
        n_pred += len(preds)
        n_gold += len(golds)
        core = _match(golds, preds, _value_agrees)
        full = _match(golds, preds, _full_agrees)
        core_tp += len(core)
        full_tp += len(full)
        core_g = {g for g, _ in core}
        core_p = {p for _, p in core}
        full_g = {g for g, _ in full}
        full_p = {p for _, p in full}
        for gi, gold in enumerate(golds):
            _tally(kinds, gold.get("kind"), 2)
            _tally(offenses, gold.get("offense"), 2)
            if gi in full_g:
                _tally(kinds, gold.get("kind"), 0)
                _tally(offenses, gold.get("offense"), 0)
            else:
                misses.append(Mismatch(str(row["id"]), row["sentence"], gold, gi in core_g))
        for pi, pred in enumerate(preds):
            _tally(kinds, pred.kind, 1)
            _tally(offenses, pred.offense, 1)
            if pi not in full_p:
                extras.append(Mismatch(str(row["id"]), row["sentence"], pred.as_dict(), pi in core_p))
    digest = hashlib.sha256(Path(gold_path).read_bytes()).hexdigest()
    return EvalReport(
        sentences=len(rows),
        core=Scores(core_tp, n_pred, n_gold),
        full=Scores(full_tp, n_pred, n_gold),
        per_kind={k: Scores(*v) for k, v in sorted(kinds.items())},
        per_offense={k: Scores(*v) for k, v in sorted(offenses.items())},
        misses=tuple(misses),
        extras=tuple(extras),
        gold_sha256=digest,
    )
