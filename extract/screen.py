"""Which lines of a text could hold a claim, decided on the raw text before spaCy sees it.

Every claim pattern needs a trigger (a number, or a fraction, multiplier or "flat" word) and
the words its required elements list (extract/anchors.py). The claim matcher checks that per
trigger window; this module checks the same thing per *line* of raw text, with C-speed string
operations, so lines that cannot hold a claim are never tokenized at all. Most of a news
article is such lines (measured: about 80% of the tokens of our seed articles).

The check is deliberately loose, so that it can only keep more than the claim matcher would:
- a line is a superset of any window, because sentences never cross a line break (the
  ``sentence_splitter`` starts a sentence after every newline) and windows never cross a
  sentence;
- the line's word forms are a superset of its spaCy tokens' lower-case forms (alphanumeric runs,
  plus a substring test for every anchor word that holds punctuation: "1,000", "pct.", "%");
- any alphanumeric character that is not an ASCII letter counts as a possible number.
``tests/extract/test_screen.py`` checks the superset property token by token, and that
extraction gives the same claims with and without the screen.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from spacy.lang.en.lex_attrs import _num_words, _ordinal_words

from extract.vocab import DOZEN_WORDS, ORDINAL_WORDS

_WORD = re.compile(r"[^\W_]+")
#: A digit in any script, a superscript, or any other non-ASCII letter: a possible number.
_NUMBERISH = re.compile(r"[^\W_a-zA-Z]+")
#: Bytes of lower-cased UTF-8 text: ASCII letters, digits and newlines stay, everything else
#: (punctuation, and every byte of a non-ASCII character) becomes a space, so ``split()`` gives
#: the ASCII alphanumeric runs, which is what an ASCII anchor or trigger word can be.
_KEEP = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789\n")
_TO_SPACE = bytes(b if b in _KEEP else 0x20 for b in range(256))


class LineScreen:
    """Keeps the lines that hold a trigger and every required word of some claim pattern.

    ``table`` maps anchor words to their bits and ``masks`` lists, per pattern, the bits it
    requires (both from extract/anchors.py's AnchorIndex); ``trigger_words`` are the words
    that trigger a window besides numbers.
    """

    def __init__(self, table: dict[str, int], masks: Iterable[int], trigger_words: Iterable[str]) -> None:
        self.words = {w.encode(): b for w, b in table.items() if w.isascii() and w.isalnum()}
        self.punctuated = tuple((w, b) for w, b in table.items() if not (w.isascii() and w.isalnum()))
        self.masks = tuple(sorted(set(masks)))
        # the words spaCy's like_num accepts, as extract/flags.py's is_number filters them
        triggers = (frozenset(w.lower() for w in trigger_words) | frozenset(_num_words) | frozenset(DOZEN_WORDS)
                    | (frozenset(_ordinal_words) - ORDINAL_WORDS))
        self.triggers = frozenset(w.encode() for w in triggers if w.isascii() and w.isalnum())
        # a trigger word holding anything else ("two-thirds") is looked for by its parts
        self.triggers |= frozenset(part.encode() for w in triggers if not (w.isascii() and w.isalnum())
                                   for part in _WORD.findall(w) if part.isascii())
        self._ok: dict[int, bool] = {}

    def kept_lines(self, text: str) -> list[bool]:
        """For each line of ``text`` (``text.split("\n")``): could it hold a claim?"""
        low = text.lower()
        lines = low.encode("utf-8", "surrogatepass").translate(_TO_SPACE).split(b"\n")
        starts = [0]
        for line in text.split("\n")[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        numbered = set()
        if _NUMBERISH.search(text) is not None:
            numbered = {bisect.bisect_right(starts, m.start()) - 1 for m in _NUMBERISH.finditer(text)}
        low_lines = low.split("\n")
        out = []
        for index, line in enumerate(lines):
            words = line.split()
            if not words or (index not in numbered and self.triggers.isdisjoint(words)):
                out.append(False)
                continue
            out.append(self._anchored(words, low_lines[index]))
        return out

    def _anchored(self, words: list[bytes], low: str) -> bool:
        bits = 0
        table = self.words
        for word in table.keys() & set(words):
            bits |= table[word]
        for word, bit in self.punctuated:
            if not bits & bit and word in low:
                bits |= bit
        ok = self._ok.get(bits)
        if ok is None:
            ok = self._ok[bits] = any(bits & m == m for m in self.masks)
        return ok

    def keeps(self, line: str) -> bool:
        """Could this one line hold a claim?"""
        return self.kept_lines(line.replace("\n", " "))[0]

    def regions(self, text: str, *, join_gap: int = 2) -> list[tuple[int, int]]:
        """Character ranges of ``text`` to extract from: runs of kept lines, line-aligned.

        Kept lines with at most ``join_gap`` other lines between them share one range (fewer,
        larger Docs cost less than many small ones). Each range starts at a line start and ends
        at a line end (before its newline), so cutting there changes no token and no sentence.
        """
        out: list[tuple[int, int]] = []
        start = 0
        last_kept = -10**9
        for index, (line, kept) in enumerate(zip(text.split("\n"), self.kept_lines(text), strict=True)):
            end = start + len(line)
            if kept:
                if out and index - last_kept <= join_gap + 1:
                    out[-1] = (out[-1][0], end)
                else:
                    out.append((start, end))
                last_kept = index
            start = end + 1
        return out
