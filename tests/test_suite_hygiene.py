"""The suite itself: a broken import of our code fails a test, it never skips one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()} | {"cli", "settings"}


def _skips(body: list[ast.stmt]) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr in ("skip", "importorskip")
               for stmt in body for n in ast.walk(stmt))


def _problems(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "importorskip" and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).split(".")[0] in OURS):
            found.append(f"line {node.lineno}: importorskip of our own {node.args[0].value}")
        if isinstance(node, ast.Try):
            for handler in node.handlers:
                names = ast.unparse(handler.type) if handler.type else ""
                if "ImportError" in names and _skips(handler.body):
                    found.append(f"line {handler.lineno}: an ImportError turned into a skip")
    return sorted(found, key=lambda text: int(text.split(":")[0].split()[1]))


@pytest.mark.issue(11)
def test_no_test_skips_when_our_own_code_fails_to_import() -> None:
    problems = {str(p.relative_to(ROOT)): _problems(p) for p in (ROOT / "tests").rglob("*.py")}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.issue(11)
def test_the_check_finds_both_patterns(tmp_path: Path) -> None:
    sample = tmp_path / "test_sample.py"
    sample.write_text("import pytest\nrecords = pytest.importorskip('db.rows')\n"
                      "try:\n    import verify\nexcept ImportError:\n    pytest.skip('no verify')\n"
                      "ds = pytest.importorskip('datasette')\n")
    assert _problems(sample) == ["line 2: importorskip of our own db.rows",
                                 "line 5: an ImportError turned into a skip"]
