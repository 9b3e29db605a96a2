"""Records of the backfill: the blocks it splits WARC files into, and what each task reports."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: Corrupt records listed by offset per block; more are counted but not listed.
MAX_LISTED_FAULTS = 100


@dataclass(frozen=True, slots=True)
class Block:
    """A byte range of one WARC file: the task owns every record that starts in [start, end).

    A record that starts inside the range and runs past ``end`` is read to its end by this
    block; the next block skips it (it starts looking at the first record boundary at or
    after its own ``start``).
    """

    path: str
    start: int
    end: int
    index: int  # the block's number in its file (0, 1, ...)
    file_bytes: int

    @property
    def block_id(self) -> str:
        """Deterministic name of the block's output: file stem, a hash of the full path, index."""
        digest = hashlib.sha1(str(Path(self.path).resolve()).encode("utf-8")).hexdigest()[:10]
        stem = Path(self.path).name.split(".")[0][:40]
        return f"{stem}-{digest}-b{self.index:05d}"


@dataclass(frozen=True, slots=True)
class RecordFault:
    """A WARC record that could not be read: where it starts and why (it was skipped)."""

    offset: int
    reason: str


@dataclass(frozen=True, slots=True)
class BlockResult:
    """What one task did with one block (also written as the block's ``tasks/<id>.json``).

    ``records``: WARC records read; ``responses``: HTTP 200 HTML responses among them;
    ``articles``: English news articles written; the ``skipped`` counts say why the other
    responses were not articles; ``corrupt`` counts unreadable records, ``faults`` lists the
    first ``MAX_LISTED_FAULTS`` of them with their offsets.
    """

    block_id: str
    path: str
    start: int
    end: int
    records: int = 0
    responses: int = 0
    articles: int = 0
    claims: int = 0
    possible_claims: int = 0
    corrupt: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    faults: tuple[RecordFault, ...] = ()
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of the task's thread (parse, extract, write)
    worker_peak_rss: int = 0  # bytes: the worker process's peak resident memory so far

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["faults"] = [asdict(f) for f in self.faults]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BlockResult:
        d = dict(d)
        d["faults"] = tuple(RecordFault(**f) for f in d.get("faults", []))
        return cls(**d)
