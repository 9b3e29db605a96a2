"""Official sources, jurisdictions and observations (append-only; vintages coexist)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from db.connection import write_transaction
from db.rows import (
    OBSERVATION_COLUMNS,
    jurisdiction_from_row,
    observation_from_row,
    observation_row,
)
from records.official import Jurisdiction, Observation

OBSERVATION_BATCH = 500

_INSERT_OBSERVATION = "INSERT OR IGNORE INTO observations ({cols}) VALUES ({marks})".format(
    cols=", ".join(OBSERVATION_COLUMNS), marks=", ".join("?" * len(OBSERVATION_COLUMNS)))

_OFFICIAL_SOURCE_EXTRA = ("base_url", "dataset_id", "license", "notes")


def upsert_jurisdiction(db: Database, j: Jurisdiction) -> None:
    """Insert or update a jurisdiction (aliases replaced by the given ones)."""
    with write_transaction(db):
        db.execute(
            "INSERT INTO jurisdictions (jurisdiction_id, name, state, kind, ori, place_geoid, "
            "population, aliases) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (jurisdiction_id) DO UPDATE SET name = excluded.name, "
            "state = excluded.state, kind = excluded.kind, ori = excluded.ori, "
            "place_geoid = excluded.place_geoid, population = excluded.population, "
            "aliases = excluded.aliases",
            [j.jurisdiction_id, j.name, j.state, j.kind, j.ori, j.place_geoid, j.population,
             json.dumps(list(j.aliases), allow_nan=False)])


def get_jurisdiction(db: Database, jurisdiction_id: str) -> Jurisdiction | None:
    rows = list(db.query("SELECT * FROM jurisdictions WHERE jurisdiction_id = ?", [jurisdiction_id]))
    return jurisdiction_from_row(rows[0]) if rows else None


def list_jurisdictions(db: Database) -> list[Jurisdiction]:
    return [jurisdiction_from_row(r) for r in db.query(
        "SELECT * FROM jurisdictions ORDER BY state, name")]


def upsert_official_source(db: Database, source_id: str, kind: str, publisher: str, title: str,
                           **extra: Any) -> None:
    """Insert or update an official source. ``extra`` may hold base_url, dataset_id, license,
    notes; anything else is kept in ``config_json``."""
    known = {k: extra.pop(k) for k in _OFFICIAL_SOURCE_EXTRA if k in extra}
    with write_transaction(db):
        db.execute(
            "INSERT INTO official_sources (source_id, kind, publisher, title, base_url, "
            "dataset_id, license, notes, config_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (source_id) DO UPDATE SET kind = excluded.kind, "
            "publisher = excluded.publisher, title = excluded.title, base_url = excluded.base_url, "
            "dataset_id = excluded.dataset_id, license = excluded.license, notes = excluded.notes, "
            "config_json = excluded.config_json",
            [source_id, kind, publisher, title, known.get("base_url"), known.get("dataset_id"),
             known.get("license"), known.get("notes"),
             json.dumps(extra, sort_keys=True, default=str, allow_nan=False) if extra else None])


def store_observations(db: Database, obs: Iterable[Observation]) -> tuple[int, int]:
    """Append official figures; return ``(added, already_present)``.

    Idempotent on (source, jurisdiction, offense, measure, unit, period, as_of): re-importing
    the same file adds nothing, a new vintage (different ``as_of``) is added beside the old one.
    One transaction per batch of 500.
    """
    return store_observation_rows(db, (observation_row(o) for o in obs))


def store_observation_rows(db: Database, rows: Iterable[tuple[Any, ...]],
                           batch_size: int = OBSERVATION_BATCH) -> tuple[int, int]:
    """``store_observations`` for rows already in ``OBSERVATION_COLUMNS`` order (bulk loads:
    no record per figure). Same idempotence; one transaction per ``batch_size`` rows."""
    added = present = 0
    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        nonlocal added, present
        with write_transaction(db):
            before = db.conn.total_changes
            db.conn.executemany(_INSERT_OBSERVATION, batch)
            new = db.conn.total_changes - before
        added += new
        present += len(batch) - new
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return added, present


def count_observations(db: Database, source_id: str) -> int:
    """How many figures the store holds from one official source."""
    return int(db.execute("SELECT count(*) FROM observations WHERE source_id = ?", [source_id]).fetchone()[0])


def get_official_source(db: Database, source_id: str) -> dict[str, Any] | None:
    """An official source's row (``config`` decoded from ``config_json``), or None."""
    rows = list(db.query("SELECT * FROM official_sources WHERE source_id = ?", [source_id]))
    if not rows:
        return None
    row = dict(rows[0])
    row["config"] = json.loads(row.pop("config_json") or "{}")
    return row


def observations_for(db: Database, jurisdiction_id: str, offense: str, start: str | None = None,
                     end: str | None = None) -> list[Observation]:
    """All vintages of a jurisdiction's figures for an offense, with ``obs_id`` filled.

    With ``start``/``end`` (ISO dates), only periods overlapping [start, end]. Ordered by
    period_start, period_end, then vintage (as_of, retrieved_at).
    """
    sql = "SELECT * FROM observations WHERE jurisdiction_id = ? AND offense = ?"
    params: list[Any] = [jurisdiction_id, offense]
    if start is not None:
        sql += " AND period_end >= ?"
        params.append(start)
    if end is not None:
        sql += " AND period_start <= ?"
        params.append(end)
    sql += " ORDER BY period_start, period_end, coalesce(as_of, ''), retrieved_at, id"
    return [observation_from_row(r) for r in db.query(sql, params)]


def get_observations(db: Database, obs_ids: Iterable[int]) -> list[Observation]:
    """Observations by id, in the order asked (unknown ids are skipped)."""
    wanted = list(obs_ids)
    if not wanted:
        return []
    rows = {r["id"]: r for r in db.query(
        "SELECT * FROM observations WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(wanted, allow_nan=False)])}
    return [observation_from_row(rows[i]) for i in wanted if i in rows]
