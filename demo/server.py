"""A small static HTTP server for the demo site, run in a thread on 127.0.0.1.

The site's files use one placeholder origin (``https://demo.claims-tracker.invalid``) in canonical
links, feeds, sitemaps and robots.txt; the server rewrites it to its own address as it serves, so
absolute links work on whatever free port the server got. It answers conditional GETs (ETag),
serves ``index.html`` for directories and redirects ``/dir`` to ``/dir/`` like a real web server.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

from demo import SITE_DIR
from demo.sitegen.content import ORIGIN

log = logging.getLogger(__name__)

TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".xml": "application/xml; charset=utf-8"}
REWRITTEN = (".html", ".txt", ".xml")
# A fixed Last-Modified, so repeated demo runs see identical validators.
LAST_MODIFIED = formatdate(1_760_000_000, usegmt=True)


class DemoSiteError(Exception):
    """The demo site could not be served."""


def _content_type(path: Path, body: bytes) -> str:
    if path.suffix == ".xml":
        head = body[:400]
        if b"<rss" in head:
            return "application/rss+xml; charset=utf-8"
        if b"<feed" in head:
            return "application/atom+xml; charset=utf-8"
    return TYPES.get(path.suffix, "application/octet-stream")


def _handler(root: Path, origin: bytes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "claims-demo/1.0"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            log.debug("demo site: " + format, *args)

        def _resolve(self) -> tuple[Path | None, str | None]:
            """(file to serve, None), or (None, where to redirect), or (None, None) for a 404."""
            raw = unquote(urlsplit(self.path).path)
            target = (root / raw.lstrip("/")).resolve()
            if not target.is_relative_to(root):
                return None, None
            if target.is_dir():
                if not raw.endswith("/"):  # like any web server: /dir -> /dir/
                    return None, raw + "/"
                target = target / "index.html"
            return (target if target.is_file() else None), None

        def _send(self, with_body: bool) -> None:
            path, redirect = self._resolve()
            if redirect is not None:
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", redirect)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if path is None:
                body = b"<!DOCTYPE html><html><head><title>Not found</title></head><body>" \
                       b"<h1>404 Not Found</h1></body></html>"
                self.send_response(HTTPStatus.NOT_FOUND)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if with_body:
                    self.wfile.write(body)
                return
            body = path.read_bytes()
            if path.suffix in REWRITTEN:
                body = body.replace(ORIGIN.encode(), origin)
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", _content_type(path, body))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            self._send(with_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._send(with_body=False)

    return Handler


class DemoSite:
    """Serve ``root`` on ``host:port`` (port 0 = a free port) in a background thread.

    Use as a context manager; ``base_url`` is ``http://127.0.0.1:<port>`` once started.
    """

    def __init__(self, root: Path = SITE_DIR, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = root.resolve()
        self.host = host
        self.port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise DemoSiteError("The demo site is not running; call start() first.")
        return f"http://{self.host}:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + "/" + path.lstrip("/")

    def start(self) -> str:
        if not (self.root / "robots.txt").is_file():
            raise DemoSiteError(f"No demo site at {self.root}. Rebuild it with "
                                f"`python -m demo.sitegen.build` from the repository root.")
        try:
            server = ThreadingHTTPServer((self.host, self.port), _handler(self.root, b""))
        except OSError as exc:
            raise DemoSiteError(f"Cannot listen on {self.host}:{self.port} ({exc.strerror or exc}). "
                                f"Pick another port with --port, or 0 for any free port.") from exc
        server.daemon_threads = True
        self._server = server
        server.RequestHandlerClass = _handler(self.root, self.base_url.encode())
        # A short poll lets stop() return at once instead of after serve_forever's default 0.5 s.
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="demo-site", daemon=True)
        self._thread.start()
        log.info("demo site at %s", self.base_url)
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> DemoSite:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
