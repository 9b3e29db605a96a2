"""Property tests: normalization is idempotent; parsers never crash on arbitrary input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.discover import feed_links, listing_links, sitemap_content
from scraper.parse import parse_html
from scraper.urls import normalize_url

segment = st.text(alphabet="abcXYZ019-_.~%", min_size=0, max_size=8)
query_key = st.sampled_from(["id", "page", "utm_source", "fbclid", "q", "UTM_Medium", "ref_src"])


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    host = draw(st.sampled_from(["example.com", "News.Example.COM", "127.0.0.1:8080", "x.test:443"]))
    path = "/".join(draw(st.lists(segment, max_size=4)))
    query = "&".join(f"{draw(query_key)}={draw(segment)}" for _ in range(draw(st.integers(0, 3))))
    frag = draw(st.sampled_from(["", "#top", "#"]))
    return f"{scheme}://{host}/{path}" + (f"?{query}" if query else "") + frag


@given(urls())
def test_normalize_is_idempotent_and_drops_tracking(url: str) -> None:
    once = normalize_url(url)
    assert normalize_url(once) == once
    assert "utm_" not in once.lower() and "fbclid" not in once and "#" not in once


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_parsers_never_crash_on_bytes(data: bytes) -> None:
    parse_html(data, "https://x.test/a")
    feed_links(data, "https://x.test/feed")
    sitemap_content(data, "https://x.test/sitemap.xml")
    listing_links(data, "https://x.test/news", "a")


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.text(max_size=2000))
def test_parse_html_never_crashes_on_text(text: str) -> None:
    result = parse_html(f"<html><body><p>{text}</p></body></html>", "https://x.test/a")
    assert result.article is None or result.article.text
