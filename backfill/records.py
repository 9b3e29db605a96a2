"""Records of the backfill: the blocks it splits WARC files into, what each task reports, and the
counts both a task and the whole run report (``BlockCounts``, added up over blocks)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
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
class BlockCounts:
    """What was found in WARC records, for one block or added up over a whole backfill.

    ``records``: WARC records read; ``responses``: HTTP 200 HTML responses among them;
    ``articles``: English news articles written; ``claims`` and ``possible_claims``: what the
    extractor found in them; the ``skipped`` counts say why the other responses were not
    articles; ``corrupt`` counts unreadable records.
    """

    records: int = 0
    responses: int = 0
    articles: int = 0
    claims: int = 0
    possible_claims: int = 0
    corrupt: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    @classmethod
    def total(cls, parts: Iterable[BlockCounts]) -> BlockCounts:
        """The counts of many blocks added up, their skipped reasons merged."""
        sums = dict.fromkeys(_SUMMED, 0)
        skipped: Counter[str] = Counter()
        for part in parts:
            for name in _SUMMED:
                sums[name] += getattr(part, name)
            skipped.update(part.skipped)
        return cls(**sums, skipped=dict(skipped))

    def as_dict(self) -> dict[str, Any]:
        """The counts as flat JSON keys, as the task files and the summary write them."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BlockCounts:
        """The counts among ``d``'s keys (other keys are left alone)."""
        return cls(**{name: d[name] for name in _COUNT_FIELDS if name in d})


_COUNT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(BlockCounts))
_SUMMED: tuple[str, ...] = tuple(name for name in _COUNT_FIELDS if name != "skipped")


@dataclass(frozen=True, slots=True)
class BlockResult:
    """What one task did with one block (also written as the block's ``tasks/<id>.json``, with
    the counts as top-level keys): its ``counts``, and in ``faults`` the first
    ``MAX_LISTED_FAULTS`` unreadable records with their offsets.
    """

    block_id: str
    path: str
    start: int
    end: int
    counts: BlockCounts = field(default_factory=BlockCounts)
    faults: tuple[RecordFault, ...] = ()
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of the task's thread (parse, extract, write)
    worker_peak_rss: int = 0  # bytes: the worker process's peak resident memory so far

    def as_dict(self) -> dict[str, Any]:
        return {"block_id": self.block_id, "path": self.path, "start": self.start, "end": self.end,
                **self.counts.as_dict(), "faults": [asdict(f) for f in self.faults],
                "seconds": self.seconds, "cpu_seconds": self.cpu_seconds,
                "worker_peak_rss": self.worker_peak_rss}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BlockResult:
        rest = {k: v for k, v in d.items() if k not in _COUNT_FIELDS}
        rest["faults"] = tuple(RecordFault(**f) for f in rest.get("faults", []))
        return cls(counts=BlockCounts.from_dict(d), **rest)
