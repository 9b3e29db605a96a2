"""Per-Doc columns of token attributes as plain lists, and each token's sentence, made once a Doc.

Assembly reads the words around every claim many times over. ``doc[i]`` makes a new Token
object on each look-up, iterating ``doc[a:b]`` makes a Span and a Token per word, and
``doc[i].sent`` walks to the sentence's edges; on claim-dense text those look-ups were a large
share of assembly (issue 9). The hot loops read these lists instead: the same values, read
with one `Doc.to_array` per column and Doc.

The lists live in ``doc.user_data`` under keys of their own (plain lists, so a Doc still
serializes); nothing here changes the Doc. They are made on first use, by the offense ruler
(after the sentence splitter) or assembly: a Doc whose tokens or sentence boundaries change
afterwards (retokenized) keeps the old lists.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import IDX, IS_PUNCT, LIKE_NUM, LOWER, ORTH, SENT_START
from spacy.tokens import Doc, Span

_LOWER_KEY = "columns.lower"
_TEXT_KEY = "columns.text"
_SENTS_KEY = "columns.sents"
_LIKE_NUM_KEY = "columns.like_num"
_PUNCT_KEY = "columns.is_punct"
_IDX_KEY = "columns.idx"
_DOC_TEXT_KEY = "columns.doc_text"


def _string_column(doc: Doc, key: str, attr: int) -> list[str]:
    """The strings of one hash column of ``doc`` (read at once with `Doc.to_array`, about half
    the cost of a Token per word), made on the first call for a Doc."""
    found = doc.user_data.get(key)
    if found is None:
        strings = doc.vocab.strings
        found = doc.user_data[key] = [strings[h] for h in doc.to_array(attr).tolist()] if len(doc) else []
    return found


def lowers(doc: Doc) -> list[str]:
    """``[t.lower_ for t in doc]``, made on the first call for a Doc. (Assembly asks hundreds of
    thousands of times a claim-dense page: the list already made is read without another call.)"""
    found = doc.user_data.get(_LOWER_KEY)
    return found if found is not None else _string_column(doc, _LOWER_KEY, LOWER)


def texts(doc: Doc) -> list[str]:
    """``[t.text for t in doc]`` (a token's text is its ORTH string), made on the first call for a Doc."""
    found = doc.user_data.get(_TEXT_KEY)
    return found if found is not None else _string_column(doc, _TEXT_KEY, ORTH)


def _sentence_starts(doc: Doc) -> list[int] | None:
    """Token indices where a sentence starts (0 first), read from the SENT_START column as
    `Span.sent` reads it; None when spaCy's own path must answer (sentence hooks, or no
    sentence boundaries: its error)."""
    found = doc.user_data.get(_SENTS_KEY)
    if found is None:
        usable = not (doc.user_hooks or doc.user_token_hooks or doc.user_span_hooks) \
            and len(doc) > 0 and doc.has_annotation("SENT_START")
        found = doc.user_data[_SENTS_KEY] = \
            [0] + [i for i in numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist() if i > 0] if usable else []
    return found or None


def sentence_of(doc: Doc, i: int) -> Span:
    """``doc[i].sent``: the sentence holding token ``i``, found by bisection in the Doc's
    sentence starts (made once a Doc), without making a Token."""
    starts = doc.user_data.get(_SENTS_KEY)
    if starts is None:
        starts = _sentence_starts(doc)
    if not starts or not 0 <= i < len(doc):
        return doc[i].sent
    k = bisect_right(starts, i) - 1
    return Span(doc, starts[k], starts[k + 1] if k + 1 < len(starts) else len(doc))


def positions(doc: Doc, start: int, end: int) -> range:
    """The token indices of ``doc[start:end]`` (negative and out-of-range bounds as spaCy's
    slices take them), to walk the word lists without making the Span."""
    return range(*slice(start, end).indices(len(doc)))


def _flag_column(doc: Doc, key: str, attr: int) -> list[bool]:
    """One lexeme flag column of ``doc`` as booleans, made on the first call for a Doc."""
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = doc.to_array(attr).astype(bool).tolist() if len(doc) else []
    return found


def like_nums(doc: Doc) -> list[bool]:
    """``[t.like_num for t in doc]``, made on the first call for a Doc."""
    found = doc.user_data.get(_LIKE_NUM_KEY)
    return found if found is not None else _flag_column(doc, _LIKE_NUM_KEY, LIKE_NUM)


def puncts(doc: Doc) -> list[bool]:
    """``[t.is_punct for t in doc]``, made on the first call for a Doc."""
    found = doc.user_data.get(_PUNCT_KEY)
    return found if found is not None else _flag_column(doc, _PUNCT_KEY, IS_PUNCT)


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` for ``0 <= start <= end <= len(doc)``: the Doc's text from the
    first token's offset to the last token's end (the text is made once a Doc, and the token
    offsets are one `Doc.to_array` column), without making the Span."""
    if start >= end:
        return ""
    idx = doc.user_data.get(_IDX_KEY)
    if idx is None:
        idx = doc.user_data[_IDX_KEY] = doc.to_array(IDX).tolist()
    text = doc.user_data.get(_DOC_TEXT_KEY)
    if text is None:
        text = doc.user_data[_DOC_TEXT_KEY] = doc.text
    return text[idx[start]:idx[end - 1] + len(texts(doc)[end - 1])]
