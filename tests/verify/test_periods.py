"""Period phrases -> dates, relative to the publication date (reference/official-data.md 5.2)."""

from __future__ import annotations

from datetime import date

import pytest

from records.claim import Claim
from verify.errors import PeriodUnresolved
from verify.periods import ResolvedPeriod, resolve_period, resolve_text, shift_year

PUB = date(2024, 7, 10)

# (phrase as it appears in the sentence, start, end, baseline start, baseline end, assumed, kind)
CASES: list[tuple[str, str, str, str, str, bool, str]] = [
    ("53% decrease compared to this time last year", "2024-01-01", "2024-07-10", "2023-01-01", "2023-07-10", True, "ytd"),
    ("14 so far this year", "2024-01-01", "2024-07-10", "2023-01-01", "2023-07-10", True, "ytd"),
    ("down 7.5% year to date", "2024-01-01", "2024-07-10", "2023-01-01", "2023-07-10", True, "ytd"),
    ("at this point last year there were 30", "2024-01-01", "2024-07-10", "2023-01-01", "2023-07-10", True, "ytd"),
    ("the same period last year", "2024-01-01", "2024-07-10", "2023-01-01", "2023-07-10", True, "ytd"),
    ("12 fewer robberies this year than last", "2024-01-01", "2024-07-10", "2023-01-01", "2023-07-10", True, "ytd"),
    ("Aggravated assaults rose 9% last year", "2023-01-01", "2023-12-31", "2022-01-01", "2022-12-31", False, "year"),
    ("Burglaries dropped by nearly a third compared with last year", "2024-01-01", "2024-07-10",
     "2023-01-01", "2023-07-10", True, "default"),
    ("a 13% increase in 2023", "2023-01-01", "2023-12-31", "2022-01-01", "2022-12-31", False, "year"),
    ("19 killings in 2024", "2024-01-01", "2024-07-10", "2023-01-01", "2023-07-10", True, "ytd"),
    ("41 shootings through June, down from 57 during the same period in 2023", "2024-01-01", "2024-06-30",
     "2023-01-01", "2023-06-30", False, "ytd"),
    ("up roughly 6% through the end of June", "2024-01-01", "2024-06-30", "2023-01-01", "2023-06-30", False, "ytd"),
    ("through Sept. 30, 2023", "2023-01-01", "2023-09-30", "2022-01-01", "2022-09-30", False, "ytd"),
    ("as of Oct. 2, 2016", "2016-01-01", "2016-10-02", "2015-01-01", "2015-10-02", False, "ytd"),
    ("fell 18 percent in the first six months of the year", "2024-01-01", "2024-06-30", "2023-01-01",
     "2023-06-30", False, "months"),
    ("fell to 22 from 35 in the first quarter", "2024-01-01", "2024-03-31", "2023-01-01", "2023-03-31", False,
     "quarter"),
    ("in the second quarter", "2024-04-01", "2024-06-30", "2023-04-01", "2023-06-30", False, "quarter"),
    ("in the third quarter", "2023-07-01", "2023-09-30", "2022-07-01", "2022-09-30", False, "quarter"),
    ("in the first quarter of 2022", "2022-01-01", "2022-03-31", "2021-01-01", "2021-03-31", False, "quarter"),
    ("in the first half", "2024-01-01", "2024-06-30", "2023-01-01", "2023-06-30", False, "half"),
    ("Homicides increased from 3 in 2022 to 8 in 2023", "2023-01-01", "2023-12-31", "2022-01-01",
     "2022-12-31", False, "year"),
    ("down 40% from their 2022 peak", "2023-01-01", "2023-12-31", "2022-01-01", "2022-12-31", True, "year"),
    ("22% below its 2021 level", "2023-01-01", "2023-12-31", "2021-01-01", "2021-12-31", True, "year"),
    ("up 30% since 2019", "2023-01-01", "2023-12-31", "2019-01-01", "2019-12-31", True, "year"),
    ("Traffic deaths rose to 17, up from 11 a year earlier", "2024-01-01", "2024-07-10", "2023-01-01",
     "2023-07-10", True, "default"),
    ("down 20% in March", "2024-03-01", "2024-03-31", "2023-03-01", "2023-03-31", False, "month"),
    ("down 20% in September", "2023-09-01", "2023-09-30", "2022-09-01", "2022-09-30", False, "month"),
    ("burglaries rose last month", "2024-06-01", "2024-06-30", "2023-06-01", "2023-06-30", False, "month"),
    ("over the past 12 months", "2023-07-01", "2024-06-30", "2022-07-01", "2023-06-30", True, "rolling"),
    ("Robberies fell 12 percent.", "2024-01-01", "2024-07-10", "2023-01-01", "2023-07-10", True, "default"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_period_phrase(case: tuple[str, str, str, str, str, bool, str]) -> None:
    phrase, start, end, bstart, bend, assumed, kind = case
    p = resolve_text(None, None, phrase, PUB)
    got = (p.start.isoformat(), p.end.isoformat(), p.baseline_start and p.baseline_start.isoformat(),
           p.baseline_end and p.baseline_end.isoformat(), p.assumed, p.kind)
    assert got == (start, end, bstart, bend, assumed, kind), p.basis


def test_claim_fields_are_read_before_the_sentence() -> None:
    claim = Claim(quote="fell 18 percent", start=0, end=15, sentence="Homicides fell 18 percent, police said.",
                  kind="percent_change", direction="decrease", value=18, unit="percent", offense="homicide",
                  rule="t", baseline="the first six months of the year")
    p = resolve_period(claim, PUB)
    assert (p.start, p.end) == (date(2024, 1, 1), date(2024, 6, 30))


def test_assumed_cut_off_moves_to_the_datas_and_takes_the_baseline_along() -> None:
    p = resolve_text(None, None, "so far this year", date(2016, 10, 4))
    assert p.flexible_end
    snapped = p.with_cutoff(date(2016, 10, 2))
    assert (snapped.end, snapped.baseline_end) == (date(2016, 10, 2), date(2015, 10, 2))
    assert not snapped.flexible_end and snapped.assumed


def test_leap_day_cut_off_becomes_feb_28_a_year_earlier() -> None:
    p = resolve_text(None, None, "so far this year", date(2024, 2, 29))
    assert p.baseline_end == date(2023, 2, 28)
    assert shift_year(date(2024, 2, 29), -1) == date(2023, 2, 28)


def test_same_span_moves_a_year_to_date_period_to_any_year() -> None:
    p = ResolvedPeriod(date(2024, 1, 1), date(2024, 7, 7), None, None, True, "ytd")
    assert p.same_span(2006) == (date(2006, 1, 1), date(2006, 7, 7))


def test_so_far_this_year_needs_a_publication_date() -> None:
    with pytest.raises(PeriodUnresolved, match="publication date"):
        resolve_text(None, None, "so far this year", None)


def test_explicit_year_needs_no_publication_date() -> None:
    p = resolve_text(None, None, "a 13% increase in 2023", None)
    assert (p.start, p.end) == (date(2023, 1, 1), date(2023, 12, 31))


@pytest.mark.parametrize(("phrase", "published", "expected"), [
    ("Knoxville's shootings are 23 percent below last year's pace.", date(2025, 8, 1),
     ("2025-01-01", "2025-08-01", "2024-01-01", "2024-08-01")),
    ("Thefts fell for three straight years, to 402 this year from 688 in 2022.", date(2025, 8, 1),
     ("2025-01-01", "2025-08-01", "2022-01-01", "2022-08-01")),
    ("There have been 17 homicides so far this year, compared with 26 at this time in 2024.", date(2025, 5, 1),
     ("2025-01-01", "2025-05-01", "2024-01-01", "2024-05-01")),
    ("Lexington saw 21 homicides last year, a dozen fewer than in 2023.", date(2025, 2, 1),
     ("2024-01-01", "2024-12-31", "2023-01-01", "2023-12-31")),
], ids=["last year's pace", "this year from 2022", "at this time in 2024", "than in 2023"])
def test_comparison_years_next_to_the_claims_own_period(phrase: str, published: date,
                                                         expected: tuple[str, str, str, str]) -> None:
    p = resolve_text(None, None, phrase, published)
    got = (p.start.isoformat(), p.end.isoformat(), p.baseline_start.isoformat() if p.baseline_start else None,
           p.baseline_end.isoformat() if p.baseline_end else None)
    assert got == expected, p.basis


@pytest.mark.parametrize(("period", "baseline"), [
    ("May", "compared to April"),
    ("the first half of 2024", "the second half of 2023"),
    ("the third quarter", "the second quarter"),
])
def test_two_different_parts_of_a_year_are_not_compared_as_one_span(period: str, baseline: str) -> None:
    with pytest.raises(PeriodUnresolved, match="two different parts of a year"):
        resolve_text(period, baseline, None, date(2024, 6, 15))


@pytest.mark.parametrize(("period", "baseline", "sentence", "start", "base_start"), [
    ("the first half of 2024", "the first half of 2023", None, date(2024, 1, 1), date(2023, 1, 1)),
    ("May", "compared to May 2023", "Burglaries were down 12% in May compared to May 2023.",
     date(2024, 5, 1), date(2023, 5, 1)),
])
def test_the_same_part_of_two_years_is_compared(period: str, baseline: str, sentence: str | None, start: date,
                                                base_start: date) -> None:
    p = resolve_text(period, baseline, sentence, date(2024, 6, 15))
    assert (p.start, p.baseline_start) == (start, base_start)


@pytest.mark.parametrize(("text", "years_back"), [
    ("Violent crime fell 5% over the past two years.", 2),
    ("Shootings are down 30% over the last three years.", 3),
    ("Robberies fell 12% in five years.", 5),
    ("Homicides have decreased 31 percent over the past 20 years in Riverton.", 20),
])
def test_a_change_over_several_years_is_compared_that_many_years_back(text: str, years_back: int) -> None:
    p = resolve_text(None, None, text, date(2024, 6, 15), kind="percent_change")
    assert p.baseline_start is not None and p.start.year - p.baseline_start.year == years_back


def test_a_record_in_three_years_keeps_its_own_reading() -> None:
    p = resolve_text(None, None, "Homicides are the fewest in three years.", date(2024, 6, 15), kind="record")
    assert p.baseline_start is not None and p.start.year - p.baseline_start.year == 1


def test_this_january_against_january_2020() -> None:
    p = resolve_text("this January", "January 2020", None, date(2024, 6, 15), kind="percent_change")
    assert (p.start, p.end, p.baseline_start, p.baseline_end) == (
        date(2024, 1, 1), date(2024, 1, 31), date(2020, 1, 1), date(2020, 1, 31))


def test_a_count_in_a_relative_clause_does_not_take_the_main_clauses_year() -> None:
    sentence = "Riverton, which had 90 killings, had 41 homicides in 2022."
    claim = Claim(quote="90 killings", start=20, end=31, sentence=sentence, sentence_start=0, kind="count",
                  direction="none", value=90, unit="count", offense="homicide", rule="t")
    assert sentence[20:31] == "90 killings"
    p = resolve_period(claim, PUB)
    assert p.assumed and p.start.year == PUB.year


def test_a_year_in_the_period_field_is_the_claims_own_even_before_total() -> None:
    p = resolve_text("the 2009 year-end total", "2008", "the 2009 year-end total was 466, down from 523 in 2008",
                     PUB, kind="from_to")
    assert (p.start, p.baseline_start) == (date(2009, 1, 1), date(2008, 1, 1))


def test_the_same_period_two_years_ago_is_two_years_back() -> None:
    p = resolve_text(None, "the same period two years ago", "Thefts are 29% higher compared to the same period "
                     "two years ago.", date(2023, 11, 9), kind="percent_change")
    assert (p.start, p.end, p.baseline_start, p.baseline_end) == (
        date(2023, 1, 1), date(2023, 11, 9), date(2021, 1, 1), date(2021, 11, 9))


def test_last_year_at_the_same_time_is_the_same_span_of_last_year() -> None:
    p = resolve_text(None, "last year", "Homicides are down 3.8% compared to where they were last year at the "
                     "same time.", date(2022, 8, 20), kind="percent_change")
    assert (p.start, p.end, p.baseline_start) == (date(2022, 1, 1), date(2022, 8, 20), date(2021, 1, 1))


def test_since_last_year_is_the_comparison_not_the_claims_own_year() -> None:
    p = resolve_text(None, "last year", "The number has dropped by more than 8 percent since last year.",
                     date(2012, 12, 28), kind="percent_change")
    assert (p.start.year, p.baseline_start.year if p.baseline_start else None) == (2012, 2011)
