"""Word classes as lexeme flags, so the Matcher checks set membership in C.

spaCy's ``{"LOWER": {"IN": [...]}}`` is a Python predicate evaluated for every token a pattern
could start at; over a long text that dominates the run time. A lexeme flag (``Vocab.add_flag``)
is a bit on each word type, checked natively. `FlagRegistry` gives each distinct word set one
flag; the rule compiler uses flags for the elements that run on every token (a pattern's
leading elements and its fillers) and keeps ``IN`` lists elsewhere.

The budget: spaCy has 63 flag bits and uses 17 itself, so 46 are ours, and the built-in rules
use all of them (``tests/extract/test_rule_budgets.py`` pins how many). When they run out:
- the number, year and signed-number flags are required: `FlagBudgetExceeded` at build time;
- a word set without a flag stays an ``IN`` list, which matches exactly the same tokens (the
  flag is ``text.lower() in words`` on the word type, the same test as ``LOWER IN``), only
  slower. That is safe, and reported: `FlagRegistry.fallbacks` lists the sets and the claim
  matcher logs a warning when the pipeline is built.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from spacy.lang.en.lex_attrs import like_num
from spacy.vocab import Vocab

from extract.vocab import DOZEN_WORDS, ORDINAL_WORDS

logger = logging.getLogger(__name__)

#: Flag ids spaCy allows (Vocab.add_flag: 1 to 63).
FLAG_IDS = range(1, 64)


class FlagBudgetExceeded(ValueError):
    """The vocab has no free lexeme flag for a flag the rules cannot do without."""


def is_number(text: str) -> bool:
    """Flag getter for number tokens: spaCy's like_num, minus ordinals, plus "dozen"."""
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
        #: word sets that asked for a flag when none was free (they stay IN lists: same matches)
        self.fallbacks: list[frozenset[str]] = []
        number, year, signed = self._flag(is_number), self._flag(is_year), self._flag(is_signed_number)
        if number is None or year is None or signed is None:
            raise FlagBudgetExceeded(
                "No free lexeme flags on this vocab for the number, year and signed-number flags the "
                "claim rules need. Build the pipeline on a fresh spacy.blank('en') (extract.build_pipeline "
                "does), and do not add your own flags (Vocab.add_flag) before the claim_matcher.")
        self.number, self.year, self.signed = number, year, signed

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
                if words not in self.fallbacks:
                    self.fallbacks.append(words)
                return None
            self._ids[words] = flag_id
        return self._ids[words]

    def __len__(self) -> int:
        """The word sets that have a flag."""
        return len(self._ids)

    def free(self) -> int:
        """Flag bits still free on the vocab."""
        return sum(1 for i in FLAG_IDS if i not in self.vocab.lex_attr_getters)

    def report(self) -> str | None:
        """A warning about the word sets that got no flag, or None when all did."""
        if not self.fallbacks:
            return None
        sample = ", ".join("{" + ", ".join(sorted(w)[:3]) + (", ..." if len(w) > 3 else "") + "}"
                           for w in self.fallbacks[:3])
        return (f"The lexeme flag budget is spent: {len(self.fallbacks)} word set(s) of the claim rules "
                f"got no flag ({sample}) and run as IN lists: the same matches, but slower. Reuse a word "
                "set another rule already has (the same frozenset of words), or move the element off a "
                "pattern's start and its fillers (see extract/patterns/README.md, 'Budgets').")
