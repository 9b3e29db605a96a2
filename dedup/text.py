"""The content hash and the near-duplicate measure of article text.

**Exact copies: ``content_hash``.** The sha256 of the text's words, lower-cased and joined by
single spaces (words are ``\\w+`` runs, so punctuation, markup leftovers, case and spacing do not
count). The same page fetched twice, or saved once as HTML and once as text, hashes the same,
so storing it again finds the stored article instead of adding a second one. Every
``articles.content_sha256`` holds this hash (migration m015 recomputed older rows).

**Wire copies: ``similarity`` >= ``NEAR_DUPLICATE``.** The Jaccard similarity of the two bodies'
sets of word 5-grams (``SHINGLE`` words, lower-cased), where a body is the text without lines
that repeat the headline: outlets retitle a wire story and trim or add a sentence, and its
5-grams stay mostly the same, while two different stories on one subject share few. 0.8 keeps
an edited copy (a changed word costs at most five of its 5-grams) and parts two reports built
from one press release with their own paragraphs.

**Finding candidates fast: ``signature``.** Checking every stored article would be quadratic, so
the store indexes MinHash LSH band keys of each article (``BANDS`` bands of ``ROWS`` hashes) and
compares only articles that share a band; with 16 bands of 4 rows a pair at similarity 0.8
shares one with probability 0.9998, a pair at 0.5 with 0.64 (and is then rejected by
``similarity``). The hashes are crc32 and a seeded permutation, so signatures are stable across
processes and runs.
"""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

SHINGLE = 5  # words per shingle
NEAR_DUPLICATE = 0.8  # Jaccard similarity of two bodies' shingles at or above which they are one story
BANDS, ROWS = 16, 4  # LSH: P(candidate) = 1-(1-s^4)^16
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20261122)
_A = _rng.integers(1, 1 << 31, BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, BANDS * ROWS, dtype=np.uint64)
_WORD = re.compile(r"\w+")

#: LSH band keys (one per band; empty for a text without words) and the shingle hashes of a body
Signature = tuple[list[int], frozenset[int]]


def normalized_words(text: str) -> list[str]:
    """The words of ``text``, lower-cased: what both measures read."""
    return _WORD.findall(text.lower())


def content_hash(text: str) -> str:
    """sha256 (hex) of the lower-cased words of ``text``: same words, same hash, whatever the markup."""
    return hashlib.sha256(" ".join(normalized_words(text)).encode("utf-8")).hexdigest()


def body(text: str, title: str | None) -> str:
    """The text without lines equal to the title: outlets retitle wire stories, the body stays."""
    if not title:
        return text
    head = " ".join(title.split()).lower()
    return "\n".join(line for line in text.splitlines() if " ".join(line.split()).lower() != head)


def shingles(text: str) -> frozenset[int]:
    """crc32 hashes of the word ``SHINGLE``-grams of ``text`` (a shorter text is one shingle)."""
    words = normalized_words(text)
    if not words:
        return frozenset()
    return frozenset(zlib.crc32(" ".join(words[i:i + SHINGLE]).encode())
                     for i in range(max(len(words) - SHINGLE + 1, 1)))


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard similarity of two shingle sets (0.0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _bands(hashes: frozenset[int]) -> list[int]:
    if not hashes:
        return []
    values = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
    sig = ((values[None, :] * _A[:, None] + _B[:, None]) % _PRIME).min(axis=1)
    return [zlib.crc32(sig[i * ROWS:(i + 1) * ROWS].tobytes()) for i in range(BANDS)]


def signature(text: str, title: str | None = None) -> Signature:
    """LSH band keys and shingle hashes of an article's body: pure, so a worker process can sign."""
    hashes = shingles(body(text, title))
    return _bands(hashes), hashes
