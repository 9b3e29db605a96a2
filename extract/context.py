"""What a screened region's claims may need from the text before the region.

When extraction skips the lines that cannot hold a claim (extract/screen.py), each region is a
Doc of its own, but two look-ups in claim assembly reach back before the claim's sentence:
- an offense named in an earlier sentence, within ``CONTEXT_WINDOW`` tokens ("Shootings were
  the focus. They fell 12% ..."), and
- the last city the text named, when the document has no city or state of its own.
`TextBefore` answers both from the skipped text, lazily: only when a claim asks, only as far
back as the look-up reaches, and each stretch of text at most once per document.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

from spacy.language import Language

from extract.gazetteer import place_names
from extract.resolve import CONTEXT_WINDOW, OffenseMention

#: Bytes of UTF-8 text: ASCII letters and digits stay, everything else becomes a space.
_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_TO_SPACE = bytes(b if b in _ALNUM else 0x20 for b in range(256))


def ascii_runs(text: str) -> list[bytes]:
    """The runs of ASCII letters and digits in ``text`` (case kept)."""
    return text.encode("utf-8", "surrogatepass").translate(_TO_SPACE).split()


@lru_cache(maxsize=1)
def city_first_words() -> frozenset[bytes]:
    """The first ASCII run of every name the place ruler looks for: a stretch of text holding
    none of them names no city, so it need not be tokenized to look."""
    return frozenset(runs[0] for runs in map(ascii_runs, place_names()) if runs)


#: Characters read back per step when looking for the last city named.
CITY_STEP = 4000


class DocumentText:
    """One document's text with its safe cut points, and what has been read of it so far.

    ``cuts`` are the places the text may be cut without changing a token (line starts and sure
    sentence starts, from LineScreen.plan), sorted, 0 among them. City mentions found while
    reading back are kept, so each stretch of text is tokenized at most once for them however
    many regions ask.
    """

    def __init__(self, nlp: Language, text: str, cuts: list[int]) -> None:
        self.nlp = nlp
        self.text = text
        self.cuts = cuts
        self._read: list[tuple[int, int]] = []  # (start, end) stretches read for cities, sorted
        self._cities: list[tuple[int, str]] = []  # (character position, name), sorted

    def before(self, end: int) -> TextBefore:
        """What the text holds before ``end`` (a region's start)."""
        return TextBefore(self, end)

    def cut_at_or_before(self, at: int) -> int:
        """The last safe cut at or before ``at`` (0, the text's start, is always one)."""
        k = bisect.bisect_right(self.cuts, at) - 1
        return self.cuts[k] if k >= 0 else 0

    def last_city_before(self, end: int) -> str | None:
        stop = end
        while stop > 0:
            k = bisect.bisect_left(self._read, (stop, -1)) - 1  # a stretch read before, ending at stop?
            if k >= 0 and self._read[k][0] < stop <= self._read[k][1]:
                start = self._read[k][0]
            else:
                floor = self._read[k][1] if k >= 0 and self._read[k][1] < stop else 0
                start = max(self.cut_at_or_before(max(0, stop - CITY_STEP)), floor)
                self._scan_cities(start, stop)
            j = bisect.bisect_left(self._cities, (stop, "")) - 1
            if j >= 0 and self._cities[j][0] >= start:
                return self._cities[j][1]
            stop = start
        return None

    def _scan_cities(self, start: int, stop: int) -> None:
        piece = self.text[start:stop]
        if not city_first_words().isdisjoint(ascii_runs(piece)):  # else no city name can start here
            for span in self.nlp.get_pipe("place_ruler").match(self.nlp.make_doc(piece)):
                bisect.insort(self._cities, (start + span.start_char, span.text))
        bisect.insort(self._read, (start, stop))


class TextBefore:
    """Offense mentions and the last city named in a document's text before ``end``."""

    def __init__(self, document: DocumentText, end: int) -> None:
        self.document = document
        self.end = end
        self._offenses: list[OffenseMention] | None = None

    def offenses(self) -> list[OffenseMention]:
        """Mentions in the ``CONTEXT_WINDOW`` tokens before the region (more if a line is long),
        with token positions relative to the region's first token (so all negative)."""
        if self._offenses is None:
            self._offenses = self._read_offenses()
        return self._offenses

    def _read_offenses(self) -> list[OffenseMention]:
        if self.end <= 0:
            return []
        nlp, text, cut = self.document.nlp, self.document.text, self.end
        while True:  # back from cut to cut until the piece holds CONTEXT_WINDOW tokens or the text starts
            cut = self.document.cut_at_or_before(max(0, cut - CONTEXT_WINDOW * 8))
            doc = nlp.make_doc(text[cut:self.end])
            if len(doc) >= CONTEXT_WINDOW + 2 or cut == 0:
                break
        n = len(doc)
        found = nlp.get_pipe("offense_ruler").match(doc)
        return [OffenseMention(s - n, e - n, o, d or None, g) for s, e, o, d, g in found]

    def last_city(self) -> str | None:
        """The last US city named before the region, if any."""
        return self.document.last_city_before(self.end)
