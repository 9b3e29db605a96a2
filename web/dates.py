"""Periods as a reader says them: '2024', 'Mar 2024', '1 Jan–14 Jul 2024'.

A single date or time goes through ``display.human_time``; this module adds the spans between
two dates that the claim page and the charts need. Every function takes ISO text (only the first
ten characters are read) and returns None for a missing date, so a template can fall back to
its own words.
"""

from __future__ import annotations

from datetime import date

DASH = "\u2013"


def parse(text: str | None) -> date | None:
    """The date at the start of ISO text, or None when there is none or it is unreadable."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def day(text: str | None, *, year: bool = True) -> str | None:
    """'2 Oct 2016' ('2 Oct' without the year)."""
    d = parse(text)
    if d is None:
        return None
    return f"{d.day} {d.strftime('%b')}" + (f" {d.year}" if year else "")


def span(start: str | None, end: str | None) -> str | None:
    """'2024' for a calendar year, 'Mar 2024' for a calendar month, '1 Jan–14 Jul 2024' within
    a year, '1 Dec 2023–29 Feb 2024' across years."""
    a, b = parse(start), parse(end)
    if a is None or b is None:
        return None
    if a.year == b.year:
        if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
            return str(a.year)
        if a.month == b.month and a.day == 1 and _last_day(b):
            return f"{a.strftime('%b')} {a.year}"
        return f"{day(start, year=False)}{DASH}{day(end)}"
    return f"{day(start)}{DASH}{day(end)}"


def _last_day(d: date) -> bool:
    return d.month != date.fromordinal(d.toordinal() + 1).month
