"""Our fixture pages: the extracted text keeps the story and drops the boilerplate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.parse import parse_html

PAGES = Path(__file__).parent / "pages"
INDEX = json.loads((PAGES / "index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", INDEX, ids=[c["file"] for c in INDEX])
def test_page(case: dict) -> None:
    body = (PAGES / case["file"]).read_bytes()
    parsed = parse_html(body, f"https://city.example.test/{case['file']}")
    if case.get("not_article"):
        assert parsed.article is None, parsed.article.text if parsed.article else ""
        return
    assert parsed.article is not None, parsed.reason
    text = parsed.article.text
    missing = [s for s in case["with"] if s not in text]
    assert not missing, f"missing {missing} in:\n{text}"
    leaked = [s for s in case["without"] if s in text]
    assert not leaked, f"boilerplate {leaked} in:\n{text}"
    if case.get("title"):
        assert parsed.article.title == case["title"]
    if case.get("date"):
        assert parsed.article.published == case["date"]
    if case.get("author"):
        assert parsed.article.author == case["author"]
    if "pdf_links" in case:
        assert list(parsed.article.pdf_links) == case["pdf_links"]
