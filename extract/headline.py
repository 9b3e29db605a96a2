"""The headline of a text, as the last source of a claim's offense.

A sentence that names no offense ("That would be down 8.6% from last year") takes the one named
before it in the paragraph (extract/resolve.py). When nothing before it names one, the article's
headline usually does: "Car thefts climb for a second year". A headline that names exactly one
offense lends it; one that names several ("Shootings fall, robberies rise") lends none. When a
text comes with no headline, the words of its URL's slug stand in for one
(".../us-car-thefts-have-first-increase-since-2003" reads "us car thefts have first increase
since 2003"), as many sites build their slugs from their headlines.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from spacy.language import Language

from extract.resolve import OffenseMention

#: Far before any token of a text: the headline is not part of it.
_HEADLINE_POSITION = -(10**9)
_SLUG_WORD = re.compile(r"[a-z]+|\d+", re.IGNORECASE)


def headline_from_url(url: str | None) -> str | None:
    """The words of the URL path segment that reads most like a headline (the one with the most
    hyphens or underscores, at least three words), or None."""
    if not url:
        return None
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    best = max(segments, key=lambda s: s.count("-") + s.count("_"), default="")
    best = re.sub(r"\.[a-z0-9]{2,5}$", "", best, flags=re.IGNORECASE)
    words = _SLUG_WORD.findall(best)
    return " ".join(words) if len(words) >= 3 else None


def headline_offense(nlp: Language, headline: str | None) -> OffenseMention | None:
    """The one offense ``headline`` names (generic words such as "crime" aside), or None."""
    if not headline or not nlp.has_pipe("offense_ruler"):
        return None
    found = nlp.get_pipe("offense_ruler").match(nlp.make_doc(headline))
    named = [(offense, detail or None) for _s, _e, offense, detail, generic in found if not generic]
    if len({offense for offense, _detail in named}) != 1:
        return None
    offense, detail = named[0]
    return OffenseMention(_HEADLINE_POSITION, _HEADLINE_POSITION + 1, offense, detail)
