"""Claim extraction: rule components on spacy.blank("en") that find statistical crime claims.

Public surface (other packages call these):

- `build_pipeline(settings=None)` -> the spaCy pipeline, built once per process
- `extract_text(text, *, city, state, published, doc_id, nlp)` -> list of `Claim`
- `extract_documents(docs, *, nlp, batch_size, n_process, screen)` -> stream of (Document, claims)
- `evaluate(gold_path, *, nlp)` -> `EvalReport`
- `possible_claims_for(text, claims, *, settings, nlp, doc_id)` -> list of `PossibleClaim`: the
  sentences that look like a crime statistic no rule parsed (extract/possible.py)
"""

from __future__ import annotations

import logging

from extract.pipeline import EXTRACTOR_VERSION, build_pipeline, extract_documents, extract_text
from extract.possible import possible_claims_for
from extract.scoring import EvalReport, evaluate
from records.claim import Claim, Document, Place
from records.possible import PossibleClaim

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "EXTRACTOR_VERSION", "Claim", "Document", "EvalReport", "Place", "PossibleClaim", "build_pipeline",
    "evaluate", "extract_documents", "extract_text", "possible_claims_for",
]
