"""Anchor words: which trigger windows could hold a match at all, decided before the Matcher runs.

Every claim pattern has required elements that are word sets ("percent", a direction word,
"from", "since" ...). A pattern can only match in a window that holds a token of each of them.
`AnchorIndex` gives each distinct required word set one bit; per Doc it looks up the bits of
every token with numpy (one ``searchsorted`` over the lower-case hashes) and then keeps a
trigger only if, within its window, some pattern has all its required words. Most numbers in
news prose (ages, dates, addresses, money) have none, so the Matcher never scans them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract.patterns import TokenSpec

#: Most distinct word sets tracked; beyond that a pattern's extra sets are not checked (safe).
MAX_BITS = 63


def required_words(tokens: Sequence[TokenSpec]) -> list[frozenset[str]]:
    """The word sets of a pattern's required elements (no "?"/"*" operator), lower-cased."""
    out: list[frozenset[str]] = []
    for spec in tokens:
        if spec.get("OP") not in (None, "+", "1"):
            continue
        for attr in ("LOWER", "ORTH", "TEXT"):
            value = spec.get(attr)
            if isinstance(value, str):
                out.append(frozenset({value.lower()}))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                out.append(frozenset(w.lower() for w in value["IN"]))
    return out


class AnchorIndex:
    """The required word sets of the patterns of several matchers, as bit masks over tokens."""

    def __init__(self, vocab: Vocab, groups: dict[str, Iterable[Sequence[TokenSpec]]]) -> None:
        self._bits: dict[frozenset[str], int] = {}
        self.masks: dict[str, tuple[int, ...]] = {}
        for name, patterns in groups.items():
            masks = set()
            for tokens in patterns:
                mask = 0
                for words in required_words(tokens):
                    if words not in self._bits:
                        if len(self._bits) >= MAX_BITS:
                            continue
                        self._bits[words] = len(self._bits)
                    mask |= 1 << self._bits[words]
                masks.add(mask)
            self.masks[name] = tuple(sorted(masks))
        table: dict[int, int] = {}
        for words, bit in self._bits.items():
            for w in words:
                key = vocab.strings.add(w)
                table[key] = table.get(key, 0) | (1 << bit)
        keys = sorted(table)
        self.keys = numpy.array(keys or [0], dtype="uint64")
        self.values = numpy.array([table[k] for k in keys] or [0], dtype="uint64")
        self._ok: dict[str, dict[int, bool]] = {name: {} for name in self.masks}

    def token_bits(self, doc: Doc) -> numpy.ndarray:
        """The anchor bits of every token of ``doc`` (0 for most), plus a 0 at the end."""
        lower = doc.to_array(LOWER)
        at = numpy.minimum(numpy.searchsorted(self.keys, lower), len(self.keys) - 1)
        return numpy.append(numpy.where(self.keys[at] == lower, self.values[at], numpy.uint64(0)),
                            numpy.uint64(0))

    @staticmethod
    def present(bits: numpy.ndarray, lo: numpy.ndarray, hi: numpy.ndarray) -> list[int]:
        """The anchor bits found in each window ``lo[i]:hi[i]`` (windows are never empty)."""
        if not len(lo):
            return []
        edges = numpy.empty(2 * len(lo), dtype="int64")
        edges[0::2] = lo
        edges[1::2] = hi
        return numpy.bitwise_or.reduceat(bits, edges)[0::2].tolist()

    def keep(self, group: str, windows: Sequence[tuple[int, int]], present: Sequence[int]) -> list[tuple[int, int]]:
        """The windows whose ``present`` bits hold every required word of some pattern of ``group``."""
        masks, ok = self.masks[group], self._ok[group]
        kept = []
        for window, found in zip(windows, present, strict=True):
            good = ok.get(found)
            if good is None:
                good = ok[found] = any(found & m == m for m in masks)
            if good:
                kept.append(window)
        return kept
