"""(claim, official figures) -> (verdict, flags): one parametrized case per row.

Every verdict and every flag appears at least once (the last two tests make sure). Figures are
our own except the FiveThirtyEight murder_2016 YTD pairs the reference quotes (CC BY 4.0).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pytest

from records.claim import Claim, Place
from records.official import Observation
from verify import FLAGS, VERDICTS, check_claim

PUB = date(2024, 7, 10)
J = "place:lakeside-oh"
_ids = itertools.count(1)


def C(kind: str, value: float, direction: str = "decrease", *, offense: str | None = "homicide",
      quote: str = "", sentence: str = "", unit: str = "percent", **kw: object) -> Claim:
    """A claim; the sentence defaults to the quote (period words live in the sentence)."""
    if kind in ("count", "count_change", "from_to") and unit == "percent":
        unit = "count"
    sentence = sentence or quote
    start = kw.pop("start", 0)
    return Claim(quote=quote, start=start, end=start + len(quote), sentence=sentence, kind=kind,  # type: ignore[arg-type]
                 direction=direction, value=value, unit=unit, offense=offense,  # type: ignore[arg-type]
                 rule=str(kw.pop("rule", "test.v1")),
                 place=kw.pop("place", Place("Lakeside", "OH")), **kw)  # type: ignore[arg-type]


def Ob(offense: str, start: str, end: str, value: float | None, *, status: str = "final",
      as_of: str | None = "2024-07-08", unit: str = "offenses", source: str = "manual:lakeside_pd",
      measure: str = "count", jid: str = J) -> Observation:
    return Observation(source, jid, offense, measure, unit, start, end, value, status, as_of,
                       "2024-07-09T00:00:00", "https://example.org/lakeside/compstat.pdf",
                       publisher="Lakeside Police Department", obs_id=next(_ids))


def ytd(offense: str, old: float, new: float, cutoff: str = "07-07", **kw: object) -> list[Observation]:
    """Year-to-date figures through 2024-<cutoff> and the same span of 2023."""
    return [Ob(offense, "2024-01-01", f"2024-{cutoff}", new, **kw),  # type: ignore[arg-type]
            Ob(offense, "2023-01-01", f"2023-{cutoff}", old, **kw)]  # type: ignore[arg-type]


def annual(offense: str, values: dict[int, float | None], **kw: object) -> list[Observation]:
    return [Ob(offense, f"{y}-01-01", f"{y}-12-31", v, **kw) for y, v in values.items()]  # type: ignore[arg-type]


def monthly(offense: str, year: int, values: Sequence[float | None], **kw: object) -> list[Observation]:
    ends = ["01-31", "02-29" if year % 4 == 0 else "02-28", "03-31", "04-30", "05-31", "06-30"]
    return [Ob(offense, f"{year}-{m + 1:02d}-01", f"{year}-{ends[m]}", v, **kw)  # type: ignore[arg-type]
            for m, v in enumerate(values)]


@dataclass(frozen=True)
class Row:
    id: str
    claim: Claim
    observations: list[Observation]
    verdict: str
    flags: frozenset[str] = frozenset()
    published: date | None = PUB
    jurisdiction: str | None = J
    sentence: tuple[Claim, ...] = field(default=())


def R(id: str, claim: Claim, observations: list[Observation], verdict: str, flags: Sequence[str] = (),
      **kw: object) -> Row:
    return Row(id, claim, observations, verdict, frozenset(flags), **kw)  # type: ignore[arg-type]


YTD_PCT = "Homicides are down 53% compared to this time last year."
HARTFORD_FROM, HARTFORD_PCT = (
    C("from_to", 14, from_value=30, quote="30 homicides at this point last year, compared to 14",
      sentence="There were 30 homicides at this point last year, compared to 14 so far this year, a 40% drop."),
    C("percent_change", 40, quote="a 40% drop", start=80,
      sentence="There were 30 homicides at this point last year, compared to 14 so far this year, a 40% drop."),
)
RECORD = "Lakeside recorded its fewest homicides since 2006 last year."
YEARS = {2006: 40, 2007: 55, 2008: 52, 2009: 50, 2010: 47, 2011: 45, 2012: 44, 2013: 48, 2014: 46,
         2015: 43, 2016: 45, 2017: 49, 2018: 50, 2019: 47, 2020: 52, 2021: 51, 2022: 44, 2023: 41}

ROWS: list[Row] = [
    # --- the reference's FiveThirtyEight examples (murder_2016_prelim.csv) -----------------------
    R("538 Chicago 378->536 'up 42%' supported",
      C("percent_change", 42, "increase", quote="Chicago murders up 42%",
        sentence="Chicago murders are up 42% compared to this time last year.", place=Place("Chicago", "IL")),
      [Ob("murder", "2016-01-01", "2016-10-02", 536, status="preliminary", as_of="2016-10-02", unit="victims",
         jid="place:chicago-il"),
       Ob("murder", "2015-01-01", "2015-10-02", 378, status="preliminary", as_of="2016-10-02", unit="victims",
         jid="place:chicago-il")],
      "supported", ["preliminary_data", "period_assumed"], published=date(2016, 10, 4),
      jurisdiction="place:chicago-il"),
    R("538 Baltimore 249->230 'fell 10%' contradicted",
      C("percent_change", 10, quote="Baltimore murders fell 10%",
        sentence="Baltimore murders fell 10% compared to the same period last year.",
        place=Place("Baltimore", "MD")),
      [Ob("murder", "2016-01-01", "2016-10-01", 230, status="preliminary", as_of="2016-10-01",
         jid="place:baltimore-md"),
       Ob("murder", "2015-01-01", "2015-10-01", 249, status="preliminary", as_of="2016-10-01",
         jid="place:baltimore-md")],
      "contradicted", ["preliminary_data", "period_assumed"], published=date(2016, 10, 3),
      jurisdiction="place:baltimore-md"),
    R("538 New York 266->252 'down 5%' supported",
      C("percent_change", 5, quote="NYC murders down 5%", sentence="NYC murders are down 5% so far this year.",
        place=Place("New York", "NY")),
      [Ob("murder", "2016-01-01", "2016-09-25", 252, status="preliminary", as_of="2016-09-25",
         jid="place:new-york-ny"),
       Ob("murder", "2015-01-01", "2015-09-25", 266, status="preliminary", as_of="2016-09-25",
         jid="place:new-york-ny")],
      "supported", ["preliminary_data", "period_assumed"], published=date(2016, 9, 28),
      jurisdiction="place:new-york-ny"),
    # --- percent changes: rounding and wording ---------------------------------------------------
    R("30->14 '53% decrease' supported (integer rounding)",
      C("percent_change", 53, quote="53% decrease in homicides", sentence=YTD_PCT), ytd("murder", 30, 14),
      "supported", ["period_assumed", "small_base"] and ["period_assumed"]),
    R("1000->461 '53%' supported (cut-off decimals)",
      C("percent_change", 53, offense="burglary", quote="Burglaries are down 53%", sentence=YTD_PCT),
      ytd("burglary", 1000, 461), "supported", ["period_assumed"]),
    R("30->14 'down 50%' close (3.3 pp within 5.3)",
      C("percent_change", 50, quote="Homicides down 50%", sentence="Homicides are down 50% this year."),
      ytd("murder", 30, 14), "close", ["period_assumed"]),
    R("30->14 'up 53%' contradicted (wrong direction)",
      C("percent_change", 53, "increase", quote="Homicides up 53%", sentence="Homicides are up 53% this year."),
      ytd("murder", 30, 14), "contradicted", ["period_assumed"]),
    # --- claims the learned number reader read: never printed as contradicted ----------------------
    R("learned reading, 30->14 'up 53%': needs review, not contradicted",
      C("percent_change", 53, "increase", quote="53 percent", sentence="Homicides are up 53 percent this year.",
        rule="number_roles_change.v1"),
      ytd("murder", 30, 14), "needs_review", ["period_assumed", "learned_reading"]),
    R("learned reading, 30->14 '53%' down: supported, flagged",
      C("percent_change", 53, quote="53 percent", sentence="Homicides are down 53 percent this year.",
        rule="number_roles_change.v1"),
      ytd("murder", 30, 14), "supported", ["period_assumed", "learned_reading"]),
    R("2000->1851 '7.5%' supported (one decimal)",
      C("percent_change", 7.5, offense="crime_overall", quote="Overall crime is down 7.5% year to date"),
      ytd("part1_total", 2000, 1851), "supported", ["period_assumed"]),
    R("2000->1854 '7.5%' close (0.2 pp off a one-decimal figure)",
      C("percent_change", 7.5, offense="crime_overall", quote="Overall crime is down 7.5% year to date"),
      ytd("part1_total", 2000, 1854), "close", ["period_assumed"]),
    R("200->183 'about 10%' supported (hedge +-2 pp)",
      C("percent_change", 10, offense="robbery", quote="Robberies fell about 10% so far this year",
        qualifiers=("about",)), ytd("robbery", 200, 183), "supported", ["period_assumed"]),
    R("200->170 'roughly 10%' contradicted (15% is outside the hedge and the band)",
      C("percent_change", 10, offense="robbery", quote="Robberies fell roughly 10% so far this year"),
      ytd("robbery", 200, 170), "contradicted", ["period_assumed"]),
    R("30->14 'nearly half' close (53.3% is more than half)",
      C("percent_change", 50, quote="homicides fell by nearly half", sentence="This year homicides fell by nearly half.",
        qualifiers=("nearly",)), ytd("murder", 30, 14), "close", ["period_assumed"]),
    R("300->205 'nearly a third' supported",
      C("percent_change", 33.3, offense="burglary", quote="Burglaries dropped by nearly a third",
        sentence="Burglaries dropped by nearly a third compared with last year."),
      ytd("burglary", 300, 205), "supported", ["period_assumed"]),
    R("200->104 'cut in half' supported (fraction +-5 pp)",
      C("percent_change", 50, offense="motor_vehicle_theft", quote="car thefts had been cut in half",
        sentence="Car thefts have been cut in half this year."), ytd("motor_vehicle_theft", 200, 104),
      "supported", ["period_assumed"]),
    R("200->130 'halved' contradicted (35% is not half)",
      C("percent_change", 50, offense="motor_vehicle_theft", quote="car thefts halved",
        sentence="Car thefts halved this year."), ytd("motor_vehicle_theft", 200, 130),
      "contradicted", ["period_assumed"]),
    R("100->230 'more than doubled' supported (one-sided)",
      C("percent_change", 100, "increase", offense="motor_vehicle_theft", quote="Car thefts more than doubled",
        sentence="Car thefts more than doubled this year.", qualifiers=("more_than",)),
      ytd("motor_vehicle_theft", 100, 230), "supported", ["period_assumed"]),
    R("100->195 'more than doubled' close (95% is just short)",
      C("percent_change", 100, "increase", offense="motor_vehicle_theft", quote="Car thefts more than doubled",
        sentence="Car thefts more than doubled this year."), ytd("motor_vehicle_theft", 100, 195),
      "close", ["period_assumed"]),
    R("200->138 'more than 30 percent' supported",
      C("percent_change", 30, offense="shooting", quote="Shootings declined by more than 30 percent",
        sentence="Shootings declined by more than 30 percent this year."),
      ytd("shooting_incidents", 200, 138, unit="incidents"), "supported", ["period_assumed"]),
    R("200->142 'more than 30 percent' close (29%)",
      C("percent_change", 30, offense="shooting", quote="Shootings declined by more than 30 percent",
        sentence="Shootings declined by more than 30 percent this year."),
      ytd("shooting_incidents", 200, 142, unit="incidents"), "close", ["period_assumed"]),
    R("200->195 'less than 5%' supported",
      C("percent_change", 5, offense="burglary", quote="Burglaries fell less than 5%",
        sentence="Burglaries fell less than 5% this year.", qualifiers=("less_than",)),
      ytd("burglary", 200, 195), "supported", ["period_assumed"]),
    R("400->402 'flat' supported",
      C("percent_change", 0, "none", offense="robbery", quote="robberies were flat",
        sentence="Robberies were flat so far this year."), ytd("robbery", 400, 402), "supported",
      ["period_assumed"]),
    R("400->440 'flat' contradicted",
      C("percent_change", 0, "none", offense="robbery", quote="robberies were flat",
        sentence="Robberies were flat so far this year."), ytd("robbery", 400, 440), "contradicted",
      ["period_assumed"]),
    R("2023 vs 2022 'rose 9% last year' supported (calendar years)",
      C("percent_change", 9, "increase", offense="aggravated_assault", quote="Aggravated assaults rose 9%",
        sentence="Aggravated assaults rose 9% in Lakeside last year."),
      annual("aggravated_assault", {2022: 300, 2023: 327}), "supported"),
    R("larceny claim vs larceny_theft series supported (equivalent id)",
      C("percent_change", 13, "increase", offense="larceny", quote="a 13% increase",
        sentence="Every category dropped except larceny, where there was a 13% increase in 2023."),
      annual("larceny_theft", {2022: 1000, 2023: 1130}), "supported"),
    R("Q1 from monthly figures summed 'first quarter' supported",
      C("from_to", 22, from_value=35, offense="shooting", quote="fell to 22 from 35",
        sentence="The number of shootings fell to 22 from 35 in the first quarter."),
      monthly("shooting_incidents", 2024, [8, 7, 7], unit="incidents")
      + monthly("shooting_incidents", 2023, [12, 11, 12], unit="incidents"), "supported"),
    # --- counts and count changes ----------------------------------------------------------------
    R("from 30 to 14, counts exact: supported",
      C("from_to", 14, from_value=30, quote="30 homicides at this point last year, compared to 14 so far this year"),
      ytd("murder", 30, 14), "supported", ["period_assumed"]),
    R("from 30 to 14 vs 30 -> 15 final: close (off by one)",
      C("from_to", 14, from_value=30, quote="30 homicides at this point last year, compared to 14 so far this year"),
      ytd("murder", 30, 15), "close", ["period_assumed"]),
    R("from 30 to 14 vs preliminary 30 -> 15: supported (revision noise)",
      C("from_to", 14, from_value=30, quote="30 homicides at this point last year, compared to 14 so far this year"),
      ytd("murder", 30, 15, status="preliminary"), "supported", ["period_assumed", "preliminary_data"]),
    R("from 30 to 14 vs 40 -> 24: contradicted",
      C("from_to", 14, from_value=30, quote="30 homicides at this point last year, compared to 14 so far this year"),
      ytd("murder", 40, 24), "contradicted", ["period_assumed"]),
    R("41 through June vs 57 in same period of 2023: supported",
      C("from_to", 41, from_value=57, offense="shooting",
        quote="41 shootings through June, down from 57",
        sentence="The department recorded 41 shootings through June, down from 57 during the same period in 2023."),
      ytd("shooting_incidents", 57, 41, cutoff="06-30", unit="incidents"), "supported"),
    R("41 shootings vs a victims series: close (unit_mismatch)",
      C("from_to", 41, from_value=57, offense="shooting", quote="41 shootings through June, down from 57",
        sentence="The department recorded 41 shootings through June, down from 57 during the same period in 2023."),
      ytd("shooting_victims", 57, 41, cutoff="06-30", unit="victims"), "close", ["unit_mismatch"]),
    R("'19 killings in 2023' exact count supported",
      C("count", 19, "none", quote="19 killings in 2023", sentence="There were 19 killings in 2023."),
      annual("murder", {2023: 19}), "supported"),
    R("'63 burglaries last year' vs 70: contradicted",
      C("count", 63, "none", offense="burglary", quote="63 burglaries last year",
        sentence="Lakeside saw 63 burglaries last year."), annual("burglary", {2023: 70}), "contradicted"),
    R("'more than 100 robberies' vs 120: supported",
      C("count", 100, "none", offense="robbery", quote="more than 100 robberies in 2023",
        sentence="There were more than 100 robberies in 2023."), annual("robbery", {2023: 120}), "supported"),
    R("'12 fewer robberies' 112 -> 100: supported",
      C("count_change", 12, offense="robbery", quote="12 fewer robberies",
        sentence="There were 12 fewer robberies this year than last."), ytd("robbery", 112, 100),
      "supported", ["period_assumed"]),
    R("'12 fewer robberies' 112 -> 99: close",
      C("count_change", 12, offense="robbery", quote="12 fewer robberies",
        sentence="There were 12 fewer robberies this year than last."), ytd("robbery", 112, 99),
      "close", ["period_assumed"]),
    R("'12 fewer robberies' 100 -> 112: contradicted (wrong direction)",
      C("count_change", 12, offense="robbery", quote="12 fewer robberies",
        sentence="There were 12 fewer robberies this year than last."), ytd("robbery", 100, 112),
      "contradicted", ["period_assumed"]),
    # --- rates ------------------------------------------------------------------------------------
    R("'812 per 100,000' vs rate series 812.3: supported",
      C("rate", 812, "none", offense="violent_crime", unit="per_100k",
        quote="violent crime rate stood at 812 per 100,000 residents",
        sentence="The violent crime rate stood at 812 per 100,000 residents in 2023."),
      annual("violent_crime", {2023: 812.3}, measure="rate_per_100k", unit="offenses"), "supported"),
    R("'6.1 per 100,000' from count 61 / population 1,000,000: supported",
      C("rate", 6.1, "none", unit="per_100k", quote="The homicide rate was 6.1 per 100,000 people",
        sentence="The homicide rate was 6.1 per 100,000 people in 2023."),
      annual("murder", {2023: 61}) + annual("_population", {2023: 1_000_000}, measure="population",
                                            unit="persons"), "supported"),
    R("'6.1 per 100,000' from count 70 / population 1,000,000: contradicted",
      C("rate", 6.1, "none", unit="per_100k", quote="The homicide rate was 6.1 per 100,000 people",
        sentence="The homicide rate was 6.1 per 100,000 people in 2023."),
      annual("murder", {2023: 70}) + annual("_population", {2023: 1_000_000}, measure="population",
                                            unit="persons"), "contradicted"),
    R("rate with counts but no population: unverifiable",
      C("rate", 6.1, "none", unit="per_100k", quote="The homicide rate was 6.1 per 100,000 people",
        sentence="The homicide rate was 6.1 per 100,000 people in 2023."),
      annual("murder", {2023: 61}), "unverifiable"),
    R("'homicide rate fell 10%' from counts and populations: supported",
      C("percent_change", 10, quote="the homicide rate fell 10%", sentence="In 2023 the homicide rate fell 10%."),
      annual("murder", {2022: 100, 2023: 99}) + annual("_population", {2022: 1_000_000, 2023: 1_100_000},
                                                      measure="population", unit="persons"), "supported"),
    R("'rate fell to 6.1' while it rose: contradicted (direction)",
      C("rate", 6.1, unit="per_100k", quote="The homicide rate fell to 6.1 per 100,000 people",
        sentence="The homicide rate fell to 6.1 per 100,000 people in 2023."),
      annual("murder", {2022: 50, 2023: 61}) + annual("_population", {2022: 1_000_000, 2023: 1_000_000},
                                                     measure="population", unit="persons"), "contradicted"),
    R("'rate rose 5 percent' when it rose 5 points: close (pp_vs_pct)",
      C("percent_change", 5, "increase", offense="aggravated_assault",
        quote="the aggravated assault rate rose 5 percent",
        sentence="In 2023 the aggravated assault rate rose 5 percent."),
      annual("aggravated_assault", {2022: 10.0, 2023: 15.0}, measure="rate_per_100k"), "close",
      ["pp_vs_pct"]),
    # --- records ----------------------------------------------------------------------------------
    R("'fewest since 2006' with 2023 = 41, 2006 = 40: supported",
      C("record", 2006, unit="year", quote="fewest homicides since 2006", sentence=RECORD),
      annual("murder", YEARS), "supported"),
    R("'fewest since 2005' when the answer is 2006: close (off by one year)",
      C("record", 2005, unit="year", quote="fewest homicides since 2005",
        sentence="Lakeside recorded its fewest homicides since 2005 last year."),
      annual("murder", {2005: 39, **YEARS}), "close"),
    R("'fewest since 2006' with 2015 lower: contradicted",
      C("record", 2006, unit="year", quote="fewest homicides since 2006", sentence=RECORD),
      annual("murder", {**YEARS, 2015: 38}), "contradicted"),
    R("'fewest since 2006' with 2015 tied: close",
      C("record", 2006, unit="year", quote="fewest homicides since 2006", sentence=RECORD),
      annual("murder", {**YEARS, 2015: 41}), "close"),
    R("'fewest since 2006' with 2012 missing: unverifiable",
      C("record", 2006, unit="year", quote="fewest homicides since 2006", sentence=RECORD),
      annual("murder", {y: v for y, v in YEARS.items() if y != 2012}), "unverifiable", ["partial_reporting"]),
    R("'fewest since 2000' when the series starts in 2006: unverifiable",
      C("record", 2000, unit="year", quote="fewest homicides since 2000",
        sentence="Lakeside recorded its fewest homicides since 2000 last year."),
      annual("murder", {**YEARS, 2006: 45}), "unverifiable"),
    R("'highest total since 2015' supported",
      C("record", 2015, "increase", offense="burglary", unit="year", quote="the highest total since 2015",
        sentence="Lakeside saw 63 burglaries last year, the highest total since 2015."),
      annual("burglary", {2015: 70, 2016: 60, 2017: 58, 2018: 55, 2019: 50, 2020: 44, 2021: 52,
                          2022: 61, 2023: 63}), "supported"),
    R("'fewest in a decade' supported (2013 lower, 2014-2022 higher)",
      C("record", 10, unit="years", quote="fewest homicides in a decade",
        sentence="Lakeside recorded its fewest homicides in a decade last year."),
      annual("murder", {2013: 40, 2014: 46, 2015: 43, 2016: 45, 2017: 49, 2018: 50, 2019: 47, 2020: 52,
                        2021: 51, 2022: 44, 2023: 41}), "supported"),
    # --- context flags ----------------------------------------------------------------------------
    R("7 -> 1 'down 86%' supported (small base)",
      C("percent_change", 86, offense="arson", quote="Arsons are down 86% so far this year"),
      ytd("arson", 7, 1), "supported", ["small_base", "period_assumed"]),
    R("7 -> 1 'down 70%' needs review (small base, not exact)",
      C("percent_change", 70, offense="arson", quote="Arsons are down 70% so far this year"),
      ytd("arson", 7, 1), "needs_review", ["small_base", "period_assumed"]),
    R("0 -> 5 'up 100%': needs review (no percent from zero)",
      C("percent_change", 100, "increase", offense="arson", quote="Arsons are up 100% so far this year"),
      ytd("arson", 0, 5), "needs_review", ["small_base", "period_assumed"]),
    R("homicide claim vs gun-murder series only: needs review (definition)",
      C("percent_change", 25, quote="homicides fell 25 percent", sentence="Homicides fell 25 percent this year."),
      ytd("gun_murder", 40, 30, unit="victims"), "needs_review", ["definition_mismatch", "period_assumed"]),
    R("nonfatal shootings vs all shooting incidents: needs review (definition)",
      C("percent_change", 30, offense="shooting", offense_detail="nonfatal_shootings",
        quote="Nonfatal shootings declined by 30 percent", sentence="Nonfatal shootings declined by 30 percent this year."),
      ytd("shooting_incidents", 100, 70, unit="incidents"), "needs_review",
      ["definition_mismatch", "unit_mismatch", "period_assumed"]),
    R("gun homicides vs gun-murder series: supported (detail matches)",
      C("percent_change", 25, offense="homicide", offense_detail="gun_homicide", quote="gun homicides fell 25 percent",
        sentence="Gun homicides fell 25 percent this year."),
      ytd("gun_murder", 40, 30, unit="victims") + ytd("murder", 60, 58, unit="victims"), "supported",
      ["period_assumed"]),
    R("YTD claim with only annual figures: unverifiable (period_mismatch)",
      C("percent_change", 53, quote="53% decrease in homicides", sentence=YTD_PCT),
      annual("murder", {2022: 60, 2023: 50}), "unverifiable", ["period_mismatch", "period_assumed"]),
    R("'through Sept. 30' with figures through Sept. 27: close (period_mismatch)",
      C("percent_change", 10, offense="robbery", quote="Robberies fell 10% through Sept. 30",
        sentence="Robberies fell 10% through Sept. 30, 2023."),
      [Ob("robbery", "2023-01-01", "2023-09-27", 900, as_of="2023-09-28"),
       Ob("robbery", "2022-01-01", "2022-09-27", 1000, as_of="2023-09-28")], "close", ["period_mismatch"]),
    R("first half with one month not reported: unverifiable (partial_reporting)",
      C("percent_change", 18, quote="Homicides fell 18 percent in the first six months of the year"),
      monthly("murder", 2024, [5, 4, None, 6, 5, 4]) + monthly("murder", 2023, [6, 5, 6, 6, 5, 5]),
      "unverifiable", ["partial_reporting"]),
    R("first half summed from monthly figures: supported",
      C("percent_change", 18, quote="Homicides fell 18 percent in the first six months of the year"),
      monthly("murder", 2024, [5, 4, 4, 5, 4, 5]) + monthly("murder", 2023, [6, 5, 6, 6, 5, 5]),
      "supported"),
    R("assumed cut-off snaps to daily figures summed to the data's last day",
      C("percent_change", 50, offense="arson", quote="Arsons are down 50% so far this year"),
      [Ob("arson", f"2024-{m:02d}-01", f"2024-{m:02d}-{d}", v) for m, d, v in
       ((1, 31, 5), (2, 29, 5), (3, 31, 5), (4, 30, 5), (5, 31, 5), (6, 30, 5))]
      + [Ob("arson", f"2023-{m:02d}-01", f"2023-{m:02d}-{d}", v) for m, d, v in
         ((1, 31, 10), (2, 28, 10), (3, 31, 10), (4, 30, 10), (5, 31, 10), (6, 30, 10))],
      "supported", ["period_assumed"]),
    R("figures revised after publication: the reporter's vintage matched -> close",
      C("percent_change", 53, quote="53% decrease in homicides", sentence=YTD_PCT),
      ytd("murder", 30, 14, as_of="2024-07-08") + ytd("murder", 30, 18, as_of="2024-08-15"),
      "close", ["revised_since_claim", "period_assumed"]),
    R("figures revised after publication, still within rounding: supported",
      C("percent_change", 53, quote="53% decrease in homicides", sentence=YTD_PCT),
      ytd("murder", 300, 140, as_of="2024-07-08") + ytd("murder", 300, 141, as_of="2024-08-15"),
      "supported", ["revised_since_claim", "period_assumed"]),
    R("county agency figures for a city claim: close (jurisdiction_mismatch)",
      C("percent_change", 53, quote="53% decrease in homicides", sentence=YTD_PCT),
      ytd("murder", 30, 14, jid="ori:OH0000000"), "close", ["jurisdiction_mismatch", "period_assumed"]),
    R("a district's robberies vs city-wide figures: needs review (jurisdiction_mismatch)",
      C("from_to", 51, from_value=88, offense="robbery", quote="from 88 to 51",
        sentence="Robberies in the downtown district fell sharply, from 88 to 51, so far this year.",
        place=Place("Lakeside", "OH", neighborhood="downtown")),
      ytd("robbery", 880, 510), "needs_review", ["jurisdiction_mismatch", "period_assumed"]),
    R("two sources disagree: needs review",
      C("percent_change", 53, quote="53% decrease in homicides", sentence=YTD_PCT),
      ytd("murder", 30, 14) + ytd("murder", 30, 20, source="socrata:lakeside:abcd-1234"),
      "needs_review", ["period_assumed"]),
    R("two sources agree: supported",
      C("percent_change", 53, quote="53% decrease in homicides", sentence=YTD_PCT),
      ytd("murder", 30, 14) + ytd("murder", 300, 140, source="socrata:lakeside:abcd-1234"),
      "supported", ["period_assumed"]),
    # --- no data, no offense, no place, no date ---------------------------------------------------
    R("no figures at all: unverifiable",
      C("percent_change", 53, quote="53% decrease in homicides", sentence=YTD_PCT), [], "unverifiable",
      ["period_assumed"]),
    R("figures for another offense only: unverifiable",
      C("percent_change", 27, "increase", offense="retail_theft", quote="Shoplifting complaints jumped 27%",
        sentence="Shoplifting complaints jumped 27% this year."), ytd("robbery", 100, 90),
      "unverifiable", ["period_assumed"]),
    R("no offense named: needs review",
      C("percent_change", 12, offense=None, quote="down 12 percent", sentence="It is down 12 percent."),
      ytd("murder", 30, 14), "needs_review"),
    R("'gun violence is down 12 percent': needs review (umbrella term)",
      C("percent_change", 12, offense="shooting", quote="Gun violence is down 12 percent",
        sentence="Gun violence is down 12 percent this year."), ytd("shooting_incidents", 100, 88, unit="incidents"),
      "needs_review"),
    R("'61 homicides, 14 of which were gang-related' (a part of a total): needs review, never contradicted",
      C("count", 14, "none", quote="14 of which", qualifiers=("subset",),
        sentence="Police counted 61 homicides so far this year, 14 of which were gang-related."),
      ytd("murder", 30, 61), "needs_review"),
    R("'down 5% compared to the five-year average': needs review, never checked against one year",
      C("percent_change", 5, quote="Homicides were down 5%", qualifiers=("against_average",),
        sentence="Homicides were down 5% so far this year compared to the five-year average."),
      ytd("murder", 30, 14), "needs_review"),
    R("'about 850 cars stolen per month' (an average): needs review, never checked against a year's total",
      C("count", 850, "none", quote="850 cars stolen", offense="motor_vehicle_theft", qualifiers=("about", "per_time"),
        sentence="Riverton used to see about 850 cars stolen per month in 2022."),
      ytd("motor_vehicle_theft", 100, 9800), "needs_review"),
    R("'Nationally, homicides rose 53%' in a Lakeside paper: needs review, never checked against Lakeside",
      C("percent_change", 53, "increase", quote="homicides rose 53%", qualifiers=("region_or_nation",), place=None,
        sentence="Nationally, homicides rose 53% this year."),
      ytd("murder", 30, 14), "needs_review"),
    R("offense 'other': needs review",
      C("percent_change", 12, offense="other", quote="weapons offenses down 12 percent"),
      ytd("weapons_violations", 100, 88), "needs_review"),
    R("ambiguous place (no jurisdiction): needs review",
      C("percent_change", 53, quote="53% decrease in homicides", sentence=YTD_PCT, place=Place("Springfield")),
      ytd("murder", 30, 14), "needs_review", jurisdiction=None),
    R("'so far this year' with no publication date: unverifiable",
      C("percent_change", 53, quote="53% decrease in homicides", sentence=YTD_PCT), ytd("murder", 30, 14),
      "unverifiable", published=None),
    # --- internal consistency ---------------------------------------------------------------------
    R("'from 30 to 14, a 40% drop' with no figures: unverifiable + internal_inconsistency",
      HARTFORD_PCT, [], "unverifiable", ["internal_inconsistency", "period_assumed"],
      sentence=(HARTFORD_FROM, HARTFORD_PCT)),
    R("'from 30 to 14, a 40% drop' against figures: contradicted + internal_inconsistency",
      HARTFORD_PCT, ytd("murder", 30, 14), "contradicted", ["internal_inconsistency", "period_assumed"],
      sentence=(HARTFORD_FROM, HARTFORD_PCT)),
    R("'from 30 to 14' part of the inconsistent sentence: supported + internal_inconsistency",
      HARTFORD_FROM, ytd("murder", 30, 14), "supported", ["internal_inconsistency", "period_assumed"],
      sentence=(HARTFORD_FROM, HARTFORD_PCT)),
]


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_verdict_table(row: Row) -> None:
    check = check_claim(row.claim, published=row.published, observations=row.observations,
                        jurisdiction_id=row.jurisdiction, sentence_claims=row.sentence, claim_id=7)
    assert (check.verdict, set(check.flags)) == (row.verdict, set(row.flags)), check.explanation
    assert check.method_version == "verify.v2"
    assert check.explanation.startswith("Claim: ")
    assert row.verdict.replace("_", " ").lower()[:5] in check.explanation.lower()
    if row.verdict in ("supported", "close", "contradicted"):
        assert check.observation_ids, "a graded check names the observations it used"
        assert check.tolerance is not None


def test_table_covers_every_verdict() -> None:
    assert {r.verdict for r in ROWS} == set(VERDICTS)


def test_table_covers_every_flag() -> None:
    assert set().union(*(r.flags for r in ROWS)) == set(FLAGS)


def test_table_has_at_least_fifty_cases() -> None:
    assert len(ROWS) >= 50


def test_two_series_of_one_source_are_not_conflicting_sources() -> None:
    """Victims and incidents from the same police department are two measures, not a conflict."""
    claim = C("percent_change", 20, offense="shooting", quote="The shooting count fell 20%",
              sentence="The shooting count fell 20% so far this year.")
    obs = (ytd("shooting_incidents", 100, 80, unit="incidents")
           + ytd("shooting_victims", 100, 60, unit="victims"))
    check = check_claim(claim, published=PUB, observations=obs, jurisdiction_id=J)
    assert (check.verdict, check.flags) == ("supported", ("period_assumed",)), check.explanation
