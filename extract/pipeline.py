"""Building the pipeline and running it over texts and streams of documents."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

import spacy
from spacy.language import Language

import extract.components  # noqa: F401  (registers the factories)
from extract.assemble import claims_from_doc
from extract.chunking import DEFAULT_CHUNK_CHARS, split_text
from extract.records import Claim, Document
from settings import Settings

logger = logging.getLogger(__name__)

EXTRACTOR_VERSION = "claims-extract 1.0 (rules claims.v1)"
#: Document.extra key holding a piece's character offset in the text it was cut from.
OFFSET_KEY = "offset"


class ModelNotFound(RuntimeError):
    """settings.spacy_model names a pipeline that is not installed."""


@lru_cache(maxsize=4)
def _pipeline(spacy_model: str) -> Language:
    if spacy_model:
        try:
            nlp = spacy.load(spacy_model, exclude=["ner", "lemmatizer", "textcat"])
        except OSError as exc:
            raise ModelNotFound(
                f"spaCy pipeline {spacy_model!r} is not installed. Install it "
                f"(python -m spacy download {spacy_model}) or unset spacy_model to use the rules "
                "on spacy.blank('en').") from exc
        if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
            nlp.add_pipe("sentencizer", first=True)
    else:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentence_splitter")
    nlp.add_pipe("offense_ruler")
    nlp.add_pipe("place_ruler")
    nlp.add_pipe("claim_matcher")
    nlp.max_length = max(nlp.max_length, DEFAULT_CHUNK_CHARS * 2)
    return nlp


def build_pipeline(settings: Settings | None = None) -> Language:
    """The extraction pipeline (spacy.blank("en") + rule components), built once per process."""
    return _pipeline(settings.spacy_model if settings else "")


def _shift(claims: list[Claim], offset: int) -> list[Claim]:
    if not offset:
        return claims
    return [replace(c, start=c.start + offset, end=c.end + offset,
                    sentence_start=(c.sentence_start or 0) + offset) for c in claims]


def extract_documents(docs: Iterable[Document], *, nlp: Language | None = None, batch_size: int = 64,
                      n_process: int = 1) -> Iterator[tuple[Document, list[Claim]]]:
    """Stream documents through the pipeline and yield each with its claims.

    A document with ``extra["offset"]`` is a piece of a longer text: its claims' offsets are
    shifted so they point into that longer text. Documents are not held after they are yielded.
    """
    nlp = nlp or build_pipeline()
    pairs = ((d.text, d) for d in docs)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        claims = claims_from_doc(doc, document)
        if not claims:
            logger.debug("no claims in document %s (%d characters)", document.id, len(document.text))
        yield document, _shift(claims, int(document.extra.get(OFFSET_KEY, 0)))


def extract_text(text: str, *, city: str | None = None, state: str | None = None,
                 published: str | None = None, doc_id: str | None = None,
                 nlp: Language | None = None) -> list[Claim]:
    """The claims in one text; offsets are character offsets into ``text``."""
    pieces = (Document(text=piece, id=doc_id, city=city, state=state, published=published,
                       extra={OFFSET_KEY: offset}) for offset, piece in split_text(text))
    claims: list[Claim] = []
    for _document, found in extract_documents(pieces, nlp=nlp):
        claims.extend(found)
    return claims
