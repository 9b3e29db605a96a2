"""run_checks: the glue from the store to check_claim and back (db/ functions only, no SQL).

For each claim to check: resolve its place, fetch every vintage of the observations for the
offense ids that could check it (plus population), check it with the other claims of its
sentence, and append the Check. An identical re-check (same observations, verdict, flags and
values) adds nothing; newer figures add a new row and keep the old ones.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlite_utils import Database

from db.records import StoredClaim
from db.store import claims_to_check, get_article, observations_for, store_check
from offenses.relations import official_ids_for
from offenses.vocabulary import claim_family
from records.check import Check
from records.claim import Claim
from records.official import Observation
from settings import Settings
from verify.check import check_claim
from verify.errors import VerifyError
from verify.link import PlaceResolver, default_resolver, resolve_jurisdiction
from verify.settings import VerifySettings
from verify.verdicts import is_rate_claim

log = logging.getLogger(__name__)

POPULATION_OFFENSES: tuple[str, ...] = ("_population", "population")


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """What one run of the checker did."""

    checked: int = 0
    added: int = 0  # new check rows
    unchanged: int = 0  # identical to a stored check, so not added again
    verdicts: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    checks: tuple[tuple[int, Check, bool], ...] = ()  # (claim_id, check, added)

    def as_dict(self) -> dict[str, object]:
        return {"checked": self.checked, "added": self.added, "unchanged": self.unchanged,
                "verdicts": dict(self.verdicts), "flags": dict(self.flags)}


def _published(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        log.warning("unreadable publication date %r; periods that need it stay unresolved", text)
        return None


def _offense_ids(claim: Claim) -> tuple[str, ...]:
    ids = list(official_ids_for(claim.offense, claim.offense_detail))
    if claim.offense:
        ids.extend(claim_family(claim.offense))
    return tuple(dict.fromkeys(ids))


def observations_for_claim(db: Database, claim: Claim, jurisdiction_id: str) -> list[Observation]:
    """Every vintage of every figure that could check the claim (and population for rates)."""
    found: dict[tuple[object, ...], Observation] = {}
    ids = list(_offense_ids(claim))
    if is_rate_claim(claim):
        ids.extend(POPULATION_OFFENSES)
    for offense in ids:
        for o in observations_for(db, jurisdiction_id, offense):
            found[(o.obs_id,)] = o
    return list(found.values())


def _sentence_key(sc: StoredClaim) -> tuple[object, ...]:
    c = sc.claim
    return (sc.article_id, c.sentence_start if c.sentence_start is not None else c.sentence)


def _article_mates(db: Database, claims: Sequence[StoredClaim], all: bool) -> list[StoredClaim]:
    """Every stored claim of the articles being checked (checked or not): the sentence and
    article context of a claim includes claims checked in earlier runs."""
    if all or not claims:
        return list(claims)
    dates = [sc.published for sc in claims]
    since = None if any(d is None for d in dates) else min(d for d in dates if d)
    wanted = {sc.article_id for sc in claims}
    return [sc for sc in claims_to_check(db, since=since, all=True) if sc.article_id in wanted]


def _position(c: Claim) -> int:
    return c.sentence_start if c.sentence_start is not None else c.start


def context_for(claim: Claim, article_claims: Sequence[Claim]) -> list[Claim]:
    """Claims of the same article about the same offense in other sentences: earlier ones nearest
    first, then later ones nearest first."""
    here = _position(claim)
    others = [c for c in article_claims if c.offense == claim.offense and _position(c) != here]
    before = sorted((c for c in others if _position(c) < here), key=_position, reverse=True)
    after = sorted((c for c in others if _position(c) > here), key=_position)
    return [*before, *after]


def _from_settings(settings: Settings | None) -> VerifySettings:
    """The bands of the ``[verify]`` table in claims.toml, over the defaults."""
    try:
        return VerifySettings().override(**dict(settings.verify if settings is not None else ()))
    except (TypeError, ValueError) as exc:
        raise VerifyError(f"{exc} Fix the [verify] table in claims.toml.") from exc


def run_checks(db: Database, settings: Settings | None = None, *, since: str | None = None,
               all: bool = False, progress: Callable[[int, int], None] | None = None,
               verify_settings: VerifySettings | None = None, resolver: PlaceResolver | None = None,
               now: datetime | None = None, ids: Sequence[int] | None = None) -> CheckSummary:
    """Check the claims the store says need it (never checked, or every claim with ``all``, or
    the claims ``ids``)."""
    vs = verify_settings or _from_settings(settings)
    resolve = _cached(resolver if resolver is not None else default_resolver())
    claims = claims_to_check(db, since=since, all=all, ids=ids)
    sentences: dict[tuple[object, ...], list[Claim]] = {}
    articles: dict[int, list[Claim]] = {}
    for sc in _article_mates(db, claims, all and ids is None):
        sentences.setdefault(_sentence_key(sc), []).append(sc.claim)
        articles.setdefault(sc.article_id, []).append(sc.claim)
    verdicts: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    done: list[tuple[int, Check, bool]] = []
    added = unchanged = 0
    places: dict[int, tuple[str | None, str | None]] = {}
    for n, sc in enumerate(claims, start=1):
        if sc.article_id not in places:
            article = get_article(db, sc.article_id)
            places[sc.article_id] = (article.city, article.state)
        check = check_stored_claim(db, sc, sentences.get(_sentence_key(sc), [sc.claim]), vs, resolve, now,
                                   context=context_for(sc.claim, articles.get(sc.article_id, [])),
                                   article_place=places[sc.article_id])
        new_id = store_check(db, check)
        added += new_id is not None
        unchanged += new_id is None
        verdicts[check.verdict] += 1
        flags.update(check.flags)
        done.append((sc.claim_id, check, new_id is not None))
        log.info("claim %d: %s %s", sc.claim_id, check.verdict, ",".join(check.flags))
        if progress:
            progress(n, len(claims))
    return CheckSummary(len(claims), added, unchanged, dict(verdicts), dict(flags), tuple(done))


def _cached(resolver: PlaceResolver | None) -> PlaceResolver | None:
    """The resolver, asked once per (city, state) in a run (errors are remembered too)."""
    if resolver is None:
        return None
    seen: dict[tuple[str, str | None], str | None | Exception] = {}

    def resolve(city: str, state: str | None) -> str | None:
        key = (city, state)
        if key not in seen:
            try:
                seen[key] = resolver(city, state)
            except Exception as exc:  # replayed below, as the resolver raised it
                seen[key] = exc
        found = seen[key]
        if isinstance(found, Exception):
            raise found
        return found

    return resolve


def claim_place(claim: Claim, stored: tuple[str | None, str | None],
                article_place: tuple[str | None, str | None] = (None, None)) -> tuple[str | None, str | None]:
    """The (city, state) to resolve: the claim's own, else the stored one, else the article's.

    A claim naming the outlet's own city with another state (a gazetteer guess: 'Riverton' read
    as Riverton, UT in a Riverton, OH paper) takes the article's state.
    """
    city, state = (claim.place.city, claim.place.state) if claim.place and claim.place.city else stored
    if not city:
        city, state = article_place
    a_city, a_state = article_place
    if city and a_city and a_state and city.strip().casefold() == a_city.strip().casefold() and state != a_state:
        state = a_state
    return city, state


def check_stored_claim(db: Database, sc: StoredClaim, sentence_claims: Sequence[Claim],
                       settings: VerifySettings, resolver: PlaceResolver | None,
                       now: datetime | None = None, *, context: Sequence[Claim] = (),
                       article_place: tuple[str | None, str | None] = (None, None)) -> Check:
    """Resolve, fetch and check one stored claim (nothing is written)."""
    claim = sc.claim
    city, state = claim_place(claim, (sc.city, sc.state), article_place)
    link = resolve_jurisdiction(city, state, resolver)
    observations = observations_for_claim(db, claim, link.jurisdiction_id) if link.jurisdiction_id else []
    return check_claim(claim, published=_published(sc.published), observations=observations,
                       jurisdiction_id=link.jurisdiction_id, sentence_claims=sentence_claims,
                       settings=settings, claim_id=sc.claim_id, now=now,
                       place_note=None if link.status == "resolved" else link.note, context_claims=context)
