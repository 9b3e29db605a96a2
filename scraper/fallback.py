"""A BeautifulSoup fallback for pages where trafilatura finds no main text.

Drops the usual boilerplate (menus, cookie banners, share bars, comments, related links),
then keeps the paragraphs, list items and table rows of the richest ``<article>``/``<main>``
block, or of the element whose direct paragraphs hold the most text.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

DROP_TAGS: tuple[str, ...] = ("script", "style", "noscript", "template", "nav", "header", "footer",
                              "aside", "form", "iframe", "svg", "button", "select")
BOILERPLATE = re.compile(
    r"cookie|consent|comment|related|share|social|newsletter|subscribe|promo|advert|\bads?\b|"
    r"sponsor|sidebar|menu|breadcrumb|banner|popup|modal|footer|header|nav|trending|recommend",
    re.I)
BLOCKS = ("p", "li", "tr", "h2", "h3", "blockquote", "pre")


def _is_boilerplate(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    marker = " ".join([*(tag.get("class") or []), str(tag.get("id") or ""), str(tag.get("role") or "")])
    return bool(marker.strip()) and bool(BOILERPLATE.search(marker))


def _block_text(tag: Tag) -> str:
    if tag.name == "tr":
        cells = [c.get_text(" ", strip=True) for c in tag.find_all(["td", "th"])]
        return " | ".join(c for c in cells if c)
    return tag.get_text(" ", strip=True)


def _text_of(container: Tag) -> str:
    lines: list[str] = []
    for block in container.find_all(BLOCKS):
        if block.find_parent(BLOCKS) is not None and block.name != "tr":
            continue
        text = _block_text(block)
        if text:
            lines.append(text)
    return "\n".join(lines)


def fallback_text(html: str) -> str:
    """Main text by simple structure rules; '' when the page has no paragraphs at all."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if not tag.decomposed and _is_boilerplate(tag) and tag.name not in ("html", "body", "main", "article"):
            tag.decompose()
    candidates = soup.find_all(["article", "main"]) or []
    best = ""
    for cand in candidates:
        text = _text_of(cand)
        if len(text) > len(best):
            best = text
    if len(best) >= 200:
        return best
    scores: dict[int, tuple[int, Tag]] = {}
    for p in soup.find_all("p"):
        parent = p.parent
        if isinstance(parent, Tag):
            n = len(p.get_text(" ", strip=True))
            old = scores.get(id(parent), (0, parent))
            scores[id(parent)] = (old[0] + n, parent)
    if scores:
        _, parent = max(scores.values(), key=lambda s: s[0])
        text = _text_of(parent)
        if len(text) > len(best):
            best = text
    if not best and soup.body is not None:
        best = soup.body.get_text("\n", strip=True)
    return best
