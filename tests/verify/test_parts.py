"""The parts under check_claim: arithmetic, tolerances, linking, vintages, consistency, places."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offenses.relations import official_ids_for, relate
from records.claim import Claim, Place
from records.official import Observation
from verify import VerifySettings, check_claim, internal_consistency
from verify.arithmetic import ZeroBaseline, pct_change, percent_tolerance
from verify.link import PeriodGap, PeriodValue, place_slug, resolve_jurisdiction, value_for, vintage_view

S = VerifySettings()


def _obs(start: str, end: str, value: float | None, as_of: str = "2024-07-08", n: int = 0) -> Observation:
    return Observation("manual:pd", "place:x-oh", "murder", "count", "victims", start, end, value, "final",
                       as_of, "2024-07-09T00:00:00", "https://example.org/x", obs_id=n or None)


def _claim(kind: str, value: float, direction: str = "decrease", quote: str = "", **kw: object) -> Claim:
    return Claim(quote=quote, start=kw.pop("start", 0), end=len(quote), sentence=str(kw.pop("sentence", quote)),  # type: ignore[arg-type]
                 kind=kind, direction=direction, value=value, unit=kw.pop("unit", "percent"),  # type: ignore[arg-type]
                 offense="homicide", rule="t", place=Place("X", "OH"), **kw)  # type: ignore[arg-type]


def test_pct_change_is_exact_and_refuses_a_zero_base() -> None:
    assert pct_change(30, 14) == pytest.approx(-53.3333, abs=1e-4)
    with pytest.raises(ZeroBaseline, match="compare the counts"):
        pct_change(0, 5)


@pytest.mark.parametrize(("value", "qualifiers", "quote", "inside", "outside"), [
    (53, (), "53%", [52.5, 53.0, 53.9], [52.4, 54.0]),
    (7.5, (), "7.5%", [7.45, 7.55], [7.44, 7.61]),
    (10, ("about",), "about 10%", [8.0, 12.0], [7.9, 12.1]),
    (50, ("nearly",), "nearly half", [45.0, 50.0], [44.9, 53.3]),
    (30, ("more_than",), "more than 30 percent", [30.01, 80.0], [30.0, 29.0]),
    (5, ("less_than",), "less than 5%", [0.0, 4.9], [5.0, 6.0]),
    (50, (), "cut in half", [45.0, 55.0], [44.9, 55.1]),
    (100, (), "doubled", [90.0, 110.0], [89.9, 110.1]),
], ids=["integer", "one decimal", "about", "nearly", "more than", "less than", "half", "doubled"])
def test_percent_tolerance_intervals(value: float, qualifiers: tuple[str, ...], quote: str,
                                     inside: list[float], outside: list[float]) -> None:
    tol = percent_tolerance(value, qualifiers, quote, S)
    assert all(tol.contains(x) for x in inside), tol
    assert not any(tol.contains(x) for x in outside), tol


def test_bands_are_configurable() -> None:
    """Baltimore 249 -> 230 'fell 10%' is contradicted by default, close with a 3 pp band."""
    claim = _claim("percent_change", 10, quote="murders fell 10 percent", sentence="Murders fell 10 percent in 2016.")
    obs = [_obs("2016-01-01", "2016-12-31", 230, n=1), _obs("2015-01-01", "2015-12-31", 249, n=2)]
    kwargs = {"published": date(2017, 1, 5), "observations": obs, "jurisdiction_id": "place:x-oh"}
    assert check_claim(claim, **kwargs).verdict == "contradicted"  # type: ignore[arg-type]
    assert check_claim(claim, settings=S.override(close_min_pp=3.0), **kwargs).verdict == "close"  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Unknown verify setting"):
        S.override(close_band=3)


def test_offense_relations() -> None:
    assert relate("homicide", None, "murder").relation == "equivalent"  # type: ignore[union-attr]
    assert relate("homicide", None, "gun_murder").relation == "finer"  # type: ignore[union-attr]
    assert relate("homicide", "gun_homicide", "gun_murder").relation == "exact"  # type: ignore[union-attr]
    assert relate("homicide", "gun_homicide", "murder").relation == "broader"  # type: ignore[union-attr]
    assert relate("homicide", None, "robbery") is None
    assert official_ids_for("homicide")[:2] == ("homicide", "murder")


def test_value_for_prefers_an_exact_period_then_sums_sub_periods() -> None:
    months = [_obs("2024-01-01", "2024-01-31", 3), _obs("2024-02-01", "2024-02-29", 4),
              _obs("2024-03-01", "2024-03-31", 5)]
    quarter = _obs("2024-01-01", "2024-03-31", 13)
    got = value_for([*months, quarter], date(2024, 1, 1), date(2024, 3, 31))
    assert isinstance(got, PeriodValue) and (got.value, got.method) == (13, "exact")
    summed = value_for(months, date(2024, 1, 1), date(2024, 3, 31))
    assert isinstance(summed, PeriodValue) and (summed.value, summed.method) == (12, "sum")
    gap = value_for(months[:2], date(2024, 1, 1), date(2024, 3, 31))
    assert isinstance(gap, PeriodGap) and gap.flag == "partial_reporting"


def test_vintage_view_keeps_the_latest_or_the_latest_before_a_date() -> None:
    old, new = _obs("2024-01-01", "2024-06-30", 14, "2024-07-01", 1), _obs("2024-01-01", "2024-06-30", 16, "2024-09-01", 2)
    assert [o.obs_id for o in vintage_view([old, new])] == [2]
    assert [o.obs_id for o in vintage_view([old, new], date(2024, 7, 10))] == [1]


def test_jurisdictions_fall_back_to_the_slug_and_refuse_a_bare_ambiguous_name() -> None:
    assert place_slug("St. Louis", "MO") == "place:st-louis-mo"
    assert resolve_jurisdiction("Hartford", "CT").jurisdiction_id == "place:hartford-ct"
    assert resolve_jurisdiction("Springfield", None).status == "ambiguous"

    def refuses(city: str, state: str | None) -> str | None:
        raise LookupError(f"{city} is in several states")

    link = resolve_jurisdiction("Springfield", "IL", refuses)
    assert (link.jurisdiction_id, link.status) == (None, "ambiguous")
    assert resolve_jurisdiction("Hartford", "CT", lambda c, s: "ori:CT0006400").jurisdiction_id == "ori:CT0006400"


def test_count_change_and_level_imply_a_pair_for_the_consistency_check() -> None:
    sentence = "Overdose deaths dropped by 14 to 48, a 10% decline."
    change = _claim("count_change", 14, quote="dropped by 14", unit="count", sentence=sentence, start=16)
    level = _claim("count", 48, "none", quote="to 48", unit="count", sentence=sentence, start=30)
    pct = _claim("percent_change", 10, quote="a 10% decline", sentence=sentence, start=37)
    (found,) = internal_consistency([change, level, pct])
    assert "(48 - 62) / 62 x 100 = -22.6%" in found.text
    assert internal_consistency([change, level, replace(pct, value=22.6)]) == []


def test_a_from_to_called_the_wrong_direction_is_inconsistent() -> None:
    claim = _claim("from_to", 14, "increase", quote="rose from 30 to 14", from_value=30, unit="count")
    (found,) = internal_consistency([claim])
    assert found.text == "'rose from 30 to 14' is called an increase, but from 30 to 14 is a decrease"


KINDS = st.sampled_from(["percent_change", "count", "count_change", "from_to", "rate", "record"])
PHRASES = st.sampled_from(["", "so far this year", "last year", "in 2023", "through June", "since 2019",
                           "in the first quarter", "compared with the same period in 2022", "a year earlier"])


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(kind=KINDS, value=st.floats(0, 3000, allow_nan=False), old=st.integers(0, 500),
       new=st.integers(0, 500), phrase=PHRASES, direction=st.sampled_from(["increase", "decrease", "none"]),
       published=st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2025, 12, 31))))
def test_check_claim_never_crashes(kind: str, value: float, old: int, new: int, phrase: str, direction: str,
                                   published: date | None) -> None:
    unit = {"rate": "per_100k", "record": "year", "percent_change": "percent"}.get(kind, "count")
    if kind == "record":
        value = float(int(value) % 40 + 1990)
    claim = Claim(quote=f"q {phrase}", start=0, end=3, sentence=f"Homicides changed {phrase}.", kind=kind,  # type: ignore[arg-type]
                  direction=direction, value=value, unit=unit, offense="homicide", rule="t",  # type: ignore[arg-type]
                  from_value=float(old) if kind == "from_to" else None, place=Place("X", "OH"))
    obs = [_obs(f"{y}-01-01", f"{y}-12-31", v, n=i + 1) for i, (y, v) in
           enumerate([(2019, old), (2022, old), (2023, new), (2024, new)])]
    check = check_claim(claim, published=published, observations=obs, jurisdiction_id="place:x-oh")
    assert check.verdict in ("supported", "close", "contradicted", "unverifiable", "needs_review")
    assert check.explanation


@pytest.mark.parametrize(("quote", "qualifiers", "rule"), [
    ("Robberies fell 12 percent in Eastport over the summer", (), None),
    ("under the new chief, thefts fell 5%", (), None),
    ("declined by more than 30 percent", (), "more_than"),
    ("Car thefts more than doubled", (), "more_than"),
    ("dropped by nearly a third", (), "nearly"),
    ("some 40 percent", (), "about"),
    ("about 5 percent", ("exactly",), None),
    ("5 percent", ("roughly",), "about"),
], ids=lambda v: str(v))
def test_hedges_are_read_only_right_before_a_number(quote: str, qualifiers: tuple[str, ...],
                                                    rule: str | None) -> None:
    from verify.wording import hedge_rule

    assert hedge_rule(qualifiers, quote) == rule
