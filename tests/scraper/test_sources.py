"""The sources file: the bundled one loads; bad files fail with the line and key named."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.errors import SourcesFileError
from scraper.sources import load_sources


def test_bundled_sources_cover_many_cities() -> None:
    sources = load_sources()
    assert len(sources) >= 25
    assert len({(s.city, s.state) for s in sources}) >= 12
    assert {s.kind for s in sources} >= {"news", "police", "mayor"}
    assert all(s.feeds or s.sitemaps or s.listings for s in sources)


GOOD = '[[source]]\nname = "A"\ncity = "B"\nstate = "OH"\nfeeds = ["https://a.test/feed"]\n'

BAD = [
    ("name = ", "not valid TOML"),
    (GOOD + '\n[[source]]\nname = "C"\ncity = "D"\nstate = "OH"\nfeeds = "ftp://x"\n', "line 11"),
    (GOOD + '\n[[source]]\nname = "C"\ncity = "D"\nstate = "OH"\nfeeds = ["ftp://x"]\n', "'feeds'"),
    (GOOD + '\n[[source]]\nname = "A"\ncity = "D"\nstate = "OH"\nfeeds = ["https://x.test/"]\n', "duplicate"),
    ('[[source]]\nname = "A"\ncity = "B"\nstate = "OH"\nfeedz = ["https://a.test/"]\n', "'feedz'"),
    ('[[source]]\nname = "A"\ncity = "B"\nstate = "OH"\nlistings = ["https://a.test/"]\n', "'link_selector'"),
    ('[[source]]\nname = "A"\ncity = "B"\nstate = "OH"\n', "at least one of feeds"),
    (GOOD.replace('state = "OH"', 'state = "OH"\ncrawl_delay = -1'), "'crawl_delay'"),
    (GOOD.replace('state = "OH"', 'state = "OH"\nkind = "blog"'), "'kind'"),
    (GOOD.replace('state = "OH"', 'state = "OH"\nurl_pattern = "("'), "'url_pattern'"),
    ("[other]\nx = 1\n", "unknown top-level key"),
]


@pytest.mark.parametrize(("text", "expected"), BAD, ids=[e for _, e in BAD])
def test_bad_sources_file_names_the_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    with pytest.raises(SourcesFileError) as err:
        load_sources(path)
    assert expected in str(err.value)
    assert str(path) in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match="Cannot read"):
        load_sources(tmp_path / "nope.toml")
