"""Which lines of a text could hold a claim, decided on the raw text before spaCy sees it.

Every claim pattern needs a trigger (a number, or a fraction, multiplier or "flat" word) and
the words its required elements list (extract/anchors.py). The claim matcher checks that per
trigger window; this module checks the same thing per *segment* of raw text (a line, or a
sentence of a long line) with C-speed string operations, so segments that cannot hold a claim
are never tokenized at all. Most of a news article is such text (measured: about 80% of the
characters of our seed articles).

A claim needs an offense, and every offense comes from offense wording in the document or its
headline (extract/offense_terms.py: a phrase, or an event's subject and verb words). A text
whose words hold no such wording cannot yield a claim, so `OffenseScreen` lets extraction skip
it whole: most pages of a general crawl (sports, business, tech) are such pages.

The check is deliberately loose, so that it can only keep more than the claim matcher would:
- a segment holds any window that starts in it, because windows never cross a sentence and
  segments are only cut where a sentence surely ends (the ``sentence_splitter`` starts a
  sentence after every newline, and after a full stop that spaCy splits off);
- the line's word forms are a superset of its spaCy tokens' lower-case forms (alphanumeric runs,
  plus a substring test for every anchor word that holds punctuation: "1,000", "pct.", "%");
- any alphanumeric character that is not an ASCII letter counts as a possible number.
``tests/extract/test_screen.py`` checks the superset property token by token, and that
extraction gives the same claims with and without the screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.lang.en.lex_attrs import _num_words, _ordinal_words

from extract.vocab import DOZEN_WORDS, ORDINAL_WORDS

_WORD = re.compile(r"[^\W_]+")
#: A digit in any script, a superscript, or any other non-ASCII letter: a possible number.
_NUMBERISH = re.compile(r"[^\W_a-zA-Z]+")
#: A sure sentence end inside a line: lower-case word, full stop, one space, capital letter.
_SENTENCE_END = re.compile(r"\b([a-z]{2,})\. (?=[A-Z])")
#: Lines longer than this (characters) are cut at sure sentence ends; shorter ones are kept whole.
LONG_LINE = 600
#: Shortest segment made by such a cut.
MIN_SEGMENT = 40
#: Kept segments closer than this (characters) are extracted as one region.
JOIN_CHARS = 400
#: Bytes of lower-cased UTF-8 text: ASCII letters, digits and newlines stay, everything else
#: (punctuation, and every byte of a non-ASCII character) becomes a space, so ``split()`` gives
#: the ASCII alphanumeric runs, which is what an ASCII anchor or trigger word can be.
_KEEP = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789\n")
_TO_SPACE = bytes(b if b in _KEEP else 0x20 for b in range(256))


def _runs(text: str) -> list[bytes]:
    """The lower-cased ASCII alphanumeric runs of ``text``: a superset of the lower-case forms of
    its alphanumeric spaCy tokens, and each token's own runs are among them."""
    return text.lower().encode("utf-8", "surrogatepass").translate(_TO_SPACE).split()


class OffenseScreen:
    """Could a text name an offense? Its words must hold every word of some offense phrase, or
    a subject word and a verb word of some event phrase (`OffenseRuler`'s two matchers)."""

    def __init__(self, phrases: Iterable[str], event_subjects: Iterable[str], event_verbs: Iterable[str]) -> None:
        groups = {frozenset(_runs(p)) for p in phrases}
        if frozenset() in groups:  # a phrase of punctuation alone: no word test can rule it out
            raise ValueError("an offense phrase with no letter or digit cannot be screened")
        #: each phrase's words, indexed by one of them (its rarest would do; any is sound)
        self._by_word: dict[bytes, list[frozenset[bytes]]] = {}
        for group in groups:
            self._by_word.setdefault(min(group), []).append(group)
        self._subjects = frozenset(r for w in event_subjects for r in _runs(w))
        self._verbs = frozenset(r for w in event_verbs for r in _runs(w))

    def could_name_offense(self, text: str) -> bool:
        words = set(_runs(text))
        for word in self._by_word.keys() & words:
            if any(group <= words for group in self._by_word[word]):
                return True
        return not self._subjects.isdisjoint(words) and not self._verbs.isdisjoint(words)


class LineScreen:
    """Keeps the lines that hold a trigger and every required word of some claim pattern.

    ``table`` maps anchor words to their bits and ``masks`` lists, per pattern, the bits it
    requires (both from extract/anchors.py's AnchorIndex); ``trigger_words`` are the words
    that trigger a window besides numbers.
    """

    def __init__(self, table: dict[str, int], masks: Iterable[int], trigger_words: Iterable[str],
                 exceptions: Iterable[str] = ()) -> None:
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
        #: tokenizer special cases: a full stop in one of them is not split off ("vs.", "co.")
        self.exceptions = frozenset(exceptions)
        self._ok: dict[int, bool] = {}

    def segments(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each line of ``text``, with lines longer than ``LONG_LINE`` cut
        further at sentence ends that are sure: a lower-case word (not a tokenizer exception such
        as "vs."), a full stop, one space, a capital. spaCy splits such a full stop off as its own
        token and the sentence splitter starts a sentence at the capital, so a cut there changes
        no token and no sentence."""
        out: list[tuple[int, int]] = []
        line_start = 0
        for line in text.split("\n"):
            end = line_start + len(line)
            # a segment starts at the line's first non-blank: the blanks before it belong to the
            # newline's whitespace token, which the text before the segment keeps
            start = line_start + len(line) - len(line.lstrip())
            line_start = end + 1
            if end - start > LONG_LINE:
                at = start
                for m in _SENTENCE_END.finditer(text, start, end):
                    if m.group(1) + "." in self.exceptions or m.end() - at < MIN_SEGMENT:
                        continue
                    out.append((at, m.end() - 1))
                    at = m.end()
                out.append((at, end))
            else:
                out.append((start, end))
        return out

    def kept(self, text: str, segments: list[tuple[int, int]]) -> list[bool]:
        """For each segment of ``text``: could it hold a claim?"""
        out = []
        for start, end in segments:
            piece = text[start:end]
            low = piece.lower()
            words = low.encode("utf-8", "surrogatepass").translate(_TO_SPACE).split()
            if not words or (_NUMBERISH.search(piece) is None and self.triggers.isdisjoint(words)):
                out.append(False)
            else:
                out.append(self._anchored(words, low))
        return out

    def kept_lines(self, text: str) -> list[bool]:
        """For each line of ``text`` (``text.split("\n")``): could it hold a claim?"""
        lines, start = [], 0
        for line in text.split("\n"):
            lines.append((start, start + len(line)))
            start += len(line) + 1
        return self.kept(text, lines)

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

    def plan(self, text: str, *, join_chars: int = JOIN_CHARS) -> tuple[list[tuple[int, int]], list[int]]:
        """The character ranges of ``text`` to extract from, and every safe cut point.

        Ranges are runs of kept segments; kept segments less than ``join_chars`` apart share one
        range, because each Doc has a fixed cost (the claim matcher's per-rule work), so many
        small ones near each other cost more than one that includes the text between. Measured
        (CPU, best of 5): on news articles 400 saves the most (0.52 s against 1.12 s without the
        screen; 800: 0.60 s, 1,000: 0.67 s); on claim-dense text with a claim every 6 or 12 lines
        all three are within the noise of no screen. Cut points are the segment starts: text
        before a range is read from one of them (extract/context.py).
        """
        segments = self.segments(text)
        regions: list[tuple[int, int]] = []
        for (start, end), kept in zip(segments, self.kept(text, segments), strict=True):
            if kept:
                if regions and start - regions[-1][1] <= join_chars:
                    regions[-1] = (regions[-1][0], end)
                else:
                    regions.append((start, end))
        cuts = [start for start, _end in segments]
        return regions, cuts if cuts and cuts[0] == 0 else [0, *cuts]
