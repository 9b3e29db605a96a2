"""Article-body extraction quality and speed: our HTML -> text step vs trafilatura's default.

Data: /work/shared/benchmarks/article-extraction/ (181 pages + ground truth, MIT; see its
README). The scorer is written from that README's description: ``\\w+`` tokens, 4-token
shingles as multisets, per-page TP/FP/FN normalised to sum 1, precision and recall averaged
over pages, F1 from the averaged P and R; empty vs empty counts as P = R = 1.

Run:  .venv/bin/python benchmarks/article_extraction.py [DATA_DIR] [--passes 3] [--with-metadata]
Prints P/R/F1 and extraction time for ours and for ``trafilatura.extract(html)`` (defaults),
measured in the same run (one warm-up call each, then the median of N passes, interleaved).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura  # noqa: E402

from scraper.parse import main_text, parse_html  # noqa: E402


def full_parse(html: str) -> str:
    """The crawler's whole parse step: text plus title, date, author, canonical URL, PDF links."""
    parsed = parse_html(html, "https://example.com/article")
    return parsed.article.text if parsed.article else ""

DATA = Path("/work/shared/benchmarks/article-extraction")
_TOKEN = re.compile(r"\w+")


def shingle_bag(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(0, len(tokens) - n + 1)))


def page_pr(expected: str, predicted: str) -> tuple[float, float]:
    exp, pred = shingle_bag(expected), shingle_bag(predicted)
    if not exp and not pred:
        return 1.0, 1.0
    tp = sum((exp & pred).values())
    fp = sum(pred.values()) - tp
    fn = sum(exp.values()) - tp
    total = tp + fp + fn
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def score(truth: dict[str, str], predictions: dict[str, str]) -> tuple[float, float, float]:
    prs = [page_pr(truth[k], predictions.get(k, "")) for k in truth]
    p = statistics.fmean(x for x, _ in prs)
    r = statistics.fmean(y for _, y in prs)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load(data: Path) -> tuple[dict[str, str], dict[str, str]]:
    truth_raw = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    truth = {k: v["articleBody"] for k, v in truth_raw.items()}
    pages = {}
    for path in sorted((data / "html").glob("*.html.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            pages[path.name.split(".", 1)[0]] = fh.read()
    missing = set(truth) - set(pages)
    if missing:
        raise SystemExit(f"{len(missing)} ground-truth pages have no HTML in {data}")
    return truth, pages


def run(fn: Callable[[str], str | None], pages: dict[str, str]) -> tuple[dict[str, str], float]:
    start = time.perf_counter()
    out = {k: fn(html) or "" for k, html in pages.items()}
    return out, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--with-metadata", action="store_true",
                        help="also time the crawler's full parse_html (text + metadata + PDF links)")
    args = parser.parse_args()
    truth, pages = load(args.data)
    systems: dict[str, Callable[[str], str | None]] = {
        "ours (scraper.parse.main_text)": main_text,
        "trafilatura default extract(html)": trafilatura.extract,
    }
    if args.with_metadata:
        systems["ours + metadata (parse_html)"] = full_parse
    first = next(iter(pages.values()))
    for fn in systems.values():
        fn(first)  # warm-up
    times: dict[str, list[float]] = {name: [] for name in systems}
    outputs: dict[str, dict[str, str]] = {}
    for _ in range(args.passes):
        for name, fn in systems.items():  # interleaved, so machine load hits both alike
            outputs[name], seconds = run(fn, pages)
            times[name].append(seconds)
    print(f"{len(pages)} pages, {args.passes} passes (median time shown)")
    print(f"{'extractor':38} {'P':>6} {'R':>6} {'F1':>6} {'time s':>7}")
    medians = {}
    for name in systems:
        p, r, f1 = score(truth, outputs[name])
        medians[name] = statistics.median(times[name])
        print(f"{name:38} {p:6.3f} {r:6.3f} {f1:6.3f} {medians[name]:7.2f}")
    names = list(medians)
    ours, base = medians[names[0]], medians[names[1]]
    print(f"time ratio ours / trafilatura default: {ours / base:.2f}x")
    if args.with_metadata:
        print(f"time ratio parse_html / trafilatura default: {medians[names[2]] / base:.2f}x")


if __name__ == "__main__":
    main()
