"""Pair a count with its older figure when the sentence's own percentage proves the pair.

Real news often splits a comparison over clauses: "Jackson ended 2022 with 138 homicides, a 14
percent drop from the year before, when 160 people lost their lives"; "224 murders through Sept.
1 -- a drop of 25.1 percent compared to the 2012 figure of 299". No single rule spans such a
sentence, but the reporter's arithmetic does: (138 - 160) / 160 = -13.75%, which rounds to the
stated 14 percent drop. When the stated change of a percent claim is what the count before it and
a number after it give, the count becomes a from-to claim against that number.

Only the stated precision is allowed as slack (a whole percent rounds to within half a point), so
two unrelated numbers rarely pass by chance, and the direction must agree too.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from extract.filters import looks_like_year
from extract.numbers import parse_number
from records.claim import Claim

#: Words after a number that make it something other than a count of the same thing.
_NOT_A_COUNT_AFTER = frozenset({"%", "percent", "per", "percentage", "points", "point", "times", "years", "months",
                                "days", "weeks", "hours", "p.m.", "a.m.", "million", "billion"})


def _slack(value: float) -> float:
    """How far a computed change may be from the stated one: half of its last stated digit."""
    text = f"{value:g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 / 10 ** decimals + 1e-9


def _numbers_after(sent: Span, after_char: int) -> list[tuple[float, int, int]]:
    """(value, start char, end char) of the plain counts in ``sent`` after ``after_char``."""
    out = []
    for token in sent:
        if token.idx < after_char or not token.like_num or looks_like_year(token.text):
            continue
        following = token.nbor(1).lower_ if token.i + 1 < sent.end else ""
        previous = token.nbor(-1).lower_ if token.i > sent.start else ""
        if following in _NOT_A_COUNT_AFTER or previous in {"$", "no.", "#"}:
            continue
        value = parse_number([token.text])
        if value is not None and value > 0:
            out.append((value, token.idx, token.idx + len(token.text)))
    return out


def _agrees(new: float, old: float, change: Claim) -> bool:
    if change.value is None or old <= 0 or new == old:
        return False
    computed = (new - old) / old * 100
    direction = "increase" if computed > 0 else "decrease"
    return direction == change.direction and abs(abs(computed) - change.value) <= _slack(change.value)


def pair_by_arithmetic(doc: Doc, claims: list[Claim]) -> list[Claim]:
    """``claims`` with each count that a later percent claim of its sentence compares with a
    number after that claim turned into a from-to claim; a count claim on that older number
    is dropped (it is now the pair's baseline)."""
    out = list(claims)
    dropped: set[int] = set()
    # the plain counts of ``out``, in order: a count made a from-to below is no longer one
    plain = [i for i, c in enumerate(out) if c.kind == "count" and c.from_value is None and c.value is not None]
    for change in claims:
        if change.kind != "percent_change" or change.direction not in {"increase", "decrease"}:
            continue
        if not plain:
            break
        span = doc.char_span(change.start, change.end, alignment_mode="expand")
        if span is None:
            continue
        sent = span.sent
        figure = next((t.idx for t in span if t.like_num), change.start)  # "murders so far represent a 108% ..."
        counts = [i for i in plain if out[i].offense == change.offense
                  and sent.start_char <= out[i].start and out[i].end <= figure]
        if not counts:
            continue
        k = max(counts, key=lambda i: out[i].end)  # the count the change is set against
        new = out[k]
        assert new.value is not None
        for old, old_start, old_end in _numbers_after(sent, change.end):
            if not _agrees(new.value, old, change):
                continue
            quote_end = max(new.end, old_end)
            out[k] = replace(new, kind="from_to", from_value=old, direction=change.direction,
                             quote=doc.text[new.start:quote_end], end=quote_end,
                             baseline=new.baseline or change.baseline)
            plain.remove(k)
            dropped |= {i for i, c in enumerate(out) if i != k and c.kind == "count" and c.value == old
                        and old_start <= c.end and c.start <= old_end}
            break
    return [c for i, c in enumerate(out) if i not in dropped]
