"""Each claim of a sentence with several takes the place and periods of its own clause."""

from __future__ import annotations

import pytest

from extract import build_pipeline, extract_text


def test_each_place_of_a_listed_rate_is_its_own() -> None:
    text = "Dayton's rate of 25 homicides per 100,000 residents compares to Cleveland at 22 and Toledo at 8.4."
    places = [(c.value, c.place.city if c.place else None) for c in extract_text(text, nlp=build_pipeline())]
    assert places == [(25, "Dayton"), (22, "Cleveland"), (8.4, "Toledo")]


@pytest.mark.parametrize(("text", "period", "baseline"), [
    ("The carjacking rate in Riverton last year was 11.7 per 100,000 people, up from 6.1 per 100,000 people in 2019.",
     "last year", "2019"),
    ("Riverton's homicide rate was 14.2 per 100,000 in 2023, up from 11.9 the year before.", "2023", "the year before"),
])
def test_a_rate_up_from_an_older_rate_keeps_its_own_period(text: str, period: str, baseline: str) -> None:
    (claim,) = extract_text(text, nlp=build_pipeline())
    assert (claim.kind, claim.period, claim.baseline) == ("rate", period, baseline)
    assert claim.from_value is not None and claim.from_value < claim.value


def test_the_base_of_a_rate_is_never_a_figure() -> None:
    text = "The carjacking rate in Riverton was 11.7 per 100,000 people, up from 6.1 per 100,000 people in 2019."
    assert [c.value for c in extract_text(text, nlp=build_pipeline())] == [11.7]


def test_counts_contrasted_with_whereas_pair_up_with_the_older_clause_as_baseline() -> None:
    text = ("The first half of 2024 saw 160 burglaries in Riverton, whereas the first half of 2023 "
            "had 251 burglaries.")
    (claim,) = extract_text(text, nlp=build_pipeline())
    assert (claim.kind, claim.value, claim.from_value, claim.direction) == ("from_to", 160, 251, "decrease")
    assert claim.baseline is not None and "2023" in claim.baseline
    assert claim.period is None or "2024" in claim.period


def test_a_levels_last_year_is_its_period_not_a_baseline() -> None:
    (claim,) = extract_text("Riverton had 26,311 thefts last year.", nlp=build_pipeline())
    assert (claim.kind, claim.period, claim.baseline) == ("count", "last year", None)


def test_a_tally_of_the_paragraphs_offense_does_not_block_its_change() -> None:
    text = ("Riverton has had 201 stolen cars this year. Last year at this time we had 169, "
            "so we are up 18.9% over last year.")
    found = [(c.kind, c.value, c.offense) for c in extract_text(text, nlp=build_pipeline())]
    assert ("percent_change", 18.9, "motor_vehicle_theft") in found


def test_a_from_to_takes_the_period_after_its_newer_figure() -> None:
    text = "Robberies in Riverton fell from 41 in the first six months of 2023 to 29 in the first six months of 2024."
    (claim,) = extract_text(text, nlp=build_pipeline())
    assert (claim.period, claim.baseline) == ("the first six months of 2024", "the first six months of 2023")


def test_a_records_and_a_rates_last_year_is_their_period() -> None:
    text = "Riverton's murder rate reached 21.3 last year, the highest since 1995."
    found = {c.kind: (c.period, c.baseline) for c in extract_text(text, nlp=build_pipeline())}
    assert found == {"rate": ("last year", None), "record": ("last year", None)}


def test_a_rate_down_from_a_year_is_a_decrease_against_that_year() -> None:
    (claim,) = extract_text("Riverton's homicide rate per capita is now 21.3, down from 2019.", nlp=build_pipeline())
    assert (claim.kind, claim.value, claim.from_value, claim.direction, claim.baseline) == (
        "rate", 21.3, None, "decrease", "2019")


def test_a_when_clause_after_since_takes_the_year_not_since() -> None:
    found = extract_text("Riverton's homicides hit 41, the lowest since 2014, when there were 40.", nlp=build_pipeline())
    periods = {c.value: c.period for c in found}
    assert periods[40] == "2014"
    assert periods[41] is None or "since" not in periods[41]


def test_a_change_against_a_several_year_average_is_marked_for_a_reviewer() -> None:
    (claim,) = extract_text("Car thefts in Riverton were down 5% compared to the five-year average.",
                            nlp=build_pipeline())
    assert claim.qualifiers == ("against_average",)


def test_a_figure_stated_per_month_or_per_year_is_marked_for_a_reviewer() -> None:
    nlp = build_pipeline()
    for text in ("Riverton used to see about 400 cars stolen per month.",
                 "Riverton logged more than 600 killings a year in the early 1990s.",
                 "Car thefts in Riverton fell from 250 a month in 2022 to 180 a month this year."):
        (claim,) = extract_text(text, nlp=nlp)
        assert "per_time" in claim.qualifiers, text


def test_a_year_ago_or_a_yearly_rate_is_not_a_figure_per_time() -> None:
    nlp = build_pipeline()
    for text in ("Riverton recorded 50 homicides a year ago.",
                 "Riverton had 12 homicides in 2023, down from 15 a year earlier.",
                 "Riverton's murder rate was 20.1 per 100,000 residents a year."):
        found = extract_text(text, nlp=nlp)
        assert found, text
        assert all("per_time" not in c.qualifiers for c in found), text


def test_a_count_in_a_relative_clause_keeps_its_own_time() -> None:
    nlp = build_pipeline()
    found = {c.value: c.period for c in extract_text(
        "Riverton, which had 90 killings as recently as 2009, had 41 homicides last year.", nlp=nlp)}
    assert "2009" in (found[90] or "") and found[41] == "last year"
    found = {c.value: c.period for c in extract_text("Riverton, which had 90 killings, had 41 homicides last year.",
                                                     nlp=nlp)}
    assert found == {90: None, 41: "last year"}


def test_a_relative_clause_that_describes_the_figure_shares_its_period() -> None:
    found = {c.kind: c.period for c in extract_text(
        "Homicides in Riverton fell to 41 last year, which was the lowest since 2014, police said.",
        nlp=build_pipeline())}
    assert found == {"count": "last year", "record": "last year"}


def test_the_subject_after_an_aside_about_a_person_is_the_offense() -> None:
    (claim,) = extract_text("Mayor Ana Ruiz, who took office in 2022, said homicides fell 12 percent last year.",
                            nlp=build_pipeline())
    assert (claim.offense, claim.value) == ("homicide", 12)
    assert "2022" not in f"{claim.period} {claim.baseline}"


def test_counts_listed_after_the_same_period_of_a_comparison_go_to_a_reviewer() -> None:
    found = extract_text("So far this year Riverton has logged 412 shootings – compared with 455 for the same "
                         "period in 2022, 520 for 2021, and 498 for 2020.", nlp=build_pipeline())
    flagged = {c.value for c in found if "same_span_earlier" in c.qualifiers}
    assert flagged == {520, 498}


def test_over_the_year_before_is_the_baseline_not_the_period() -> None:
    found = extract_text("Some 250 fires were intentionally set in Riverton in 2018, an increase of 13 percent "
                         "over the year before.", nlp=build_pipeline())
    change = next(c for c in found if c.kind == "percent_change")
    assert (change.period, change.baseline) == ("2018", "the year before")


def test_the_year_of_a_year_end_total_is_its_period() -> None:
    found = extract_text("Riverton had fewer murders. Police say the 2009 year-end total was 466, down from 523 "
                         "in 2008.", nlp=build_pipeline())
    (pair,) = [c for c in found if c.kind == "from_to"]
    assert (pair.value, pair.from_value, pair.offense, pair.baseline) == (466, 523, "homicide", "2008")
    assert "2009" in (pair.period or "")


def test_each_comparison_of_a_list_takes_the_year_after_its_own_than() -> None:
    found = extract_text("Riverton has 12 more homicides than at this time in 2007 and 18 more than at this time "
                         "in 2006.", nlp=build_pipeline())
    assert {c.value: c.baseline for c in found} == {12: "2007", 18: "2006"}


def test_as_of_a_date_is_the_period_of_a_count() -> None:
    (claim,) = extract_text("In Riverton, as of Dec. 19, 674 people were killed.", nlp=build_pipeline())
    assert (claim.value, claim.offense, claim.period) == (674, "homicide", "as of Dec. 19")


def test_each_of_two_paces_takes_its_own_comparison() -> None:
    found = extract_text("Riverton reported 307 homicides through July, 31 percent ahead of last year's pace and "
                         "84 percent ahead of the rate recorded during the same period in 2013.", nlp=build_pipeline())
    baselines = {c.value: c.baseline for c in found if c.kind == "percent_change"}
    assert baselines == {31: "last year", 84: "the same period in 2013"}


def test_from_this_time_in_a_year_is_the_baseline() -> None:
    (claim,) = extract_text("Overall crime in Riverton is down over 27%from this time in 2012.", nlp=build_pipeline())
    assert (claim.period, claim.baseline, claim.qualifiers) == (None, "this time in 2012", ("more_than",))


def test_a_count_against_an_earlier_time_after_a_semicolon_keeps_that_time_as_its_baseline() -> None:
    text = "Murders in Riverton stand at 96; at this point last year, there were 120."
    (claim,) = extract_text(text, nlp=build_pipeline())
    assert (claim.kind, claim.value, claim.from_value) == ("from_to", 96, 120)
    assert (claim.period, claim.baseline) == (None, "this point last year")


def test_a_period_does_not_flow_back_across_a_semicolon() -> None:
    text = "Riverton has had 96 murders; there were 120 robberies at this point last year."
    periods = {c.value: c.period for c in extract_text(text, nlp=build_pipeline())}
    assert periods == {96: None, 120: "this point last year"}


def test_a_count_of_last_year_compared_to_one_of_this_year_is_the_older_side() -> None:
    text = "There were 6300 vehicles stolen in Riverton at this time last year, compared to 8,384 cars stolen year-to-date."
    (claim,) = extract_text(text, nlp=build_pipeline())
    assert (claim.kind, claim.value, claim.from_value, claim.direction) == ("from_to", 8384, 6300, "increase")
    assert (claim.period, claim.baseline) == ("year-to-date", "this time last year")


def test_a_month_compared_to_the_same_month_a_year_ago_keeps_the_first_figure_newer() -> None:
    text = "Riverton logged 41 robberies last month, compared to 29 in the same month a year ago."
    (claim,) = extract_text(text, nlp=build_pipeline())
    assert (claim.value, claim.from_value, claim.period) == (41, 29, "last month")


@pytest.mark.parametrize(("text", "value"), [
    ("Riverton had 41 homicides, down 8 percent from last year.", 41),
    ("The number of shootings in Riverton is at 474, more than two times what it was at this time last year.", 474),
])
def test_a_count_beside_a_change_does_not_take_the_time_the_change_is_measured_against(text: str, value: int) -> None:
    (count,) = [c for c in extract_text(text, nlp=build_pipeline()) if c.value == value]
    assert count.kind == "count" and count.period is None


def test_the_time_after_what_it_was_is_the_multiples_baseline() -> None:
    (claim,) = extract_text("Homicides in Riverton are now twice what they were in 2019.", nlp=build_pipeline())
    assert (claim.kind, claim.value, claim.period, claim.baseline) == ("percent_change", 100, None, "2019")


def test_two_rates_of_two_years_are_one_rate_with_its_older_figure_and_the_change_between_them() -> None:
    text = ("Riverton's serious crime rate dropped 66% (50 crimes per thousand in 1990 and 17 crimes per "
            "thousand in 2014).")
    claims = {c.kind: c for c in extract_text(text, nlp=build_pipeline())}
    rate, change = claims["rate"], claims["percent_change"]
    assert (rate.value, rate.from_value, rate.unit, rate.period, rate.baseline) == (17, 50, "per_1000", "2014", "1990")
    assert (change.value, change.period, change.baseline) == (66, "2014", "1990")


def test_each_count_of_a_list_of_years_keeps_its_own_year() -> None:
    text = "Riverton had 12 carjackings in 2021 and 9 in 2022 and 19 in 2023."
    periods = {c.value: c.period for c in extract_text(text, nlp=build_pipeline())}
    assert periods == {12: "2021", 9: "2022", 19: "2023"}


@pytest.mark.parametrize(("text", "period", "baseline"), [
    ("Riverton saw 212 burglaries involving forced entry in 2023, whereas there were 240 in 2022.", "2023", "2022"),
    ("In 2023, the count stood at 39, while there were 56 homicides at this same point in 2022.",
     "2023", "same point in 2022"),
    ("Riverton had only one homicide so far in 2023, compared to three last year.", "so far in 2023", "last year"),
])
def test_a_pair_across_whereas_or_while_takes_each_figure_s_own_time(text: str, period: str, baseline: str) -> None:
    (claim,) = extract_text(text, nlp=build_pipeline())
    assert claim.kind == "from_to" and claim.value < claim.from_value
    assert (claim.period, claim.baseline) == (period, baseline)


@pytest.mark.parametrize(("text", "older"), [
    ("The murder rate was 41.2 per 100,000 in 2021, down from 2019, when it was 47.4.", 47.4),
    ("Riverton's burglary rate per capita was 8.1 in 2022, up from 2019 when it was 6.6.", 6.6),
])
def test_a_rate_up_from_a_year_takes_that_year_s_rate_never_the_year(text: str, older: float) -> None:
    (claim,) = extract_text(text, nlp=build_pipeline())
    assert (claim.kind, claim.from_value, claim.baseline) == ("rate", older, "2019")


def test_each_change_takes_the_comparison_that_follows_it() -> None:
    text = ("Police counted 8,100 thefts so far this year, which is 29% higher compared to the same period two "
            "years ago but 5% lower compared to the same period last year.")
    baselines = {c.value: c.baseline for c in extract_text(text, nlp=build_pipeline()) if c.kind == "percent_change"}
    assert baselines == {29: "the same period two years ago", 5: "the same period last year"}


def test_a_record_s_first_time_since_is_no_baseline_of_another_claim() -> None:
    text = "Surveys showed a 22 percent increase in assaults, pushing the rate up for the first time since 1993."
    (change,) = [c for c in extract_text(text, nlp=build_pipeline()) if c.kind == "percent_change"]
    assert change.baseline is None


def test_a_which_clause_hanging_on_a_year_takes_that_year() -> None:
    text = ("In 2022, Riverton logged 412 burglaries, an increase of 5.6 percent over 2021, which had seen its own "
            "increase of 10.5 percent from the year before.")
    periods = {c.value: (c.period, c.baseline) for c in extract_text(text, nlp=build_pipeline())
               if c.kind == "percent_change"}
    assert periods[10.5] == ("2021", "the year before")


def test_two_figures_and_two_years_pair_up_in_order() -> None:
    text = "Shootings fell. After lows of 335 and 333 in 2013 and 2014, robberies climbed to 352 in 2015."
    periods = {c.value: c.period for c in extract_text(text, nlp=build_pipeline()) if c.kind == "count"}
    assert (periods[335], periods[333], periods[352]) == ("2013", "2014", "2015")
    offenses = {c.offense for c in extract_text(text, nlp=build_pipeline())}
    assert offenses == {"robbery"}


def test_signed_list_items_borrow_the_head_change_s_baseline() -> None:
    text = ("Traffic fatalities fell in 2022. Statewide, fatalities are estimated to have dropped more than 9% "
            "since 2021 in three counties – Marlow (-12%), Lake (-10%) and Riverton (-21%).")
    baselines = {c.value: c.baseline for c in extract_text(text, nlp=build_pipeline())}
    assert baselines == {9: "since 2021", 12: "since 2021", 10: "since 2021", 21: "since 2021"}


@pytest.mark.parametrize(("text", "baseline"), [
    ("Riverton recorded a 4.1 percent increase in violent crimes when compared to 2015.", "compared to 2015"),
    ("Robberies increased 8 percent when compared with 2016.", "compared with 2016"),
    ("The county's crime total in 2019 was 8,058, which is an increase of 1.1% from the volume of crimes in 2018.",
     "2018"),
])
def test_the_year_a_change_is_measured_from_is_its_baseline(text: str, baseline: str) -> None:
    (claim,) = [c for c in extract_text(text, nlp=build_pipeline()) if c.kind == "percent_change"]
    assert (claim.baseline, claim.period) == (baseline, None)


def test_figures_given_for_regions_are_not_the_articles_city() -> None:
    """A false "contradicted" would follow from checking "2.2 percent in the South" against the
    article's own city: a region or the whole country leaves the place to a person."""
    from extract.pipeline import extract_documents
    from records.claim import Document
    text = ("Burglaries increased in all regions, rising 4.9 percent in the Midwest, 2.2 percent in the South "
            "and 0.2 percent in the West. Robberies rose 4 percent nationwide. Thefts rose 3 percent in the city.")
    (_, claims), = list(extract_documents([Document(text=text, city="Riverton", state="OH")], nlp=build_pipeline()))
    places = [(c.value, c.place.city if c.place else None) for c in claims]
    assert places == [(4.9, None), (2.2, None), (0.2, None), (4, None), (3, "Riverton")]


@pytest.mark.parametrize("text", [
    "The nation's murder rate rose 1.8 percent in 2005.",
    "Nationally, homicides rose 30 percent in 2020.",
    "U.S. homicides rose 30% in 2020.",
    "Across the country, murders rose 30 percent in 2020.",
    "Violent crime in the United States increased 4.1 percent in 2016.",
])
def test_national_figures_are_not_the_articles_city(text: str) -> None:
    from extract.pipeline import extract_documents
    from records.claim import Document
    (_, claims), = list(extract_documents([Document(text=text, city="Riverton", state="OH")], nlp=build_pipeline()))
    assert [c.place for c in claims] == [None]
    assert all("region_or_nation" in c.qualifiers for c in claims)  # the checker sends them to review


def test_a_city_named_beside_the_nation_is_the_place() -> None:
    text = "Chicago, the nation's third-largest city, recorded 490 murders in 2019."
    (claim,) = extract_text(text, nlp=build_pipeline())
    assert claim.place is not None and claim.place.city == "Chicago"
