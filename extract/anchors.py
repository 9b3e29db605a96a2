"""Anchor words: which trigger windows could hold a match at all, decided before the Matcher runs.

Every claim pattern has required elements that are word sets ("percent", a direction word,
"from", "since" ...). A pattern can only match in a window that holds a token of each of them.
`AnchorIndex` gives each distinct required word set one bit; per Doc it looks up the bits of
every token with numpy (one ``searchsorted`` over the lower-case hashes) and then keeps a
trigger only if, within its window, some pattern has all its required words. Most numbers in
news prose (ages, dates, addresses, money) have none, so the Matcher never scans them.

There is no budget to run out of: the bits of a token are a row of as many uint64 words as the
word sets need (``AnchorIndex.width``), so every required word set of every pattern is checked
(``tests/extract/test_rule_budgets.py`` pins that, and that 200 word sets work as well as 20).
The lowest ``reserved`` bits of the first word belong to the caller's own word classes
(`WordBits`' ``classify``: is it a number, a year ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy
from spacy.vocab import Vocab

from extract.patterns import TokenSpec

#: Bits in one word of a token's bit row.
WORD_BITS = 64
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


def _row(bits: int, width: int) -> list[int]:
    """A Python int as ``width`` uint64 words, lowest first."""
    return [(bits >> (WORD_BITS * k)) & ((1 << WORD_BITS) - 1) for k in range(width)]


class WordBits:
    """Bits per word (by the hash of its lower-case form), looked up for a whole Doc with numpy.

    ``table`` gives fixed bits to listed words; ``classify`` adds bits computed from any word
    (is it a number, a year ...), once per distinct word, cached. Cheaper than reading several
    lexeme flags with ``Doc.to_array`` (each flag column costs more than the LOWER column).
    A word's bits are a row of ``width`` uint64 words (bit ``b`` is bit ``b % 64`` of word
    ``b // 64``).
    """

    def __init__(self, vocab: Vocab, table: dict[str, int], classify: Callable[[str], int], width: int = 1) -> None:
        if width < 1:
            raise ValueError("WordBits needs a width of at least one uint64 word.")
        self.strings = vocab.strings
        self.table = table
        self.classify = classify
        self.width = width
        self._pending: dict[int, int] = {vocab.strings.add(word): self.bits_of(word) for word in table}
        self.keys = numpy.zeros(0, dtype="uint64")
        self.values = numpy.zeros((0, width), dtype="uint64")
        self._merge()

    def bits_of(self, word: str) -> int:
        return self.table.get(word, 0) | self.classify(word)

    def _merge(self) -> None:
        keys = numpy.concatenate([self.keys, numpy.fromiter(self._pending, dtype="uint64")])
        rows = numpy.array([_row(bits, self.width) for bits in self._pending.values()],
                           dtype="uint64").reshape(-1, self.width)
        values = numpy.concatenate([self.values, rows])
        order = numpy.argsort(keys, kind="stable")
        self.keys, self.values = keys[order], values[order]
        self._pending = {}

    def __call__(self, lower: numpy.ndarray) -> numpy.ndarray:
        """The bit rows of each hash in ``lower`` (``Doc.to_array(LOWER)``): shape (n, width)."""
        if not len(lower):
            return numpy.zeros((0, self.width), dtype="uint64")
        if len(self.keys):
            at = numpy.minimum(numpy.searchsorted(self.keys, lower), len(self.keys) - 1)
            hit = self.keys[at] == lower
            out = self.values[at]
        else:  # an empty table: every word is new
            hit = numpy.zeros(len(lower), dtype=bool)
            out = numpy.zeros((len(lower), self.width), dtype="uint64")
        if not hit.all():
            pending = self._pending
            missed = numpy.flatnonzero(~hit).tolist()
            for i in missed:
                key = int(lower[i])
                value = pending.get(key)
                if value is None:
                    value = pending[key] = self.bits_of(self.strings[key])
                out[i] = _row(value, self.width)
            # merge soon while the table is small, then in batches (a merge sorts the table)
            if len(pending) > MERGE_AFTER or len(missed) * 64 > len(self.keys):
                self._merge()
        return out


class AnchorIndex:
    """The required word sets of the patterns of several matchers, as bit masks over tokens.

    Each distinct required word set gets its own bit, from bit ``reserved`` up (the bits below
    are the caller's); ``table`` maps each word to its bits (for `WordBits`), ``masks`` each
    group to the bits of each of its patterns, and ``width`` is the uint64 words a bit row needs.
    """

    def __init__(self, vocab: Vocab, groups: dict[str, Iterable[Sequence[TokenSpec]]], reserved: int = 0) -> None:
        if not 0 <= reserved < WORD_BITS:
            raise ValueError(f"reserved must be between 0 and {WORD_BITS - 1} bits, not {reserved}.")
        self.reserved = reserved
        self._bits: dict[frozenset[str], int] = {}
        self.masks: dict[str, tuple[int, ...]] = {}
        for name, patterns in groups.items():
            masks = set()
            for tokens in patterns:
                mask = 0
                for words in required_words(tokens):
                    if words not in self._bits:
                        self._bits[words] = reserved + len(self._bits)
                    mask |= 1 << self._bits[words]
                masks.add(mask)
            self.masks[name] = tuple(sorted(masks))
        self.width = max(1, -(-(reserved + len(self._bits)) // WORD_BITS))
        self.table: dict[str, int] = {}
        for words, bit in self._bits.items():
            for w in words:
                self.table[w] = self.table.get(w, 0) | (1 << bit)
        self._ok: dict[str, dict[int, bool]] = {name: {} for name in self.masks}
        self._stacks: dict[tuple[str, ...], tuple[numpy.ndarray, numpy.ndarray]] = {}
        self._mask_rows = {name: numpy.array([_row(m, self.width) for m in masks], dtype="uint64").reshape(-1, self.width)
                           for name, masks in self.masks.items()}
        self._low = numpy.uint64(((1 << WORD_BITS) - 1) ^ ((1 << reserved) - 1))

    def bit_of(self, words: frozenset[str]) -> int:
        """The bit of a required word set (KeyError for a set no pattern requires)."""
        return self._bits[words]

    def __len__(self) -> int:
        """The number of distinct required word sets, each with its own bit."""
        return len(self._bits)

    def present(self, bits: numpy.ndarray, lo: numpy.ndarray, hi: numpy.ndarray) -> list[int]:
        """The anchor bits found in each window ``lo[i]:hi[i]`` (windows are never empty; ``bits``
        has one row more than the Doc has tokens, so ``hi`` may be its length)."""
        if not len(lo):
            return []
        found = self.present_rows(bits, lo, hi)
        first = found[:, 0].tolist()
        if self.width == 1:
            return first
        out = first
        for k in range(1, self.width):
            shift = WORD_BITS * k
            out = [a | (b << shift) for a, b in zip(out, found[:, k].tolist(), strict=True)]
        return out

    def verdicts(self, group: str) -> dict[int, bool]:
        """The cache of `keep`'s verdicts for ``group``: anchor bits found -> can a pattern match."""
        return self._ok[group]

    def present_rows(self, bits: numpy.ndarray, lo: numpy.ndarray, hi: numpy.ndarray) -> numpy.ndarray:
        """`present` as an array: one bit row per window, the caller's reserved bits cleared."""
        if not len(lo):
            return numpy.zeros((0, self.width), dtype="uint64")
        edges = numpy.empty(2 * len(lo), dtype="int64")
        edges[0::2] = lo
        edges[1::2] = hi
        found = numpy.bitwise_or.reduceat(bits, edges, axis=0)[0::2]
        found[:, 0] &= self._low
        return found

    def keep_rows(self, group: str, rows: numpy.ndarray) -> numpy.ndarray:
        """`keep` on `present_rows`: a boolean per window, in numpy."""
        masks = self._mask_rows[group]
        return ((rows[:, None, :] & masks[None, :, :]) == masks[None, :, :]).all(axis=2).any(axis=1)

    def keep_groups(self, groups: Sequence[str], rows: numpy.ndarray) -> numpy.ndarray:
        """`keep_rows` for several groups at once: one boolean row per group, one column per window."""
        key = tuple(groups)
        stacked = self._stacks.get(key)
        if stacked is None:
            masks = [self._mask_rows[g] for g in groups]
            stacked = self._stacks[key] = (numpy.concatenate(masks), numpy.cumsum([0] + [len(m) for m in masks[:-1]]))
        masks, offsets = stacked
        ok = ((rows[:, None, :] & masks[None, :, :]) == masks[None, :, :]).all(axis=2)
        return numpy.maximum.reduceat(ok.view(numpy.uint8), offsets, axis=1).T.astype(bool)

    def could_keep(self, group: str, present: int) -> bool:
        """Could any window of ``group`` be kept, given the anchor bits found in all windows
        together (OR-ed)? A window's bits are a subset of that union, so when no pattern of the
        group has all its words in the union, `keep` keeps nothing: skip the per-window test."""
        ok = self._ok[group]
        good = ok.get(present)
        if good is None:
            good = ok[present] = any(present & m == m for m in self.masks[group])
        return good

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
