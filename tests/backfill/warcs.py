"""CC-NEWS-shaped WARC files for the backfill tests and benchmark: request/response records,
each record its own gzip member, with truncated and corrupt variants.

Pages come from the demo site (demo/site, bundled) or from the article-extraction benchmark's
real pages (../shared/benchmarks/article-extraction/html/, read in place, never copied here).

    python tests/backfill/warcs.py demo OUT_DIR           # the demo site as 3 WARC files + variants
    python tests/backfill/warcs.py benchmark OUT_DIR -n 4 # the benchmark pages, 4 distinct copies
"""

from __future__ import annotations

import argparse
import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[2]
DEMO_SITE = ROOT / "demo" / "site"
BENCHMARK = ROOT.parent.parent / "shared" / "benchmarks" / "article-extraction"
if not BENCHMARK.is_dir():  # a worktree under /work/wt, or the main checkout under /work
    BENCHMARK = Path("/work/shared/benchmarks/article-extraction")
START = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class WarcPage:
    url: str
    html: bytes
    date: str  # WARC-Date


def demo_pages() -> list[WarcPage]:
    """Every page of the demo site, as if crawled from https://<outlet>.example/<path>."""
    pages = []
    for i, path in enumerate(sorted(DEMO_SITE.rglob("*.html"))):
        rel = path.relative_to(DEMO_SITE)
        host = rel.parts[0] if len(rel.parts) > 1 else "demo"
        url = f"https://{host}.example/{'/'.join(rel.parts[1:] if len(rel.parts) > 1 else rel.parts)}"
        pages.append(WarcPage(url, path.read_bytes(), _date(i)))
    return pages


def benchmark_pages(copy: int = 0) -> Iterator[WarcPage]:
    """The benchmark's 181 real pages, read one at a time. ``copy`` > 0 makes a distinct copy:
    another URL and a sentence added to the first paragraph (so no store sees a duplicate)."""
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    for i, key in enumerate(sorted(truth)):
        html = gzip.decompress((BENCHMARK / "html" / f"{key}.html.gz").read_bytes())
        url = truth[key]["url"]
        if copy:
            url = f"{url}{'&' if '?' in url else '?'}copy={copy}"
            html = html.replace(b"<p>", f"<p>Archive copy {copy} of story {i}. ".encode(), 1)
        yield WarcPage(url, html, _date(i + 1000 * copy))


def _date(i: int) -> str:
    return (START + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_warc(path: Path, pages: Iterable[WarcPage], *, compress: bool = True) -> int:
    """A warcinfo record, then a request and a response record per page. Returns the pages written."""
    n = 0
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "claims-tracker tests",
                                                                      "format": "WARC File Format 1.0"}))
        for page in pages:
            req = StatusAndHeaders(f"GET {page.url} HTTP/1.1", [("User-Agent", "test")], is_http_request=True)
            writer.write_record(writer.create_warc_record(page.url, "request", http_headers=req,
                                                          warc_headers_dict={"WARC-Date": page.date}))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(page.html)))],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(page.url, "response", payload=BytesIO(page.html),
                                                          http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": page.date}))
            n += 1
    return n


def member_offsets(path: Path) -> list[int]:
    """Where each gzip member (record) of a gzip-per-record file starts."""
    data = path.read_bytes()
    offsets, pos = [], 0
    while pos < len(data):
        offsets.append(pos)
        inflater = zlib.decompressobj(31)
        inflater.decompress(data[pos:])
        pos = len(data) - len(inflater.unused_data)
    return offsets


def corrupt_copy(src: Path, dst: Path, record: int) -> int:
    """A copy of ``src`` with garbage in the middle of record number ``record`` (0 = warcinfo).
    Returns that record's offset."""
    data = bytearray(src.read_bytes())
    offsets = member_offsets(src) + [len(data)]
    start, end = offsets[record], offsets[record + 1]
    mid = (start + end) // 2
    data[mid:mid + 16] = b"\xde\xad\xbe\xef" * 4
    dst.write_bytes(bytes(data))
    return start


def truncated_copy(src: Path, dst: Path) -> int:
    """A copy of ``src`` cut in the middle of its last record. Returns that record's offset."""
    data = src.read_bytes()
    last = member_offsets(src)[-1]
    dst.write_bytes(data[:last + (len(data) - last) // 2])
    return last


def build_demo(out: Path, files: int = 3) -> list[Path]:
    """The demo site split over ``files`` gzip-per-record WARC files in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    pages = demo_pages()
    paths = []
    for i in range(files):
        path = out / f"CC-NEWS-DEMO-{i:05d}.warc.gz"
        write_warc(path, pages[i::files])
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", choices=["demo", "benchmark"])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", "--copies", type=int, default=1, help="benchmark: distinct copies, one file each")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.source == "demo":
        paths = build_demo(args.out)
    else:
        paths = []
        for copy in range(args.copies):
            path = args.out / f"CC-NEWS-BENCH-{copy:05d}.warc.gz"
            write_warc(path, benchmark_pages(copy))
            paths.append(path)
    bad = args.out / "variants"
    bad.mkdir(exist_ok=True)
    corrupt_copy(paths[0], bad / "corrupt.warc.gz", 4)
    truncated_copy(paths[0], bad / "truncated.warc.gz")
    for path in paths:
        print(path)


if __name__ == "__main__":
    main()
