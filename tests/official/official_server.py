"""A real HTTP server on 127.0.0.1 for the official-data tests, scripted per path.

``api`` is a ``LocalApi``: register a handler per path (a function of the request returning
``Reply``), or queue one-off replies (``api.queue(path, Reply(429, ...))``) that are served
before the handler. Every request is recorded (path, query, headers) for assertions.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts)

    def encoded(self) -> tuple[bytes, str]:
        if isinstance(self.body, bytes):
            return self.body, self.headers.get("Content-Type", "application/json")
        if isinstance(self.body, str):
            return self.body.encode(), self.headers.get("Content-Type", "text/plain")
        return json.dumps(self.body).encode(), "application/json"


@dataclass(frozen=True)
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    raw_url: str


class LocalApi:
    def __init__(self) -> None:
        self.handlers: dict[str, Callable[[Seen], Reply]] = {}
        self.queued: dict[str, deque[Reply]] = defaultdict(deque)
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                seen = Seen(parts.path, query, {k.lower(): v for k, v in self.headers.items()}, self.path)
                with api.lock:
                    api.seen.append(seen)
                    reply = api.queued[parts.path].popleft() if api.queued[parts.path] else None
                if reply is None:
                    handler = api.handlers.get(parts.path)
                    reply = handler(seen) if handler else Reply(404, {"error": {"code": 404, "message": "no such path"}})
                if reply.delay:
                    time.sleep(reply.delay)
                body, content_type = reply.encoded()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in reply.headers.items():
                        if name.lower() != "content-type":
                            self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, path: str, handler: Callable[[Seen], Reply]) -> None:
        self.handlers[path] = handler

    def queue(self, path: str, *replies: Reply) -> None:
        self.queued[path].extend(replies)

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


class SleepLog:
    """A sleep that really sleeps (a capped amount) and records what was asked."""

    def __init__(self, cap: float = 0.05) -> None:
        self.asked: list[float] = []
        self.cap = cap

    def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        time.sleep(min(seconds, self.cap))
