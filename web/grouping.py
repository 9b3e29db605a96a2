"""Grouping a page of results: by sentence (a sentence with four claims shows once, its claims
listed under it), and within a sentence the same claim repeated by several outlets once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from db.records import StoredClaim
from web.safety import locate_quote, mark_spans


def claim_key(c: StoredClaim) -> tuple[object, ...]:
    """Same place, offense, kind, direction, value and period (as written) = the same claim."""
    claim = c.claim
    period = (claim.period or "").strip().lower()
    return ((c.city or "").lower(), (c.state or "").lower(), claim.offense, claim.kind,
            claim.direction, claim.value, claim.from_value, period)


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    lead: StoredClaim  # the row at the group's place in the chosen sort order
    others: tuple[StoredClaim, ...]  # the other outlets' copies

    @property
    def all_oldest_first(self) -> list[StoredClaim]:
        return sorted((self.lead, *self.others),
                      key=lambda c: (c.published or "9999", c.claim_id))


def group_rows(rows: Sequence[StoredClaim]) -> list[ClaimGroup]:
    """Groups in the order their first row appears; a group only joins different outlets."""
    order: list[tuple[object, ...]] = []
    members: dict[tuple[object, ...], list[StoredClaim]] = {}
    for row in rows:
        key = claim_key(row)
        if key not in members:
            order.append(key)
            members[key] = []
        members[key].append(row)
    groups: list[ClaimGroup] = []
    for key in order:
        rows_in = members[key]
        lead = rows_in[0]
        outlets = {lead.outlet}
        others: list[StoredClaim] = []
        separate: list[ClaimGroup] = []
        for row in rows_in[1:]:
            if row.outlet in outlets and row.outlet is not None:
                separate.append(ClaimGroup(row, ()))  # same outlet twice: not "elsewhere"
                continue
            outlets.add(row.outlet)
            others.append(row)
        groups.append(ClaimGroup(lead, tuple(others)))
        groups.extend(separate)
    return groups


@dataclass(frozen=True, slots=True)
class SentenceGroup:
    """One sentence of the results and the claims found in it, in the page's order."""

    claims: tuple[ClaimGroup, ...]

    @property
    def lead(self) -> StoredClaim:
        return self.claims[0].lead

    @property
    def highlighted(self) -> Markup:
        """The sentence as HTML with every listed claim's quote in ``<mark>``."""
        sentence = self.lead.claim.sentence or ""
        spans = []
        for group in self.claims:
            c = group.lead.claim
            start = None if c.sentence_start is None else c.start - c.sentence_start
            span = locate_quote(sentence, c.quote or "", start)
            if span is not None:
                spans.append(span)
        return mark_spans(sentence, spans)


def group_by_sentence(rows: Sequence[StoredClaim]) -> list[SentenceGroup]:
    """Same-claim groups (``group_rows``), gathered under the sentence of their lead row, in the
    order each sentence first appears."""
    order: list[str] = []
    members: dict[str, list[ClaimGroup]] = {}
    for group in group_rows(rows):
        key = group.lead.sentence_id
        if key not in members:
            order.append(key)
            members[key] = []
        members[key].append(group)
    return [SentenceGroup(tuple(members[key])) for key in order]
