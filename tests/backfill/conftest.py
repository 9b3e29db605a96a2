"""CC-NEWS-shaped WARC files of the demo site (tests/backfill/warcs.py), built once per session."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


def _warcs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("backfill_test_warcs", Path(__file__).with_name("warcs.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


warcs = _warcs()


@pytest.fixture(scope="session")
def demo_warcs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Three demo WARC files, a corrupt copy of the first (record 4, a response) and a
    truncated copy, with the offsets of the damaged records."""
    folder = tmp_path_factory.mktemp("warcs")
    files = warcs.build_demo(folder / "good")
    bad = folder / "bad"
    bad.mkdir()
    corrupt_at = warcs.corrupt_copy(files[0], bad / "corrupt.warc.gz", 4)
    truncated_at = warcs.truncated_copy(files[0], bad / "truncated.warc.gz")
    return {"files": files, "corrupt": bad / "corrupt.warc.gz", "corrupt_at": corrupt_at,
            "truncated": bad / "truncated.warc.gz", "truncated_at": truncated_at, "folder": folder}
