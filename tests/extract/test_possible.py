"""The possible-claims detector (extract/possible.py): what it catches, what it must not, offsets,
the per-article cap and the skip of sentences a rule already parsed. Sentences written by us."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from extract import possible_claims_for
from extract.possible import find_possible_claims, sentence_verdicts
from records.claim import Claim
from settings import Settings

pytestmark = pytest.mark.issue(9)

#: Sentences that state a crime statistic; the detector alone (no rules) must flag each.
STATISTICS = [
    ("As of Sunday, 41 people have been murdered in Riverton, up 9 from the same period a year ago.",
     ["41", "9"], "homicide"),
    ("The city logged 1,204 auto thefts so far this year.", ["1,204"], "motor_vehicle_theft"),
    ("Overdose deaths: the coroner counted 58 through August, against 71 a year earlier.", ["58", "71"], None),
    ("Carjackings ran at about 30 a month in 2023, police records show.", ["30"], "carjacking"),
    ("Aggravated assaults were nearly double their 2019 level.", ["double"], "aggravated_assault"),
    ("Port Hale had 12 burglaries in the first half, the fewest since 1998.", ["12", "1998"], "burglary"),
]

#: Sentences with a number and a crime word that are not crime statistics.
NOT_STATISTICS = [
    ("enforcement", "Officers made 214 arrests and seized 96 guns during the operation this year."),
    ("enforcement", "Police issued 1,400 speeding tickets in 2023, up from 900, as traffic deaths fell."),
    ("enforcement", "Two men, ages 19 and 24, were charged with robbery in 2023."),
    ("clearance", "The homicide clearance rate climbed to 71 percent this year."),
    ("clearance", "Detectives solved 14 of the 20 shootings so far this year."),
    ("calls for service", "Calls for service about shootings rose 12 percent last year."),
    ("poll", "In a poll released Monday, 62 percent of residents said violent crime was rising this year."),
    ("staffing", "The council approved a budget of 14 positions for the robbery unit this year."),
    ("staffing", "The department has 120 officers, down from 135 in 2020, to respond to shootings."),
    ("population", "The city, with a population of 48,200, had its first homicide in 2019."),
    ("single incident", "A 23-year-old was shot on Elm Street on Saturday."),
    ("single incident", "One homicide is one too many, the mayor said this year."),
    ("time", "The burglary happened at 2:30 a.m. on March 3."),
    ("money", "Robberies cost stores $2.3 million last year."),
    ("phone and address", "Call 555-0134 to report a burglary in the 1400 block of Main Street this year."),
    ("share", "Juveniles accounted for 16 percent of carjacking arrests in 2022, up from 11 percent."),
    ("share", "The share of robberies committed with a gun doubled from 8% to 16% last year."),
    ("ages", "Most homicide victims in 2023 were between the ages of 18 and 34."),
]


@pytest.mark.parametrize(("sentence", "numbers", "offense"), STATISTICS)
def test_a_stated_statistic_is_a_possible_claim(nlp: Language, sentence: str, numbers: list[str],
                                                offense: str | None) -> None:
    found = find_possible_claims(sentence, (), nlp=nlp)
    assert len(found) == 1, [v.why_not for *_r, v in sentence_verdicts(sentence, (), nlp=nlp)]
    p = found[0]
    assert (p.sentence, p.start, p.end) == (sentence, 0, len(sentence))
    assert [n.text for n in p.numbers] == numbers
    assert p.offense_words and p.cues and p.score >= 1
    if offense is not None:
        assert offense in p.offenses
    assert "no rule parsed" in p.reason


@pytest.mark.parametrize(("why", "sentence"), NOT_STATISTICS)
def test_numbers_that_are_not_crime_statistics_are_not_possible_claims(nlp: Language, why: str,
                                                                        sentence: str) -> None:
    assert find_possible_claims(sentence, (), nlp=nlp) == [], why


def _claim_at(text: str, quote: str) -> Claim:
    start = text.index(quote)
    return Claim(quote=quote, start=start, end=start + len(quote), sentence=quote, kind="count",
                 direction="none", value=1.0, unit="count", offense="homicide", rule="test.v1")


def test_offsets_point_into_the_text_and_parsed_sentences_are_skipped(nlp: Language) -> None:
    first = "Riverton police spoke on Monday."
    second = "As of Sunday, 41 people have been murdered, up 9 from a year ago."
    third = "The city logged 1,204 auto thefts so far this year."
    text = f"{first}\n\n{second} {third}\n"
    found = find_possible_claims(text, (), nlp=nlp, doc_id="a1")
    assert [text[p.start:p.end] for p in found] == [second, third]
    assert {p.id for p in found} == {"a1"}
    parsed = _claim_at(text, "1,204 auto thefts")
    assert [p.sentence for p in find_possible_claims(text, [parsed], nlp=nlp)] == [second]


def test_a_piece_of_a_longer_text_keeps_offsets_into_the_whole(nlp: Language) -> None:
    whole = "Headline.\n" + "As of Sunday, 41 people have been murdered, up 9 from a year ago."
    piece_at = len("Headline.\n")
    (p,) = find_possible_claims(whole[piece_at:], (), nlp=nlp, offset=piece_at)
    assert whole[p.start:p.end] == p.sentence


def test_the_cap_keeps_the_best_scored_in_text_order(nlp: Language) -> None:
    text = "\n".join(s for s, _n, _o in STATISTICS)
    every = find_possible_claims(text, (), nlp=nlp)
    assert len(every) == len(STATISTICS)
    capped = possible_claims_for(text, (), settings=Settings(max_possible_claims_per_article=2), nlp=nlp)
    assert len(capped) == 2
    best = sorted(every, key=lambda p: -p.score)[1].score
    assert all(p.score >= best for p in capped)
    assert [p.start for p in capped] == sorted(p.start for p in capped)
    assert possible_claims_for(text, (), settings=Settings(max_possible_claims_per_article=0), nlp=nlp) == []


def test_a_possible_claim_prints_as_one_json_object(nlp: Language) -> None:
    (p,) = find_possible_claims(STATISTICS[0][0], (), nlp=nlp, doc_id="x")
    data = json.loads(json.dumps(p.as_dict()))
    assert data["possible"] is True and data["id"] == "x"
    assert data["numbers"] == [{"text": "41", "value": 41}, {"text": "9", "value": 9}]
    assert data["detector"] == "possible.v1"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789 ,.%$-\n") + ["homicides ", "rose ", "in 2023 ", "percent ",
                                                                "year-old ", "one ", "murdered ", "since "]),
                max_size=60).map("".join))
def test_any_text_gives_a_list_without_raising(nlp: Language, text: str) -> None:
    found = find_possible_claims(text, (), nlp=nlp)
    assert all(text[p.start:p.end] == p.sentence for p in found)


def test_claims_extract_possible_prints_possible_claims_as_json_lines(tmp_path) -> None:
    from click.testing import CliRunner

    from cli import cli

    story = tmp_path / "story.txt"
    story.write_text("Riverton police spoke on Monday.\n" + STATISTICS[0][0] + "\n")
    runner = CliRunner()
    plain = runner.invoke(cli, ["extract", str(story)])
    with_possible = runner.invoke(cli, ["extract", "--possible", str(story)])
    assert plain.exit_code == 0 and with_possible.exit_code == 0, with_possible.output
    lines = [json.loads(line) for line in with_possible.output.splitlines()]
    assert [x for x in lines if not x.get("possible")] == [json.loads(x) for x in plain.output.splitlines()]
    covered = {x["sentence"] for x in lines}
    assert STATISTICS[0][0] in covered  # by a parsed claim, or else by a possible claim
    for x in lines:
        if x.get("possible"):
            assert x["id"] == str(story) and story.read_text()[x["start"]:x["end"]] == x["sentence"]
