"""The claim page's comparison in a reader's words: the arithmetic as a small table and the
explanation as plain sentences, with sources named by publisher and document (linked) and no
internal ids.

Built from the latest check's stored values (``computed``, ``tolerance``, the period dates) and
the observations it used; the stored explanation paragraph is only read for the notes the
checker adds beside the arithmetic (other sources, publisher cautions), with its ids replaced by
names. The raw record stays on the page behind a disclosure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from db.records import CheckRow, StoredClaim
from display import MINUS, number
from records.official import Observation
from verify.explain import FLAG_TEXT, describe_claim
from web import dates
from web.safety import safe_url

NOTE_LABELS = ("Series", "Not usable", "Other sources agree", "Internal check", "FBI caution",
               "FBI definition")
_LABELS = ("Claim", "Period", "Official figures", "Arithmetic", "Tolerance", *NOTE_LABELS,
           "Verdict", "Flags")
_SEGMENT = re.compile(r"(?:^|(?<=\. ))(" + "|".join(re.escape(x) for x in _LABELS) + r"): ")
_SOURCE_ID = re.compile(r" \((?:manual:[^)\s]+|[a-z0-9]+(?:-[a-z0-9]+)+)\)")
_PLACE_ID = re.compile(r"\bplace:([a-z0-9-]+)")
_ISO_SPAN = re.compile(r"(\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)")
_ISO_DAY = re.compile(r"\b(\d{4}-\d\d-\d\d)\b")
_SNAKE = re.compile(r"\b([a-z]+(?:_[a-z0-9]+)+)\b")
_PP = re.compile(r"(\d) pp\b")
_MAX = re.compile(r"max\(([^,()]+), ([^()]+)\) = ([\d.,]+)( points)?")


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the arithmetic table."""

    label: str
    when: str = ""
    official: str = ""
    claimed: str = ""


@dataclass(frozen=True, slots=True)
class Arithmetic:
    rows: tuple[Row, ...]
    facts: tuple[tuple[str, str], ...]  # (label, words): the difference, the tolerance, the verdict


def words(value: str | None) -> str:
    """An id as words: 'motor_vehicle_theft' -> 'motor vehicle theft'."""
    return (value or "").replace("_", " ")


def place_name(slug: str, names: Mapping[str, str]) -> str:
    """'Riverton, OH' for 'riverton-oh' (from ``names`` when known)."""
    if f"place:{slug}" in names:
        return names[f"place:{slug}"]
    head, _, tail = slug.rpartition("-")
    if head and len(tail) == 2:
        return f"{head.replace('-', ' ').title()}, {tail.upper()}"
    return slug.replace("-", " ").title()


def plain(text: str, names: Mapping[str, str] | None = None) -> str:
    """Checker text without internal ids: source ids dropped (the publisher is named beside
    them), place ids as place names, ISO dates as human dates, ids as words."""
    names = names or {}
    text = _SOURCE_ID.sub("", text)
    text = _PLACE_ID.sub(lambda m: place_name(m.group(1), names), text)
    text = _ISO_SPAN.sub(lambda m: dates.span(m.group(1), m.group(2)) or m.group(0), text)
    text = _ISO_DAY.sub(lambda m: dates.day(m.group(1)) or m.group(0), text)
    text = _SNAKE.sub(lambda m: words(m.group(1)), text)
    text = _PP.sub(r"\1 points", text)
    text = re.sub(r"within (\d+(?:\.\d+)?%) = ([\d.,]+)", lambda m: f"within {_round(m.group(2))} ({m.group(1)})", text)
    text = _MAX.sub(lambda m: f"{_round(m.group(3))}{m.group(4) or ''} (the larger of {m.group(1)} and {m.group(2)})", text)
    text = re.sub(r"(\d) - (\d)", rf"\1 {MINUS} \2", text).replace(" x 100", " \u00d7 100")
    return text.replace("->", "\u2192")


def _round(text: str) -> str:
    try:
        return number(round(float(text.replace(",", "")), 1))
    except ValueError:
        return text


def segments(explanation: str) -> dict[str, str]:
    """The stored explanation cut at its labels ('Series: ...', 'FBI caution: ...')."""
    found: dict[str, str] = {}
    marks = list(_SEGMENT.finditer(explanation or ""))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(explanation)
        body = explanation[m.end():end].strip()
        found[m.group(1)] = (found[m.group(1)] + " " + body) if m.group(1) in found else body
    return found


def _pct(value: float | None) -> str:
    return "" if value is None else number(round(value, 1), signed=True) + "%"


def _claimed_change(claim: Any) -> str:
    if claim.value is None:
        return ""
    sign = {"increase": "+", "decrease": MINUS}.get(claim.direction, "")
    unit = "%" if claim.unit == "percent" else ""
    return f"{sign}{number(abs(claim.value))}{unit}"


def _figure(computed: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    figures = computed.get("figures") or {}
    value = figures.get(name)
    return value if isinstance(value, Mapping) else {}


def arithmetic(stored: StoredClaim, check: CheckRow) -> Arithmetic:
    """The comparison as rows (period, dates, official, claimed) and facts in words."""
    claim, c = stored.claim, check.computed or {}
    period = dates.span(check.period_start, check.period_end) or ""
    baseline = dates.span(check.baseline_start, check.baseline_end) or ""
    cur, base = _figure(c, "claim period"), _figure(c, "comparison period")
    if cur.get("start"):
        period = dates.span(cur.get("start"), cur.get("end")) or period
    if base.get("start"):
        baseline = dates.span(base.get("start"), base.get("end")) or baseline
    rows: list[Row] = []
    facts: list[tuple[str, str]] = []
    if claim.kind == "record" and "current" in c:
        word = "highest" if claim.direction == "increase" else "lowest"
        rows.append(Row("Claim period", period, number(c.get("current")), f"{word} since {c.get('claimed_since') or 'records began'}"))
        earlier = c.get("values") or {}
        if earlier:
            years = sorted(earlier)
            shown = ", ".join(f"{y}: {number(earlier[y])}" for y in years[-6:])
            rows.append(Row("Earlier years", f"{years[0]}\u2013{years[-1]}", shown + ("" if len(years) <= 6 else " \u2026")))
        facts.append(("Official", f"{word} since {c['true_since']}" if c.get("true_since") else f"the {word} in the series"))
    elif "old" in c and "new" in c:
        claimed_old = number(c["claimed_old"]) if "claimed_old" in c else ""
        claimed_new = number(c["claimed_new"]) if "claimed_new" in c else ""
        rows.append(Row("Compared with", baseline, number(c["old"]), claimed_old))
        if not claimed_new and claim.kind == "percent_change" and c.get("claimed_pct") is not None:
            claimed_new = f"\u2248{number(round(c['old'] * (1 + c['claimed_pct'] / 100)))}"
        rows.append(Row("Claim period", period, number(c["new"]), claimed_new))
        if "true_pct" in c:
            diff = c["new"] - c["old"]
            claimed = _claimed_change(claim) if claim.kind == "percent_change" else _pct(c.get("implied_pct"))
            rows.append(Row("Change", "", f"{number(diff, signed=True)} ({_pct(c['true_pct'])})", claimed))
            if "claimed_pct" in c:
                off = abs(c["claimed_pct"] - c["true_pct"])
                facts.append(("Difference", f"{number(round(off, 1))} percentage points"))
        elif "true_diff" in c:
            rows.append(Row("Change", "", number(c["true_diff"], signed=True),
                            number(c.get("claimed_diff"), signed=True) if "claimed_diff" in c else ""))
    elif "official" not in c and period:
        rows.append(Row("Claim period", period, "no figure", _claimed_change(claim)))
        if baseline:
            rows.append(Row("Compared with", baseline, "no figure", ""))
    elif "official" in c:
        unit = " per 100,000" if claim.kind == "rate" else ""
        rows.append(Row("Claim period", period, number(c["official"]) + unit, number(c.get("claimed")) + unit))
    tol = check.tolerance or {}
    if tol.get("text"):
        allowed = plain(str(tol["text"]))
        band = plain(str(tol.get("close_text") or "")).replace("close band: ", "")
        facts.append(("Allowed", allowed[:1].upper() + allowed[1:] + (f"; close if {band}" if band else "")))
    reason = plain(str(c.get("reason") or ""))
    facts.append(("Verdict", f"{words(check.verdict).capitalize()}" + (f": {reason}" if reason else "")))
    return Arithmetic(tuple(rows), tuple(facts))


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A document the figures come from: publisher, title, link and the figures taken from it."""

    publisher: str
    document: str
    url: str | None
    figures: tuple[str, ...]


def sources(check: CheckRow, observations: Sequence[Observation]) -> tuple[SourceLine, ...]:
    """The documents behind the compared figures (claim period, baseline, record years)."""
    by_id = {o.obs_id: o for o in observations}
    c = check.computed or {}
    used: list[tuple[str, Observation]] = []
    for name, fig in (c.get("figures") or {}).items():
        if not isinstance(fig, Mapping):
            continue
        for oid in fig.get("observation_ids") or ():
            if oid in by_id:
                used.append((name, by_id[oid]))
    groups: dict[tuple[str, str, str], list[str]] = {}
    for _, o in sorted(used, key=lambda pair: pair[1].period_start, reverse=True):
        key = (o.publisher or "", o.document_title or "", o.source_url or "")
        value = "not published" if o.value is None else number(o.value)
        what = f"{value} {words(o.offense)} ({o.unit}) for {dates.span(o.period_start, o.period_end)}"
        if o.measure == "population":
            what = f"population {value} for {dates.span(o.period_start, o.period_end)}"
        status = f", {o.status}" if o.status and o.status != "final" else ""
        groups.setdefault(key, []).append(what + status)
    return tuple(SourceLine(p or "An official source", d or "figures", safe_url(u), _shorten(tuple(f)))
                 for (p, d, u), f in groups.items())


def _shorten(figures: tuple[str, ...], keep: int = 3) -> tuple[str, ...]:
    """The latest ``keep`` figures and how many earlier ones (the table lists them all)."""
    if len(figures) <= keep + 1:
        return figures
    return figures[:keep] + (f"and {len(figures) - keep} earlier figures (listed under "
                             "\u201cOfficial figures used\u201d)",)


def period_words(stored: StoredClaim, check: CheckRow | None) -> str | None:
    """The article's words for the period as the checker read them ('through oct. 2'), else the
    extractor's (which may hold only part of the phrase, e.g. 'Oct.')."""
    basis = str(((check.computed or {}) if check else {}).get("period_basis") or "")
    read = basis.split(":", 1)[0] if ":" in basis else ""
    if read and not read.startswith(("no period", "year to date", "calendar year", "a January")):
        return read
    return stored.claim.period


def explanation(stored: StoredClaim, check: CheckRow, observations: Sequence[Observation],
                names: Mapping[str, str] | None = None) -> tuple[Markup, ...]:
    """The check in plain sentences (Markup: escaped text, links for the documents)."""
    claim, c = stored.claim, check.computed or {}
    out: list[Markup] = []
    described = words(describe_claim(claim))
    out.append(escape(f"The article claims {described}."))
    basis = str(c.get("period_basis") or "")
    period = dates.span(check.period_start, check.period_end)
    if period:
        read = basis.split(":", 1)[0] if ":" in basis else ""
        compared = dates.span(check.baseline_start, check.baseline_end)
        text = f"It is read as {period}" + (f", compared with {compared}" if compared else "")
        if read and not read.startswith(("no period", "year to date", "calendar year")):
            text += f" (from the words \u201c{read}\u201d)"
        out.append(escape(text + "."))
    if c.get("period_assumed"):
        out.append(escape("The article does not give the period exactly, so it was assumed; "
                          "a fact-checker should confirm it."))
    for line in sources(check, observations):
        doc = escape(f"\u201c{line.document}\u201d")
        if line.url:
            doc = Markup('<a href="{}" rel="noopener noreferrer nofollow">{}</a>').format(line.url, doc)
        out.append(Markup("{} publishes {} in {}.").format(line.publisher, "; ".join(line.figures), doc))
    notes = segments(check.explanation)
    if "Arithmetic" in notes and ("old" in c or "official" in c or "current" in c):
        out.append(escape("The arithmetic: " + plain(notes["Arithmetic"], names).rstrip(".") + "."))
    for label in NOTE_LABELS:
        if label in notes:
            text = plain(notes[label], names).rstrip(".")
            lead = {"Series": "Series used: ", "Not usable": "Not usable: ", "Other sources agree":
                    "Other sources agree: ", "Internal check": "Within the sentence: "}.get(label, "")
            out.append(escape(lead + text[:1].upper() + text[1:] + "."))
    reason = plain(str(c.get("reason") or ""), names)
    if not reason and "Verdict" in notes:
        reason = plain(notes["Verdict"], names).split("\u2014", 1)[-1].strip()
    out.append(escape(f"Verdict: {words(check.verdict)}" + (f", because {reason.rstrip('.')}." if reason else ".")))
    if check.flags:
        flagged = "; ".join(f"{words(f)} ({FLAG_TEXT.get(f, words(f))})" for f in check.flags)
        out.append(escape(f"Flagged: {flagged}."))
    return tuple(out)
