"""The claim page's arithmetic table and plain explanation (web/claim_view.py): dates a reader
says, thousands separators, no internal ids, sources named and linked (issue 13)."""

from __future__ import annotations

import html
import re

import pytest

from db.records import CheckRow, StoredClaim
from records.claim import Claim, Place
from records.official import Observation
from web.claim_view import arithmetic, explanation, plain

pytestmark = pytest.mark.issue(13)

SOURCE = "manual:chicago-police-department:murder-2016-prelim-csv-fivethirtyeight-murder-2016"
EXPLANATION = (
    "Claim: “50 percent jump” (a 50% increase in homicide). Period: through oct. 2: Jan 1 to the "
    "stated cut-off (2016-01-01 to 2016-10-02) vs the same span a year earlier (2015-01-01 to "
    "2015-10-02). Official figures: claim period: 5360 (2016-01-01 to 2016-10-02, as of 2016-10-02, "
    "preliminary). Arithmetic: (5360 - 3780) / 3780 x 100 = +41.8%. Tolerance: an integer percent "
    "allows ±0.5 pp rounding (or cut-off decimals); close band: off by at most max(2 pp, 10% of the "
    f"true change) = 4.18 pp. Series: Chicago Police Department ({SOURCE}), murder count of victims "
    "(official 'murder' is the usual measure of 'homicide'). Verdict: Contradicted — off by 8.2 pp, "
    "more than the close band of 4.2 pp.")


def stored() -> StoredClaim:
    sentence = "Chicago had 5,360 homicides through Oct. 2, a 50 percent jump."
    quote = "50 percent jump"
    claim = Claim(quote=quote, start=sentence.index(quote), end=sentence.index(quote) + len(quote),
                  sentence=sentence, kind="percent_change", direction="increase", value=50,  # type: ignore[arg-type]
                  unit="percent", offense="homicide", rule="t.v1", place=Place("Chicago", "IL"))
    return StoredClaim(claim, 25, 1, "https://news.example/a", city="Chicago", state="IL")


def obs(obs_id: int, start: str, end: str, value: float) -> Observation:
    return Observation(SOURCE, "place:chicago-il", "murder", "count", "victims", start, end, value,
                       "preliminary", "2016-10-02", "2016-10-03T00:00:00Z",
                       "https://github.com/fivethirtyeight/data/blob/master/murder_2016/murder_2016_prelim.csv",
                       publisher="Chicago Police Department",
                       document_title="murder_2016_prelim.csv", obs_id=obs_id)


CHECK = CheckRow(
    id=1, claim_id=25, verdict="contradicted", flags=("preliminary_data",), explanation=EXPLANATION,
    method_version="verify.v1", checked_at="2026-12-02T16:21:11+00:00", observation_ids=(15, 16),
    computed={"claimed_pct": 50.0, "old": 3780.0, "new": 5360.0, "true_pct": 41.7989,
              "period_assumed": False, "reason": "off by 8.2 pp, more than the close band of 4.2 pp",
              "period_basis": "through oct. 2: Jan 1 to the stated cut-off (2016-01-01 to 2016-10-02)",
              "figures": {"claim period": {"start": "2016-01-01", "end": "2016-10-02", "value": 5360.0,
                                           "observation_ids": [15]},
                          "comparison period": {"start": "2015-01-01", "end": "2015-10-02",
                                                "value": 3780.0, "observation_ids": [16]}}},
    tolerance={"text": "an integer percent allows ±0.5 pp rounding (or cut-off decimals)",
               "close_text": "close band: off by at most max(2 pp, 10% of the true change) = 4.18 pp"},
    period_start="2016-01-01", period_end="2016-10-02", baseline_start="2015-01-01",
    baseline_end="2015-10-02")
OBSERVATIONS = [obs(15, "2016-01-01", "2016-10-02", 5360), obs(16, "2015-01-01", "2015-10-02", 3780)]


def test_the_arithmetic_table_has_human_dates_separators_and_the_change() -> None:
    table = arithmetic(stored(), CHECK)
    rows = [(r.label, r.when, r.official, r.claimed) for r in table.rows]
    assert rows == [("Compared with", "1 Jan–2 Oct 2015", "3,780", ""),
                    ("Claim period", "1 Jan–2 Oct 2016", "5,360", "≈5,670"),
                    ("Change", "", "+1,580 (+41.8%)", "+50%")]
    facts = dict(table.facts)
    assert facts["Difference"] == "8.2 percentage points"
    assert facts["Allowed"] == ("An integer percent allows ±0.5 points rounding (or cut-off decimals); "
                                "close if off by at most 4.2 points (the larger of 2 points and 10% "
                                "of the true change)")
    assert facts["Verdict"] == "Contradicted: off by 8.2 points, more than the close band of 4.2 points"


def test_the_explanation_names_sources_links_them_and_shows_no_internal_ids() -> None:
    sentences = [html.unescape(str(s)) for s in explanation(stored(), CHECK, OBSERVATIONS)]
    text = " ".join(sentences)
    assert "manual:" not in text and "place:" not in text
    assert "_" not in re.sub(r'href="[^"]+"', "", text).replace("murder_2016_prelim.csv", "")
    assert not re.search(r"\d{4}-\d\d-\d\d", re.sub(r'href="[^"]+"', "", text))  # no ISO dates
    assert sentences[0] == "The article claims a 50% increase in homicide."
    assert sentences[1] == ("It is read as 1 Jan–2 Oct 2016, compared with 1 Jan–2 Oct 2015 (from the "
                            "words “through oct. 2”).")
    assert sentences[2] == (
        'Chicago Police Department publishes 5,360 murder (victims) for 1 Jan–2 Oct 2016, preliminary; '
        '3,780 murder (victims) for 1 Jan–2 Oct 2015, preliminary in <a href="https://github.com/'
        'fivethirtyeight/data/blob/master/murder_2016/murder_2016_prelim.csv" rel="noopener noreferrer '
        'nofollow">“murder_2016_prelim.csv”</a>.')
    assert "The arithmetic: (5360 − 3780) / 3780 × 100 = +41.8%." in sentences
    assert ("Series used: Chicago Police Department, murder count of victims (official 'murder' is the "
            "usual measure of 'homicide').") in sentences
    assert sentences[-1].startswith("Flagged: preliminary data (the official figures are preliminary")


def test_hostile_source_text_is_escaped_and_a_javascript_link_dropped() -> None:
    bad = [Observation(SOURCE, "place:chicago-il", "murder", "count", "victims", "2016-01-01",
                       "2016-10-02", 5360, "final", None, "2016-10-03T00:00:00Z", "javascript:alert(1)",
                       publisher="<b>Evil</b>", document_title="<script>x</script>", obs_id=15)]
    text = " ".join(str(s) for s in explanation(stored(), CHECK, bad))
    assert "<b>" not in text and "<script>" not in text and "javascript:" not in text
    assert "&lt;b&gt;Evil&lt;/b&gt;" in text


@pytest.mark.parametrize(("raw", "shown"), [
    ("no official figures for shooting in place:riverton-oh", "no official figures for shooting in Riverton, OH"),
    ("FBI UCR Program (fbi-cius-table8), robbery count of incidents: no figure covers 2016-01-01 to "
     "2016-06-30", "FBI UCR Program, robbery count of incidents: no figure covers 1 Jan–30 Jun 2016"),
    ("no official figures for motor_vehicle_theft", "no official figures for motor vehicle theft"),
    ("close band: within max(2, 3%) = 14.34", "close band: within 14.3 (the larger of 2 and 3%)"),
])
def test_plain_replaces_ids_with_names(raw: str, shown: str) -> None:
    assert plain(raw) == shown
