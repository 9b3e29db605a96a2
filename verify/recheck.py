"""Re-checking the claims that new official figures touch.

After `claims official import` or `claims official fetch` stores figures, the claims whose
place, offense and period those figures cover are checked again, and the report says how many
verdicts changed. A claim is *touched* by a figure when

- its offense could be checked by the figure's offense id (the same ids the checker reads for
  it: ``offenses.relations.official_ids_for`` and the claim offense's family; a population figure
  touches the rate claims of its place),
- its place resolves to the figure's jurisdiction (as the checker resolves it), and
- its latest check's span (baseline start to period end) overlaps the figure's period, or it
  has no check with a period yet (never checked, or its period could not be resolved).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from db.records import CheckRow, StoredClaim
from db.store import claims_about
from offenses.relations import official_ids_for
from offenses.vocabulary import claim_family
from records.claim import OFFENSES
from records.official import Observation
from verify.link import PlaceResolver, default_resolver, resolve_jurisdiction
from verify.run import POPULATION_OFFENSES, _cached, _offense_ids, claim_place, run_checks

_Span = tuple[str, str]  # (first day, last day), ISO


@dataclass(frozen=True, slots=True)
class RecheckReport:
    """What a re-check after new figures did."""

    touched: int  # claims whose place, offense and period the figures cover
    added: int  # new check rows (an identical re-check adds none)
    changed: tuple[tuple[int, str | None, str], ...] = ()  # (claim id, verdict before, after)

    @property
    def first_checks(self) -> int:
        """Claims never checked before (their 'change' is from unchecked)."""
        return sum(1 for _, before, _ in self.changed if before is None)

    def as_dict(self) -> dict[str, object]:
        return {"touched": self.touched, "added": self.added,
                "verdicts_changed": len(self.changed) - self.first_checks,
                "first_checks": self.first_checks,
                "changes": [{"claim_id": i, "before": b, "after": a} for i, b, a in self.changed]}

    def summary(self) -> str:
        """One line for the terminal."""
        if not self.touched:
            return "Re-checked no claims: no stored claim is about these places, offenses and periods."
        changed = len(self.changed) - self.first_checks
        first = (f" ({self.first_checks:,} checked for the first time)" if self.first_checks else "")
        return (f"Re-checked {self.touched:,} claim{'s' if self.touched != 1 else ''} these figures "
                f"touch{first}: {changed:,} verdict{'s' if changed != 1 else ''} changed"
                + ("." if not changed else ": " + "; ".join(
                    f"claim {i} {b or 'unchecked'} -> {a}" for i, b, a in self.changed[:10])
                   + ("; ..." if changed > 10 else "") + "."))


def _claim_offenses_for(figure_offenses: set[str]) -> set[str]:
    """The claim offenses whose checks read any of ``figure_offenses``."""
    return {name for name in OFFENSES
            if set(_offense_ids_of(name)) & figure_offenses}


def _offense_ids_of(name: str) -> tuple[str, ...]:
    """The ids the checker reads for a claim offense with no finer detail (as ``_offense_ids``)."""
    return (*official_ids_for(name), *claim_family(name))


def _spans(observations: Iterable[Observation]) -> dict[tuple[str, str], list[_Span]]:
    """(jurisdiction, offense id) -> the periods of the figures."""
    spans: dict[tuple[str, str], list[_Span]] = {}
    for o in observations:
        spans.setdefault((o.jurisdiction_id, o.offense), []).append((o.period_start, o.period_end))
    return spans


def _overlaps(spans: Sequence[_Span], check: CheckRow | None) -> bool:
    if check is None or not check.period_start or not check.period_end:
        return True
    first = min(d for d in (check.baseline_start, check.period_start) if d)
    return any(start <= check.period_end and end >= first for start, end in spans)


def touched_claims(db: Database, observations: Sequence[Observation],
                   resolver: PlaceResolver | None = None) -> list[StoredClaim]:
    """The stored claims the figures touch (see the module's docstring), oldest id first."""
    spans = _spans(observations)
    if not spans:
        return []
    figure_offenses = {offense for _, offense in spans}
    populations = {jid for jid, offense in spans if offense in POPULATION_OFFENSES}
    wanted = _claim_offenses_for(figure_offenses - set(POPULATION_OFFENSES))
    if populations:
        wanted |= set(OFFENSES)  # any rate claim of the place
    resolve = _cached(resolver if resolver is not None else default_resolver())
    found: list[StoredClaim] = []
    for sc, latest in claims_about(db, sorted(wanted)):
        city, state = claim_place(sc.claim, (sc.city, sc.state))
        jid = resolve_jurisdiction(city, state, resolve).jurisdiction_id
        if jid is None:
            continue
        ids = set(_offense_ids(sc.claim))
        if sc.claim.unit in ("per_100k", "per_1000") and jid in populations:
            ids |= set(POPULATION_OFFENSES)
        mine = [span for (j, offense), group in spans.items() if j == jid and offense in ids
                for span in group]
        if mine and _overlaps(mine, latest):
            found.append(sc)
    return found


def recheck_touched(db: Database, settings: object | None, observations: Sequence[Observation], *,
                    resolver: PlaceResolver | None = None, now: datetime | None = None) -> RecheckReport:
    """Check again every claim ``observations`` touch; count the verdicts that changed."""
    claims = touched_claims(db, observations, resolver)
    if not claims:
        return RecheckReport(0, 0)
    before = {sc.claim_id: sc.verdict for sc in claims}
    summary = run_checks(db, settings, ids=sorted(before), resolver=resolver, now=now)
    changed = tuple((claim_id, before.get(claim_id), check.verdict)
                    for claim_id, check, _added in summary.checks
                    if before.get(claim_id) != check.verdict)
    return RecheckReport(summary.checked, summary.added, changed)
