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


MINUS = "\u2212"  # a true minus sign, not the hyphen


def number(value: float | int | None, *, signed: bool = False) -> str:
    """A figure as a person reads it, the one formatter of the CLI and the web pages: thousands
    separators, whole numbers without decimals, others to one place (two below 10, as rates are),
    a true minus sign; ``signed`` adds '+' to positives. None, a figure nobody has, is '?'.

    >>> number(4998), number(1234.5), number(3.25), number(-12.0), number(7, signed=True), number(None)
    ('4,998', '1,234.5', '3.25', '−12', '+7', '?')
    """
    if value is None:
        return "?"
    places = 0 if float(value).is_integer() else 2 if abs(value) < 10 else 1
    text = f"{abs(value):,.{places}f}"
    if places:
        text = text.rstrip("0").rstrip(".")
    sign = MINUS if value < 0 and text.strip("0.,") else "+" if signed and value > 0 else ""
    return sign + text
