"""Turning scraped text into safe HTML: highlighting, link checks and JSON inside <script>.

Everything here escapes first and adds markup second, so a sentence holding ``<script>`` or
``onerror=`` comes out as text, never as markup.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

SAFE_SCHEMES: frozenset[str] = frozenset({"http", "https"})


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link, else None (drops javascript:, data:, ...)."""
    if not url or not isinstance(url, str):
        return None
    cleaned = url.strip()
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
    if any(ord(c) < 0x20 or c == "\x7f" for c in cleaned):
        return None
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return cleaned


def locate_quote(sentence: str, quote: str, start: int | None = None) -> tuple[int, int] | None:
    """Where ``quote`` sits in ``sentence``: the given offset when it matches, else the first find."""
    if not sentence or not quote:
        return None
    if start is not None and 0 <= start and sentence[start:start + len(quote)] == quote:
        return start, start + len(quote)
    found = sentence.find(quote)
    if found < 0:
        found = sentence.lower().find(quote.lower())
    if found < 0:
        return None
    return found, found + len(quote)


def mark_span(text: str, start: int, end: int) -> Markup:
    """``text`` as HTML with [start, end) in ``<mark>``; each piece is escaped separately."""
    text = text or ""
    if not 0 <= start < end <= len(text):
        return Markup(escape(text))
    return Markup("{}<mark>{}</mark>{}").format(text[:start], text[start:end], text[end:])


def mark_spans(text: str, spans: list[tuple[int, int]]) -> Markup:
    """``text`` as HTML with each (start, end) span in ``<mark>`` (overlapping spans merged);
    every piece is escaped separately."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(text)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out = Markup("")
    at = 0
    for start, end in merged:
        out += Markup("{}<mark>{}</mark>").format(text[at:start], text[start:end])
        at = end
    return out + Markup(escape(text[at:]))


def highlight(sentence: str, quote: str, start: int | None = None) -> Markup:
    """The sentence as HTML with the claim in ``<mark>``; each piece is escaped separately."""
    span = locate_quote(sentence or "", quote or "", start)
    if span is None:
        return Markup(escape(sentence or ""))
    return mark_span(sentence, *span)


def paragraph_around(text: str, start: int, end: int, *, limit: int = 1200) -> tuple[str, int, int]:
    """The paragraph of ``text`` holding [start, end), with the claim's offsets inside it.

    Paragraphs are separated by blank lines or single newlines (article text from trafilatura
    uses newlines between paragraphs). Very long paragraphs are trimmed around the claim.
    """
    if not text or start < 0 or end > len(text) or start >= end:
        return "", 0, 0
    left = max(text.rfind("\n", 0, start) + 1, 0)
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    if right - left > limit:
        half = max((limit - (end - start)) // 2, 0)
        left = max(left, start - half)
        right = min(right, end + half)
    return text[left:right], start - left, end - left


def json_for_script(data: Any) -> Markup:
    """JSON safe to place inside ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` become \\u escapes, so ``</script>`` or ``<!--`` in scraped text
    cannot end the script element; U+2028/2029 are escaped for old parsers.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=2, allow_nan=False)
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return Markup(text)
