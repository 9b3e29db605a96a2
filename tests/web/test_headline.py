"""The claim page's pasteable headline, built from a claim and its latest check (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest

from db.records import CheckRow
from display import number
from records.claim import Claim
from web.headline import headline, span

pytestmark = pytest.mark.issue(13)


def claim(kind: str, direction: str, value: float | None, unit: str, *,
          from_value: float | None = None, quote: str = "fell 53 percent") -> Claim:
    sentence = f"Homicides {quote} this year."
    return Claim(quote=quote, start=10, end=10 + len(quote), sentence=sentence, kind=kind,  # type: ignore[arg-type]
                 direction=direction, value=value, unit=unit, offense="homicide",  # type: ignore[arg-type]
                 rule="test.v1", from_value=from_value)


def check(verdict: str, computed: dict[str, Any] | None, *, period: tuple[str, str] | None = None,
          baseline: tuple[str, str] | None = None) -> CheckRow:
    return CheckRow(id=1, claim_id=1, verdict=verdict, flags=(), explanation="", method_version="t",
                    checked_at="2026-11-01T00:00:00Z", computed=computed,
                    period_start=period[0] if period else None, period_end=period[1] if period else None,
                    baseline_start=baseline[0] if baseline else None,
                    baseline_end=baseline[1] if baseline else None)


H1 = (("2024-01-01", "2024-07-14"), ("2023-01-01", "2023-07-14"))


def test_percent_claim() -> None:
    c = claim("percent_change", "decrease", 53, "percent")
    k = check("supported", {"old": 30, "new": 14, "true_pct": -53.3333, "claimed_pct": -53},
              period=H1[0], baseline=H1[1])
    assert headline(c, k) == ("Claimed: down 53%. Official: 30 → 14, −53.3%, "
                              "1 Jan–14 Jul 2024 vs the same span of 2023. Supported.")


def test_percent_claim_with_thousands_and_whole_years() -> None:
    c = claim("percent_change", "increase", 50, "percent")
    k = check("contradicted", {"old": 3780, "new": 5360, "true_pct": 41.7989},
              period=("2017-01-01", "2017-12-31"), baseline=("2016-01-01", "2016-12-31"))
    assert headline(c, k) == ("Claimed: up 50%. Official: 3,780 → 5,360, +41.8%, 2017 vs 2016. "
                              "Contradicted.")


def test_from_to_claim() -> None:
    c = claim("from_to", "decrease", 14, "count", from_value=1200, quote="fell from 1,200 to 14")
    k = check("close", {"old": 1210, "new": 14, "claimed_old": 1200, "claimed_new": 14,
                        "true_pct": -98.843}, period=("2024-03-01", "2024-03-31"),
              baseline=("2023-03-01", "2023-03-31"))
    assert headline(c, k) == ("Claimed: 1,200 → 14. Official: 1,210 → 14, −98.8%, "
                              "Mar 2024 vs the same span of 2023. Close.")


def test_count_claim() -> None:
    c = claim("count", "none", 378, "count", quote="378 homicides")
    k = check("supported", {"claimed": 378, "official": 378.0}, period=("2023-01-01", "2023-12-31"))
    assert headline(c, k) == "Claimed: 378. Official: 378, 2023. Supported."


def test_count_change_claim() -> None:
    c = claim("count_change", "decrease", 12, "count", quote="12 fewer")
    k = check("supported", {"old": 40, "new": 28, "true_diff": -12, "claimed_diff": -12},
              period=("2024-01-01", "2024-12-31"), baseline=("2022-01-01", "2022-12-31"))
    assert headline(c, k) == "Claimed: down 12. Official: 40 → 28, −12, 2024 vs 2022. Supported."


def test_record_claim() -> None:
    c = claim("record", "decrease", 2010, "year", quote="lowest since 2010")
    k = check("contradicted", {"current": 14, "year": 2024, "claimed_since": 2010, "true_since": 2019,
                               "values": {}}, period=("2024-01-01", "2024-12-31"))
    assert headline(c, k) == ("Claimed: lowest since 2010. Official: 14 in 2024, lowest since 2019, "
                              "2024. Contradicted.")
    on_record = claim("record", "increase", None, "count", quote="the highest on record")
    k = check("supported", {"current": 9, "year": 2024, "true_since": None},
              period=("2024-01-01", "2024-12-31"))
    assert headline(on_record, k) == ("Claimed: highest on record. Official: 9 in 2024, the highest in "
                                      "the series, 2024. Supported.")


def test_no_check_yet_and_no_figures() -> None:
    c = claim("percent_change", "decrease", 53, "percent")
    assert headline(c, None) == "Claimed: down 53%. Not checked against official figures yet."
    assert headline(c, check("unverifiable", None)) == ("Claimed: down 53%. Official: no comparable "
                                                        "figure. Unverifiable.")


@pytest.mark.parametrize(("value", "text"), [
    (4998, "4,998"), (1234567.0, "1,234,567"), (-12, "−12"), (41.8, "41.8"), (3.456, "3.46"),
    (0, "0"), (-0.001, "0"),
])
def test_number(value: float, text: str) -> None:
    assert number(value) == text


def test_span_across_a_new_year() -> None:
    assert span("2023-12-01", "2024-02-29") == "1 Dec 2023–29 Feb 2024"
