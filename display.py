"""How times and numbers are shown to people, in the CLI's tables and on the web pages.

JSON output keeps ISO 8601 times and raw numbers; only what a person reads goes through here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def human_time(value: str | date | datetime | None) -> str:
    """An ISO date or time as a person writes it: '2 Dec 2026, 12:49 UTC' for a time (converted
    to UTC; a time without a zone is taken as UTC), '2 Dec 2026' for a date. Text that is no
    ISO date comes back unchanged; None is ''.

    >>> human_time("2026-12-02T12:49:03Z"), human_time("2026-12-02"), human_time("2026-12-02T13:49+01:00")
    ('2 Dec 2026, 12:49 UTC', '2 Dec 2026', '2 Dec 2026, 12:49 UTC')
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        moment: datetime | None = value
    elif isinstance(value, date):
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    else:
        text = str(value).strip()
        if len(text) == 10:
            try:
                return human_time(date.fromisoformat(text))
            except ValueError:
                return text
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    assert moment is not None
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} UTC"


def thousands(value: float | int | None) -> str:
    """A count with thousands separators ('4,998'); a fraction keeps up to two decimals."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"
