"""Blocks of WARC files: every record read exactly once, whatever the block size; damaged
records counted with their offsets and skipped, the others kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from backfill.errors import NoInput
from backfill.warcblocks import BlockReader, expand_inputs, plan_blocks

from .conftest import warcs

pytestmark = pytest.mark.issue(14)


def _read(paths: list[Path], block_bytes: int) -> tuple[list[tuple[str, int]], list[tuple[str, int, str]]]:
    seen, faults = [], []
    for block in plan_blocks(paths, block_bytes):
        reader = BlockReader(block, 10_000_000)
        seen += [(block.path, offset) for offset, _record in reader.records_with_offsets()]
        faults += [(block.path, f.offset, f.reason) for f in reader.faults]
    return seen, faults


@pytest.mark.parametrize("block_bytes", [700, 3000, 9999, 1 << 30])
def test_every_record_is_read_once_whatever_the_block_size(demo_warcs: dict, block_bytes: int) -> None:
    files = demo_warcs["files"]
    seen, faults = _read(files, block_bytes)
    expected = [(str(p), o) for p in files for o in warcs.member_offsets(p)]
    assert seen == expected
    assert faults == []


def test_small_blocks_split_a_file(demo_warcs: dict) -> None:
    blocks = plan_blocks([demo_warcs["files"][0]], 3000)
    assert len(blocks) > 5
    assert blocks[0].start == 0 and blocks[-1].end == demo_warcs["files"][0].stat().st_size
    assert len({b.block_id for b in blocks}) == len(blocks)


def test_a_corrupt_record_is_skipped_with_its_offset_and_the_rest_kept(demo_warcs: dict) -> None:
    good = warcs.member_offsets(demo_warcs["files"][0])
    for block_bytes in (2000, 1 << 30):
        seen, faults = _read([demo_warcs["corrupt"]], block_bytes)
        assert [(o, "corrupt gzip data" in r) for _, o, r in faults] == [(demo_warcs["corrupt_at"], True)]
        assert [o for _, o in seen] == [o for o in good if o != demo_warcs["corrupt_at"]]


def test_a_truncated_file_loses_only_its_last_record(demo_warcs: dict) -> None:
    good = warcs.member_offsets(demo_warcs["files"][0])
    seen, faults = _read([demo_warcs["truncated"]], 2500)
    assert [(o, r) for _, o, r in faults] == [(demo_warcs["truncated_at"],
                                               "truncated: the file ends inside this record")]
    assert [o for _, o in seen] == good[:-1]


def test_an_uncompressed_warc_is_one_block(tmp_path: Path) -> None:
    path = tmp_path / "plain.warc"
    written = warcs.write_warc(path, warcs.demo_pages()[:3], compress=False)
    blocks = plan_blocks([path], 100)
    assert len(blocks) == 1
    seen, faults = _read([path], 100)
    assert len(seen) == 1 + 2 * written and faults == []


def test_globs_and_folders_expand_to_warc_files(demo_warcs: dict) -> None:
    folder = demo_warcs["folder"]
    assert expand_inputs([str(folder / "good" / "*.warc.gz")]) == sorted(p.resolve() for p in demo_warcs["files"])
    assert len(expand_inputs([str(folder)])) == 5
    with pytest.raises(NoInput, match="No WARC file matches"):
        expand_inputs([str(folder / "nothing-*.warc.gz")])


def test_a_damaged_header_at_a_block_start_is_counted_once(demo_warcs: dict, tmp_path: Path) -> None:
    src = demo_warcs["files"][0]
    offsets = warcs.member_offsets(src)
    at = offsets[6]
    data = bytearray(src.read_bytes())
    data[at:at + 3] = b"XYZ"  # the gzip magic of record 6 destroyed
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(bytes(data))
    for block_bytes in (at, at // 2 + 1, 1 << 30):  # a block starting exactly there, or not
        seen, faults = _read([damaged], block_bytes)
        assert [o for _, o, _ in faults] == [at], block_bytes
        assert [o for _, o in seen] == [o for o in offsets if o != at]
