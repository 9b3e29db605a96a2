"""WARC files as byte-range blocks, and the records of one block read safely.

CC-NEWS files (and most archives written by crawlers) are "gzip per record": each WARC record
is its own gzip member, so a reader can start at any member. A file is cut into blocks of
``block_bytes``; a block owns every record whose gzip member *starts* inside its range. Its
task finds the first member boundary at or after its start (a gzip header, checked by
decompressing the first bytes of the member to ``WARC/``), reads members one by one, and reads
the last one to its end even past the block's end; the next block starts at the boundary after
it. No task reads more than its range plus one record, and the planner reads no data at all.

A member that does not decompress (corrupt bytes, a bad checksum, a file cut short) is a
``RecordFault`` with its offset; the reader then looks for the next boundary and goes on, so
the other records are kept. An uncompressed WARC has no boundary a reader can find safely: it
is one block, read with warcio, and a fault there ends that file (the rest is counted as lost).
"""

from __future__ import annotations

import glob
import io
import logging
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from backfill.errors import NoInput
from backfill.records import Block, RecordFault

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b\x08"  # gzip id bytes and the deflate method
CHUNK = 1 << 16
SCAN_CHUNK = 1 << 20
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def expand_inputs(patterns: Sequence[str]) -> list[Path]:
    """WARC files named by paths, folders (their WARC files) and glob patterns, sorted, once each."""
    found: dict[Path, None] = {}
    for pattern in patterns:
        matches = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else [pattern]
        for match in matches:
            path = Path(match)
            if path.is_dir():
                for p in sorted(path.rglob("*")):
                    if p.is_file() and p.name.lower().endswith(WARC_SUFFIXES):
                        found[p.resolve()] = None
            elif path.is_file():
                found[path.resolve()] = None
    if not found:
        raise NoInput(f"No WARC file matches {' '.join(patterns)}. Give .warc.gz files, folders of them, "
                      "or a quoted glob such as 'CC-NEWS-2024*.warc.gz'.")
    return list(found)


def is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(3) == GZIP_MAGIC


def plan_blocks(paths: Sequence[Path], block_bytes: int) -> list[Block]:
    """Blocks of at most ``block_bytes`` per gzip-per-record file; one block per other file."""
    blocks: list[Block] = []
    for path in paths:
        size = path.stat().st_size
        if size == 0:
            continue
        step = block_bytes if is_gzip(path) else size
        for index, start in enumerate(range(0, size, step)):
            blocks.append(Block(str(path), start, min(start + step, size), index, size))
    return blocks


def _starts_a_record(fh: BinaryIO, pos: int) -> bool:
    """Does a gzip member start at ``pos`` whose first decompressed bytes are a WARC header?"""
    fh.seek(pos)
    head = fh.read(CHUNK)
    try:
        return zlib.decompressobj(31).decompress(head, 8).startswith((b"WARC/", b"filedesc:"))
    except zlib.error:
        return False


def find_boundary(fh: BinaryIO, start: int, limit: int) -> int | None:
    """The offset of the first record boundary in [start, limit), or None."""
    pos = start
    while pos < limit:
        fh.seek(pos)
        window = fh.read(min(SCAN_CHUNK, limit - pos) + len(GZIP_MAGIC) - 1)
        if not window:
            return None
        at = window.find(GZIP_MAGIC)
        while at != -1 and pos + at < limit:
            if _starts_a_record(fh, pos + at):
                return pos + at
            at = window.find(GZIP_MAGIC, at + 1)
        pos += SCAN_CHUNK
    return None


@dataclass(frozen=True, slots=True)
class Member:
    """One gzip member's decompressed bytes (a whole WARC record) and where it sits in the file."""

    offset: int
    data: bytes | None  # None when it was larger than the cap (skipped, its end still found)
    next_offset: int


def read_member(fh: BinaryIO, pos: int, max_bytes: int) -> Member | RecordFault:
    """Decompress the gzip member at ``pos``, keeping at most ``max_bytes`` of it."""
    fh.seek(pos)
    inflater = zlib.decompressobj(31)
    out: list[bytes] = []
    kept = 0
    read_to = pos
    try:
        while not inflater.eof:
            raw = fh.read(CHUNK)
            if not raw:
                return RecordFault(pos, "truncated: the file ends inside this record")
            read_to += len(raw)
            data = raw
            while data and not inflater.eof:
                piece = inflater.decompress(data, CHUNK)
                if kept <= max_bytes:
                    out.append(piece)
                    kept += len(piece)
                data = inflater.unconsumed_tail
    except zlib.error as exc:
        return RecordFault(pos, f"corrupt gzip data ({exc})")
    next_offset = read_to - len(inflater.unused_data)
    return Member(pos, b"".join(out) if kept <= max_bytes else None, next_offset)


def parse_record(data: bytes) -> ArcWarcRecord:
    """The one WARC record in ``data`` (raises warcio's errors when it is not one)."""
    return next(iter(ArchiveIterator(io.BytesIO(data), ensure_http_headers=False)))


class BlockReader:
    """Reads the records a block owns; counts what it read and lists what it could not."""

    def __init__(self, block: Block, max_bytes: int) -> None:
        self.block = block
        self.max_bytes = max_bytes
        self.records = 0
        self.oversize = 0
        self.faults: list[RecordFault] = []

    def _fault(self, fault: RecordFault) -> None:
        log.warning("%s: record at offset %d skipped: %s", self.block.path, fault.offset, fault.reason)
        self.faults.append(fault)

    def records_with_offsets(self) -> Iterator[tuple[int, ArcWarcRecord]]:
        """``(offset, record)`` for each readable record of the block, in file order."""
        path = Path(self.block.path)
        with path.open("rb") as fh:
            if fh.read(3) == GZIP_MAGIC:
                yield from self._gzip_records(fh)
            else:
                yield from self._plain_records(fh)

    def _gzip_records(self, fh: BinaryIO) -> Iterator[tuple[int, ArcWarcRecord]]:
        pos = find_boundary(fh, self.block.start, self.block.end)
        while pos is not None and pos < self.block.end:
            member = read_member(fh, pos, self.max_bytes)
            if isinstance(member, RecordFault):
                self._fault(member)
                pos = find_boundary(fh, pos + 1, self.block.end)
                continue
            pos = member.next_offset
            if self.block.end <= pos < self.block.file_bytes and not _starts_a_record(fh, pos):
                # A damaged header right after this block's last record: the next block cannot
                # tell it from the middle of a record and would skip it unseen, so count it here.
                self._fault(RecordFault(pos, "damaged record: no gzip WARC header where the previous "
                                             "record ends"))
            self.records += 1
            if member.data is None:
                self.oversize += 1
                continue
            try:
                record = parse_record(member.data)
            except Exception as exc:  # warcio raises several types for a malformed header
                self._fault(RecordFault(member.offset, f"not a WARC record ({type(exc).__name__}: {exc})"))
                continue
            yield member.offset, record

    def _plain_records(self, fh: BinaryIO) -> Iterator[tuple[int, ArcWarcRecord]]:
        fh.seek(0)
        iterator = ArchiveIterator(fh, ensure_http_headers=False)
        offset = 0
        try:
            for record in iterator:
                offset = iterator.get_record_offset()
                self.records += 1
                yield offset, record
        except Exception as exc:  # an uncompressed file cannot be resynchronised: the rest is lost
            self._fault(RecordFault(offset, f"unreadable from here to the end of the file "
                                            f"({type(exc).__name__}: {exc})"))
