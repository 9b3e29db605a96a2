"""Fixtures of the scraper tests: a real local HTTP server (see scraper_testsite.py) and fast settings."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from scraper_testsite import Handler, Site  # noqa: E402

from settings import Settings  # noqa: E402


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    handler = type("BoundHandler", (Handler,), {"site": s})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.handle_error = lambda *_args: None  # clients hang up on purpose (caps, timeouts)
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    # serve_forever's default poll of 0.5 s makes every shutdown() wait up to half a second
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield s
    server.shutdown()
    server.server_close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Fast, local settings: private addresses allowed, short timeouts and backoff."""
    return Settings(db_path=str(tmp_path / "claims.db"), allow_private_addresses=True, timeout=1.0,
                    backoff=0.05, retries=2, per_host_delay=0.0, per_host_concurrency=2,
                    max_bytes=2_000_000)


