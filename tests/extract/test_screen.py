"""The raw-text line screen (extract/screen.py): it may only skip lines that hold no claim.

Three kinds of check: the screen keeps every line where spaCy's claim matcher would scan a
window; extraction gives exactly the same claims with and without it, on our gold sentences
and on generated text; and claims in a kept line still get their offense and city from the
skipped lines before it.
"""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import asdict
from pathlib import Path

import numpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from extract import Document, extract_documents
from extract.pipeline import line_screen

GOLD = Path(__file__).resolve().parents[1] / "gold"
_spec = importlib.util.spec_from_file_location("extract_cases_screen", Path(__file__).with_name("cases.py"))
assert _spec and _spec.loader
_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cases)
CASES = _cases.CASES


def _claims(nlp: Language, texts: list[str], screen: bool, **fields: str) -> list[list[dict]]:
    docs = [Document(text=t, id=str(i), **fields) for i, t in enumerate(texts)]  # type: ignore[arg-type]
    return [[asdict(c) for c in found] for _d, found in extract_documents(docs, nlp=nlp, screen=screen)]


def _gold_sentences() -> list[str]:
    out = [s for s, _ in CASES]
    for name in ("claims.jsonl", "holdout.jsonl", "news_style/claims.jsonl"):
        out += [json.loads(line)["sentence"] for line in (GOLD / name).read_text().splitlines() if line.strip()]
    return out


def _matcher_lines(nlp: Language, text: str) -> set[int]:
    """The lines in which the claim matcher keeps a window for some claim rule."""
    doc = nlp(text)
    matcher = nlp.get_pipe("claim_matcher")
    windows = matcher.windows(doc)
    assert windows is not None
    line_of = numpy.cumsum([0] + [t.text.count("\n") for t in doc])  # line of each token
    lines = set()
    for rule, _m, window in matcher.rules:
        if window == "periods":
            continue
        ranges, present = windows[window]
        for lo, hi in matcher.anchors.keep(rule, ranges, present):
            lines.update(int(line_of[i]) for i in range(lo, hi) if not doc[i].is_space)
    return lines


@pytest.mark.slow
def test_every_line_the_matcher_would_scan_is_kept(nlp: Language) -> None:
    sentences = _gold_sentences()
    screen = line_screen(nlp)
    assert screen is not None
    for i in range(0, len(sentences), 25):
        text = "\n".join(sentences[i:i + 25])
        kept = {n for n, keep in enumerate(screen.kept_lines(text)) if keep}
        assert _matcher_lines(nlp, text) <= kept


def test_lines_without_a_claim_shape_are_skipped(nlp: Language) -> None:
    screen = line_screen(nlp)
    assert screen is not None
    text = ("The council met on Tuesday to discuss the new library.\n"
            "Homicides fell 18 percent last year, the chief said.\n"
            "The meeting starts at 7 p.m. on Tuesday.\n"  # ("N in" is a shape now: "156 in 2013")
            "Shootings doubled compared with 2019.")
    assert screen.kept_lines(text) == [False, True, False, True]


@pytest.mark.slow
def test_gold_sentences_give_the_same_claims_with_and_without_the_screen(nlp: Language) -> None:
    sentences = _gold_sentences()
    texts = ["\n".join(sentences[i:i + 15]) for i in range(0, len(sentences), 15)]
    full = _claims(nlp, texts, screen=False)
    assert sum(map(len, full)) > 300
    assert _claims(nlp, texts, screen=True) == full
    assert _claims(nlp, texts, screen=True, city="Riverton", state="OH") == \
        _claims(nlp, texts, screen=False, city="Riverton", state="OH")


def test_an_offense_named_in_a_skipped_line_still_counts(nlp: Language) -> None:
    text = ("Shootings were the focus of Tuesday's meeting in the council chamber.\n"
            "They fell 12% this year, the chief told members.")
    screen = line_screen(nlp)
    assert screen is not None and screen.kept_lines(text) == [False, True]
    screened, full = _claims(nlp, [text], True), _claims(nlp, [text], False)
    assert screened == full
    (claim,) = screened[0]
    assert (claim["value"], claim["offense"], claim["offense_from"]) == (12.0, "shooting", "context")


def test_the_last_city_named_in_skipped_text_is_the_place(nlp: Language) -> None:
    text = ("Dayton, Ohio — The police chief spoke to reporters on Monday.\n"
            "Officers have worked longer shifts all summer.\n"
            "Burglaries fell 9 percent in the first half of the year.")
    screened, full = _claims(nlp, [text], True), _claims(nlp, [text], False)
    assert screened == full
    (claim,) = screened[0]
    assert (claim["place"]["city"], claim["place"]["state"], claim["place"]["source"]) == ("Dayton", "OH", "context")


def test_a_text_with_no_kept_line_yields_its_document_with_no_claims(nlp: Language) -> None:
    docs = [Document(text="No numbers here.\nNor here.", id="a"), Document(text="Homicides fell 18 percent.", id="b")]
    out = [(d.id, len(c)) for d, c in extract_documents(docs, nlp=nlp)]
    assert out == [("a", 0), ("b", 1)]


_PIECES = [
    "Homicides fell 18 percent", "a 53% decrease in murders", "from 30 to 14", "Shootings were up.",
    "Robberies rose to 17, up from 11", "twenty-two shootings so far this year", "the lowest since 2006",
    "12 fewer burglaries", "812 per 100,000 residents", "cut in half", "were flat", ". ", ", ", "\n",
    "\n\n", "’", "—", "é", "$4.2 million", "a 24-year-old", "per cent", " ", "Down 12 pct.", "Dayton",
    "They doubled.", "auto-thefts", "killings", "compared with last year", "year-over-year", "½", "٣",
    "the council met", "Chicago police said", "(", ")", "%", "vs.", "…", "“", "”", "\n  ", "\t", "  ",
    "\r\n", "\u00a0", "Dayton", "Officers made 12 arrests.", "They fell 9 percent.",
]
_texts = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map(" ".join) | \
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map("".join)


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("SCREEN_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_texts)
def test_generated_text_gives_the_same_claims_with_and_without_the_screen(nlp: Language, text: str) -> None:
    assert _claims(nlp, [text], True) == _claims(nlp, [text], False)


@pytest.mark.parametrize("text", ["", "\n", "\n\n\n", "no digits at all", "٣ shootings fell 50%"])
def test_edge_texts(nlp: Language, text: str) -> None:
    assert _claims(nlp, [text], True) == _claims(nlp, [text], False)


def test_a_long_line_is_cut_at_sure_sentence_ends_only(nlp: Language) -> None:
    filler = "The council met on Tuesday and talked about the library budget for an hour. "
    text = (filler * 6 + "Homicides fell 18 percent last year, the chief said. "
            + "Crime was down in Ward 3 vs. Ward 4 this spring. " + filler * 6).strip()
    screen = line_screen(nlp)
    assert screen is not None
    segments = screen.segments(text)
    assert len(segments) > 10
    starts = {start for start, _end in segments}
    assert text.index("Homicides") in starts and text.index("Ward 4") not in starts  # "vs." is not an end
    regions, _cuts = screen.plan(text)
    assert sum(end - start for start, end in regions) < len(text) / 3
    assert any(text[start:end].startswith("Homicides fell 18 percent") for start, end in regions)
    assert _claims(nlp, [text], True) == _claims(nlp, [text], False)
    assert len(_claims(nlp, [text], True)[0]) == 1


def test_many_regions_after_one_city_all_get_it(nlp: Language) -> None:
    filler = "The council talked about the library budget and the new playground for an hour.\n"
    claim = "Burglaries fell {n} percent on the east side, the chief said.\n"
    text = "Dayton police briefed reporters on Monday.\n" + "".join(
        filler * 4 + claim.format(n=n) for n in range(5, 35))
    screened = _claims(nlp, [text], True)
    assert screened == _claims(nlp, [text], False)
    places = {(c["place"]["city"], c["place"]["source"]) for c in screened[0]}
    assert len(screened[0]) == 30 and places == {("Dayton", "context")}


def test_every_claim_pattern_keeps_an_anchor_word(nlp: Language) -> None:
    """A pattern with no anchor bit would let every line with a number through the screen and
    the matcher's window test (test_rule_budgets.py checks every word set has its bit)."""
    matcher = nlp.get_pipe("claim_matcher")
    empty = [rule for rule, _m, window in matcher.rules if window != "periods" and 0 in matcher.anchors.masks[rule]]
    assert empty == []


def test_text_before_regions_is_read_once_for_cities(nlp: Language) -> None:
    """A city-less document with many regions: looking back for the last city named reads each
    stretch of the skipped text at most once, however many regions ask."""
    from extract.context import DocumentText

    class Counting:  # the real pipeline, counting the characters it is asked to tokenize
        def __init__(self) -> None:
            self.chars = 0

        def make_doc(self, text: str):  # type: ignore[no-untyped-def]
            self.chars += len(text)
            return nlp.make_doc(text)

        def get_pipe(self, name: str):  # type: ignore[no-untyped-def]
            return nlp.get_pipe(name)

    filler = "New crews trimmed trees along the river trail for most of the week.\n"  # "New" starts city names
    claim = "Burglaries fell {n} percent on the east side, the chief said.\n"
    text = "".join(filler * 8 + claim.format(n=n) for n in range(5, 45))
    screen = line_screen(nlp)
    assert screen is not None
    regions, cuts = screen.plan(text)
    assert len(regions) == 40
    counting = Counting()
    whole = DocumentText(counting, text, cuts)  # type: ignore[arg-type]
    assert [whole.before(start).last_city() for start, _end in regions] == [None] * 40
    assert counting.chars <= len(text)


def test_a_page_that_names_no_offense_is_skipped_whole(nlp: Language) -> None:
    """A claim takes its offense from the page or its headline; a page of another topic with
    numbers and claim shapes ("fell 18 percent", "from 30 to 14") is not tokenized at all."""
    text = ("Store sales fell 18 percent from last year, the company said.\n"
            "The chain went from 30 to 14 stores in the state.")
    offenses = nlp.get_pipe("offense_ruler").screen
    assert not offenses.could_name_offense(text)
    assert _claims(nlp, [text], True) == _claims(nlp, [text], False) == [[]]
    assert offenses.could_name_offense(text.replace("Store sales", "Car thefts"))


def test_a_headline_that_names_an_offense_keeps_the_page(nlp: Language) -> None:
    text = "They fell 18 percent from last year, the chief said."
    docs = [Document(text=text, id="h", headline="Burglaries drop across Dayton")]
    (_doc, claims), = extract_documents(docs, nlp=nlp)
    (_doc2, unscreened), = extract_documents(docs, nlp=nlp, screen=False)
    assert claims == unscreened
    assert [(c.value, c.offense) for c in claims] == [(18.0, "burglary")]


def test_every_offense_wording_passes_the_offense_screen(nlp: Language) -> None:
    from extract.offense_terms import EVENT_PHRASES, OFFENSE_TERMS

    offenses = nlp.get_pipe("offense_ruler").screen
    missed = [p for p in OFFENSE_TERMS if not offenses.could_name_offense(f"“{p.upper()}”, he said.")]
    assert missed == []
    for event in EVENT_PHRASES:
        for subject in event.subjects:
            for verb in event.verbs:
                assert offenses.could_name_offense(f"Two {subject} were {verb}.")
