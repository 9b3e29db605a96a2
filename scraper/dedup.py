"""Exact and near-duplicate detection of article text (wire copies of the same story)."""

from __future__ import annotations

import hashlib
import re
import zlib

_WORD = re.compile(r"\w+")
SHINGLE = 5  # words per shingle
NEAR_DUPLICATE = 0.8  # Jaccard similarity at or above which two texts are the same story


def normalized_text(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def content_hash(text: str) -> str:
    """sha256 of the lowercased words of ``text``: same words, same hash, whatever the markup."""
    return hashlib.sha256(normalized_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE) -> frozenset[int]:
    """Hashed word ``size``-grams of ``text`` (crc32, so stable across processes)."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return frozenset({zlib.crc32(" ".join(words).encode())}) if words else frozenset()
    return frozenset(zlib.crc32(" ".join(words[i:i + size]).encode())
                     for i in range(len(words) - size + 1))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
