"""The retry policy that the crawler and the official connectors share (httpkit.retry)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from httpkit.retry import RetryPolicy

ROOT = Path(__file__).resolve().parents[2]


def test_retry_after_is_the_least_wait_and_too_long_a_one_gives_up() -> None:
    policy = RetryPolicy(backoff=1.0, jitter=0.0, max_delay=30.0)
    assert policy.wait(0) == 1.0
    assert policy.wait(2) == 4.0
    assert policy.wait(0, retry_after=7.0) == 7.0
    assert policy.wait(3, retry_after=2.0) == 8.0  # backoff longer than what the server asked
    assert policy.wait(0, retry_after=31.0) is None


@pytest.mark.issue(11)
def test_httpkit_imports_nothing_of_ours_and_has_no_twin() -> None:
    """Both stages import httpkit, so it may import neither; and no stage keeps its own copy."""
    ours = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()} | {"settings", "cli"}
    for path in (ROOT / "httpkit").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                top = node.module.split(".")[0]
                assert top == "httpkit" or top not in ours, f"{path.name} imports {node.module}"
    for package in ("scraper", "official"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text())
            defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
            assert not defined & {"retry_after_seconds", "RetryPolicy", "read_capped", "_read_capped",
                                  "gunzip_capped"}, path
