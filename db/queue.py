"""The review queue (flagged claims in an explained priority order) and repeated claims.

A claim is *flagged* when its machine verdict is contradicted, close or needs_review, when it
contradicts itself (flag ``internal_inconsistency``), or when it is unverifiable but
check-worthy (a stated change or record about a named city and a named offense). Already
reviewed claims and wire copies (whose original is in the queue) are left out.

Priority = verdict weight + outlet reach + size of the claimed change + recency, each a small
number with a plain phrase saying why (``StoredClaim.priority_reasons``), so the UI can show it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from db.checks import get_claim
from db.records import StoredClaim
from db.rows import STORED_CLAIM_SELECT, stored_claim_from_row

# How much each machine verdict pushes a claim up the queue, and the phrase shown for it.
VERDICT_WEIGHTS: dict[str, tuple[float, str]] = {
    "contradicted": (3.0, "contradicted by official figures"),
    "needs_review": (2.0, "the machine could not decide (needs review)"),
    "close": (1.0, "close to official figures, but not within rounding"),
    "unverifiable": (0.5, "no official figures yet for a check-worthy claim"),
}
INCONSISTENCY_WEIGHT = 2.5
CHECK_WORTHY_KINDS: tuple[str, ...] = ("percent_change", "from_to", "count_change", "record")
RECORD_SIZE = 50.0  # "lowest since 2006" weighs like a 50% change
RECENCY_HALF_LIFE_DAYS = 30.0
MANY_READERS = 4  # sources.toml reach (1-5 there; an audience count works too) worded "many readers"
# Score bands for the words on a queue card (the score itself stays in JSON).
PRIORITY_WORDS: tuple[tuple[float, str], ...] = ((4.5, "High priority"), (2.5, "Medium priority"),
                                                  (0.0, "Low priority"))


def priority_words(score: float) -> str:
    """'High priority' / 'Medium priority' / 'Low priority' for a queue score."""
    return next(words for floor, words in PRIORITY_WORDS if score >= floor)


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """What a fact-checker narrows the queue to; None does not filter."""

    city: str | None = None
    offense: str | None = None
    verdict: str | None = None  # the machine's verdict
    flag: str | None = None  # one of the check's flags (small_base, preliminary_data, ...)
    outlet: str | None = None

    def sql(self) -> tuple[str, dict[str, Any]]:
        """`` AND ...`` conditions over ``c`` (claims) and their named parameters (fixed SQL)."""
        conditions: list[str] = []
        params: dict[str, Any] = {}
        for name in ("city", "offense", "verdict", "outlet"):
            value = getattr(self, name)
            if value is not None:
                conditions.append(f" AND c.{name} = :q_{name}")
                params[f"q_{name}"] = value
        if self.flag is not None:
            conditions.append(" AND EXISTS (SELECT 1 FROM json_each(c.flags) WHERE value = :q_flag)")
            params["q_flag"] = self.flag
        return "".join(conditions), params

    def items(self) -> list[tuple[str, str]]:
        return [(name, value) for name in QUEUE_FILTERS
                if (value := getattr(self, name)) is not None]


QUEUE_FILTERS: tuple[str, ...] = ("city", "offense", "verdict", "flag", "outlet")

_FLAGGED = """
 WHERE a.duplicate_of IS NULL {reviewed}
   AND (c.verdict IN ('contradicted', 'close', 'needs_review')
        OR EXISTS (SELECT 1 FROM json_each(c.flags) WHERE value = 'internal_inconsistency')
        OR (c.verdict = 'unverifiable' AND c.kind IN ('percent_change', 'from_to', 'count_change',
            'record') AND c.city IS NOT NULL AND c.offense IS NOT NULL AND c.offense != 'other'))
"""


def _change_size(claim: StoredClaim) -> float | None:
    """The size of the change a claim states, in percent, when it states one."""
    kind, value, old = claim.claim.kind, claim.claim.value, claim.claim.from_value
    if kind == "percent_change" and value is not None:
        return abs(float(value))
    if kind == "from_to" and value is not None and old:
        return abs((float(value) - float(old)) / float(old) * 100)
    if kind == "record":
        return RECORD_SIZE
    return None


def priority(claim: StoredClaim, today: date) -> tuple[float, tuple[str, ...]]:
    """The claim's queue priority and the phrases that explain it, biggest part first."""
    parts: list[tuple[float, str]] = []
    weight, phrase = VERDICT_WEIGHTS.get(claim.verdict or "", (0.0, ""))
    if "internal_inconsistency" in claim.flags:
        parts.append((INCONSISTENCY_WEIGHT, "its own numbers disagree with each other"))
    if weight:
        parts.append((weight, phrase))
    reach = claim.reach or 1
    if reach > 1:
        words = "an outlet with many readers" if reach >= MANY_READERS else "an outlet with some readers"
        parts.append((min(math.log10(reach), 6.0) / 2, words))
    size = _change_size(claim)
    if size is not None and size > 0:
        label = ("claims a record" if claim.claim.kind == "record"
                 else f"claims a {size:.0f}% change")
        parts.append((min(size, 100.0) / 50, label))
    if claim.published:
        try:
            days = max((today - date.fromisoformat(claim.published[:10])).days, 0)
        except ValueError:
            days = None
        if days is not None:
            score = 2 * 0.5 ** (days / RECENCY_HALF_LIFE_DAYS)
            if score >= 0.1:
                when = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
                parts.append((score, f"published {when}"))
    parts.sort(key=lambda p: -p[0])
    return round(sum(p[0] for p in parts), 3), tuple(p[1] for p in parts)


def _priority_sql() -> str:
    """The same score as ``priority()``, as an SQL expression over ``c`` (claims) and ``s``
    (sources), so SQLite can order the whole queue; ``:today`` is an ISO date parameter. Built
    from the constants above only."""
    verdicts = " ".join(f"WHEN '{name}' THEN {weight}" for name, (weight, _) in VERDICT_WEIGHTS.items())
    recency = ("2.0 * pow(0.5, max(julianday(:today) - julianday(substr(c.published, 1, 10)), 0) "
               f"/ {RECENCY_HALF_LIFE_DAYS})")
    return f"""(
        (CASE c.verdict {verdicts} ELSE 0 END)
      + (CASE WHEN c.flags LIKE '%"internal_inconsistency"%' THEN {INCONSISTENCY_WEIGHT} ELSE 0 END)
      + (CASE WHEN coalesce(s.reach, 1) > 1 THEN min(log10(s.reach), 6.0) / 2 ELSE 0 END)
      + (CASE WHEN c.kind = 'percent_change' AND c.value IS NOT NULL
                   THEN min(abs(c.value), 100.0) / 50
              WHEN c.kind = 'from_to' AND c.value IS NOT NULL AND c.from_value != 0
                   THEN min(abs((c.value - c.from_value) * 100.0 / c.from_value), 100.0) / 50
              WHEN c.kind = 'record' THEN {min(RECORD_SIZE, 100.0) / 50}
              ELSE 0 END)
      + (CASE WHEN julianday(substr(c.published, 1, 10)) IS NULL THEN 0
              WHEN {recency} >= 0.1 THEN {recency}
              ELSE 0 END))"""


def review_queue(db: Database, limit: int = 50, offset: int = 0, *,
                 include_reviewed: bool = False, today: date | None = None,
                 filters: QueueFilter | None = None) -> list[StoredClaim]:
    """Flagged claims, highest priority first, each with ``priority`` and ``priority_reasons``.

    SQLite orders the whole queue by the score; the reasons are worded for the page only.
    """
    today = today or date.today()
    where, params = (filters or QueueFilter()).sql()
    ranked = [r[0] for r in db.execute(
        "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id "
        "LEFT JOIN sources s ON s.name = c.outlet"
        + _FLAGGED.format(reviewed="" if include_reviewed else "AND c.review_verdict IS NULL")
        + where + f" ORDER BY {_priority_sql()} DESC, c.id DESC LIMIT :limit OFFSET :offset",
        {"today": today.isoformat(), "limit": limit, "offset": offset, **params})]
    rows = {r["id"]: r for r in db.query(
        STORED_CLAIM_SELECT + " WHERE c.id IN (SELECT value FROM json_each(?))", [json.dumps(ranked, allow_nan=False)])}
    page = []
    for claim_id in ranked:
        score, reasons = priority(stored_claim_from_row(rows[claim_id]), today)
        page.append(stored_claim_from_row(rows[claim_id], score, reasons))
    return page


def queue_size(db: Database, *, include_reviewed: bool = False,
               filters: QueueFilter | None = None) -> int:
    """How many claims the review queue holds (with ``filters``: how many of them match)."""
    where, params = (filters or QueueFilter()).sql()
    sql = ("SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id"
           + _FLAGGED.format(reviewed="" if include_reviewed else "AND c.review_verdict IS NULL") + where)
    return int(db.execute(sql, params).fetchone()[0])


def queue_choices(db: Database, *, include_reviewed: bool = False) -> dict[str, list[tuple[str, int]]]:
    """Each filter's values over the whole queue, with how many queued claims have each, most
    first: what the filter menus offer."""
    base = ("FROM claims c JOIN articles a ON a.id = c.article_id"
            + _FLAGGED.format(reviewed="" if include_reviewed else "AND c.review_verdict IS NULL"))
    out: dict[str, list[tuple[str, int]]] = {}
    for name, column in (("city", "c.city"), ("offense", "c.offense"), ("verdict", "c.verdict"),
                         ("outlet", "c.outlet")):
        out[name] = [(r[0], int(r[1])) for r in db.execute(
            f"SELECT {column}, count(*) {base} AND {column} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")]
    out["flag"] = [(r[0], int(r[1])) for r in db.execute(
        f"SELECT f.value, count(*) {base.replace('FROM claims c', 'FROM claims c, json_each(c.flags) f', 1)} "
        "GROUP BY 1 ORDER BY 2 DESC, 1")]
    return out


def same_claim_elsewhere(db: Database, claim_id: int) -> list[StoredClaim]:
    """Other articles' claims with the same place, offense, value and kind, oldest first."""
    claim = get_claim(db, claim_id)
    return [stored_claim_from_row(r) for r in db.query(
        STORED_CLAIM_SELECT + " WHERE c.id != ? AND c.article_id != ? AND c.city IS ? "
        "AND c.state IS ? AND c.offense IS ? AND c.value IS ? AND c.kind = ? "
        "ORDER BY c.published IS NULL, c.published, c.id",
        [claim_id, claim.article_id, claim.city, claim.state, claim.claim.offense,
         claim.claim.value, claim.claim.kind])]
