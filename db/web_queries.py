"""Read-only queries only the web app needs: which claims have an archived page, and that page.

A claim's archived copy is the page its article was parsed from (``articles.page_id``), or the
page fetched at the article's URL when the link was not recorded.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

_PAGE_OF_CLAIM = """
SELECT p.id, p.url, p.fetched_at, p.content_type, {body}
FROM claims c
JOIN articles a ON a.id = c.article_id
JOIN pages p ON p.id = coalesce(a.page_id, (SELECT id FROM pages WHERE url = a.url))
WHERE c.id = ? AND p.body_gz IS NOT NULL
"""


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    page_id: int
    url: str
    fetched_at: str | None
    content_type: str | None
    body: bytes  # raw bytes as fetched (decompressed); empty when asked without body


def archived_claim_ids(db: Database, claim_ids: Iterable[int]) -> set[int]:
    """The subset of ``claim_ids`` whose article has an archived page body."""
    wanted = [int(i) for i in claim_ids]
    if not wanted:
        return set()
    rows = db.execute(
        "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id "
        "JOIN pages p ON p.id = coalesce(a.page_id, (SELECT id FROM pages WHERE url = a.url)) "
        "WHERE c.id IN (SELECT value FROM json_each(?)) AND p.body_gz IS NOT NULL",
        [json.dumps(wanted, allow_nan=False)]).fetchall()
    return {int(r[0]) for r in rows}


def archived_page_for_claim(db: Database, claim_id: int, *, with_body: bool = True) -> ArchivedPage | None:
    """The archived page of the claim's article, or None when none was stored."""
    sql = _PAGE_OF_CLAIM.format(body="p.body_gz" if with_body else "NULL")
    row = db.execute(sql, [claim_id]).fetchone()
    if row is None:
        return None
    body = gzip.decompress(row[4]) if with_body and row[4] is not None else b""
    return ArchivedPage(int(row[0]), row[1], row[2], row[3], body)


def data_generation(db: Database) -> tuple[int, ...]:
    """A cheap fingerprint that changes when claims, checks, reviews or articles are added.

    The web app keys its search cache on it. Rows are append-only or insert-only in practice
    (claims are never edited after extraction), so the largest ids tell whether anything a
    search can see has changed.
    """
    row = db.execute(
        "SELECT (SELECT max(id) FROM claims), (SELECT max(id) FROM checks), "
        "(SELECT max(id) FROM reviews), (SELECT max(id) FROM articles)").fetchone()
    return tuple(int(v or 0) for v in row)
