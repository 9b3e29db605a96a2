"""The backfill's output folder: Parquet partitions per block, written atomically, and read back.

    OUT/manifest.json                 the run: inputs, block size, extractor, totals
    OUT/articles/<block id>.parquet   one row per English news article (raw HTML kept only for
                                      articles with claims or possible claims)
    OUT/claims/<block id>.parquet     one row per claim (the claim contract's fields)
    OUT/possible/<block id>.parquet   one row per possible claim
    OUT/tasks/<block id>.json         the block's BlockResult: written last, so a block is done
                                      exactly when this file exists

Every file is written under a temporary name in the same folder and renamed into place, so a
task killed mid-block leaves no partial partition under a real name, and a retried task
replaces, never adds to, what an earlier attempt wrote. Names depend only on the block, so
rerunning a block overwrites the same files.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from backfill.errors import PartitionError
from backfill.records import BlockResult
from records.claim import Claim, Place
from records.possible import FoundNumber, PossibleClaim

TABLES = ("articles", "claims", "possible")
MANIFEST = "manifest.json"
TASKS = "tasks"
ROW_GROUP = 256  # rows buffered before a row group is written
FORMAT = 1

_STR, _INT, _FLOAT = pa.string(), pa.int64(), pa.float64()
_KEY = [("block_id", _STR), ("record_offset", _INT), ("url", _STR)]
SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(_KEY + [
        ("warc_url", _STR), ("warc_date", _STR), ("text", _STR), ("title", _STR), ("published", _STR),
        ("author", _STR), ("canonical_url", _STR), ("outlet", _STR), ("city", _STR), ("state", _STR),
        ("source_kind", _STR), ("content_sha256", _STR), ("raw_sha256", _STR), ("pdf_links", pa.list_(_STR)),
        ("language", _STR), ("claims", _INT), ("possible_claims", _INT), ("claims_over_cap", _INT),
        ("html", pa.binary())]),
    "claims": pa.schema(_KEY + [
        ("quote", _STR), ("start", _INT), ("end", _INT), ("sentence", _STR), ("sentence_start", _INT),
        ("kind", _STR), ("direction", _STR), ("value", _FLOAT), ("from_value", _FLOAT), ("unit", _STR),
        ("offense", _STR), ("offense_detail", _STR), ("offense_from", _STR), ("baseline", _STR),
        ("period", _STR), ("place_city", _STR), ("place_state", _STR), ("place_neighborhood", _STR),
        ("place_source", _STR), ("qualifiers", pa.list_(_STR)), ("rule", _STR), ("input_id", _STR)]),
    "possible": pa.schema(_KEY + [
        ("sentence", _STR), ("start", _INT), ("end", _INT), ("numbers", _STR),
        ("offense_words", pa.list_(_STR)), ("offenses", pa.list_(_STR)), ("cues", pa.list_(_STR)),
        ("score", _FLOAT), ("reason", _STR), ("detector", _STR), ("input_id", _STR)]),
}


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class PartitionWriter:
    """Rows of one table for one block, buffered ``ROW_GROUP`` at a time into a temporary
    Parquet file, renamed to ``<table>/<block id>.parquet`` by ``commit``."""

    def __init__(self, out: Path, table: str, block_id: str) -> None:
        self.schema = SCHEMAS[table]
        self.final = out / table / f"{block_id}.parquet"
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.final.with_name(f".{self.final.name}.{uuid.uuid4().hex}.tmp")
        self.rows: list[dict[str, Any]] = []
        self.writer: pq.ParquetWriter | None = None
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.tmp, self.schema, compression="zstd")
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []

    def commit(self) -> None:
        self._flush()
        assert self.writer is not None
        self.writer.close()
        os.replace(self.tmp, self.final)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.tmp.unlink(missing_ok=True)


def claim_row(key: dict[str, Any], c: Claim) -> dict[str, Any]:
    place = c.place
    return {**key, "quote": c.quote, "start": c.start, "end": c.end, "sentence": c.sentence,
            "sentence_start": c.sentence_start, "kind": c.kind, "direction": c.direction,
            "value": c.value, "from_value": c.from_value, "unit": c.unit, "offense": c.offense,
            "offense_detail": c.offense_detail, "offense_from": c.offense_from, "baseline": c.baseline,
            "period": c.period, "place_city": place.city if place else None,
            "place_state": place.state if place else None,
            "place_neighborhood": place.neighborhood if place else None,
            "place_source": place.source if place else None, "qualifiers": list(c.qualifiers),
            "rule": c.rule, "input_id": c.id}


def claim_from_row(r: dict[str, Any]) -> Claim:
    place = None
    if r["place_source"] is not None:
        place = Place(city=r["place_city"], state=r["place_state"], neighborhood=r["place_neighborhood"],
                      source=r["place_source"])
    return Claim(quote=r["quote"], start=r["start"], end=r["end"], sentence=r["sentence"], kind=r["kind"],
                 direction=r["direction"], value=r["value"], unit=r["unit"], offense=r["offense"],
                 rule=r["rule"], from_value=r["from_value"], baseline=r["baseline"], period=r["period"],
                 place=place, qualifiers=tuple(r["qualifiers"] or ()), offense_detail=r["offense_detail"],
                 offense_from=r["offense_from"], id=r["input_id"], sentence_start=r["sentence_start"])


def possible_row(key: dict[str, Any], p: PossibleClaim) -> dict[str, Any]:
    return {**key, "sentence": p.sentence, "start": p.start, "end": p.end,
            "numbers": json.dumps([[n.text, n.value] for n in p.numbers], allow_nan=False),
            "offense_words": list(p.offense_words), "offenses": list(p.offenses), "cues": list(p.cues),
            "score": p.score, "reason": p.reason, "detector": p.detector, "input_id": p.id}


def possible_from_row(r: dict[str, Any]) -> PossibleClaim:
    return PossibleClaim(sentence=r["sentence"], start=r["start"], end=r["end"],
                         numbers=tuple(FoundNumber(t, float(v)) for t, v in json.loads(r["numbers"])),
                         offense_words=tuple(r["offense_words"] or ()), offenses=tuple(r["offenses"] or ()),
                         cues=tuple(r["cues"] or ()), score=r["score"], reason=r["reason"],
                         detector=r["detector"], id=r["input_id"])


def write_result(out: Path, result: BlockResult) -> None:
    """Mark the block done: its result, written after (and only after) its partitions."""
    folder = out / TASKS
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / f"{result.block_id}.json",
                     json.dumps(result.as_dict(), sort_keys=True, allow_nan=False).encode("utf-8"))


def done_results(out: Path) -> dict[str, BlockResult]:
    """Results of the blocks that finished, by block id."""
    folder = out / TASKS
    if not folder.is_dir():
        return {}
    results = {}
    for path in sorted(folder.glob("*.json")):
        result = BlockResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
        results[result.block_id] = result
    return results


def read_rows(out: Path, table: str, block_id: str) -> Iterator[dict[str, Any]]:
    """The rows of one partition, one row group in memory at a time."""
    path = out / table / f"{block_id}.parquet"
    if not path.is_file():
        raise PartitionError(f"{path} is missing although {out / TASKS / (block_id + '.json')} says the "
                             "block is done. Run `claims backfill` again with the same --out to redo it.")
    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(batch_size=ROW_GROUP):
        yield from batch.to_pylist()


def read_manifest(out: Path) -> dict[str, Any] | None:
    path = out / MANIFEST
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_atomically(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True, allow_nan=False).encode())


def remove_stale_tmp(out: Path) -> int:
    """Delete temporary files that killed attempts left behind; return how many."""
    n = 0
    for path in out.rglob(".*.tmp"):
        path.unlink(missing_ok=True)
        n += 1
    return n
