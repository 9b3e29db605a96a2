"""Building the pipeline and running it over texts and streams of documents."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.util import compile_infix_regex, compile_suffix_regex

import extract.components  # noqa: F401  (registers the factories)
from extract.assemble import claims_from_doc
from extract.chunking import DEFAULT_CHUNK_CHARS, split_text
from extract.components import TRIGGER_WORDS
from extract.context import DocumentText
from extract.headline import headline_offense
from extract.resolve import OffenseMention
from extract.screen import LineScreen
from extract.vocab import ABBREVIATIONS
from records.claim import Claim, Document
from settings import Settings

logger = logging.getLogger(__name__)

EXTRACTOR_VERSION = "claims-extract 1.1 (rules claims.v1, learned number_roles.v1)"
#: Document.extra key holding a piece's character offset in the text it was cut from.
OFFSET_KEY = "offset"


class ModelNotFound(RuntimeError):
    """settings.spacy_model names a pipeline that is not installed."""


def _build(spacy_model: str, extra_patterns: str = "", learned_reader: bool = True, roles_model: str = "") -> Language:
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
        tune_tokenizer(nlp)
        nlp.add_pipe("sentence_splitter")
    nlp.add_pipe("offense_ruler")
    nlp.add_pipe("place_ruler")
    nlp.add_pipe("claim_matcher", config={"extra_patterns": extra_patterns})
    if learned_reader:
        nlp.add_pipe("number_roles", config={"model_path": roles_model})
    nlp.max_length = max(nlp.max_length, DEFAULT_CHUNK_CHARS * 2)
    return nlp


#: Infixes that split "21%-decline" into "21", "%", "-", "decline" (spaCy keeps it one token).
_PERCENT_HYPHEN = (r"%(?=-[a-zA-Z])", r"(?<=%)-(?=[a-zA-Z])")
#: ... and "12.7/100,000" into "12.7", "/", "100,000" (a rate written with a slash).
_RATE_SLASH = (r"(?<=[0-9])/(?=(?:100,000|100000|100k|1,000|1000)\b)",)
#: ... and "slightly—2.1 percent" / "71—a 545% increase" at the dash (a range "2020–21" stays whole).
_DASH_NUMBER = (r"(?<=[a-zA-Z])[—–](?=[0-9])", r"(?<=[0-9])[—–](?=[a-zA-Z])")
#: ... and the typos of police logs: "Rape(~100 percent decrease)" (a bracket and a tilde glued to
#: the word and the number), "27%from this time" (a percent sign glued to the next word).
_GLUED = (r"(?<=[a-zA-Z])\((?=[~0-9+\-−])", r"(?<=\()~(?=[0-9])", r"%(?=[a-zA-Z])")
#: ... and a dash left on a year before a space: "56 homicides in 2017- but this year".
_YEAR_DASH = (r"(?<=\b(?:19|20)[0-9]{2})[-–—]$",)


def tune_tokenizer(nlp: Language) -> None:
    """Keep "Sgt.", "Ave.", "No." ... whole, so that their full stop never ends a sentence, and
    split a percent sign from a hyphenated noun ("a 21%-decline") or a glued word ("27%from"), a
    rate from its base ("12.7/100,000") and a bracket from the word before it ("Rape(~100")."""
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *_PERCENT_HYPHEN, *_RATE_SLASH,
                                                        *_DASH_NUMBER, *_GLUED]).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, *_YEAR_DASH]).search
    for word in ABBREVIATIONS:
        for form in {word, word.lower(), word.capitalize()}:
            if form not in nlp.tokenizer.rules:
                nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def build_pipeline(settings: Settings | None = None) -> Language:
    """The extraction pipeline (spacy.blank("en") + rule components), built once per process
    (per model, extra-patterns file and learned-reader weights: edit a file, and a new process
    reads it)."""
    if settings is None:
        return _pipeline("", "", True, "")
    roles = str(Path(settings.number_roles_model).resolve()) if settings.number_roles_model else ""
    if not settings.extra_patterns:
        return _pipeline(settings.spacy_model, "", settings.learned_reader, roles)
    return _pipeline_with(settings.spacy_model, str(Path(settings.extra_patterns).resolve()),
                          settings.learned_reader, roles)


#: Pipelines with extra rules are cached apart, so that they never push out the plain ones.
_pipeline = lru_cache(maxsize=4)(_build)
_pipeline_with = lru_cache(maxsize=4)(_build)


def _shift(claims: list[Claim], offset: int) -> list[Claim]:
    if not offset:
        return claims
    return [replace(c, start=c.start + offset, end=c.end + offset,
                    sentence_start=(c.sentence_start or 0) + offset) for c in claims]


#: One LineScreen per claim matcher (built from its patterns on first use).
_SCREENS: weakref.WeakKeyDictionary[object, LineScreen] = weakref.WeakKeyDictionary()


def line_screen(nlp: Language) -> LineScreen | None:
    """The raw-text screen for ``nlp``, or None when it cannot be used: a trained pipeline
    (its sentences may cross line breaks) or a claim matcher without trigger windows."""
    if not nlp.has_pipe("sentence_splitter") or not nlp.has_pipe("claim_matcher"):
        return None
    matcher = nlp.get_pipe("claim_matcher")
    if getattr(matcher, "flags", None) is None:
        return None
    screen = _SCREENS.get(matcher)
    if screen is None:
        masks = [m for rule, _m, window in matcher.rules if window != "periods" for m in matcher.anchors.masks[rule]]
        screen = _SCREENS[matcher] = LineScreen(matcher.anchors.table, masks, TRIGGER_WORDS,
                                                exceptions=nlp.tokenizer.rules or {})
    return screen


# (document, region start and end in its text, is it the document's last region, the text's safe
# cut points); start -1: the document has no region
_Part = tuple[Document, int, int, bool, list[int]]


def _parts(docs: Iterable[Document], screen: LineScreen, nlp: Language) -> Iterator[tuple[str, _Part]]:
    offenses = nlp.get_pipe("offense_ruler").screen if nlp.has_pipe("offense_ruler") else None
    for document in docs:
        if offenses is not None and not offenses.could_name_offense(document.text) \
                and topic_of(nlp, document.headline) is None:
            regions, cuts = [], []  # no offense anywhere: no claim (extract/screen.py)
        else:
            regions, cuts = screen.plan(document.text)
        if not regions:
            yield "", (document, -1, -1, True, [])
        for k, (start, end) in enumerate(regions):
            yield document.text[start:end], (document, start, end, k == len(regions) - 1, cuts)


@lru_cache(maxsize=256)
def topic_of(nlp: Language, headline: str | None) -> OffenseMention | None:
    """The headline's offense (extract/headline.py), worked out once for the pieces and regions
    of one document."""
    return headline_offense(nlp, headline)


def extract_documents(docs: Iterable[Document], *, nlp: Language | None = None, batch_size: int = 64,
                      n_process: int = 1, screen: bool = True) -> Iterator[tuple[Document, list[Claim]]]:
    """Stream documents through the pipeline and yield each with its claims.

    A document with ``extra["offset"]`` is a piece of a longer text: its claims' offsets are
    shifted so they point into that longer text. Documents are not held after they are yielded.
    With ``screen`` (and the rule pipeline), only the lines that could hold a claim are
    processed (extract/screen.py); the claims are the same either way.
    """
    nlp = nlp or build_pipeline()
    screener = line_screen(nlp) if screen else None
    if screener is None:
        pairs = ((d.text, d) for d in docs)
        for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            claims = claims_from_doc(doc, document, topic=topic_of(nlp, document.headline))
            if not claims:
                logger.debug("no claims in document %s (%d characters)", document.id, len(document.text))
            yield document, _shift(claims, int(document.extra.get(OFFSET_KEY, 0)))
        return
    found: list[Claim] = []
    whole: DocumentText | None = None
    for doc, (document, start, end, last, cuts) in nlp.pipe(_parts(docs, screener, nlp), as_tuples=True,
                                                            batch_size=batch_size, n_process=n_process):
        if start >= 0:
            region = replace(document, text=document.text[start:end])
            if whole is None:  # one per document, shared by its regions (they come in a row)
                whole = DocumentText(nlp, document.text, cuts)
            before = whole.before(start) if start > 0 else None
            found.extend(_shift(claims_from_doc(doc, region, before, topic_of(nlp, document.headline)), start))
        if last:
            if not found:
                logger.debug("no claims in document %s (%d characters)", document.id, len(document.text))
            yield document, _shift(found, int(document.extra.get(OFFSET_KEY, 0)))
            found, whole = [], None


def extract_text(text: str, *, city: str | None = None, state: str | None = None,
                 published: str | None = None, doc_id: str | None = None,
                 nlp: Language | None = None, headline: str | None = None) -> list[Claim]:
    """The claims in one text; offsets are character offsets into ``text``. ``headline`` (the
    article's title) lends its offense to sentences that name none (extract/headline.py)."""
    pieces = (Document(text=piece, id=doc_id, city=city, state=state, published=published,
                       extra={OFFSET_KEY: offset}, headline=headline) for offset, piece in split_text(text))
    claims: list[Claim] = []
    for _document, found in extract_documents(pieces, nlp=nlp):
        claims.extend(found)
    return claims
