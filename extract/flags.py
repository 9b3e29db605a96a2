"""Word classes as lexeme flags, so the Matcher checks set membership in C.

spaCy's ``{"LOWER": {"IN": [...]}}`` is a Python predicate evaluated for every token a pattern
could start at; over a long text that dominates the run time. A lexeme flag (``Vocab.add_flag``)
is a bit on each word type, checked natively. `FlagRegistry` gives each distinct word set one
flag (there are about 40 free bits); the rule compiler uses flags for the elements that run on
every token (a pattern's leading elements and its fillers) and keeps ``IN`` lists elsewhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from spacy.vocab import Vocab

logger = logging.getLogger(__name__)


def is_number(text: str) -> bool:
    """Flag getter for number tokens: spaCy's like_num, minus ordinals, plus "dozen"."""
    from spacy.lang.en.lex_attrs import like_num

    from extract.vocab import DOZEN_WORDS, ORDINAL_WORDS

    low = text.lower()
    return (like_num(text) and low not in ORDINAL_WORDS) or low in DOZEN_WORDS


def is_signed_number(text: str) -> bool:
    """Flag getter for "+4", "-27.3": a number written with its sign."""
    return len(text) > 1 and text[0] in "+-−" and is_number(text[1:]) and text[1:2].isdigit()


def is_year(text: str) -> bool:
    """Flag getter for a year as written: four digits from 1900 to 2099."""
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")


def is_decade(text: str) -> bool:
    """A decade as written: "1960s", "2000s"."""
    return len(text) == 5 and text.endswith("s") and is_year(text[:4]) and text[3] == "0"


def lower_in(words: frozenset[str], text: str) -> bool:
    """Flag getter: is the word, lower-cased, in ``words``? (module level, so it pickles)."""
    return text.lower() in words


class FlagRegistry:
    """One flag id per distinct word set, registered on a vocab on first use.

    Flags already on the vocab (a second matcher on the same pipeline) are reused, so the bits
    do not run out. The number, year and signed-number flags come first; they are required.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._ids: dict[frozenset[str], int] = {}
        self.number = self._flag(is_number)
        self.year = self._flag(is_year)
        self.signed = self._flag(is_signed_number)
        if None in (self.number, self.year, self.signed):
            raise ValueError("No free lexeme flags on this vocab for the number flags; build the "
                             "pipeline on a fresh spacy.blank('en') (extract.build_pipeline does).")

    def _flag(self, getter: Callable[[str], bool]) -> int | None:
        for flag_id, existing in self.vocab.lex_attr_getters.items():
            if existing == getter or (isinstance(existing, partial) and isinstance(getter, partial)
                                      and existing.func is getter.func and existing.args == getter.args):
                return flag_id
        try:
            return self.vocab.add_flag(getter)
        except ValueError:
            return None

    def flag_for(self, words: frozenset[str]) -> int | None:
        """The flag id of ``words``, or None when the vocab has no free flag bits left."""
        if words not in self._ids:
            flag_id = self._flag(partial(lower_in, words))
            if flag_id is None:
                logger.debug("no free lexeme flag for a %d-word set; using an IN list", len(words))
                return None
            self._ids[words] = flag_id
        return self._ids[words]

    def __len__(self) -> int:
        return len(self._ids)
