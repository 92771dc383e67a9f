"""Fixtures for the service tests: settings, a clock that can be moved, a webhook receiver."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sqlalchemy as sa
import uvicorn

from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.service.scheduler import wait_for
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine


class MovableClock(Clock):
    """A clock the test sets and moves forward by hand."""

    def __init__(self, start: datetime) -> None:
        super().__init__(start)
        self.at = start

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """An engine on a fresh database at the newest schema."""
    eng = make_engine(db_url)
    migrate.upgrade(eng)  # already current: a check, not a migration
    yield eng
    eng.dispose()


@pytest.fixture
def settings(db_url: str, tmp_path) -> Settings:
    return Settings(
        database={"url": db_url},
        service={"lock_dir": str(tmp_path / "locks"), "misfire_grace_s": 60},
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def serve() -> Iterator[Any]:
    """Serve an ASGI app with uvicorn on a free loopback port; yields ``start(app) -> url``."""
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: Any) -> str:
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="off")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        assert wait_for(lambda: server.started, timeout_s=10), "server did not start"
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


class Webhook:
    """A tiny real HTTP server on loopback that records what is POSTed to it."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        received = self.posts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(
                    {"json": json.loads(body), "content_type": self.headers["Content-Type"]}
                )
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/hooks/T000/B000/secret"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.close()
