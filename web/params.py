"""Search parameters from a query string, and the URLs that change one of them.

The same parameters drive the search page, its CSV/JSON exports and ``/api/claims``, so an
export always holds exactly what the page showed (all pages of it).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from db.search import SearchQuery

# query-string name -> (SearchQuery field, label shown to people)
FILTERS: dict[str, tuple[str, str]] = {
    "city": ("city", "City"),
    "state": ("state", "State"),
    "offense": ("offense", "Offense"),
    "kind": ("kind", "Kind of claim"),
    "verdict": ("verdict", "Verdict"),  # the fact-checker's, else the machine's
    "outlet": ("outlet", "Outlet"),
}
FILTER_LABELS: dict[str, str] = {name: lab for name, (_f, lab) in FILTERS.items()}

# The sort menu; "" = best match when there are words, newest article first when there are none.
SORTS: tuple[tuple[str, str], ...] = (
    ("", "Best match"),
    ("published_desc", "Newest first"),
    ("published_asc", "Oldest first"),
    ("newest_claim", "Recently found"),
)
SORT_VALUES = frozenset(v for v, _ in SORTS) | {"relevance"}
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_TEXT = 500

_MONTH = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


class BadParams(ValueError):
    """A search parameter we cannot use; the message says what to type instead."""


def _month_bound(raw: str, *, end: bool, name: str) -> str | None:
    raw = raw.strip()
    if not raw:
        return None
    m = _MONTH.match(raw)
    if not m:
        raise BadParams(f"{name} date {raw!r} is not a month: use YYYY-MM (for example 2024-06) or YYYY.")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    if not 1 <= month <= 12 or not 1000 <= year <= 9999:
        raise BadParams(f"{name} date {raw!r} is not a real month: use YYYY-MM.")
    if m.group(3):
        day = int(m.group(3))
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise BadParams(f"{name} date {raw!r} is not a real day.")
    else:
        day = calendar.monthrange(year, month)[1] if end else 1
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass(frozen=True, slots=True)
class SearchParams:
    """What the visitor asked for, as typed (for re-filling the form) and as a SearchQuery."""

    q: str = ""
    filters: tuple[tuple[str, str], ...] = ()  # (name, value) in FILTERS order
    date_from: str = ""
    date_to: str = ""
    sort: str = ""  # "" = best match with words, newest article first without
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_query(cls, params: QueryParams) -> SearchParams:
        q = (params.get("q") or "").strip()[:MAX_TEXT]
        filters = tuple((name, params[name].strip()[:200]) for name in FILTERS
                        if params.get(name, "").strip())
        sort = params.get("sort") or ""
        if sort not in SORT_VALUES:
            sort = ""
        try:
            page = max(1, min(int(params.get("page") or 1), 100_000))
        except ValueError:
            page = 1
        try:
            per_page = max(1, min(int(params.get("per_page") or DEFAULT_PER_PAGE), MAX_PER_PAGE))
        except ValueError:
            per_page = DEFAULT_PER_PAGE
        return cls(q=q, filters=filters, date_from=(params.get("from") or "").strip()[:10],
                   date_to=(params.get("to") or "").strip()[:10], sort=sort, page=page,
                   per_page=per_page)

    def query(self, *, limit: int | None = None, offset: int | None = None) -> SearchQuery:
        """The store's query; raises BadParams for dates we cannot read."""
        date_from = _month_bound(self.date_from, end=False, name="From")
        date_to = _month_bound(self.date_to, end=True, name="To")
        if date_from and date_to and date_from > date_to:
            raise BadParams("The From month is after the To month: swap them.")
        fields = {FILTERS[name][0]: value for name, value in self.filters}
        sort = self.sort or ("relevance" if self.q else "published_desc")
        if sort == "relevance" and not self.q:
            sort = "published_desc"
        return SearchQuery(
            text=self.q or None, date_from=date_from, date_to=date_to, sort=sort,
            limit=self.per_page if limit is None else limit,
            offset=(self.page - 1) * self.per_page if offset is None else offset,
            **fields)

    def items(self, **changes: object) -> list[tuple[str, str]]:
        """Query-string pairs of these parameters, with ``changes`` applied (None removes)."""
        pairs: dict[str, str] = {}
        if self.q:
            pairs["q"] = self.q
        for name, value in self.filters:
            pairs[name] = value
        if self.date_from:
            pairs["from"] = self.date_from
        if self.date_to:
            pairs["to"] = self.date_to
        if self.sort:
            pairs["sort"] = self.sort
        if self.per_page != DEFAULT_PER_PAGE:
            pairs["per_page"] = str(self.per_page)
        if self.page != 1:
            pairs["page"] = str(self.page)
        for key, value in changes.items():
            if value is None:
                pairs.pop(key, None)
            else:
                pairs[key] = str(value)
        return list(pairs.items())

    def url(self, path: str, **changes: object) -> str:
        pairs = self.items(**changes)
        return f"{path}?{urlencode(pairs)}" if pairs else path

    def with_page(self, page: int) -> SearchParams:
        return replace(self, page=page)

    def selected(self, name: str) -> str | None:
        return dict(self.filters).get(name)
