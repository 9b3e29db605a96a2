"""Escaping, link checks and JSON-in-script, on the pure functions."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from web.safety import highlight, json_for_script, mark_span, paragraph_around, safe_url


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.example/a?b=1", "https://news.example/a?b=1"),
    ("http://news.example/", "http://news.example/"),
    ("  https://news.example/x  ", "https://news.example/x"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("\x01javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox", None),
    ("//news.example/x", None),
    ("/relative", None),
    ("https://", None),
    ("", None),
    (None, None),
    ("http://[::1", None),
])
def test_safe_url_allows_only_absolute_http_links(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_highlight_escapes_each_piece() -> None:
    html = highlight('A <b>"x"</b> rose 5% & more', "rose 5%", None)
    assert str(html) == 'A &lt;b&gt;&#34;x&#34;&lt;/b&gt; <mark>rose 5%</mark> &amp; more'


def test_highlight_uses_the_offset_then_falls_back_to_search() -> None:
    assert str(highlight("up 5, then up 5", "up 5", 11)) == "up 5, then <mark>up 5</mark>"
    assert str(highlight("up 5, then up 5", "up 5", 3)) == "<mark>up 5</mark>, then up 5"
    assert str(highlight("<i>no match</i>", "absent", 0)) == "&lt;i&gt;no match&lt;/i&gt;"


def test_mark_span_refuses_bad_offsets() -> None:
    assert str(mark_span("<x>", 5, 9)) == "&lt;x&gt;"


@given(st.text(), st.text(min_size=1))
def test_highlight_never_lets_markup_through(sentence: str, quote: str) -> None:
    html = str(highlight(sentence, quote))
    stripped = html.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped
    assert stripped == str(escape(sentence))


def test_paragraph_around_finds_the_claims_paragraph() -> None:
    text = "First para.\nSecond has the claim: up 10 percent.\nThird."
    start = text.index("up 10 percent")
    para, a, b = paragraph_around(text, start, start + len("up 10 percent"))
    assert para == "Second has the claim: up 10 percent."
    assert para[a:b] == "up 10 percent"


def test_paragraph_around_trims_very_long_paragraphs() -> None:
    text = "x" * 5000 + " CLAIM " + "y" * 5000
    start = text.index("CLAIM")
    para, a, b = paragraph_around(text, start, start + 5, limit=200)
    assert len(para) <= 200 and para[a:b] == "CLAIM"


@pytest.mark.parametrize("payload", ["</script><script>alert(1)</script>", "<!-- x", "a & b",
                                     "line\u2028sep"])
def test_json_for_script_cannot_close_the_script_element(payload: str) -> None:
    out = str(json_for_script({"note": payload}))
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"note": payload}
