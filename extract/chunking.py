"""Split long plain text on paragraph boundaries, keeping each piece's offset in the whole.

spaCy refuses texts over ``nlp.max_length`` and a 10 MB article dump should not sit in memory
as one Doc, so plain text is cut into pieces of at most about ``max_chars`` characters at blank
lines (or, failing that, at a line break or a space). Offsets are character offsets into the
whole text, so ``text[offset:offset + len(piece)] == piece`` for every piece.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

DEFAULT_CHUNK_CHARS = 100_000


def _cut(text: str, limit: int) -> int:
    """Where to cut ``text`` at or before ``limit``: after a blank line, a newline or a space."""
    for sep in ("\n\n", "\n", " "):
        at = text.rfind(sep, 0, limit)
        if at > 0:
            return at + len(sep)
    return limit


def split_text(text: str, max_chars: int = DEFAULT_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs covering ``text`` exactly, each piece at most ``max_chars`` long."""
    offset = 0
    while len(text) - offset > max_chars:
        cut = _cut(text[offset:offset + max_chars], max_chars)
        yield offset, text[offset:offset + cut]
        offset += cut
    if offset < len(text):
        yield offset, text[offset:]


def read_chunks(handle: TextIO, max_chars: int = DEFAULT_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Like `split_text` over a file, reading it piece by piece instead of all at once."""
    buffer = ""
    offset = 0
    while True:
        data = handle.read(max_chars)
        buffer += data
        while len(buffer) > max_chars or (not data and buffer):
            if len(buffer) <= max_chars:
                yield offset, buffer
                offset += len(buffer)
                buffer = ""
                break
            cut = _cut(buffer[:max_chars], max_chars)
            yield offset, buffer[:cut]
            offset += cut
            buffer = buffer[cut:]
        if not data:
            return
