"""Reading inputs for extraction: plain text files (cut into paragraph pieces) or JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from extract.chunking import DEFAULT_CHUNK_CHARS, read_chunks
from extract.errors import BadInputLine
from extract.headline import headline_from_url
from extract.pipeline import OFFSET_KEY
from records.claim import Document


def _jsonl_documents(handle: TextIO, name: str) -> Iterator[Document]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInputLine(f"{name}:{number}: not JSON ({exc.msg}). With --jsonl each line must be "
                               'an object like {"id": "a1", "text": "..."}.') from exc
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise BadInputLine(f'{name}:{number}: needs a "text" string. With --jsonl each line must be '
                               'an object like {"id": "a1", "text": "..."}; drop --jsonl for plain text.')
        doc_id = row.get("id")
        headline = row.get("headline") or row.get("title")
        if not isinstance(headline, str):
            headline = headline_from_url(row.get("url")) if isinstance(row.get("url"), str) else None
        yield Document(text=row["text"], id=None if doc_id is None else str(doc_id), city=row.get("city"),
                       state=row.get("state"), published=row.get("published"), headline=headline)


def _text_documents(handle: TextIO, name: str, city: str | None, state: str | None,
                    published: str | None, chunk_chars: int, headline: str | None) -> Iterator[Document]:
    for offset, piece in read_chunks(handle, chunk_chars):
        yield Document(text=piece, id=name, city=city, state=state, published=published,
                       extra={OFFSET_KEY: offset}, headline=headline)


def read_documents(paths: Sequence[str], *, jsonl: bool = False, stdin: TextIO | None = None,
                   city: str | None = None, state: str | None = None, published: str | None = None,
                   chunk_chars: int = DEFAULT_CHUNK_CHARS, headline: str | None = None) -> Iterator[Document]:
    """Documents from files ("-" or no path = ``stdin``), read lazily one piece at a time.

    Plain text longer than ``chunk_chars`` is cut at paragraph breaks; each piece carries its
    offset so claims point into the whole file. A plain text document's id is its file name.
    """
    for path in paths or ["-"]:
        if path == "-":
            if stdin is None:
                raise ValueError("read_documents needs stdin= to read '-'.")
            handle, name, owned = stdin, "-", False
        else:
            handle, name, owned = open(Path(path), encoding="utf-8", newline=""), path, True
        try:
            if jsonl:
                yield from _jsonl_documents(handle, name)
            else:
                yield from _text_documents(handle, name, city, state, published, chunk_chars, headline)
        finally:
            if owned:
                handle.close()
