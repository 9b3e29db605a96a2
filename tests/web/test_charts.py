"""The SVG charts of web/charts.py: well-formed, labelled, coordinates that follow the values,
missing figures as gaps (issue 13)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from web.charts import (
    Bar,
    Pin,
    Point,
    Stack,
    bar_chart,
    hbar_chart,
    line_chart,
    line_path,
    nice_max,
    stacked_columns,
    ticks,
    y_of,
)

pytestmark = pytest.mark.issue(13)
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars_of(root: ET.Element, css: str) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if css in r.get("class", "").split()]


def test_every_chart_is_an_image_with_a_title_and_a_description() -> None:
    charts = [
        bar_chart("b", "Murders", "Two years", [Bar("2015", 478), Bar("2016", 765)]),
        line_chart("l", "Series", "Years", [Point(date(2015, 7, 1), 478, "2015")]),
        stacked_columns("s", "Claims", "By year", [Stack("2016", (("supported", 2),))],
                        [("supported", "c-supported", "supported")]),
        hbar_chart("h", "Offenses", "Most claimed", [("homicide", 3)]),
    ]
    for chart in charts:
        root = parse(chart.svg)
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text == chart.title
        assert desc is not None and desc.text == chart.desc
        assert root.get("aria-labelledby") == f"{chart.key}-title {chart.key}-desc"
        assert chart.rows, "every chart carries the table of its numbers"


def test_bar_heights_follow_the_values_and_the_axis_starts_at_zero() -> None:
    chart = bar_chart("b", "t", "d", [Bar("2014", 411), Bar("2015", 478), Bar("2016", 765)])
    rects = bars_of(parse(chart.svg), "bar")
    heights = [float(r.get("height", 0)) for r in rects]
    assert heights[0] < heights[1] < heights[2]
    # heights are proportional to the values: the axis is not truncated
    assert heights[2] / heights[0] == pytest.approx(765 / 411, rel=0.01)
    tops = [float(r.get("y", 0)) for r in rects]
    assert tops[0] > tops[1] > tops[2]  # SVG y grows downwards


def test_a_missing_figure_is_a_gap_not_a_zero() -> None:
    chart = bar_chart("b", "t", "d", [Bar("2020", 771), Bar("2021", None), Bar("2022", 604)])
    root = parse(chart.svg)
    assert len(bars_of(root, "bar")) == 2  # no bar, not even a flat one, for 2021
    gaps = [t for t in root.iter(f"{SVG}text") if t.get("class") == "gap"]
    assert [g.text for g in gaps] == ["n/a"]
    assert chart.rows[1][:2] == ("2021", "not published")


def test_the_claim_period_and_baseline_are_highlighted_and_the_claimed_value_drawn_beside() -> None:
    chart = bar_chart("b", "t", "d", [Bar("2014", 300), Bar("2015", 378, "baseline"),
                                      Bar("2016", 536, "claim", claimed=567)])
    root = parse(chart.svg)
    (claim,) = bars_of(root, "c-claim")
    (baseline,) = bars_of(root, "c-baseline")
    (claimed,) = bars_of(root, "c-claimed")
    assert float(claimed.get("x", 0)) == pytest.approx(float(claim.get("x", 0)) + float(claim.get("width", 0)))
    assert float(claimed.get("height", 0)) > float(claim.get("height", 0))  # 567 > 536
    assert float(baseline.get("height", 0)) < float(claim.get("height", 0))
    assert [c for c, _ in chart.legend] == ["c-series", "c-baseline", "c-claim", "c-claimed"]
    assert chart.columns == ("Period", "Official", "Claimed", "Note")
    assert chart.legend[0][1] == "Official figures (Official)"


def test_line_path_breaks_at_a_missing_value() -> None:
    pts = [Point(date(2019, 7, 1), 492, "2019"), Point(date(2020, 7, 1), 771, "2020"),
           Point(date(2021, 7, 1), None, "2021"), Point(date(2022, 7, 1), 604, "2022")]
    path = line_path(pts, date(2019, 1, 1), date(2022, 12, 31), 1000)
    moves = re.findall(r"([ML])([\d.]+),([\d.]+)", path)
    assert [m[0] for m in moves] == ["M", "L", "M"]  # the pen lifts over 2021: no line to zero
    ys = [float(m[2]) for m in moves]
    assert ys[1] < ys[0]  # 771 is drawn above 492
    assert ys[0] == y_of(492, 1000)
    xs = [float(m[1]) for m in moves]
    assert xs == sorted(xs)


def test_line_chart_pins_claims_as_links() -> None:
    chart = line_chart("l", "t", "d", [Point(date(2015, 7, 2), 478, "2015"),
                                       Point(date(2016, 7, 1), 765, "2016")],
                       [Pin(date(2016, 5, 17), "Claim 25: up 50% (contradicted)", "c-contradicted",
                            "/claims/25")])
    root = parse(chart.svg)
    assert root.get("role") == "group"  # not "img": an image's links would be hidden from screen readers
    links = list(root.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == ["/claims/25"]
    assert links[0].get("aria-label") == "Claim 25: up 50% (contradicted)"
    dots = [c for c in root.iter(f"{SVG}circle")]
    assert len(dots) == 2
    assert ("pin c-contradicted", "A claim (links to it)") in chart.legend


def test_line_chart_marks_a_missing_figure_on_the_axis_not_at_zero_height() -> None:
    chart = line_chart("l", "t", "d", [Point(date(2020, 7, 1), 771, "2020"),
                                       Point(date(2021, 7, 1), None, "2021"),
                                       Point(date(2022, 7, 1), 604, "2022")])
    root = parse(chart.svg)
    dots = [c for c in root.iter(f"{SVG}circle") if "dot" in c.get("class", "")]
    gaps = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "gap-mark"]
    assert len(dots) == 2 and len(gaps) == 1
    assert gaps[0].find(f"{SVG}title").text == "2021: not published"  # type: ignore[union-attr]
    assert chart.rows[1] == ("2021", "not published")
    assert "M" in (root.find(f"{SVG}path").get("d") or "").split(" ")[-1]  # type: ignore[union-attr]


def test_stacked_columns_add_up() -> None:
    cats = [("supported", "c-supported", "supported"), ("contradicted", "c-contradicted", "contradicted")]
    chart = stacked_columns("s", "t", "d", [Stack("2015", (("supported", 3), ("contradicted", 1))),
                                            Stack("2016", (("supported", 1),))], cats)
    root = parse(chart.svg)
    rects = bars_of(root, "bar")
    assert len(rects) == 3
    first_col = [r for r in rects if r.get("x") == rects[0].get("x")]
    total = sum(float(r.get("height", 0)) for r in first_col)
    single = float(bars_of(root, "c-supported")[1].get("height", 0))
    assert total == pytest.approx(4 * single, rel=0.01)
    assert chart.rows == (("2015", "3", "1", "4"), ("2016", "1", "0", "1"))


def test_text_is_escaped() -> None:
    chart = hbar_chart("h", "<b>t</b>", "d & d", [("<script>x</script>", 2)])
    root = parse(chart.svg)  # parses: nothing broke out of the markup
    assert "<script>" not in str(chart.svg)
    assert root.find(f"{SVG}title").text == "<b>t</b>"  # type: ignore[union-attr]


@pytest.mark.parametrize(("value", "top"), [(0, 1), (7, 8), (378, 400), (536, 600), (765, 800),
                                            (1204, 1500), (12.43, 15), (25, 25)])
def test_nice_max(value: float, top: float) -> None:
    assert nice_max(value) == top


@pytest.mark.parametrize(("top", "expected"), [(600, [0, 200, 400, 600]),
                                               (150_000, [0, 30_000, 60_000, 90_000, 120_000, 150_000]),
                                               (12, [0, 3, 6, 9, 12]), (1, [0, 0.25, 0.5, 0.75, 1])])
def test_ticks_fall_on_round_numbers(top: float, expected: list[float]) -> None:
    assert ticks(top) == pytest.approx(expected)
