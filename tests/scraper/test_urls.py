"""URL normalization: one spelling per page."""

from __future__ import annotations

import pytest

from scraper.urls import normalize_url

CASES = [
    ("HTTPS://News.Example.COM/a/b?utm_source=x&id=3#top", "https://news.example.com/a/b?id=3"),
    ("http://example.com:80/x", "http://example.com/x"),
    ("https://example.com:8443/x", "https://example.com:8443/x"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/news/", "https://example.com/news/"),
    ("https://example.com//a///b", "https://example.com/a/b"),
    ("https://example.com/s?b=2&a=1&fbclid=zz&gclid=1", "https://example.com/s?a=1&b=2"),
    ("https://example.com/s?utm_medium=a&UTM_campaign=b", "https://example.com/s"),
    ("https://example.com/s?mc_cid=1&page=2", "https://example.com/s?page=2"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


def test_relative_urls_are_joined() -> None:
    assert normalize_url("../b.html?utm_source=rss", "https://x.test/news/a/") == "https://x.test/news/b.html"


def test_idempotent() -> None:
    for raw, _ in CASES:
        once = normalize_url(raw)
        assert normalize_url(once) == once
