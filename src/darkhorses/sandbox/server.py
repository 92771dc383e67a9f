"""Serve the sandbox with uvicorn in a background thread on a loopback port.

``with serve(app) as base_url:`` is what the demo and the tests use; ``run_sandbox`` builds the
world and the app first.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from darkhorses.sandbox.app import SandboxApp, SandboxOptions, create_app

STARTUP_TIMEOUT_S = 10.0


class SandboxServerError(RuntimeError):
    """The server did not start or stop in time."""


@contextmanager
def serve(app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run ``app`` until the block ends; yields its base URL (``http://127.0.0.1:PORT``).

    ``port=0`` picks a free port. Shutdown is clean: the thread is joined before returning.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this; without it small responses wait on delayed ACKs.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=1,
        timeout_keep_alive=30,
    )
    server = uvicorn.Server(config)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # reported to the caller below
            failure.append(exc)

    thread = threading.Thread(target=run, name=f"sandbox-{bound_port}", daemon=True)
    thread.start()
    try:
        _wait_started(server, thread, failure)
        yield f"http://{host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT_S)
        sock.close()
        if thread.is_alive():
            raise SandboxServerError("the sandbox server did not stop in time")


def _wait_started(server: uvicorn.Server, thread: threading.Thread, failure: list[Any]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)
    if failure:
        raise SandboxServerError(f"the sandbox server failed to start: {failure[0]!r}")
    if not server.started:
        raise SandboxServerError("the sandbox server did not start in time")


@contextmanager
def run_sandbox(
    seed: int = 1, options: SandboxOptions | None = None, host: str = "127.0.0.1", port: int = 0
) -> Iterator[tuple[str, SandboxApp]]:
    """Build the world for ``seed``, serve it, and yield ``(base_url, app)``."""
    from darkhorses.sandbox.world import World

    app = create_app(World(seed), options)
    with serve(app, host, port) as base_url:
        yield base_url, app
