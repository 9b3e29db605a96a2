"""The `Claim` record: what the extractor hands to every later stage (the claim contract)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["percent_change", "count", "count_change", "from_to", "rate", "record"]
Direction = Literal["decrease", "increase", "none"]
Unit = Literal["percent", "count", "per_100k", "per_1000", "year", "years"]

KINDS: tuple[str, ...] = ("percent_change", "count", "count_change", "from_to", "rate", "record")
DIRECTIONS: tuple[str, ...] = ("decrease", "increase", "none")
UNITS: tuple[str, ...] = ("percent", "count", "per_100k", "per_1000", "year", "years")
OFFENSES: tuple[str, ...] = (
    "homicide", "shooting", "violent_crime", "property_crime", "crime_overall", "robbery",
    "aggravated_assault", "assault", "burglary", "larceny", "motor_vehicle_theft", "carjacking",
    "rape", "arson", "retail_theft", "drug_offense", "overdose", "traffic_death", "other",
)


@dataclass(frozen=True, slots=True)
class Place:
    """The place a claim is about: a city (and state), optionally a neighborhood in it."""

    city: str | None
    state: str | None = None
    neighborhood: str | None = None
    source: Literal["text", "article", "context"] = "article"  # context: an earlier sentence

    def label(self) -> str:
        parts = [p for p in (self.neighborhood, self.city, self.state) if p]
        return ", ".join(parts)


#: The qualifier of a count that is a part of a total named before it ("61 overdose calls, 14 of
#: which were fatal"): no official series counts the part, so the checker leaves it to a reviewer.
SUBSET_QUALIFIER = "subset"
#: The qualifier of a change measured against an average of several years ("down 5% compared to
#: the five-year average"): no single comparison period stands for it, so a reviewer checks it.
AVERAGE_QUALIFIER = "against_average"
#: Qualifiers that keep a claim from a machine verdict, with the reason a reviewer is shown.
#: The qualifier of a figure stated per day, week, month or year ("about 850 cars stolen per
#: month", "more than 600 a year"): an average, which no total of one period stands for.
PER_TIME_QUALIFIER = "per_time"
#: The qualifier of a count listed after "the same period" of a comparison ("compared with 1,893
#: for the same period in 2022, 2,338 for 2021"): it counts part of its year, which part is not said.
SAME_SPAN_QUALIFIER = "same_span_earlier"
#: The qualifier of a figure given for a region or the whole country ("2.2 percent in the South",
#: "Nationally, homicides rose 30 percent"): not the article's city, and no bundled series covers it.
WIDER_AREA_QUALIFIER = "region_or_nation"
REVIEW_QUALIFIERS: dict[str, str] = {
    WIDER_AREA_QUALIFIER: "the figure is for a region or the whole country, not the article's city; no "
                          "official series for that area is linked yet",
    AVERAGE_QUALIFIER: "the change is measured against an average of several years, which no single comparison "
                       "period stands for",
    PER_TIME_QUALIFIER: "the figure is an average per day, week, month or year ('850 cars stolen per month'); "
                        "no official total of one period stands for it",
    SAME_SPAN_QUALIFIER: "the count is for the same part of an earlier year as the comparison before it "
                         "('2,338 for 2021' after 'the same period in 2022'), not for the whole year",
    SUBSET_QUALIFIER: "the claim counts a part of a total named before it ('14 of which were fatal'); no official "
                      "series counts that part",
}


#: The start of every rule id of the learned number reader (extract/number_roles.py): its claims
#: were read by a statistical model, not matched by a written rule.
LEARNED_RULE_PREFIX = "number_roles_"


def read_by_model(rule: str | None) -> bool:
    """Was a claim with this rule id read by the learned number reader?"""
    return bool(rule) and rule.startswith(LEARNED_RULE_PREFIX)


@dataclass(frozen=True, slots=True)
class Claim:
    """One statistical claim found in a text, with its character offsets into that text.

    Fields follow the claim contract in DESIGN.md. ``value`` is the number the claim states
    (see DESIGN.md for what it holds per kind); ``from_value`` only for ``from_to``.
    """

    quote: str
    start: int
    end: int
    sentence: str
    kind: Kind
    direction: Direction
    value: float | None  # None only for a record with no year or span ("the lowest on record")
    unit: Unit
    offense: str | None
    rule: str
    from_value: float | None = None
    baseline: str | None = None
    period: str | None = None
    place: Place | None = None
    qualifiers: tuple[str, ...] = ()
    offense_detail: str | None = None
    offense_from: Literal["text", "context"] | None = None
    id: str | None = None  # the input document's id (with --jsonl)
    sentence_start: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON form of the claim contract (one line of `claims extract --jsonl`)."""
        d = asdict(self)
        d["qualifiers"] = list(self.qualifiers)
        d["place"] = self.place.label() if self.place else None
        d["city"] = self.place.city if self.place else None
        d["state"] = self.place.state if self.place else None
        d["neighborhood"] = self.place.neighborhood if self.place else None
        if isinstance(self.value, float) and self.value.is_integer():
            d["value"] = int(self.value)
        if isinstance(self.from_value, float) and self.from_value.is_integer():
            d["from_value"] = int(self.from_value)
        return d


@dataclass(frozen=True, slots=True)
class Document:
    """One input text for extraction, with the context the extractor may use."""

    text: str
    id: str | None = None
    city: str | None = None
    state: str | None = None
    published: str | None = None  # YYYY-MM-DD
    extra: dict[str, Any] = field(default_factory=dict)
    headline: str | None = None  # the article's title, or its URL's slug words (extract/headline.py)
