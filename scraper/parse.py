"""HTML -> Article: main text and metadata with trafilatura, a structural fallback when it finds nothing.

trafilatura is tuned for precision (``favor_precision=True``), without reader comments and with
tables (police statistics live in tables). It never downloads anything here: we hand it bytes
we fetched ourselves. A page over the DOM caps (``max_dom_depth``, ``max_dom_elements``) is
refused before any of that, by a scan that builds no tree (scraper/domcheck.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from dedup import content_hash
from records.article import Article, Source
from scraper.domcheck import DEFAULT_LIMITS, DomLimits, dom_refusal
from scraper.fallback import fallback_text
from scraper.urls import is_http_url, normalize_url

log = logging.getLogger(__name__)

MIN_TEXT = 80  # characters of main text below which a page is not an article
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_PDF = re.compile(r"\.pdf(?:$|[?#])", re.I)
_BOILER_PDF_ANCESTORS = "ancestor::nav or ancestor::footer or ancestor::header"
EXTRACT_OPTIONS: dict[str, object] = {
    "favor_precision": True, "include_comments": False, "include_tables": True,
    "include_images": False, "include_links": False, "deduplicate": False,
}


@dataclass(frozen=True, slots=True)
class Parsed:
    """The article of a page, or why the page is not one.

    ``refused``: over a DOM cap, never parsed. ``failed``: the parse itself did not finish (timed
    out, its worker process died, an error); the reason says which.
    """

    article: Article | None
    reason: str | None = None
    refused: bool = False
    failed: bool = False


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Turn layout tables (cells holding headings, paragraphs or other tables) into divs.

    Old CMS templates lay out the whole page in a table; kept as a table, menus and body end up
    in one "data table". Tables of figures (police statistics) have no such blocks and stay.
    """
    count = 0
    for table in tree.xpath("//table[.//td//p or .//td//h1 or .//td//h2 or .//td//table]"):
        for node in [table, *table.xpath(".//tbody|.//thead|.//tr|.//td|.//th")]:
            if node.tag in ("table", "tbody", "thead", "tr", "td", "th"):
                node.tag = "div"
                for attr in ("width", "valign", "colspan", "rowspan"):
                    node.attrib.pop(attr, None)
        count += 1
    return count


def _text_with_fallback(tree: HtmlElement | None, html: bytes | str, text: str | None, url: str | None) -> str:
    text = text or ""
    if len(text) < MIN_TEXT:
        raw = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
        fb = fallback_text(raw)  # decoded as UTF-8 as before, so the fallback's text is unchanged
        if len(fb) > len(text):
            log.debug("%s: trafilatura found %d chars, fallback %d", url, len(text), len(fb))
            text = fb
    return text.strip()


def looks_like_listing(tree: HtmlElement, text: str) -> bool:
    """True when most of ``text`` is link titles: an index of teasers, not an article.

    trafilatura glues the headlines of a section front into one "article" (trafilatura#811);
    police and mayor press-release indexes look just like that.
    """
    anchors = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    anchors = {a for a in anchors if len(a) >= 15}
    if len(anchors) < 5:
        return False
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    linked = [line for line in lines if line in anchors]
    total = sum(len(line) for line in lines) or 1
    return len(linked) >= 5 and sum(len(line) for line in linked) / total >= 0.4


def main_text(html: bytes | str, url: str | None = None, *, limits: DomLimits = DEFAULT_LIMITS) -> str:
    """Just the main text of a page: the same steps as parse_html, without metadata ('' when
    the page is over the DOM caps).

    This is what benchmarks/article_extraction.py measures.
    """
    if dom_refusal(html, limits) is not None:
        return ""
    tree = load_html(html)
    if tree is None:
        return ""
    unwrap_layout_tables(tree)
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=False, as_dict=False,
                                      **EXTRACT_OPTIONS)  # type: ignore[arg-type]
    return _text_with_fallback(tree, html, doc.text if doc is not None else None, url)


def pdf_links(tree: HtmlElement, base: str) -> tuple[str, ...]:
    """Absolute URLs of PDF documents linked from the page body (not menus or footers)."""
    found: dict[str, None] = {}
    for href in tree.xpath(f"//a[@href][not({_BOILER_PDF_ANCESTORS})]/@href"):
        href = str(href).strip()
        if _PDF.search(href):
            absolute = urljoin(base, href)
            if is_http_url(absolute):
                found[normalize_url(absolute)] = None
    return tuple(found)


def _canonical(tree: HtmlElement, base: str) -> str | None:
    for href in tree.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content"):
        absolute = urljoin(base, str(href).strip())
        if is_http_url(absolute):
            return normalize_url(absolute)
    return None


def parse_html(html: bytes | str, url: str, *, source: Source | None = None,
               raw_sha256: str | None = None, published: str | None = None,
               limits: DomLimits = DEFAULT_LIMITS, min_text: int = MIN_TEXT) -> Parsed:
    """Article (text, title, date YYYY-MM-DD, author, canonical URL, PDF links) of one page.

    Text shorter than ``min_text`` characters is "no article text" (a crawled page that short
    is a stub or an index); `claims ingest` passes 1 for the files a user names.

    A page over ``limits`` is refused unparsed (``Parsed.refused``, with the cap in the reason).
    """
    refusal = dom_refusal(html, limits)
    if refusal is not None:
        log.info("%s: %s", url, refusal)
        return Parsed(None, refusal, refused=True)
    tree = load_html(html)
    if tree is None:
        return Parsed(None, "not HTML")
    pdfs = pdf_links(tree, url)
    canonical = _canonical(tree, url)
    unwrap_layout_tables(tree)
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, as_dict=False,
                                      date_extraction_params={"original_date": True,
                                                              "extensive_search": True},
                                      **EXTRACT_OPTIONS)  # type: ignore[arg-type]
    text = _text_with_fallback(tree, html, doc.text if doc is not None else None, url)
    if len(text) < max(min_text, 1):
        return Parsed(None, "no article text")
    if looks_like_listing(tree, text):
        return Parsed(None, "listing page")
    date = published or (doc.date if doc is not None else None)
    if date and not _DATE.match(date):
        date = None
    title = (doc.title if doc is not None else None) or None
    author = (doc.author if doc is not None else None) or None
    article = Article(
        url=normalize_url(url), text=text, title=title, published=date[:10] if date else None,
        author=author, canonical_url=canonical, outlet=source.name if source else None,
        city=source.city if source else None, state=source.state if source else None,
        source_kind=source.kind if source else None, content_sha256=content_hash(text),
        raw_sha256=raw_sha256, pdf_links=pdfs)
    return Parsed(article)
