"""Words per second of claim extraction, against quantulum3 and bare spaCy tokenization.

Corpus: our own sentences (tests/extract/cases.py, the shared dev set and seed articles when
present), repeated to about --words words and cut into article-sized texts; or, with
``--corpus crawl``, whole real articles of all topics (the article-extraction benchmark's pages)
with the three seed crime stories among them, as a crawl of local news sites brings them. Three runs over the
same texts, one process each unless --processes says otherwise:

- extract:    extract_documents(...) -> Claim records (the full pipeline plus assembly)
- tokenizer:  spacy.blank("en").pipe(texts), the ceiling
- quantulum3: parser.parse(text) on a sample (it is slow), scaled to words per second

It prints words per second of each, the ratio of extraction to the tokenizer (issue 9's
targets: >= 0.5x on crawl-like news, ``--corpus crawl``, with ``--corpus articles`` the
harder case of crime stories alone; >= 0.2x on claim-dense text, ``--corpus sentences``) and
claims per second.

Example:

    .venv/bin/python benchmarks/extract_speed.py --words 200000
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("CLAIMS_SHARED", ROOT.parent / "shared"))


def corpus_sentences(corpus: str = "all") -> list[str]:
    """Our own text: "sentences" (test and dev sentences, nearly all with claims), "articles"
    (the seed articles, mostly prose without numbers, like real news), or "all" of both."""
    sentences: list[str] = []
    if corpus in ("all", "sentences"):
        spec = importlib.util.spec_from_file_location("cases", ROOT / "tests" / "extract" / "cases.py")
        assert spec and spec.loader
        cases = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(cases)
        sentences += [s for s, _ in cases.CASES]
        dev = SHARED / "dev" / "claims_dev.jsonl"
        if dev.exists():
            sentences += [json.loads(line)["sentence"] for line in dev.read_text().splitlines() if line.strip()]
    if corpus in ("all", "articles"):
        for seed in sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").exists() else []:
            sentences += [p for p in seed.read_text().split("\n") if p.strip()]
    if not sentences:
        raise SystemExit(f"no text for corpus {corpus!r} (seeds are read from {SHARED / 'seeds'})")
    return sentences


def crawl_articles() -> list[str]:
    """Crawl-like news: the article bodies of the Zyte article-extraction benchmark (181 real
    pages of all topics, MIT; ../shared/benchmarks/article-extraction/ground-truth.json) with
    the three seed articles (crime stories) spread among them, each a whole text."""
    truth_path = SHARED / "benchmarks" / "article-extraction" / "ground-truth.json"
    if not truth_path.exists():
        raise SystemExit(f"corpus 'crawl' needs {truth_path} (set CLAIMS_SHARED to the shared folder)")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = [truth[key]["articleBody"] for key in sorted(truth) if truth[key].get("articleBody")]
    seeds = [p.read_text() for p in sorted((SHARED / "seeds").glob("*.txt"))] if (SHARED / "seeds").exists() else []
    step = max(1, len(pages) // (len(seeds) + 1))
    for k, seed in enumerate(seeds):
        pages.insert((k + 1) * step + k, seed)
    return pages


def build_texts(total_words: int, words_per_text: int = 600, corpus: str = "all", joiner: str = "\n") -> list[str]:
    """About ``words_per_text`` words per text, paragraphs (or test sentences) joined by
    ``joiner``: a newline, as in the article text the crawler stores, or a space (one line).
    The "crawl" corpus is whole articles instead, taken in turn until ``total_words``."""
    if corpus == "crawl":
        articles, texts, words = crawl_articles(), [], 0
        while words < total_words:
            text = articles[len(texts) % len(articles)]
            texts.append(text if joiner == "\n" else text.replace("\n", " "))
            words += len(text.split())
        return texts
    sentences = corpus_sentences(corpus)
    texts: list[str] = []
    current: list[str] = []
    count = words = 0
    i = 0
    while words < total_words:
        sentence = sentences[i % len(sentences)]
        i += 1
        current.append(sentence)
        n = len(sentence.split())
        count += n
        words += n
        if count >= words_per_text:
            texts.append(joiner.join(current))
            current, count = [], 0
    if current:
        texts.append(joiner.join(current))
    return texts


def _rate(words: int, seconds: float) -> float:
    return words / seconds if seconds else float("inf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=200_000, help="Corpus size in words.")
    parser.add_argument("--processes", type=int, default=1, help="Worker processes for extraction.")
    parser.add_argument("--quantulum-words", type=int, default=5_000,
                        help="Words of the corpus quantulum3 parses (it is slow; the rate is scaled).")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each measurement; the best counts.")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                        help="Wall time, or this process's CPU time (steadier on a shared machine; "
                             "not with --processes > 1).")
    parser.add_argument("--joiner", choices=["newline", "space"], default="newline",
                        help="Join paragraphs with a newline, as the crawler stores article text "
                             "(default), or a space (each text one line: the screen can skip nothing).")
    parser.add_argument("--corpus", choices=["all", "sentences", "articles", "crawl"], default="all",
                        help="Claim-dense test sentences, the seed articles (crime stories), both "
                             "(default), or crawl-like news: the article-extraction benchmark's "
                             "pages of all topics with the seed articles among them.")
    args = parser.parse_args(argv)
    clock = time.process_time if args.clock == "cpu" else time.perf_counter

    import spacy

    from extract import Document, build_pipeline, extract_documents

    texts = build_texts(args.words, corpus=args.corpus, joiner="\n" if args.joiner == "newline" else " ")
    words = sum(len(t.split()) for t in texts)
    nlp = build_pipeline()
    list(extract_documents([Document(text=texts[0])], nlp=nlp))  # warm up (gazetteer, caches)

    bare = spacy.blank("en")
    tok_s = ext_s = float("inf")
    tok_first = 0.0
    claims = 0
    for run in range(args.repeat):
        start = clock()
        for _doc in bare.pipe(texts, batch_size=args.batch_size):
            pass
        tok_s = min(tok_s, clock() - start)
        if run == 0:  # the tokenizer's cache is cold only on the first pass over repeated text
            tok_first = clock() - start

        start = clock()
        claims = 0
        documents = (Document(text=t, id=str(i)) for i, t in enumerate(texts))
        for _document, found in extract_documents(documents, nlp=nlp, batch_size=args.batch_size,
                                                  n_process=args.processes):
            claims += len(found)
        ext_s = min(ext_s, clock() - start)

    q_rate = None
    try:
        from quantulum3 import parser as qparser

        sample, sample_words = [], 0
        for t in texts:
            if sample_words >= args.quantulum_words:
                break
            sample.append(t)
            sample_words += len(t.split())
        qparser.parse(sample[0][:200])  # warm up
        q_s = float("inf")
        for _ in range(args.repeat):
            start = clock()
            for t in sample:
                qparser.parse(t)
            q_s = min(q_s, clock() - start)
        q_rate = _rate(sample_words, q_s)
    except ImportError:
        print("quantulum3 is not installed; skipping that baseline", file=sys.stderr)

    ext_rate, tok_rate = _rate(words, ext_s), _rate(words, tok_s)
    rows = [
        ("claims extract (full pipeline)", ext_rate, f"{claims} claims, {args.processes} process(es), best of "
                                                     f"{args.repeat}"),
        ("spacy.blank('en') tokenizer", tok_rate, f"ceiling, best of {args.repeat} (cache warm)"),
        ("spacy.blank('en') tokenizer", _rate(words, tok_first), "first pass (cache cold)"),
    ]
    if q_rate is not None:
        rows.append(("quantulum3 parser.parse", q_rate, f"{args.quantulum_words}-word sample"))
    print(f"corpus ({args.corpus}): {words} words in {len(texts)} texts")
    print(f"{'run':<34} {'words/s':>12}  note")
    for name, rate, note in rows:
        print(f"{name:<34} {rate:>12,.0f}  {note}")
    target = "0.2x on claim-dense text" if args.corpus == "sentences" else "0.5x on news articles"
    print(f"extract / tokenizer = {ext_rate / tok_rate:.2f}x (target >= {target}); "
          f"against the first pass {ext_rate / _rate(words, tok_first):.2f}x")
    print(f"claims per second: {claims / ext_s:,.0f} ({claims} claims in {ext_s:.3f} s, "
          f"one every {words / max(claims, 1):.0f} words)")
    if q_rate:
        print(f"extract / quantulum3 = {ext_rate / q_rate:.1f}x (target >= 10x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
