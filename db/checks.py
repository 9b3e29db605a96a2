"""Machine checks and human reviews (append-only history) and single claims.

Web accounts live in the accounts database: ``db/accounts.py``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from db.connection import write_transaction
from db.errors import NotFound, StoreError
from db.records import CheckRow, ReviewRow, StoredClaim
from db.rows import (
    STORED_CLAIM_SELECT,
    check_fingerprint,
    check_from_row,
    dumps,
    now_iso,
    review_from_row,
    stored_claim_from_row,
)
from records.check import VERDICTS, Check

# SQLite integers are signed 64-bit: a larger id cannot name a row (and would not even bind).
MAX_ID = 2**63 - 1


def _claim_missing(claim_id: int) -> NotFound:
    return NotFound(f"No claim with id {claim_id}. `claims search` lists stored claims "
                    "with their ids.")


def get_claim(db: Database, claim_id: int) -> StoredClaim:
    """One stored claim with its article and current verdicts; raises ``NotFound``."""
    if not 0 < claim_id <= MAX_ID:
        raise _claim_missing(claim_id)
    rows = list(db.query(STORED_CLAIM_SELECT + " WHERE c.id = ?", [claim_id]))
    if not rows:
        raise _claim_missing(claim_id)
    return stored_claim_from_row(rows[0])


def claims_to_check(db: Database, *, since: str | None = None, all: bool = False,
                    ids: Sequence[int] | None = None) -> list[StoredClaim]:
    """Claims never checked (or every claim with ``all=True``), oldest id first.

    ``since`` (an ISO date) keeps claims from articles published on or after it; ``ids`` only
    these claims (checked or not).
    """
    sql = STORED_CLAIM_SELECT + " WHERE 1 = 1"
    params: list[Any] = []
    if ids is not None:
        sql += " AND c.id IN (SELECT value FROM json_each(?))"
        params.append(dumps(list(ids)))
        all = True
    if not all:
        sql += " AND c.verdict IS NULL"
    if since is not None:
        sql += " AND c.published >= ?"
        params.append(since)
    sql += " ORDER BY c.id"
    return [stored_claim_from_row(r) for r in db.query(sql, params)]


def claims_about(db: Database, offenses: Sequence[str]) -> list[tuple[StoredClaim, CheckRow | None]]:
    """Claims filed under any of ``offenses`` (claim offenses), each with its latest machine
    check (None if never checked), oldest id first: the candidates a new figure may touch."""
    claims = [stored_claim_from_row(r) for r in db.query(
        STORED_CLAIM_SELECT + " WHERE c.offense IN (SELECT value FROM json_each(?)) ORDER BY c.id",
        [dumps(sorted(set(offenses)))])]
    latest = {r["claim_id"]: check_from_row(r) for r in db.query(
        "SELECT * FROM checks WHERE id IN (SELECT max(id) FROM checks WHERE claim_id IN "
        "(SELECT value FROM json_each(?)) GROUP BY claim_id)",
        [dumps([c.claim_id for c in claims])])}
    return [(c, latest.get(c.claim_id)) for c in claims]


def store_check(db: Database, check: Check) -> int | None:
    """Append a machine check; return its id, or None when an identical check is stored.

    Identical = same claim, method version, observations, verdict, flags and computed values
    (the ``fingerprint``), so re-running the checker with nothing new adds nothing.
    """
    fingerprint = check_fingerprint(check)
    try:
        with write_transaction(db):
            cursor = db.execute(
                "INSERT OR IGNORE INTO checks (claim_id, verdict, flags, explanation, "
                "method_version, checked_at, observation_ids, computed, tolerance, period_start, "
                "period_end, baseline_start, baseline_end, fingerprint) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [check.claim_id, check.verdict, dumps(list(check.flags)), check.explanation,
                 check.method_version, check.checked_at, dumps(list(check.observation_ids)),
                 None if check.computed is None else dumps(check.computed),
                 None if check.tolerance is None else dumps(check.tolerance),
                 check.period_start, check.period_end, check.baseline_start, check.baseline_end,
                 fingerprint])
    except sqlite3.IntegrityError as exc:
        raise _claim_missing(check.claim_id) from exc
    return int(cursor.lastrowid) if cursor.rowcount and cursor.lastrowid else None


def checks_for(db: Database, claim_id: int) -> list[CheckRow]:
    """A claim's machine checks, oldest first."""
    return [check_from_row(r) for r in db.query(
        "SELECT * FROM checks WHERE claim_id = ? ORDER BY id", [claim_id])]


def add_review(db: Database, claim_id: int, user_name: str, verdict: str, note: str | None) -> int:
    """Append a human review (reviews are never updated or deleted); return its id."""
    if verdict not in VERDICTS:
        raise StoreError(f"Unknown verdict {verdict!r}; use one of: {', '.join(VERDICTS)}.")
    try:
        with write_transaction(db):
            cursor = db.execute(
                "INSERT INTO reviews (claim_id, user_name, verdict, note, created_at) "
                "VALUES (?, ?, ?, ?, ?)", [claim_id, user_name, verdict, note, now_iso()])
    except sqlite3.IntegrityError as exc:
        raise _claim_missing(claim_id) from exc
    return int(cursor.lastrowid or 0)


def reviews_for(db: Database, claim_id: int) -> list[ReviewRow]:
    """A claim's human reviews, oldest first."""
    return [review_from_row(r) for r in db.query(
        "SELECT * FROM reviews WHERE claim_id = ? ORDER BY id", [claim_id])]
