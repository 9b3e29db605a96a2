"""What the publisher's own notes on the figures used mean for a verdict.

Official tables carry footnotes that change what a comparison may say. Three are read here,
from the ``note`` of the observations a check used:

- a figure marked "not comparable to previous years" (FBI Table 8 footnotes on reporting
  changes, annexations, the 2016 Orlando Pulse victims) may not be compared with an earlier
  year: a change, a from-to or a record claim across it gets ``needs_review`` with the note;
- rape and violent-crime figures whose rape definition differs between the years compared
  (legacy vs revised, 2013-2016) are flagged ``definition_mismatch`` and need review;
- figures from the bundled FBI tables carry the FBI's caution against ranking, repeated in the
  explanation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from official.bundled import RANKING_CAUTION
from records.claim import Claim
from records.official import Observation

NOT_COMPARABLE = "not comparable to previous years"
RAPE_DEFINITION = re.compile(r"rape definition: (\w+)")
FOOTNOTE = re.compile(r"FBI footnote \d+: [^;]+")
COMPARING_KINDS = ("percent_change", "from_to", "count_change", "record")
DEFINITION_OFFENSES = ("rape", "violent_crime")


@dataclass(frozen=True, slots=True)
class NoteEffect:
    """A change the notes make: a verdict to cap at, a reason, flags, lines for the explanation."""

    review_reason: str | None = None
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def _year(o: Observation) -> str:
    return o.period_start[:4]


def _not_comparable_text(o: Observation) -> str:
    found = [m.group(0) for m in FOOTNOTE.finditer(o.note or "") if NOT_COMPARABLE in m.group(0)]
    return found[0] if found else (o.note or "")


def _compared(claim: Claim, used: Sequence[Observation]) -> bool:
    return claim.kind in COMPARING_KINDS or (claim.kind == "rate" and claim.direction in ("increase", "decrease")
                                             and len({_year(o) for o in used}) > 1)


def effect_of_notes(claim: Claim, used: Sequence[Observation]) -> NoteEffect:
    """Read the notes of the observations a check used (counts and populations)."""
    counts = [o for o in used if o.measure != "population"]
    if not counts:
        return NoteEffect()
    reasons: list[str] = []
    flags: list[str] = []
    notes: list[str] = []
    if _compared(claim, counts):
        earliest = min(o.period_start for o in counts)
        marked = sorted({(o.period_start, _not_comparable_text(o)) for o in counts
                         if o.period_start > earliest and NOT_COMPARABLE in (o.note or "")})
        for start, text in marked:
            reasons.append(f"the publisher marks {start[:4]} as not comparable with earlier years "
                           f"({text})")
        definitions = {(o.offense, m.group(1)) for o in counts if o.offense in DEFINITION_OFFENSES
                       for m in RAPE_DEFINITION.finditer(o.note or "")}
        by_offense: dict[str, set[str]] = {}
        for offense, definition in definitions:
            by_offense.setdefault(offense, set()).add(definition)
        mixed = {k: v for k, v in by_offense.items() if len(v) > 1}
        if mixed:
            flags.append("definition_mismatch")
            years = ", ".join(f"{_year(o)}: {m.group(1)}" for o in sorted(counts, key=_year)
                              for m in RAPE_DEFINITION.finditer(o.note or ""))
            reasons.append("the years compared count rape under different FBI definitions (" + years +
                           "); the revised definition of 2013 counts more offenses, so rape and violent "
                           "crime totals are not comparable across the change")
    if any(o.source_id == "fbi-cius-table8" for o in used):
        notes.append(f"FBI caution: {RANKING_CAUTION}")
        if claim.offense == "violent_crime":
            notes.append("FBI definition: violent crime is murder and nonnegligent manslaughter, rape, "
                         "robbery and aggravated assault; a department's own 'violent crime' may count "
                         "other offenses (simple assault, weapons) and then differs")
    return NoteEffect("; ".join(reasons) or None, tuple(flags), tuple(notes))
