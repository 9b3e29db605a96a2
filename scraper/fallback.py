"""A structural fallback for pages where trafilatura finds no main text.

Drops the usual boilerplate (menus, cookie banners, share bars, comments, related links),
then keeps the paragraphs, list items and table rows of the richest ``<article>``/``<main>``
block, or of the element whose direct paragraphs hold the most text.

The page is read in one walk of the lxml tree, so the cost grows with the size of the page
and not with how deeply it nests (the BeautifulSoup version this replaces asked each
element's subtree again, which made a page of a few thousand nested ``<div>``s take minutes).
Text is kept as the stripped text nodes in document order; every element covers one
contiguous run of them, and the lengths needed to choose a block come from prefix sums, so
only the text that is returned is ever joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate

from lxml import etree

DROP_TAGS: frozenset[str] = frozenset({"script", "style", "noscript", "template", "nav", "header", "footer",
                                       "aside", "form", "iframe", "svg", "button", "select"})
BOILERPLATE = re.compile(
    r"cookie|consent|comment|related|share|social|newsletter|subscribe|promo|advert|\bads?\b|"
    r"sponsor|sidebar|menu|breadcrumb|banner|popup|modal|footer|header|nav|trending|recommend",
    re.I)
BLOCKS: frozenset[str] = frozenset({"p", "li", "tr", "h2", "h3", "blockquote", "pre"})
KEEP_ALWAYS: frozenset[str] = frozenset({"html", "body", "main", "article"})  # never dropped as boilerplate
CELLS: frozenset[str] = frozenset({"td", "th"})
MIN_BLOCK_TEXT = 200  # characters an <article>/<main> block needs before the paragraph scores are tried


def _is_boilerplate(el: etree._Element) -> bool:
    marker = " ".join([*(el.get("class") or "").split(), el.get("id") or "", el.get("role") or ""])
    return bool(marker.strip()) and bool(BOILERPLATE.search(marker))


@dataclass
class _Row:
    """An open table row: its cells' strings (strings of rows nested in a cell go to those rows)."""

    cells: list[list[str]] = field(default_factory=list)
    cell_owner: int = -1  # walk index of the open cell element, -1 between cells


@dataclass
class _Walk:
    """What one walk over the tree collects (indices are element numbers in document order)."""

    strings: list[str] = field(default_factory=list)  # stripped, non-empty text nodes, in order
    lines: list[str] = field(default_factory=list)  # block texts, in the order blocks open
    line_span: dict[int, tuple[int, int]] = field(default_factory=dict)  # element -> its lines
    candidates: list[int] = field(default_factory=list)  # <article>/<main> elements
    paragraphs: list[int] = field(default_factory=list)  # <p> elements
    paragraph_span: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # (first, end string, parent)
    body: tuple[int, int] | None = None  # string span of the first <body>

    def add(self, text: str | None, rows: list[_Row]) -> None:
        if not text:
            return
        text = text.strip()
        if not text:
            return
        self.strings.append(text)
        if rows and rows[-1].cell_owner >= 0:
            rows[-1].cells[-1].append(text)


def _walk(root: etree._Element) -> _Walk:
    """One iterative walk (no recursion: depth costs nothing) over the kept elements."""
    w = _Walk()
    rows: list[_Row] = []
    open_blocks = 0
    count = 0
    # (element, its number, first string, first line, its line or -1, number of its parent)
    todo: list[tuple[etree._Element, int, int, int, int, int] | tuple[etree._Element, int]] = [(root, -1)]
    while todo:
        item = todo.pop()
        if len(item) == 6:  # leaving an element
            el, index, s0, l0, line, parent = item  # type: ignore[misc]
            tag = el.tag
            if tag in BLOCKS:
                open_blocks -= 1
            if tag == "tr":
                row = rows.pop()
                w.lines[line] = " | ".join(" ".join(cell) for cell in row.cells if cell)
            elif line >= 0:
                w.lines[line] = " ".join(w.strings[s0:])
            if rows and rows[-1].cell_owner == index:
                rows[-1].cell_owner = -1
            w.line_span[index] = (l0, len(w.lines))
            if tag == "p":
                w.paragraph_span[index] = (s0, len(w.strings), parent)
            if tag == "body" and w.body is None:
                w.body = (s0, len(w.strings))
            w.add(el.tail, rows)
            continue
        el, parent = item  # type: ignore[misc]
        tag = el.tag
        if not isinstance(tag, str) or tag in DROP_TAGS or (tag not in KEEP_ALWAYS and _is_boilerplate(el)):
            w.add(el.tail, rows)  # comments, processing instructions and dropped elements: tail only
            continue
        index = count
        count += 1
        line = -1
        if tag in BLOCKS:
            if tag == "tr" or open_blocks == 0:
                line = len(w.lines)
                w.lines.append("")
            open_blocks += 1
        if tag == "tr":
            rows.append(_Row())
        elif tag in CELLS and rows and rows[-1].cell_owner < 0:
            rows[-1].cells.append([])
            rows[-1].cell_owner = index
        if tag in ("article", "main"):
            w.candidates.append(index)
        elif tag == "p":
            w.paragraphs.append(index)
        todo.append((el, index, len(w.strings), len(w.lines), line, parent))
        w.add(el.text, rows)
        todo.extend((child, index) for child in reversed(el))
    return w


class _Text:
    """Lengths of joined strings and lines from prefix sums; text built only when asked."""

    def __init__(self, w: _Walk) -> None:
        self.w = w
        self.string_len = [0, *accumulate(len(s) for s in w.strings)]
        self.kept = [line for line in w.lines if line]
        self.line_len = [0, *accumulate(len(line) for line in w.lines)]
        self.line_count = [0, *accumulate(1 if line else 0 for line in w.lines)]

    def strings_len(self, start: int, end: int) -> int:
        """len(" ".join(strings[start:end]))"""
        n = end - start
        return self.string_len[end] - self.string_len[start] + n - 1 if n > 0 else 0

    def block_len(self, element: int) -> int:
        """len of the element's block text ("\\n".join of its non-empty lines)."""
        start, end = self.w.line_span[element]
        n = self.line_count[end] - self.line_count[start]
        return self.line_len[end] - self.line_len[start] + n - 1 if n > 0 else 0

    def block_text(self, element: int) -> str:
        start, end = self.w.line_span[element]
        return "\n".join(line for line in self.w.lines[start:end] if line)


def _parse(html: bytes | str) -> etree._Element | None:
    data = html.encode("utf-8", errors="replace") if isinstance(html, str) else html
    if not data.strip():
        return None
    try:
        return etree.fromstring(data, etree.HTMLParser(encoding="utf-8", recover=True, no_network=True))
    except (etree.XMLSyntaxError, ValueError):
        return None


def fallback_text(html: bytes | str) -> str:
    """Main text by simple structure rules; '' when the page has no paragraphs at all."""
    root = _parse(html)
    if root is None:
        return ""
    w = _walk(root)
    t = _Text(w)
    best, best_len = -1, 0
    for cand in w.candidates:
        n = t.block_len(cand)
        if n > best_len:
            best, best_len = cand, n
    if best_len >= MIN_BLOCK_TEXT:
        return t.block_text(best)
    scores: dict[int, int] = {}
    for p in w.paragraphs:
        start, end, parent = w.paragraph_span[p]
        scores[parent] = scores.get(parent, 0) + t.strings_len(start, end)
    if scores:
        top = max(scores, key=lambda parent: scores[parent])
        n = t.block_len(top)
        if n > best_len:
            best, best_len = top, n
    if best_len > 0:
        return t.block_text(best)
    if w.body is not None:
        return "\n".join(w.strings[w.body[0]:w.body[1]])
    return ""
