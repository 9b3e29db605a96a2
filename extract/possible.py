"""A safety net for claims no rule parses: sentences that look like a crime statistic.

Some sentences clearly state one ("As of Sunday, 82 people have been murdered, up 11 ..."), but
no rule of extract/patterns reads their shape. `find_possible_claims` returns those sentences as
`PossibleClaim` records, so a fact-checker can promote one to a claim by hand or dismiss it.

A sentence is a possible claim when, and only when:

- no claim the rules found starts in it;
- it holds a number that is a statistic: not a year, date, time, age, money, phone number,
  address or label (extract/filters.py), not a count of officers, arrests, calls, guns and the
  like (``NON_CRIME_UNITS``), not a share ("16 percent of all deaths"), a population or the
  denominator of a rate ("per 100,000");
- it names an offense (extract/offense_terms.py, or a few more crime words);
- it has a statistic cue: a change, a comparison, a percent, a rate, a record, a total, or a
  period ("so far this year", "in 2023", "through June");
- it is not about police work, clearance, calls for service, a poll, staffing or a budget
  (``SENTENCE_VETOES``).

The detector uses the extraction pipeline's tokenizer, sentence splitter and offense ruler, on
the lines that could pass (a digit or number word and a crime word), so it costs little on news
text. It never changes what the rules find.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.filters import looks_like_year, number_refusal
from extract.flags import is_number
from extract.numbers import parse_number
from extract.offense_terms import OFFENSE_TERMS
from extract.pipeline import build_pipeline
from extract.possible_words import (
    AGE_LEADS,
    CHANGE_CUES,
    COMPARISON_CUES,
    EXTRA_OFFENSE_WORDS,
    FORMULA_LEADS,
    NUMBER_ADJECTIVES,
    OTHER_UNITS,
    PERCENT_CUES,
    PERIOD_PATTERN,
    POPULATION_LEADS,
    QUALIFIER_PAIRS,
    RATE_CUES,
    RECORD_CUES,
    SENTENCE_VETOES,
    SHARE_LEAD_WORDS,
    SHARE_WORDS,
    TOTAL_CUES,
)
from extract.vocab import (
    CHANGE_FOLLOWERS,
    DOZEN_WORDS,
    MULTIPLIER_WORDS,
    MULTIPLIERS,
    NON_CRIME_UNITS,
    RECORD_SPAN_WORDS,
    SCALE_WORDS,
    TENS_WORDS,
    UNITS_WORDS,
)
from records.claim import Claim
from records.possible import FoundNumber, PossibleClaim
from settings import Settings

logger = logging.getLogger(__name__)

#: The detector's versioned id, stored with every possible claim.
DETECTOR_VERSION = "possible.v1"
#: Statistic cue families, in the order a reason lists them.
CUE_FAMILIES: tuple[tuple[str, frozenset[str]], ...] = (
    ("change", CHANGE_CUES), ("comparison", COMPARISON_CUES), ("percent", PERCENT_CUES),
    ("rate", RATE_CUES), ("record", RECORD_CUES), ("total", TOTAL_CUES),
)
_STOP = frozenset("a an the of in by to from and with for were was been have has people persons".split())
#: Words of the offense phrases (and the extra crime words): a line without one is skipped.
_CRIME_WORDS: frozenset[str] = frozenset(
    w for phrase in OFFENSE_TERMS for w in re.findall(r"[a-z]+", phrase) if w not in _STOP) | frozenset(EXTRA_OFFENSE_WORDS)
_NUMBER_WORDS: frozenset[str] = (frozenset(UNITS_WORDS) | frozenset(TENS_WORDS) | frozenset(SCALE_WORDS)
                                 | frozenset(DOZEN_WORDS) | frozenset(MULTIPLIERS) | frozenset(MULTIPLIER_WORDS))
_LINE_WORD = re.compile(r"[a-z]+")
_DECADE = re.compile(r"^(?:19|20)\d0s$")
#: A multiplier's value as a percent change ("doubled" -> 100).
_MULTIPLIER_VALUES: dict[str, float] = {**{w: v for w, (v, _d) in MULTIPLIERS.items()}, **MULTIPLIER_WORDS}


@dataclass(frozen=True, slots=True)
class _Verdict:
    """What the detector made of one sentence: a possible claim, or why not (for debugging)."""

    claim: PossibleClaim | None
    why_not: str | None = None


def _may_hold(line: str) -> bool:
    """Could this line hold a possible claim? A digit or number word, and a crime word."""
    low = line.lower()
    words = set(_LINE_WORD.findall(low))
    if not any(ch.isdigit() for ch in line) and words.isdisjoint(_NUMBER_WORDS):
        return False
    return not words.isdisjoint(_CRIME_WORDS)


def _lower(doc: Doc | Span, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _number_groups(sent: Span) -> list[tuple[int, int]]:
    """(first, last) token indices (in the Doc) of each run of number tokens in ``sent``:
    "1,204", "1.2 million", "twenty - two"; a multiplier word ("doubled") is a run of its own."""
    doc = sent.doc
    groups: list[tuple[int, int]] = []
    i = sent.start
    while i < sent.end:
        token = doc[i]
        if token.lower_ in _MULTIPLIER_VALUES:
            groups.append((i, i))
        elif is_number(token.text) or _DECADE.match(token.text):
            j = i
            while j + 1 < sent.end and (is_number(doc[j + 1].text) and not doc[j + 1].text[:1].isdigit()
                                        or doc[j + 1].text == "-" and j + 2 < sent.end
                                        and doc[j + 2].lower_ in UNITS_WORDS and doc[j].lower_ in TENS_WORDS):
                j += 2 if doc[j + 1].text == "-" else 1
            groups.append((i, j))
            i = j
        i += 1
    return groups


#: Units that say what a number counts only right after it ("330 for the year" is a count).
_TIME_UNITS = frozenset("seconds second minutes minute hours hour days day weeks week months month years year "
                        "decades".split())
_NEAR_UNITS: frozenset[str] = (NON_CRIME_UNITS - _TIME_UNITS) | OTHER_UNITS


def _what_follows(doc: Doc, last: int, offense_starts: set[int]) -> tuple[str, bool, list[str]]:
    """What a number counts: the word after it (skipping adjectives, hyphens and other numbers),
    whether an offense phrase starts there, and up to three words from there (stopping at
    punctuation or an offense phrase)."""
    i = last + 1
    while i < len(doc) and i not in offense_starts and (
            doc[i].lower_ in NUMBER_ADJECTIVES or doc[i].text == "-" or is_number(doc[i].text)):
        i += 1
    if i >= len(doc):
        return "", False, []
    noun, is_offense = doc[i].lower_, i in offense_starts
    following: list[str] = []
    while i < len(doc) and len(following) < 3 and i not in offense_starts and not doc[i].is_punct:
        if not is_number(doc[i].text):
            following.append(doc[i].lower_)
        i += 1
    return noun, is_offense, following


def _refusal(doc: Doc, first: int, last: int, offense_starts: set[int], record: bool) -> str | None:
    """Why the number in tokens first..last is not a statistic, or None if it may be one."""
    text = doc[first:last + 1].text
    before = [_lower(doc, k) for k in range(first - 3, first)]
    if last == first and (looks_like_year(text) or _DECADE.match(text)):
        if record and "since" in before[-2:]:
            return None  # "the lowest since 1965": the record's reference year
        return "year"
    why = number_refusal(doc, first, last)
    if why is not None:
        return why
    if before[-1] == "per":
        return "denominator of a rate"
    if before[-1] in FORMULA_LEADS:
        return "part of a formula"
    if before[-1] in AGE_LEADS or before[-2] in AGE_LEADS:
        return "age"
    if before[-1] == "of" and before[-2] in POPULATION_LEADS or before[-1] in POPULATION_LEADS:
        return "population"
    if not SHARE_LEAD_WORDS.isdisjoint(before):
        return "share of a whole"
    noun, is_offense, following = _what_follows(doc, last, offense_starts)
    if noun in {"%", "percent", "pct", "pct."} and _lower(doc, last + 2) == "of":
        return "share of a whole"
    if text.lower() in {"one", "a", "an"} or noun == "one":
        return "one: an incident, not a tally"
    if is_offense:
        return None
    if noun in RECORD_SPAN_WORDS and record:
        return None  # "not seen in 41 years": the span of a record
    if noun in NON_CRIME_UNITS or noun in OTHER_UNITS:
        return f"counts {noun}"
    near = next((w for w in following if w in _NEAR_UNITS), None)
    if near is not None:
        return f"counts {near}"
    return None


def _is_bare(doc: Doc, last: int, offense_starts: set[int]) -> bool:
    """Does the number stand without a noun of its own ("down from 135 in 2020")?"""
    noun, is_offense, _following = _what_follows(doc, last, offense_starts)
    return not is_offense and (noun == "" or noun in CHANGE_FOLLOWERS or not noun.isalpha())


def _qualifier_tokens(sent: Span) -> set[int]:
    """Tokens of qualifiers right before a number ("more than 600", "at least seven"): they are
    not comparison or record cues."""
    doc = sent.doc
    out: set[int] = set()
    for i in range(sent.start, sent.end - 1):
        if (doc[i].lower_, doc[i + 1].lower_) in QUALIFIER_PAIRS:
            nxt = i + 2 + (doc[i + 2].lower_ in {"a", "an"} if i + 2 < sent.end else 0)
            if doc[i].lower_ == "at" or nxt < sent.end and (is_number(doc[nxt].text) or doc[nxt].lower_ == "half"):
                out.update((i, i + 1))
    return out


def _cues(tokens: Sequence[str], low: str) -> list[str]:
    found: list[str] = []
    for family, words in CUE_FAMILIES:
        hit = next((t for t in tokens if t in words), None)
        if hit is not None:
            found.append(f"{family}:{hit}")
    period = PERIOD_PATTERN.search(low)
    if period is not None:
        found.append(f"period:{period.group(0)}")
    return found


def _judge(sent: Span, offset: int, mentions: list[tuple[int, int, str, str, bool]],
           doc_id: str | None) -> _Verdict:
    doc = sent.doc
    tokens = [t.lower_ for t in sent]
    for word in tokens:
        veto = SENTENCE_VETOES.get(word)
        if veto is not None:
            return _Verdict(None, f"{veto} ({word!r})")
    inside = [m for m in mentions if sent.start <= m[0] and m[1] <= sent.end]
    extra = [t for t in sent if t.lower_ in EXTRA_OFFENSE_WORDS
             and not any(m[0] <= t.i < m[1] for m in inside)]
    if not inside and not extra:
        return _Verdict(None, "no offense word")
    low = sent.text.lower()
    skip = _qualifier_tokens(sent)
    cues = _cues([t.lower_ for t in sent if t.i not in skip], low)
    share = not SHARE_WORDS.isdisjoint(tokens)
    record = any(c.startswith("record:") for c in cues)
    offense_starts = {m[0] for m in inside}
    numbers: list[FoundNumber] = []
    positions: list[int] = []
    refused: list[str] = []
    groups = [(first, last, _refusal(doc, first, last, offense_starts, record))
              for first, last in _number_groups(sent)]
    # one share makes the sentence's other percents shares too: "16 percent of all deaths in
    # 2016, up from 11 percent in 2007"; one count of officers makes its bare numbers counts of
    # officers too: "120 officers, down from 135 in 2020"; and the same for ages ("ages 18 to 34")
    share = share or any(why == "share of a whole" for _f, _l, why in groups)
    unit = next((why for _f, _l, why in groups if why == "age" or why and why.startswith("counts ")
                 and why.removeprefix("counts ") not in _TIME_UNITS), None)
    for first, last, why in groups:
        if why is None and share and (doc[first].lower_ in _MULTIPLIER_VALUES
                                      or _lower(doc, last + 1) in {"%", "percent", "pct", "pct."}):
            why = "share of a whole"
        if why is None and unit is not None and _lower(doc, last + 1) not in PERCENT_CUES \
                and _is_bare(doc, last, offense_starts):
            why = unit
        if why is not None:
            refused.append(why)
            continue
        text = doc[first:last + 1].text
        words = [t.text for t in doc[first:last + 1]]
        value = _MULTIPLIER_VALUES.get(text.lower()) if first == last else None
        if value is None and _DECADE.match(text):
            value = float(text[:4])
        if value is None:
            value = parse_number(words)
        if value is None:
            continue
        numbers.append(FoundNumber(text, float(value)))
        positions.append(first)
    if not numbers:
        return _Verdict(None, "no statistic number" + (f" ({', '.join(refused)})" if refused else ""))
    if not cues:
        return _Verdict(None, "no statistic cue")
    offense_tokens = [i for m in inside for i in range(m[0], m[1])] + [t.i for t in extra]
    near = any(abs(p - o) <= 4 for p in positions for o in offense_tokens)
    words = tuple(dict.fromkeys([doc[m[0]:m[1]].text for m in inside] + [t.text for t in extra]))
    offenses = tuple(dict.fromkeys([m[2] for m in inside] + [o for t in extra
                                                              if (o := EXTRA_OFFENSE_WORDS[t.lower_]) is not None]))
    score = float(len(cues) + (1 if near else 0))
    reason = (f"{len(numbers)} number{'s' if len(numbers) != 1 else ''} "
              f"({', '.join(n.text for n in numbers)}) with {', '.join(repr(w) for w in words)}"
              f"{' next to it' if near else ''}; cues: {', '.join(cues)}; no rule parsed this sentence")
    start = offset + sent.start_char
    return _Verdict(PossibleClaim(sentence=sent.text, start=start, end=start + len(sent.text),
                                  numbers=tuple(numbers), offense_words=words, offenses=offenses,
                                  cues=tuple(cues), score=score, reason=reason, detector=DETECTOR_VERSION,
                                  id=doc_id))


def _lines(text: str) -> Iterable[tuple[int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def detector_pipeline(nlp: Language | None = None) -> Language:
    """The pipeline whose tokenizer, ``sentence_splitter`` and ``offense_ruler`` the detector
    uses: ``nlp`` when it has both, else the rule pipeline on spacy.blank("en")."""
    if nlp is not None and nlp.has_pipe("sentence_splitter") and nlp.has_pipe("offense_ruler"):
        return nlp
    return build_pipeline()


def sentence_verdicts(text: str, claims: Iterable[Claim] = (), *, nlp: Language | None = None,
                      doc_id: str | None = None, offset: int = 0) -> list[tuple[int, int, _Verdict]]:
    """Every candidate sentence of ``text`` (on a line that may hold one) with what the detector
    made of it; sentences holding a parsed claim are left out. For tests and tuning.

    ``offset`` is where ``text`` starts in a longer document (a piece of it): claims' offsets and
    the results' are offsets into that document."""
    pipeline = detector_pipeline(nlp)
    splitter = pipeline.get_pipe("sentence_splitter")
    ruler = pipeline.get_pipe("offense_ruler")
    claimed = sorted(c.start - offset for c in claims)
    out: list[tuple[int, int, _Verdict]] = []
    for at, line in _lines(text):
        if not line.strip() or not _may_hold(line):
            continue
        doc = splitter(pipeline.make_doc(line))
        mentions = ruler.match(doc)
        for sent in doc.sents:
            start, end = at + sent.start_char, at + sent.end_char
            if any(start <= c < end for c in claimed):
                continue
            out.append((offset + start, offset + end, _judge(sent, offset + at, mentions, doc_id)))
    return out


def find_possible_claims(text: str, claims: Iterable[Claim] = (), *, nlp: Language | None = None,
                         limit: int | None = None, doc_id: str | None = None,
                         offset: int = 0) -> list[PossibleClaim]:
    """Sentences of ``text`` that look like a crime statistic although none of ``claims`` (the
    claims the rules found in the same text, with offsets into it) starts in them.

    With ``limit``, the ``limit`` best-scored are kept (ties: the earlier sentence), in text order.
    ``offset``: see `sentence_verdicts`.
    """
    found = [v.claim for _s, _e, v in sentence_verdicts(text, claims, nlp=nlp, doc_id=doc_id, offset=offset)
             if v.claim is not None]
    if limit is not None and len(found) > limit:
        best = sorted(range(len(found)), key=lambda k: (-found[k].score, k))[:max(limit, 0)]
        logger.debug("%d possible claims in document %s; keeping the best %d", len(found), doc_id, limit)
        found = [found[k] for k in sorted(best)]
    return found


def possible_claims_for(text: str, claims: Iterable[Claim] = (), *, settings: Settings | None = None,
                        nlp: Language | None = None, doc_id: str | None = None,
                        offset: int = 0) -> list[PossibleClaim]:
    """The possible claims of one text, at most ``settings.max_possible_claims_per_article``
    (none when it is 0). ``claims`` are the claims the rules found in ``text``, offsets into it.
    This is the one function the pipeline's callers use."""
    limit = (settings or Settings()).max_possible_claims_per_article
    if limit <= 0:
        return []
    return find_possible_claims(text, claims, nlp=nlp, limit=limit, doc_id=doc_id, offset=offset)
