"""The house's layers: which of our top-level packages (and modules) may import which.

``MAY_IMPORT`` is the table README.md's "Layout" shows. Every ``.py`` file under each package is
read with ``ast`` (nothing is imported), and every import of ours counts: at module level, inside
a function, under ``if TYPE_CHECKING:``. A package may import itself and what its row lists,
nothing else; the table has no cycles, so the house reads bottom-up. Dependencies are plain
imports: no ``importlib.import_module``/``__import__`` of our code and no module ``__getattr__``,
so a reader and this test see every one. tests/ and benchmarks/ sit on top and are not checked.
"""

from __future__ import annotations

import ast
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOT_CHECKED = {"tests", "benchmarks"}

#: What each top-level package or module may import of ours (besides itself). Bottom first.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "records": frozenset(),
    "offenses": frozenset(),
    "dedup": frozenset(),
    "httpkit": frozenset(),
    "settings": frozenset(),
    "display": frozenset(),
    "extract": frozenset({"records", "offenses", "settings"}),
    "db": frozenset({"records", "offenses", "dedup"}),
    "scraper": frozenset({"records", "dedup", "httpkit", "settings", "db"}),
    "official": frozenset({"records", "offenses", "httpkit", "db"}),
    "verify": frozenset({"records", "offenses", "settings", "db", "official"}),
    "orchestrate": frozenset({"records", "dedup", "settings", "extract", "db", "scraper"}),
    "backfill": frozenset({"records", "settings", "extract", "db", "scraper", "orchestrate"}),
    "web": frozenset({"records", "settings", "display", "db", "verify"}),
    "demo": frozenset({"settings", "db", "scraper", "official", "verify", "orchestrate", "web"}),
    "commands": frozenset({"records", "offenses", "httpkit", "settings", "display", "extract", "db",
                           "scraper", "official", "verify", "orchestrate", "backfill", "web", "demo"}),
    "cli": frozenset({"settings", "db", "commands"}),
}
OURS = frozenset(MAY_IMPORT)


def units_on_disk() -> set[str]:
    """Our top-level packages (a folder with ``__init__.py``) and modules (``cli.py`` ...)."""
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    modules = {p.stem for p in ROOT.glob("*.py")}
    return (packages | modules) - NOT_CHECKED


def files_of(unit: str) -> list[Path]:
    folder = ROOT / unit
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [ROOT / f"{unit}.py"]


def _ours(dotted: str) -> str | None:
    top = dotted.split(".")[0]
    return top if top in OURS else None


def violations(unit: str, source: str, filename: str = "<source>") -> list[str]:
    """What ``source``, a file of ``unit``, imports against the table, and any hidden import."""
    allowed = MAY_IMPORT[unit] | {unit}
    found: list[str] = []
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            targets = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in ("import_module", "__import__") and _ours(str(node.args[0].value)):
                found.append(f"{filename}:{node.lineno}: hidden import of {node.args[0].value} "
                             f"({name}); write a plain import")
        for target in targets:
            top = _ours(target)
            if top is not None and top not in allowed:
                found.append(f"{filename}:{node.lineno}: {unit} imports {target}, "
                             f"but {unit} may import only {sorted(MAY_IMPORT[unit]) or 'nothing of ours'}")
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
            found.append(f"{filename}:{node.lineno}: module __getattr__ hides imports; import plainly")
    return found


def test_the_table_names_every_package_and_nothing_else() -> None:
    assert units_on_disk() == set(MAY_IMPORT)


def test_the_table_has_no_cycles() -> None:
    try:
        order = list(TopologicalSorter(MAY_IMPORT).static_order())
    except CycleError as exc:  # pragma: no cover - the failure message is the point
        pytest.fail(f"the layers import each other in a circle: {exc.args[1]}")
    assert set(order) == OURS


@pytest.mark.issue(11)
@pytest.mark.parametrize("unit", sorted(MAY_IMPORT))
def test_each_package_imports_only_what_its_layer_allows(unit: str) -> None:
    problems = [v for path in files_of(unit)
                for v in violations(unit, path.read_text(), str(path.relative_to(ROOT)))]
    assert problems == []


@pytest.mark.issue(11)
@pytest.mark.parametrize(("unit", "source", "expected"), [
    ("db", "from verify.check import check_claim\n", "db imports verify.check"),
    ("records", "import offenses\n", "records imports offenses"),
    ("extract", "def f():\n    from scraper.parse import parse_html\n", "extract imports scraper.parse"),
    ("official", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from verify.run import run_checks\n",
     "official imports verify.run"),
    ("scraper", "import importlib\nextract = importlib.import_module('extract.pipeline')\n",
     "hidden import of extract.pipeline"),
    ("verify", "def __getattr__(name):\n    return name\n", "module __getattr__"),
])
def test_the_check_catches_a_forbidden_import(unit: str, source: str, expected: str) -> None:
    problems = violations(unit, source)
    assert len(problems) == 1 and expected in problems[0], problems


def test_the_check_lets_allowed_imports_through() -> None:
    source = ("import json\nimport httpx\nfrom records.article import Article\nfrom db.store import get_article\n"
              "from scraper.urls import normalize_url\nimport importlib\nimportlib.import_module('bokeh')\n")
    assert violations("scraper", source) == []


def test_records_import_only_the_standard_library() -> None:
    """records/ is the bottom layer: not even a third-party package, so anything can load it."""
    found = set()
    for path in files_of("records"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {(path.name, a.name.split(".")[0]) for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add((path.name, node.module.split(".")[0]))
    assert {(f, m) for f, m in found if m not in sys.stdlib_module_names} == set()


def _readme_layout() -> dict[str, frozenset[str]]:
    """README's Layout table: each row's packages and what the row says they may import."""
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, frozenset[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        names = [n.strip("`").removesuffix("/").removesuffix(".py") for n in cells[0].split(", ")]
        may = frozenset(n.removesuffix("/").removesuffix(".py")
                        for n in cells[2].split("`")[1::2])
        for name in names:
            rows[name] = may
    return rows


def test_the_readme_layout_table_matches() -> None:
    """README.md's Layout table shows this table: one row per package, its "may import" cell."""
    shown = {name: may for name, may in _readme_layout().items() if name not in NOT_CHECKED}
    assert shown == MAY_IMPORT
