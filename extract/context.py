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

from spacy.language import Language

from extract.resolve import CONTEXT_WINDOW, OffenseMention

#: Characters read back per step when looking for the last city named.
CITY_STEP = 4000


class TextBefore:
    """Offense mentions and city names in ``text[:end]`` (``end`` is a region's start).

    ``cuts`` are the places the text may be cut without changing a token (line starts and sure
    sentence starts, from LineScreen.plan), sorted; 0 is one of them."""

    def __init__(self, nlp: Language, text: str, end: int, cuts: list[int]) -> None:
        self.nlp = nlp
        self.text = text
        self.end = end
        self.cuts = cuts
        self._offenses: list[OffenseMention] | None = None
        self._city: str | None = None
        self._city_done = False

    def _cut_at_or_before(self, at: int) -> int:
        return self.cuts[max(0, bisect.bisect_right(self.cuts, at) - 1)]

    def offenses(self) -> list[OffenseMention]:
        """Mentions in the ``CONTEXT_WINDOW`` tokens before the region (more if a line is long),
        with token positions relative to the region's first token (so all negative)."""
        if self._offenses is None:
            self._offenses = self._read_offenses()
        return self._offenses

    def _read_offenses(self) -> list[OffenseMention]:
        if self.end <= 0:
            return []
        cut = self.end
        while True:  # whole lines back until the piece holds CONTEXT_WINDOW tokens or the text starts
            cut = self._cut_at_or_before(max(0, cut - CONTEXT_WINDOW * 8))
            doc = self.nlp.make_doc(self.text[cut:self.end])
            if len(doc) >= CONTEXT_WINDOW + 2 or cut == 0:
                break
        n = len(doc)
        found = self.nlp.get_pipe("offense_ruler").match(doc)
        return [OffenseMention(s - n, e - n, o, d or None, g) for s, e, o, d, g in found]

    def last_city(self) -> str | None:
        """The last US city named before the region, if any."""
        if not self._city_done:
            self._city_done = True
            ruler = self.nlp.get_pipe("place_ruler")
            stop = self.end
            while stop > 0 and self._city is None:
                cut = self._cut_at_or_before(max(0, stop - CITY_STEP))
                doc = self.nlp.make_doc(self.text[cut:stop])
                spans = ruler.match(doc)
                if spans:
                    self._city = spans[-1].text
                stop = cut
        return self._city
