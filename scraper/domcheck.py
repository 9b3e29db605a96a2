"""A cheap look at a page's shape before anything walks its tree: how deep, how many elements.

Parsing cost grows with the number of elements (trafilatura, htmldate and readability each walk
the tree several times), and libxml2, the parser under lxml and trafilatura, stops building a
tree at depth 256 and silently drops the rest of the page. So a page over the caps is refused
with a reason before it is parsed for real.

The scan feeds the bytes to libxml2's HTML parser with a target that only counts start and
end events: no tree is built, so depth costs nothing, and it stops at the first chunk that
crosses a cap. Counting with the parser itself (not a regular expression over tags) gives the
depth the real parse would see, with the HTML rules for implied end tags (``<p><p>`` is flat).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from settings import Settings

CHUNK = 64 * 1024  # bytes fed between two looks at the counters


@dataclass(frozen=True, slots=True)
class DomLimits:
    """Caps on a page's element tree (``max_dom_depth``, ``max_dom_elements`` in settings)."""

    max_depth: int = Settings().max_dom_depth
    max_elements: int = Settings().max_dom_elements

    @classmethod
    def from_settings(cls, settings: Settings) -> DomLimits:
        return cls(max_depth=settings.max_dom_depth, max_elements=settings.max_dom_elements)


DEFAULT_LIMITS = DomLimits()


@dataclass(frozen=True, slots=True)
class DomShape:
    """What the scan saw; ``complete`` is False when it stopped early at a cap."""

    depth: int
    elements: int
    complete: bool


class _Counter:
    """Parser target: counts elements and the deepest nesting, builds nothing."""

    __slots__ = ("depth", "deepest", "elements")

    def __init__(self) -> None:
        self.depth = self.deepest = self.elements = 0

    def start(self, _tag: str, _attrib: dict[str, str]) -> None:
        self.depth += 1
        self.elements += 1
        if self.depth > self.deepest:
            self.deepest = self.depth

    def end(self, _tag: str) -> None:
        self.depth -= 1

    def close(self) -> None:
        return None


def dom_shape(html: bytes | str, limits: DomLimits | None = None) -> DomShape:
    """Depth and element count of ``html``; with ``limits``, stops soon after one is crossed."""
    data = html.encode("utf-8", errors="replace") if isinstance(html, str) else html
    counter = _Counter()
    parser = etree.HTMLParser(target=counter, encoding="utf-8" if isinstance(html, str) else None,
                              recover=True, no_network=True)
    complete = True
    try:
        for start in range(0, len(data), CHUNK):
            parser.feed(data[start:start + CHUNK])
            if limits is not None and (counter.deepest > limits.max_depth
                                       or counter.elements > limits.max_elements):
                complete = False
                break
    finally:
        try:
            parser.close()
        except etree.XMLSyntaxError:  # nothing parseable (empty page): no elements
            pass
    return DomShape(depth=counter.deepest, elements=counter.elements, complete=complete)


def dom_refusal(html: bytes | str, limits: DomLimits) -> str | None:
    """Why the page is refused before parsing (over a cap), or None when it may be parsed."""
    shape = dom_shape(html, limits)
    if shape.depth > limits.max_depth:
        return (f"refused: HTML nested deeper than {limits.max_depth} elements "
                f"(max_dom_depth; the HTML parser stops reading at 256)")
    if shape.elements > limits.max_elements:
        return f"refused: more than {limits.max_elements} HTML elements (max_dom_elements)"
    return None
