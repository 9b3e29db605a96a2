"""What to try when a search finds nothing: the facet values nearest to the words typed.

"Chicgo" finds no claim; the nearest stored city is Chicago (IL), so the page offers the
search filtered by city = Chicago. Words are compared with difflib against the stored cities
and outlets and against every offense name and synonym of ``official/data/offenses.toml``
("homicdes" -> homicide, "carjackngs" -> carjacking). Only runs when a search came back empty.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from sqlite_utils import Database

from db.search import SearchQuery, known_values
from offenses.vocabulary import normalize_key, vocabulary

CUTOFF = 0.75  # difflib ratio a word must reach to be offered
MAX_SUGGESTIONS = 5
_WORD = re.compile(r"[\w'.-]+")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A filter to try instead of (or beside) the words typed."""

    field: str  # city, outlet or offense
    value: str  # the filter value (a stored city, an outlet, a claim offense)
    label: str  # how to show it: "Chicago, IL", "homicide"
    replaces: str  # the typed word(s) it stands for (taken out of the text)

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "value": self.value, "label": self.label,
                "replaces": self.replaces}


@cache
def _offense_names() -> dict[str, str]:
    """Every offense id, label and synonym (normalised) -> its claim offense."""
    names: dict[str, str] = {}
    for entry in vocabulary().values():
        if entry.claim_offense == "other":
            continue
        for name in (entry.offense_id.replace("_", " "), entry.label, *entry.synonyms):
            key = normalize_key(name)
            if key:
                names.setdefault(key, entry.claim_offense)
    return names


def _states_of(db: Database, city: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT state FROM claims WHERE city = ? AND state IS NOT NULL GROUP BY state ORDER BY count(*) DESC",
        [city])]


def _has_offense(db: Database, offense: str) -> bool:
    return db.execute("SELECT 1 FROM claims WHERE offense = ? LIMIT 1", [offense]).fetchone() is not None


def _phrases(text: str) -> list[str]:
    """The whole text, then each run of one and two words (longest first)."""
    words = _WORD.findall(text.replace('"', " "))
    runs = [" ".join(words[i:i + 2]) for i in range(len(words) - 1)] + words
    return list(dict.fromkeys([" ".join(words), *runs]))


def suggest(db: Database, q: SearchQuery) -> tuple[Suggestion, ...]:
    """Filters close to what ``q`` typed (its text, and a city or outlet filter no claim has)."""
    found: list[Suggestion] = []
    seen: set[tuple[str, str]] = set()

    def add(field: str, value: str, label: str, replaces: str) -> None:
        if (field, value) not in seen and len(found) < MAX_SUGGESTIONS:
            seen.add((field, value))
            found.append(Suggestion(field, value, label, replaces))

    cities = {c.casefold(): c for c in known_values(db, "city")}
    outlets = {o.casefold(): o for o in known_values(db, "outlet")}
    offenses = _offense_names()
    for phrase in _phrases(q.text or ""):
        folded = phrase.casefold()
        if len(folded) < 3:
            continue
        for close in difflib.get_close_matches(folded, list(cities), n=2, cutoff=CUTOFF):
            city = cities[close]
            for state in _states_of(db, city)[:2] or [""]:
                add("city", city, f"{city}, {state}" if state else city, phrase)
        for close in difflib.get_close_matches(folded, list(outlets), n=2, cutoff=CUTOFF):
            add("outlet", outlets[close], outlets[close], phrase)
        key = normalize_key(phrase)
        for close in difflib.get_close_matches(key, list(offenses), n=2, cutoff=CUTOFF):
            offense = offenses[close]
            # a word that already names the offense was searched with its synonyms; and an
            # offense no claim has would find nothing either
            if close != key and offense != q.offense and _has_offense(db, offense):
                add("offense", offense, offense.replace("_", " "), phrase)
    return tuple(found)


def without(text: str | None, phrase: str) -> str | None:
    """``text`` with ``phrase`` taken out (case-insensitive), or None when nothing is left."""
    if not text:
        return None
    rest = re.sub(re.escape(phrase), " ", text, count=1, flags=re.IGNORECASE)
    rest = " ".join(rest.replace('""', " ").split())
    return rest or None
