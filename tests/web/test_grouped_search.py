"""Search results grouped by sentence, and an empty search that suggests the nearest filter
values (issue 13)."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from click.testing import CliRunner
from multi_claim_seed import QUOTES, SENTENCE, add_multi_claim_article
from web_seed import Seeded

from cli import cli

pytestmark = [pytest.mark.anyio, pytest.mark.issue(13)]


def _result_blocks(text: str) -> list[str]:
    return text.split('<li class="result">')[1:]


async def test_a_sentence_with_three_claims_is_listed_once_with_its_claims(
        client: httpx.AsyncClient, seeded: Seeded) -> None:
    ids = add_multi_claim_article(seeded.path)
    page = (await client.get("/", params={"city": "Riverton", "from": "2024-02", "to": "2024-02"})).text
    blocks = _result_blocks(page)
    assert len(blocks) == 1, page
    block = blocks[0]
    assert block.count('class="sentence-claim"') == 3
    assert 'aria-label="3 claims in this sentence"' in block
    assert block.count("<mark>") == 3
    for (quote, _offense, _value, _direction), claim_id in zip(QUOTES, ids, strict=True):
        assert f"“{quote}”" in block and f'href="/claims/{claim_id}"' in block
    assert "3 claims" in page and "1 sentence on this page" in page


async def test_filters_still_count_claims_and_the_api_keeps_one_object_per_claim(
        client: httpx.AsyncClient, seeded: Seeded) -> None:
    add_multi_claim_article(seeded.path)
    api = await client.get("/api/claims", params={"q": "Robberies burglaries"})
    claims = api.json()["claims"]  # the words are in the sentence: each of its claims matches
    assert len(claims) == 3 and len({c["sentence_id"] for c in claims}) == 1
    every = await client.get("/api/claims", params={"city": "Riverton", "from": "2024-02"})
    shared = [c for c in every.json()["claims"] if c["sentence"] == SENTENCE]
    assert len(shared) == 3 and len({c["sentence_id"] for c in shared}) == 1


async def test_an_empty_search_suggests_the_nearest_city_and_offense(client: httpx.AsyncClient,
                                                                     seeded: Seeded) -> None:
    page = (await client.get("/", params={"q": "Rivertn"})).text
    assert "No claims for “Rivertn”" in page
    assert re.search(r'Did you mean\s+<a href="/\?city=Riverton">Riverton, CT</a> '
                     r'<span class="muted">\(city\)</span>', page), page
    typo = (await client.get("/", params={"q": "burglries Bayport"})).text
    assert 'href="/?q=Bayport&amp;offense=burglary">burglary</a>' in typo
    nothing = (await client.get("/", params={"q": "zzzqqq"})).text
    assert "Try fewer words or remove a filter." in nothing and "Did you mean" not in nothing


def test_cli_search_groups_by_sentence_and_suggests(seeded: Seeded) -> None:
    add_multi_claim_article(seeded.path)

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", seeded.path, "search", *args])
        assert result.exit_code == 0, result.output
        return result.output

    out = run("--city", "Riverton", "--from", "2024-02-01", "--to", "2024-02-28").splitlines()
    assert out[1] == "— " + SENTENCE
    assert [line.split()[0] for line in out[2:5]] and len(out) == 6
    assert out[-1] == "3 of 3 matching claims, in 1 sentence."
    assert run("Rivertn") == "No claims match. Did you mean: --city Riverton (Riverton, CT)?\n"
    lines = run("Robberies", "--city", "Riverton", "--json").splitlines()
    assert all("sentence_id" in json.loads(line) for line in lines)
