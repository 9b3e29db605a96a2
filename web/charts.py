"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, readable with CSS off.

Each function takes plain numbers and labels and returns a ``Chart``: the ``<svg>`` (with
``role="img"``, a ``<title>`` and a ``<desc>``), the legend and the table of its numbers, which
the page prints beside it. Colours come from classes in ``static/style.css`` (``.c-...``), so
the CSP needs no inline styles. A missing value (``None``) is a gap, never a zero: a bar is not
drawn and a line breaks.

Coordinates are in a fixed viewBox (``WIDTH`` x ``HEIGHT``) that CSS scales to the page width.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from markupsafe import Markup, escape

WIDTH = 360  # narrow, so that a phone shows the text at about its own size
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 22, 40
FONT = 12


@dataclass(frozen=True, slots=True)
class Chart:
    """An SVG chart with its text alternative and the table of its numbers."""

    key: str  # unique on the page: the ids of <title> and <desc> start with it
    title: str
    desc: str
    svg: Markup
    legend: tuple[tuple[str, str], ...] = ()  # (css class, words)
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Bar:
    """One period of a bar chart; ``claimed`` is drawn as an outlined bar beside the official."""

    label: str
    value: float | None  # None: not published (a gap, drawn as 'n/a')
    role: str = ""  # '' | 'claim' | 'baseline'
    claimed: float | None = None
    note: str = ""  # words for the table (e.g. 'claim period')
    axis: str = ""  # a shorter label under the bar ('2023' for '1 Jan–31 May 2023'); else ``label``


@dataclass(frozen=True, slots=True)
class Point:
    """One figure of a time series, drawn at ``when`` (the middle of its period)."""

    when: date
    value: float | None  # None: not published (the line breaks)
    label: str


@dataclass(frozen=True, slots=True)
class Pin:
    """A claim pinned on a time series: a marker at ``when``, linked to the claim's page."""

    when: date
    label: str  # e.g. 'Claim 25: up 50% (contradicted)'
    css: str  # e.g. 'c-contradicted'
    href: str = ""
    kind: str = ""  # the legend's words for pins of this css class, e.g. 'contradicted'


@dataclass(frozen=True, slots=True)
class Stack:
    """One column of a stacked column chart: counts per category, bottom first."""

    label: str
    parts: tuple[tuple[str, int], ...] = field(default_factory=tuple)  # (category, count)


# ---- scales --------------------------------------------------------------------------------

def nice_max(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at or
    above ``value``; 1 for 0. The axis then ends close above the largest figure."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value - 1e-9:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def ticks(top: float) -> list[float]:
    """Evenly spaced ticks from 0 to ``top`` at a round step (1, 2, 2.5, 3 or 5 times a power
    of ten), three to six intervals."""
    for count in (4, 5, 3, 6, 2):
        step = top / count
        mantissa = step / 10 ** math.floor(math.log10(step))
        if any(abs(mantissa - m) < 1e-9 for m in (1, 2, 2.5, 3, 5, 10)):
            return [step * i for i in range(count + 1)]
    return [top * i / 4 for i in range(5)]


def y_of(value: float, top: float, height: float = HEIGHT) -> float:
    """The y coordinate of ``value`` on a 0..``top`` axis (0 at the bottom of the plot)."""
    plot = height - TOP - BOTTOM
    return round(TOP + plot * (1 - value / top), 2)


def x_of(when: date, first: date, last: date, width: float = WIDTH) -> float:
    """The x coordinate of ``when`` on a time axis from ``first`` to ``last``."""
    span = max((last - first).days, 1)
    return round(LEFT + (width - LEFT - RIGHT) * (when - first).days / span, 2)


def short_number(value: float) -> str:
    """'1,204', '12.4', '7.5k' for axis ticks."""
    if abs(value) >= 10_000:
        return f"{value / 1000:,.0f}k" if value % 1000 == 0 else f"{value / 1000:,.1f}k"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _num(value: float | None) -> str:
    if value is None:
        return "not published"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


# ---- SVG pieces ----------------------------------------------------------------------------

def _open(key: str, title: str, desc: str, height: int = HEIGHT, role: str = "img") -> list[str]:
    """The <svg> start tag, <title> and <desc>. ``role="group"`` for a chart holding links (the
    children of an ``img`` are hidden from screen readers, links included)."""
    k = escape(key)
    return [f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {height}" role="{role}" '
            f'aria-labelledby="{k}-title {k}-desc" xmlns="http://www.w3.org/2000/svg" '
            f'font-size="{FONT}">',
            f'<title id="{k}-title">{escape(title)}</title>',
            f'<desc id="{k}-desc">{escape(desc)}</desc>']


def _y_axis(top: float, height: int = HEIGHT) -> list[str]:
    out = []
    for t in ticks(top):
        y = y_of(t, top, height)
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>')
        out.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4}" text-anchor="end">'
                   f'{escape(short_number(t))}</text>')
    return out


def _label_step(n: int, room: float, longest: int) -> int:
    """Show every k-th x label so that labels of ``longest`` characters do not overlap."""
    need = longest * FONT * 0.62 + 6
    return max(1, math.ceil(need / max(room, 1)))


# ---- charts --------------------------------------------------------------------------------

def bar_chart(key: str, title: str, desc: str, bars: Sequence[Bar], *, value_name: str = "Official",
              claimed_name: str = "Claimed") -> Chart:
    """Official figures as bars, the claim's period and baseline highlighted, the claimed value
    as an outlined bar beside the official one, a missing figure as 'n/a' (no bar)."""
    values = [v for b in bars for v in (b.value, b.claimed) if v is not None]
    top = nice_max(max(values, default=0.0) * 1.12)  # room above the tallest bar for its label
    plot_w = WIDTH - LEFT - RIGHT
    n = max(len(bars), 1)
    slot = plot_w / n
    paired = any(b.claimed is not None for b in bars)
    bar_w = slot * (0.4 if paired else 0.7)
    base = y_of(0, top)
    out = _open(key, title, desc) + _y_axis(top)
    step = _label_step(n, slot, max((len(b.axis or b.label) for b in bars), default=1))
    marked = [i for i, b in enumerate(bars) if b.role]
    labelled = set(marked) | {i for i in range(0, n, step) if all(abs(i - m) >= step for m in marked)}
    for i, b in enumerate(bars):
        x0 = LEFT + slot * i + (slot - bar_w * (2 if paired else 1)) / 2
        css = {"claim": "c-claim", "baseline": "c-baseline"}.get(b.role, "c-series")
        if b.value is None:
            out.append(f'<text class="gap" x="{round(x0 + bar_w / 2, 2)}" y="{base - 4}" '
                       f'text-anchor="middle">n/a</text>')
        else:
            y = y_of(b.value, top)
            out.append(f'<rect class="bar {css}" x="{round(x0, 2)}" y="{y}" width="{round(bar_w, 2)}" '
                       f'height="{round(base - y, 2)}"><title>{escape(b.label)}: '
                       f'{escape(_num(b.value))}</title></rect>')
            if b.role:
                out.append(f'<text class="value" x="{round(x0 + bar_w / 2, 2)}" y="{y - 4}" '
                           f'text-anchor="middle">{escape(short_number(b.value))}</text>')
        if b.claimed is not None:
            cx = x0 + bar_w
            cy = y_of(b.claimed, top)
            out.append(f'<rect class="bar c-claimed" x="{round(cx, 2)}" y="{cy}" width="{round(bar_w, 2)}" '
                       f'height="{round(base - cy, 2)}"><title>{escape(claimed_name)}, {escape(b.label)}: '
                       f'{escape(_num(b.claimed))}</title></rect>')
            label_y = cy - 4
            if b.value is not None and b.role and abs(cy - y_of(b.value, top)) < FONT + 2:
                label_y = min(cy, y_of(b.value, top)) - FONT - 6  # above the official figure's label
            out.append(f'<text class="value value-claimed" x="{round(cx + bar_w / 2, 2)}" y="{label_y}" '
                       f'text-anchor="middle">{escape(short_number(b.claimed))}</text>')
        if i in labelled:
            out.append(f'<text class="xlabel" x="{round(LEFT + slot * (i + 0.5), 2)}" y="{base + 18}" '
                       f'text-anchor="middle">{escape(b.axis or b.label)}</text>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}"/>')
    out.append("</svg>")
    legend = [("c-series", f"Official figures ({value_name})")]
    if any(b.role == "baseline" for b in bars):
        legend.append(("c-baseline", "The claim's baseline"))
    if any(b.role == "claim" for b in bars):
        legend.append(("c-claim", "The claim's period"))
    if paired:
        legend.append(("c-claimed", claimed_name))
    columns = ("Period", "Official") + ((claimed_name,) if paired else ()) + ("Note",)
    rows = tuple((b.label, _num(b.value)) + ((_num(b.claimed) if b.claimed is not None else "",)
                                             if paired else ()) + (b.note,) for b in bars)
    return Chart(key, title, desc, Markup("\n".join(out)), tuple(legend), columns, rows)


def line_path(points: Sequence[Point], first: date, last: date, top: float) -> str:
    """The SVG path of a series: 'M' starts a run, 'L' continues it, a missing value breaks it."""
    parts: list[str] = []
    pen_down = False
    for p in points:
        if p.value is None:
            pen_down = False
            continue
        x, y = x_of(p.when, first, last), y_of(p.value, top)
        parts.append(f"{'L' if pen_down else 'M'}{x},{y}")
        pen_down = True
    return " ".join(parts)


def line_chart(key: str, title: str, desc: str, points: Sequence[Point], pins: Sequence[Pin] = (),
               *, value_name: str = "Official") -> Chart:
    """A time series as a line with a dot per figure (gaps where a figure is missing) and the
    claims pinned on it as linked markers along the time axis."""
    dates = [p.when for p in points] + [p.when for p in pins]
    first, last = (min(dates), max(dates)) if dates else (date(2000, 1, 1), date(2001, 1, 1))
    if first == last:
        first, last = date(first.year, 1, 1), date(first.year, 12, 31)
    pad = timedelta(days=max(10, (last - first).days // 30))  # markers at the ends stay whole
    first, last = first - pad, last + pad
    top = nice_max(max((p.value for p in points if p.value is not None), default=0.0))
    base = y_of(0, top)
    out = _open(key, title, desc, role="group" if any(p.href for p in pins) else "img") + _y_axis(top)
    path = line_path(points, first, last, top)
    if path:
        out.append(f'<path class="line c-series" d="{path}" fill="none"/>')
    for p in points:
        x = x_of(p.when, first, last)
        if p.value is None:
            out.append(f'<circle class="gap-mark" cx="{x}" cy="{base}" r="3.5">'
                       f'<title>{escape(p.label)}: not published</title></circle>')
            continue
        out.append(f'<circle class="dot c-series" cx="{x}" cy="{y_of(p.value, top)}" r="3">'
                   f'<title>{escape(p.label)}: {escape(_num(p.value))}</title></circle>')
    years = sorted({d.year for d in dates})
    step = _label_step(len(years), (WIDTH - LEFT - RIGHT) / max(len(years), 1), 4)
    for i, year in enumerate(years):
        x = x_of(max(date(year, 1, 1), first), first, last)
        if i % step == 0 and x <= WIDTH - RIGHT - 4 * FONT * 0.62:  # never cut off at the right edge
            out.append(f'<text class="xlabel" x="{x}" y="{base + 18}" text-anchor="start">{year}</text>')
    seen: dict[float, int] = {}
    for pin in pins:
        x = x_of(pin.when, first, last)
        level = seen.get(x, 0)
        seen[x] = level + 1
        y = TOP + 2 + 14 * (level % 6)  # claims at the same date stack down from the top
        marker = (f'<path class="pin {escape(pin.css)}" d="M{x},{y - 7} l5,7 l-5,7 l-5,-7 z">'
                  f'<title>{escape(pin.label)}</title></path>')
        if pin.href:
            marker = f'<a href="{escape(pin.href)}" aria-label="{escape(pin.label)}">{marker}</a>'
        out.append(f'<line class="pin-line" x1="{x}" x2="{x}" y1="{y + 7}" y2="{base}"/>' + marker)
    out.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}"/>')
    out.append("</svg>")
    legend = [("c-series", f"Official figures ({value_name})")]
    if any(p.value is None for p in points):
        legend.append(("gap-mark", "Not published (a gap in the line)"))
    for css in dict.fromkeys(pin.css for pin in pins):
        kind = next((pin.kind for pin in pins if pin.css == css and pin.kind), "")
        legend.append((f"pin {css}", f"A claim{': ' + kind if kind else ''} (links to it)"))
    rows = tuple((p.label, _num(p.value)) for p in points)
    return Chart(key, title, desc, Markup("\n".join(out)), tuple(legend), ("Period", "Official"), rows)


def stacked_columns(key: str, title: str, desc: str, columns: Sequence[Stack],
                    categories: Sequence[tuple[str, str, str]]) -> Chart:
    """Counts per column split by category (``(category, css class, words)``, bottom first)."""
    top = nice_max(max((sum(c for _, c in col.parts) for col in columns), default=0))
    plot_w = WIDTH - LEFT - RIGHT
    n = max(len(columns), 1)
    slot = plot_w / n
    bar_w = min(slot * 0.7, 48)
    base = y_of(0, top)
    css = {cat: cls for cat, cls, _ in categories}
    words = {cat: w for cat, _, w in categories}
    out = _open(key, title, desc) + _y_axis(top)
    step = _label_step(n, slot, max((len(c.label) for c in columns), default=1))
    for i, col in enumerate(columns):
        x = round(LEFT + slot * i + (slot - bar_w) / 2, 2)
        running = 0
        counts = dict(col.parts)
        for cat, _, _ in categories:
            count = counts.get(cat, 0)
            if not count:
                continue
            y_hi, y_lo = y_of(running + count, top), y_of(running, top)
            out.append(f'<rect class="bar {escape(css[cat])}" x="{x}" y="{y_hi}" width="{round(bar_w, 2)}" '
                       f'height="{round(y_lo - y_hi, 2)}"><title>{escape(col.label)}: {count} '
                       f'{escape(words[cat])}</title></rect>')
            running += count
        if i % step == 0:
            out.append(f'<text class="xlabel" x="{round(LEFT + slot * (i + 0.5), 2)}" y="{base + 18}" '
                       f'text-anchor="middle">{escape(col.label)}</text>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}"/>')
    out.append("</svg>")
    used = [c for c in categories if any(dict(col.parts).get(c[0]) for col in columns)]
    legend = tuple((cls, w) for _, cls, w in used)
    header = ("Period",) + tuple(w for _, _, w in used) + ("All",)
    rows = tuple((col.label,) + tuple(str(dict(col.parts).get(cat, 0)) for cat, _, _ in used)
                 + (str(sum(c for _, c in col.parts)),) for col in columns)
    return Chart(key, title, desc, Markup("\n".join(out)), legend, header, rows)


def hbar_chart(key: str, title: str, desc: str, items: Sequence[tuple[str, int]], *,
               count_name: str = "Claims", item_name: str = "") -> Chart:
    """Counts as horizontal bars, one row each, largest first as given."""
    row_h = 26
    height = TOP + row_h * max(len(items), 1) + 8
    label_w = 140
    top = nice_max(max((c for _, c in items), default=0))
    out = _open(key, title, desc, height)
    for i, (label, count) in enumerate(items):
        y = TOP + row_h * i
        w = round((WIDTH - label_w - 36) * count / top, 2)
        shown = label if len(label) <= 20 else label[:19] + "\u2026"
        out.append(f'<text class="ylabel" x="{label_w - 8}" y="{y + 17}" text-anchor="end">'
                   f'{escape(shown)}</text>')
        out.append(f'<rect class="bar c-series" x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}">'
                   f'<title>{escape(label)}: {count}</title></rect>')
        out.append(f'<text class="value" x="{label_w + w + 5}" y="{y + 17}">{count}</text>')
    out.append("</svg>")
    rows = tuple((label, str(count)) for label, count in items)
    return Chart(key, title, desc, Markup("\n".join(out)), (), (item_name or "Item", count_name), rows)
