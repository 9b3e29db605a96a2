"""Possible claims: storing them (idempotent), the reviewers' list, promotion and dismissal.

A possible claim is a sentence that looks like a crime statistic although no extraction rule
parsed it (extract/possible.py). A reviewer either promotes it, which stores a real claim with
rule ``manual`` and the fields the reviewer gave, or dismisses it. Both are decisions in the
append-only ``possible_claim_decisions`` table; a trigger keeps the possible claim's ``status``.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from db.connection import write_transaction
from db.errors import Conflict, NotFound, StoreError
from db.rows import CLAIM_COLUMNS, claim_row, dumps, loads, now_iso
from records.claim import DIRECTIONS, KINDS, OFFENSES, UNITS, Claim, Place
from records.possible import PossibleClaim

#: The rule id of a claim a reviewer entered by promoting a possible claim.
MANUAL_RULE = "manual"
STATUSES: tuple[str, ...] = ("open", "promoted", "dismissed")

_COLUMNS: tuple[str, ...] = (
    "article_id", "sentence", "start", "end", "numbers", "offense_words", "offenses", "cues", "score",
    "reason", "detector", "found_at", "published", "outlet", "city", "state",
)
_INSERT = ("INSERT INTO possible_claims ({cols}) VALUES ({marks}) "
           'ON CONFLICT (article_id, start, "end") DO NOTHING').format(
    cols=", ".join(f'"{c}"' for c in _COLUMNS), marks=", ".join("?" * len(_COLUMNS)))
_INSERT_CLAIM = "INSERT INTO claims ({cols}) VALUES ({marks})".format(
    cols=", ".join(f'"{c}"' for c in CLAIM_COLUMNS), marks=", ".join("?" * len(CLAIM_COLUMNS)))
_SELECT = """
SELECT p.*, a.url AS article_url, a.title AS article_title
FROM possible_claims p JOIN articles a ON a.id = p.article_id
"""


class InvalidManualClaim(StoreError):
    """The fields a reviewer gave for a promoted claim do not make a claim; says which."""


@dataclass(frozen=True, slots=True)
class StoredPossibleClaim:
    """A stored possible claim, with its article and where review stands."""

    possible_id: int
    article_id: int
    article_url: str
    sentence: str
    start: int
    end: int
    numbers: tuple[dict[str, Any], ...]
    offense_words: tuple[str, ...]
    offenses: tuple[str, ...]
    cues: tuple[str, ...]
    score: float
    reason: str
    detector: str
    found_at: str
    status: str = "open"
    article_title: str | None = None
    published: str | None = None
    outlet: str | None = None
    city: str | None = None
    state: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    claim_id: int | None = None  # the claim a promotion made

    def as_dict(self) -> dict[str, Any]:
        return {name: (list(v) if isinstance(v, tuple) else v)
                for name in self.__dataclass_fields__ for v in [getattr(self, name)]}


@dataclass(frozen=True, slots=True)
class PossibleDecision:
    """One reviewer's decision on a possible claim (history row; never updated or deleted)."""

    id: int
    possible_claim_id: int
    user_name: str
    action: str
    claim_id: int | None
    note: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class ManualClaim:
    """The fields a reviewer gives when promoting a possible claim (the claim contract's)."""

    kind: str
    direction: str
    value: float
    unit: str
    offense: str
    from_value: float | None = None
    period: str | None = None
    baseline: str | None = None
    city: str | None = None
    state: str | None = None
    quote: str | None = None  # part of the sentence; the whole sentence when empty

    @classmethod
    def parse(cls, fields: Mapping[str, Any]) -> ManualClaim:
        """Read the fields of a form (strings); raises `InvalidManualClaim` naming every problem."""
        def text(name: str) -> str | None:
            value = fields.get(name)
            value = "" if value is None else str(value).strip()
            return value or None

        problems: list[str] = []

        def choice(name: str, allowed: tuple[str, ...]) -> str:
            value = text(name) or ""
            if value not in allowed:
                problems.append(f"{name} must be one of {', '.join(allowed)}" + (f" (not {value!r})" if value else ""))
            return value

        def number(name: str, required: bool) -> float | None:
            raw = text(name)
            if raw is None:
                if required:
                    problems.append(f"{name} is required (a number such as 14 or 53.3)")
                return None
            try:
                value = float(raw.replace(",", "").rstrip("%"))
            except ValueError:
                problems.append(f"{name} must be a number such as 14 or 53.3 (not {raw!r})")
                return None
            if not math.isfinite(value):
                problems.append(f"{name} must be a finite number")
                return None
            return value

        kind = choice("kind", KINDS)
        direction = choice("direction", DIRECTIONS)
        unit = choice("unit", UNITS)
        offense = choice("offense", OFFENSES)
        value = number("value", True)
        from_value = number("from_value", kind == "from_to")
        for name in ("period", "baseline", "city", "state", "quote"):
            if len(text(name) or "") > 500:
                problems.append(f"{name} is longer than 500 characters")
        if problems:
            raise InvalidManualClaim("The claim was not stored: " + "; ".join(problems) + ".")
        assert value is not None
        return cls(kind=kind, direction=direction, value=value, unit=unit, offense=offense,
                   from_value=from_value, period=text("period"), baseline=text("baseline"),
                   city=text("city"), state=text("state"), quote=text("quote"))


def _row(article_id: int, p: PossibleClaim, article: Mapping[str, Any], stamp: str) -> tuple[Any, ...]:
    return (article_id, p.sentence, p.start, p.end, dumps([n.as_dict() for n in p.numbers]),
            dumps(list(p.offense_words)), dumps(list(p.offenses)), dumps(list(p.cues)), p.score, p.reason,
            p.detector, stamp, article.get("published"), article.get("outlet"), article.get("city"),
            article.get("state"))


def insert_possible_claims(db: Database, rows: Sequence[tuple[int, Sequence[PossibleClaim], Mapping[str, Any]]],
                           stamp: str) -> None:
    """Possible claims of several articles, in the caller's open transaction: ``(article_id,
    possible claims, article row with published/outlet/city/state)``. A sentence stored before
    for the same article is left as it is (its status kept)."""
    db.conn.executemany(_INSERT, [_row(article_id, p, article, stamp)
                                  for article_id, found, article in rows for p in found])


def _from_row(row: Mapping[str, Any]) -> StoredPossibleClaim:
    return StoredPossibleClaim(
        possible_id=row["id"], article_id=row["article_id"], article_url=row["article_url"],
        sentence=row["sentence"], start=row["start"], end=row["end"],
        numbers=tuple(loads(row["numbers"], [])), offense_words=tuple(loads(row["offense_words"], [])),
        offenses=tuple(loads(row["offenses"], [])), cues=tuple(loads(row["cues"], [])),
        score=row["score"], reason=row["reason"], detector=row["detector"], found_at=row["found_at"],
        status=row["status"], article_title=row["article_title"], published=row["published"],
        outlet=row["outlet"], city=row["city"], state=row["state"], decided_by=row["decided_by"],
        decided_at=row["decided_at"], claim_id=row["claim_id"])


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise StoreError(f"Unknown status {status!r}; use one of: {', '.join(STATUSES)}.")


def _narrowed(city: str | None, outlet: str | None) -> tuple[str, list[Any]]:
    sql, params = "", []
    for value, column in ((city, "p.city"), (outlet, "p.outlet")):
        if value is not None:
            sql += f" AND {column} = ?"
            params.append(value)
    return sql, params


def possible_queue(db: Database, limit: int = 25, offset: int = 0, *, status: str = "open",
                   city: str | None = None, outlet: str | None = None) -> list[StoredPossibleClaim]:
    """Possible claims with ``status`` (and of ``city`` / ``outlet``), best scored first, then
    the newest article."""
    _check_status(status)
    where, params = _narrowed(city, outlet)
    return [_from_row(r) for r in db.query(
        _SELECT + " WHERE p.status = ?" + where + " ORDER BY p.score DESC, p.published IS NULL, "
        "p.published DESC, p.id LIMIT ? OFFSET ?", [status, *params, limit, offset])]


def possible_queue_size(db: Database, *, status: str = "open", city: str | None = None,
                        outlet: str | None = None) -> int:
    _check_status(status)
    where, params = _narrowed(city, outlet)
    return int(db.execute("SELECT count(*) FROM possible_claims p WHERE p.status = ?" + where,
                          [status, *params]).fetchone()[0])


def possible_claims_of_article(db: Database, article_id: int) -> list[StoredPossibleClaim]:
    return [_from_row(r) for r in db.query(_SELECT + " WHERE p.article_id = ? ORDER BY p.start", [article_id])]


def get_possible_claim(db: Database, possible_id: int) -> StoredPossibleClaim:
    rows = list(db.query(_SELECT + " WHERE p.id = ?", [possible_id]))
    if not rows:
        raise NotFound(f"No possible claim with id {possible_id}. The review queue lists the open ones.")
    return _from_row(rows[0])


def _open(db: Database, possible_id: int) -> StoredPossibleClaim:
    found = get_possible_claim(db, possible_id)
    if found.status != "open":
        raise Conflict(f"Possible claim {possible_id} was already {found.status} by {found.decided_by} "
                       f"on {found.decided_at}; nothing was changed.")
    return found


def _decide(db: Database, possible_id: int, user_name: str, action: str, claim_id: int | None,
            note: str | None) -> None:
    db.execute("INSERT INTO possible_claim_decisions (possible_claim_id, user_name, action, claim_id, note, "
               "created_at) VALUES (?, ?, ?, ?, ?, ?)", [possible_id, user_name, action, claim_id, note, now_iso()])


def _manual_claim(found: StoredPossibleClaim, fields: ManualClaim) -> Claim:
    start, end = found.start, found.end
    quote = found.sentence
    if fields.quote:
        at = found.sentence.find(fields.quote)
        if at < 0:
            raise InvalidManualClaim(f"The quote {fields.quote!r} is not part of the sentence; copy it "
                                     "from the sentence exactly, or leave it empty to quote the whole sentence.")
        start, end, quote = found.start + at, found.start + at + len(fields.quote), fields.quote
    city, state = fields.city or found.city, fields.state or found.state
    same = (city, state) == (found.city, found.state)
    place = Place(city=city, state=state, source="article" if same else "text") if city or state else None
    return Claim(quote=quote, start=start, end=end, sentence=found.sentence, kind=fields.kind,  # type: ignore[arg-type]
                 direction=fields.direction, value=fields.value, unit=fields.unit,  # type: ignore[arg-type]
                 offense=fields.offense, rule=MANUAL_RULE, from_value=fields.from_value,
                 baseline=fields.baseline, period=fields.period, place=place, sentence_start=found.start)


def promote_possible_claim(db: Database, possible_id: int, user_name: str, fields: ManualClaim,
                           note: str | None = None) -> int:
    """Store a claim (rule ``manual``) from a possible claim and the reviewer's fields, and record
    the promotion in its history, in one transaction; return the new claim's id.

    Raises `NotFound`, `Conflict` (already decided, or the same claim is stored already) or
    `InvalidManualClaim` (a quote that is not in the sentence)."""
    with write_transaction(db):
        found = _open(db, possible_id)
        claim = _manual_claim(found, fields)
        article = {"published": found.published, "outlet": found.outlet, "city": found.city, "state": found.state}
        try:
            cursor = db.execute(_INSERT_CLAIM, list(claim_row(found.article_id, claim, article, now_iso())))
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"Article {found.article_id} already has a {claim.kind} claim on exactly this "
                           "quote; change the quote or the kind.") from exc
        claim_id = int(cursor.lastrowid or 0)
        _decide(db, possible_id, user_name, "promoted", claim_id, note)
    return claim_id


def dismiss_possible_claim(db: Database, possible_id: int, user_name: str, note: str | None = None) -> None:
    """Record that a possible claim is not a claim; raises `NotFound` or `Conflict`."""
    with write_transaction(db):
        _open(db, possible_id)
        _decide(db, possible_id, user_name, "dismissed", None, note)


def decisions_for(db: Database, *, possible_id: int | None = None, claim_id: int | None = None) -> list[PossibleDecision]:
    """Decisions on a possible claim, or the promotion that made a claim, oldest first."""
    column, value = ("possible_claim_id", possible_id) if possible_id is not None else ("claim_id", claim_id)
    return [PossibleDecision(id=r["id"], possible_claim_id=r["possible_claim_id"], user_name=r["user_name"],
                             action=r["action"], claim_id=r["claim_id"], note=r["note"], created_at=r["created_at"])
            for r in db.query(f"SELECT * FROM possible_claim_decisions WHERE {column} = ? ORDER BY id", [value])]
