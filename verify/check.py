"""check_claim: one claim set beside official figures -> a Check (pure: no database, no clock).

Order of work: the sentence's own arithmetic (internal consistency); gates that need a human
(no offense, no place, a district claim against city figures); the period; the candidate
series, best first; each series' figures at the latest vintage and, when they were revised
after publication, at the vintage the reporter could have seen; then the verdict, its caps
(a slightly different basis is at best "close"; a different definition or conflicting sources
need review) and the explanation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from records.check import FLAGS, Check
from records.claim import REVIEW_QUALIFIERS, Claim, read_by_model
from records.official import Observation
from verify import wording
from verify.consistency import inconsistencies_for
from verify.errors import PeriodUnresolved
from verify.explain import ExplainParts, explain
from verify.link import PeriodGap, Series, claim_series, population_series, vintage_date, vintage_view
from verify.outcome import Outcome
from verify.periods import ResolvedPeriod, resolve_period
from verify.publisher_notes import effect_of_notes
from verify.settings import VerifySettings
from verify.verdicts import evaluate, is_rate_claim

CAPPED_AT_CLOSE = ("unit_mismatch", "jurisdiction_mismatch", "period_mismatch")
NOT_FINITE = ("the arithmetic on these figures has no finite result (a figure is implausibly large, "
              "or too close to 0 to divide by); compare the claim with the official figures by hand")


def _finite(value: Any) -> bool:
    """True when no number anywhere in ``value`` (dicts, lists) is infinite or NaN."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_finite(v) for v in value)
    return True


def _without_non_finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _without_non_finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_without_non_finite(v) for v in value]
    return value


def _flags(*groups: Sequence[str]) -> tuple[str, ...]:
    """Flags in one stable order (FLAGS order), without repeats."""
    seen = {f for g in groups for f in g}
    return tuple(f for f in FLAGS if f in seen) + tuple(sorted(seen - set(FLAGS)))


def _period_text(p: ResolvedPeriod, published: date | None, kind: str = "") -> str:
    text = p.basis
    if kind == "record" or p.baseline_start is None:
        how = text.split(" (")[0]
        text = f"{how}: {p.label()}" + (", compared with the same span of each earlier year"
                                        if kind == "record" else "")
        if p.assumed:
            text += "; period assumed"
    if p.assumed and published:
        text += f" (published {published.isoformat()})"
    return text


def _evaluate_series(claim: Claim, series: Series, p: ResolvedPeriod, published: date | None,
                     s: VerifySettings, rate_from: Sequence[Series]) -> Outcome | PeriodGap:
    """Evaluate at the latest vintage; re-evaluate at publication time when figures were revised."""
    latest = evaluate(claim, series, vintage_view(series.observations), p, s, rate_from)
    if not isinstance(latest, Outcome) or published is None:
        return latest
    if not any(vintage_date(o) > published.isoformat() for o in latest.observations):
        return latest
    then = evaluate(claim, series, vintage_view(series.observations, published), p, s, rate_from)
    if not isinstance(then, Outcome) or then.values == latest.values:
        return latest
    verdict, reason = latest.verdict, latest.reason
    if then.verdict in ("supported", "close") and latest.verdict == "contradicted":
        verdict = "close"
        reason = (f"the figures available at publication supported it ({then.reason}); they were revised "
                  f"later ({latest.reason})")
    computed = dict(latest.computed)
    computed["at_publication"] = {"verdict": then.verdict, **then.computed}
    figures = (*latest.figures, *((f"{name}, at publication", fig) for name, fig in then.figures))
    return replace(latest, verdict=verdict, reason=reason, computed=computed, figures=figures,
                   flags=(*latest.flags, "revised_since_claim"),
                   arithmetic=(*latest.arithmetic, *(f"at publication: {a}" for a in then.arithmetic)))


def _candidates(claim: Claim, observations: Sequence[Observation], jurisdiction_id: str | None
                ) -> tuple[list[Series], list[Series]]:
    """(series to evaluate, population series to turn counts into rates)."""
    unit = wording.claim_counting_unit(claim.offense_detail, claim.quote, claim.sentence)
    if is_rate_claim(claim):
        rates = claim_series(claim, observations, jurisdiction_id, unit, measure="rate_per_100k")
        if rates:
            return rates, []
        pops = population_series(observations, jurisdiction_id)
        counts = claim_series(claim, observations, jurisdiction_id, unit)
        return (counts, pops) if pops else ([], [])
    return claim_series(claim, observations, jurisdiction_id, unit), []


def _tier(series: Series) -> tuple[int, ...]:
    rel = {"exact": 0, "equivalent": 1}.get(series.match.relation if series.match else "", 2)
    return (rel, int("unit_mismatch" in series.flags), int("jurisdiction_mismatch" in series.flags))


def _ids(obs: Sequence[Observation]) -> tuple[int, ...]:
    return tuple(sorted({o.obs_id for o in obs if o.obs_id is not None}))


def check_claim(claim: Claim, *, published: date | None, observations: Sequence[Observation],
                jurisdiction_id: str | None, sentence_claims: Sequence[Claim] = (),
                settings: VerifySettings | None = None, claim_id: int = 0,
                now: datetime | None = None, place_note: str | None = None,
                context_claims: Sequence[Claim] = ()) -> Check:
    """Check one claim against the given observations (all vintages) for its jurisdiction.

    ``sentence_claims`` are the claims of the same sentence (for the internal-consistency
    check); ``context_claims`` other claims of the article about the same offense, nearest
    first, which lend their period when the claim's own sentence states none.
    """
    s = settings or VerifySettings()
    checked_at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    findings = inconsistencies_for(claim, sentence_claims, s)
    flags: list[str] = ["internal_inconsistency"] if findings else []
    notes = [f"Internal check: {f.text}" for f in findings]
    computed: dict[str, Any] = {}
    if findings:
        computed["internal"] = [{"implied": round(f.implied, 4), "stated": f.stated} for f in findings]

    def finish(verdict: str, reason: str, *, outcome: Outcome | None = None,
               period: ResolvedPeriod | None = None, extra_flags: Sequence[str] = (),
               figures: Sequence[str] = (), more_notes: Sequence[str] = (),
               observations_used: Sequence[Observation] = ()) -> Check:
        all_flags = _flags(flags, extra_flags, outcome.flags if outcome else ())
        p = outcome.period if outcome else period
        tol = outcome.tolerance if outcome else None
        tol_text = [tol.text, tol.close_text] if tol else []
        data = dict(computed)
        if outcome:
            data.update(outcome.computed)
            data["figures"] = {name: fig.as_dict() for name, fig in outcome.figures}
            if not _finite(data) or (tol is not None and not _finite(tol.as_dict())):
                return finish("needs_review", NOT_FINITE, period=p, extra_flags=extra_flags,
                              more_notes=more_notes,
                              observations_used=[*outcome.observations, *observations_used])
        elif not _finite(data):
            data = _without_non_finite(data)
        if p:
            data["period_basis"] = p.basis
            data["period_assumed"] = p.assumed
        data["reason"] = reason
        text = explain(ExplainParts(
            claim, verdict, reason, all_flags, _period_text(p, published, claim.kind) if p else None,
            [*(f"{name}: {fig.text}" for name, fig in outcome.figures)] if outcome else list(figures),
            outcome.arithmetic if outcome else (), tol_text, [*more_notes, *notes]))
        used = [*(outcome.observations if outcome else ()), *observations_used]
        return Check(
            claim_id=claim_id, verdict=verdict, flags=all_flags, explanation=text,
            method_version=s.method_version, checked_at=checked_at, observation_ids=_ids(used),
            computed=data, tolerance=tol.as_dict() if tol else None,
            period_start=p.start.isoformat() if p else None, period_end=p.end.isoformat() if p else None,
            baseline_start=p.baseline_start.isoformat() if p and p.baseline_start else None,
            baseline_end=p.baseline_end.isoformat() if p and p.baseline_end else None)

    # gates that need a human or cannot start
    if not claim.offense or claim.offense in s.review_offenses:
        return finish("needs_review", "the claim names no offense the checker can map to official "
                                      "figures (ambiguous offense)")
    review = next((REVIEW_QUALIFIERS[q] for q in claim.qualifiers if q in REVIEW_QUALIFIERS), None)
    if review:
        return finish("needs_review", review)
    umbrella = wording.review_phrase(claim.quote)
    if umbrella:
        return finish("needs_review", f"'{umbrella[0]}' is an umbrella term with no official series "
                                      f"of its own ({umbrella[1]})")
    place = claim.place
    if jurisdiction_id is None:
        return finish("needs_review", place_note or "the place the claim is about is missing or "
                                                    "ambiguous")
    try:
        period = resolve_period(claim, published, context_claims)
    except PeriodUnresolved as exc:
        return finish("unverifiable", str(exc))
    if period.assumed:
        flags.append("period_assumed")
    candidates, pops = _candidates(claim, observations, jurisdiction_id)
    if not candidates:
        why = (f"no official figures for {claim.offense} in {jurisdiction_id}"
               + (" (a rate needs a rate series or a population figure)" if is_rate_claim(claim) else ""))
        return finish("unverifiable", why, period=period)

    outcomes: list[tuple[Series, Outcome]] = []
    gaps: list[tuple[Series, PeriodGap]] = []
    tier: tuple[int, ...] | None = None
    for series in candidates:
        if tier is not None and _tier(series) != tier:
            break
        result = _evaluate_series(claim, series, period, published, s, pops)
        if isinstance(result, Outcome):
            outcomes.append((series, result))
            tier = _tier(series)
        else:
            gaps.append((series, result))
    if not outcomes:
        series, gap = next(((ser, g) for ser, g in gaps if g.flag), gaps[0])
        return finish("unverifiable", f"{series.label()}: {gap.reason}", period=period,
                      extra_flags=[gap.flag] if gap.flag else [])

    series, outcome = outcomes[0]
    verdict, reason = outcome.verdict, outcome.reason
    extra: list[str] = list(series.flags)
    more: list[str] = [f"Series: {series.label()} ({series.match.note})" if series.match else ""]
    more.extend(f"Not usable: {ser.label()}: {g.reason}" for ser, g in gaps if _tier(ser) < _tier(series))
    # other publishers of the same offense and unit: they confirm or conflict
    others = [(ser, o) for ser, o in outcomes[1:] if ser.source_id != series.source_id
              and (ser.offense, ser.unit) == (series.offense, series.unit)]
    if others:
        verdicts = {outcome.verdict, *(o.verdict for _, o in others)}
        listing = "; ".join(f"{ser.label()}: {o.verdict} ({', '.join(fig.text for _, fig in o.figures)})"
                            for ser, o in others)
        if len(verdicts) > 1:
            verdict, reason = "needs_review", (f"official sources disagree: {series.label()} gives "
                                               f"{outcome.verdict} ({outcome.reason}), but {listing}")
        else:
            more.append(f"Other sources agree: {listing}")
    if verdict == "supported" and any(f in CAPPED_AT_CLOSE for f in (*extra, *outcome.flags)):
        basis = [f for f in (*extra, *outcome.flags) if f in CAPPED_AT_CLOSE]
        verdict, reason = "close", f"{reason}, but on a slightly different basis ({', '.join(basis)})"
    if "definition_mismatch" in extra and verdict not in ("unverifiable",):
        verdict, reason = "needs_review", f"{reason}; but {series.match.note if series.match else ''}"
    effect = effect_of_notes(claim, outcome.observations)
    more.extend(effect.notes)
    if effect.review_reason and verdict != "unverifiable":
        verdict, reason = "needs_review", f"{reason}; but {effect.review_reason}"
    if place and place.neighborhood:
        extra.append("jurisdiction_mismatch")
        verdict, reason = "needs_review", (f"{reason}; but the claim is about {place.neighborhood}, and the "
                                           f"figures are for all of {jurisdiction_id}")
    if read_by_model(claim.rule):
        extra.append("learned_reading")
        if verdict == "contradicted":  # a misread figure must not be printed as a false statement
            verdict, reason = "needs_review", (f"{reason}; but the claim was read by the learned number "
                                               "reader, not a written rule: a person must confirm the reading")
    more = [m for m in more if m]
    return finish(verdict, reason, outcome=outcome, extra_flags=[*extra, *effect.flags], more_notes=more,
                  observations_used=[o for _, out in others for o in out.observations])
