"""All JSON the project writes is strict JSON: no NaN or Infinity, which other parsers reject."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from starlette.responses import JSONResponse

REPO = Path(__file__).resolve().parents[1]
SKIP = {".venv", "tests", ".git"}


def _json_writes(path: Path) -> list[tuple[int, bool]]:
    """(line, passes allow_nan=False) for every json.dump/json.dumps call in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("dump", "dumps") and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "json"):
            strict = any(k.arg == "allow_nan" and isinstance(k.value, ast.Constant) and k.value.value is False
                         for k in node.keywords)
            found.append((node.lineno, strict))
    return found


@pytest.mark.slow
@pytest.mark.issue(10)
def test_every_json_dump_in_the_project_refuses_nan_and_infinity() -> None:
    calls = {}
    for path in sorted(REPO.rglob("*.py")):
        if SKIP & set(path.relative_to(REPO).parts):
            continue
        for line, strict in _json_writes(path):
            calls[f"{path.relative_to(REPO)}:{line}"] = strict
    assert len(calls) > 20  # the walk found the writers (CLI, store, exports, web)
    assert [where for where, strict in calls.items() if not strict] == []


def test_web_json_responses_refuse_infinity() -> None:
    """Starlette's JSONResponse (used by the API) renders with allow_nan=False."""
    with pytest.raises(ValueError, match="not JSON compliant"):
        JSONResponse({"value": float("inf")})
    assert json.loads(JSONResponse({"value": 1.5}).body) == {"value": 1.5}
