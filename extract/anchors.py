"""Anchor words: which trigger windows could hold a match at all, decided before the Matcher runs.

Every claim pattern has required elements that are word sets ("percent", a direction word,
"from", "since" ...). A pattern can only match in a window that holds a token of each of them.
`AnchorIndex` gives each distinct required word set one bit; per Doc it looks up the bits of
every token with numpy (one ``searchsorted`` over the lower-case hashes) and then keeps a
trigger only if, within its window, some pattern has all its required words. Most numbers in
news prose (ages, dates, addresses, money) have none, so the Matcher never scans them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy
from spacy.vocab import Vocab

from extract.patterns import TokenSpec

#: Most distinct word sets tracked; beyond that a pattern's extra sets are not checked (safe).
#: The bits above them are free for the caller's own word classes (`WordBits`' ``classify``).
MAX_BITS = 56
#: Words looked up in Python (new to the table) before they are merged into its arrays.
MERGE_AFTER = 4096


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


class WordBits:
    """Bits per word (by the hash of its lower-case form), looked up for a whole Doc with numpy.

    ``table`` gives fixed bits to listed words; ``classify`` adds bits computed from any word
    (is it a number, a year ...), once per distinct word, cached. Cheaper than reading several
    lexeme flags with ``Doc.to_array`` (each flag column costs more than the LOWER column).
    """

    def __init__(self, vocab: Vocab, table: dict[str, int], classify: Callable[[str], int]) -> None:
        self.strings = vocab.strings
        self.table = table
        self.classify = classify
        self._pending: dict[int, int] = {vocab.strings.add(word): self.bits_of(word) for word in table}
        self.keys = numpy.zeros(0, dtype="uint64")
        self.values = numpy.zeros(0, dtype="uint64")
        self._merge()

    def bits_of(self, word: str) -> int:
        return self.table.get(word, 0) | self.classify(word)

    def _merge(self) -> None:
        keys = numpy.concatenate([self.keys, numpy.fromiter(self._pending, dtype="uint64")])
        values = numpy.concatenate([self.values, numpy.fromiter(self._pending.values(), dtype="uint64")])
        order = numpy.argsort(keys, kind="stable")
        self.keys, self.values = keys[order], values[order]
        self._pending = {}

    def __call__(self, lower: numpy.ndarray) -> numpy.ndarray:
        """The bits of each hash in ``lower`` (``Doc.to_array(LOWER)``)."""
        if not len(self.keys) or not len(lower):
            return numpy.zeros(len(lower), dtype="uint64")
        at = numpy.minimum(numpy.searchsorted(self.keys, lower), len(self.keys) - 1)
        hit = self.keys[at] == lower
        out = numpy.where(hit, self.values[at], numpy.uint64(0))
        if not hit.all():
            pending = self._pending
            missed = numpy.flatnonzero(~hit).tolist()
            for i in missed:
                key = int(lower[i])
                value = pending.get(key)
                if value is None:
                    value = pending[key] = self.bits_of(self.strings[key])
                out[i] = value
            # merge soon while the table is small, then in batches (a merge sorts the table)
            if len(pending) > MERGE_AFTER or len(missed) * 64 > len(self.keys):
                self._merge()
        return out


class AnchorIndex:
    """The required word sets of the patterns of several matchers, as bit masks over tokens.

    ``table`` maps each word to its bits (for `WordBits`); bits at and above MAX_BITS are ignored.
    """

    LOW = numpy.uint64((1 << MAX_BITS) - 1)

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
        self.table: dict[str, int] = {}
        for words, bit in self._bits.items():
            for w in words:
                self.table[w] = self.table.get(w, 0) | (1 << bit)
        self._ok: dict[str, dict[int, bool]] = {name: {} for name in self.masks}

    @staticmethod
    def present(bits: numpy.ndarray, lo: numpy.ndarray, hi: numpy.ndarray) -> list[int]:
        """The anchor bits found in each window ``lo[i]:hi[i]`` (windows are never empty; ``bits``
        has one element more than the Doc has tokens, so ``hi`` may be its length)."""
        if not len(lo):
            return []
        edges = numpy.empty(2 * len(lo), dtype="int64")
        edges[0::2] = lo
        edges[1::2] = hi
        return (numpy.bitwise_or.reduceat(bits, edges)[0::2] & AnchorIndex.LOW).tolist()

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
