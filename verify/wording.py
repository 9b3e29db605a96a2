"""Words in a claim that change how exact it is meant to be (rules as data).

The extractor puts hedges in ``Claim.qualifiers``; the same words are also looked for in the
quote, so a claim is read the same way whether or not the extractor caught the hedge.
"""

from __future__ import annotations

import re
from functools import cache

from offenses.vocabulary import vocabulary

# qualifier (as the extractor or the quote says it) -> the tolerance rule it selects
QUALIFIER_RULES: dict[str, str] = {
    "about": "about", "approximately": "about", "roughly": "about", "around": "about",
    "some": "about", "an_estimated": "about", "estimated": "about",
    "nearly": "nearly", "almost": "nearly", "close_to": "nearly", "just_under": "nearly",
    "more_than": "more_than", "over": "more_than", "above": "more_than", "exceeding": "more_than",
    "upward_of": "more_than", "upwards_of": "more_than",
    "at_least": "at_least",
    "less_than": "less_than", "under": "less_than", "below": "less_than", "fewer_than": "less_than",
    "at_most": "at_most", "no_more_than": "at_most",
}

# the same hedges as they appear in running text, only right before a number ("over 30",
# "nearly a third", "more than doubled"), never "over the summer" or "under the new chief"
_NUMBER_AHEAD = (r"(?=\s+(?:a\s+|an\s+)?(?:\d|half|third|quarter|fifth|tenth|one|two|three|four|five|six|"
                 r"seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
                 r"twice|doubl|tripl|quadrupl))")
QUOTE_HEDGES: tuple[tuple[str, str], ...] = tuple((rf"(?:{words}){_NUMBER_AHEAD}", rule) for words, rule in (
    (r"\bmore than|\bover|\bupwards? of|\bin excess of|\bjust over|\babove", "more_than"),
    (r"\bat least", "at_least"),
    (r"\bless than|\bfewer than|\bunder|\bjust under", "less_than"),
    (r"\bat most|\bno more than", "at_most"),
    (r"\bnearly|\balmost|\bclose to", "nearly"),
    (r"\babout|\bapproximately|\broughly|\baround|\bsome|\ban estimated", "about"),
))
EXACT = {"exactly", "exact", "precisely"}

# fractions and multiples said in words: they are rounder than any printed percent
FRACTION_WORDS = re.compile(
    r"\b(half|halved|halving|third|thirds|quarter|quarters|fifth|fifths|tenth)\b", re.I)
MULTIPLE_WORDS = re.compile(r"\b(doubled|doubling|tripled|tripling|quadrupled|twice|three times)\b", re.I)
FLAT_WORDS = re.compile(r"\b(flat|unchanged|steady|stable|level|no change)\b", re.I)
POINTS_WORDS = re.compile(r"\bpercentage[- ]points?\b|\bpoints?\b", re.I)
RATE_WORDS = re.compile(r"\brates?\b", re.I)

# who was counted: victims (people) or incidents (events); None when the words do not say
VICTIM_WORDS = re.compile(
    r"\b(victims?|people|persons|residents|men|women|children|teens?|youths?)\b.{0,40}?"
    r"\b(shot|killed|wounded|struck|slain|murdered)\b|\b(shooting|gunshot) victims\b|\bpeople shot\b",
    re.I)
INCIDENT_WORDS = re.compile(r"\b(incidents?|shootings|calls)\b", re.I)


def hedge_rule(qualifiers: tuple[str, ...], quote: str) -> str | None:
    """The tolerance rule a hedge selects: about, nearly, more_than, ... or None (exact)."""
    for q in qualifiers:
        key = q.strip().lower().replace(" ", "_").replace("-", "_")
        if key in EXACT:
            return None
        rule = QUALIFIER_RULES.get(key)
        if rule:
            return rule
    text = quote.lower()
    for pattern, rule in QUOTE_HEDGES:
        if re.search(pattern, text):
            return rule
    return None


def claim_counting_unit(offense_detail: str | None, quote: str, sentence: str) -> str | None:
    """'victims' or 'incidents' when the claim's words say who was counted, else None."""
    if offense_detail and ("victim" in offense_detail or offense_detail in {"nonfatal_shootings",
                                                                             "people_shot"}):
        return "victims"
    if offense_detail and offense_detail.endswith("_incidents"):
        return "incidents"
    for text in (quote, sentence):
        if VICTIM_WORDS.search(text):
            return "victims"
    if INCIDENT_WORDS.search(quote):
        return "incidents"
    return None


@cache
def always_review_phrases() -> dict[str, str]:
    """Phrase -> why it needs a person: the vocabulary's umbrella entries, flagged both
    needs_review and no_ucr_equivalent in offenses/data/offenses.toml ('gun violence'). Offenses
    whose definition merely varies ('overall crime') are checked against their series, which the
    explanation names."""
    found: dict[str, str] = {}
    for entry in vocabulary().values():
        if "needs_review" in entry.flags and "no_ucr_equivalent" in entry.flags:
            why = (entry.note or entry.label).rstrip(".")
            for phrase in (*entry.synonyms, *entry.ambiguous):
                found[phrase.lower()] = why
    return found


def review_phrase(quote: str) -> tuple[str, str] | None:
    """(phrase, why) when the quote names its offense with an always-ambiguous umbrella term."""
    text = quote.lower()
    for phrase, why in sorted(always_review_phrases().items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", text):
            return phrase, why
    return None
