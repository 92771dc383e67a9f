"""Who may look: the token rule, on the routes and in ``darkhorses dashboard``."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from darkhorses.cli import app
from darkhorses.dashboard import TokenRequired, check_exposure
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine
from tests.dashboard.conftest import serve_dashboard

TOKEN = "tok-4f9c2e7d1b"
PATHS = ("/", "/usage", "/backfill", "/today", "/api/overview", "/api/usage", "/api/today")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'dash.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_loopback_needs_no_token(host):
    check_exposure(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.20", "example.org"])
def test_any_other_interface_needs_a_token(host):
    with pytest.raises(TokenRequired, match="DARKHORSES_DASHBOARD_TOKEN"):
        check_exposure(host, None)
    with pytest.raises(TokenRequired):
        check_exposure(host, SecretStr(""))
    check_exposure(host, SecretStr(TOKEN))


def test_with_a_token_set_every_page_asks_for_it(sqlite_url):
    served = serve_dashboard(sqlite_url, dashboard={"token": TOKEN})
    with served as base_url, httpx.Client(base_url=base_url) as client:
        for path in PATHS:
            refused = client.get(path)
            assert refused.status_code == 401, path
            assert refused.headers["www-authenticate"].startswith("Basic")
            assert TOKEN not in refused.text
            assert client.get(path, headers={"Authorization": "Bearer nope"}).status_code == 401
            wrong = client.get(path, headers={"Authorization": basic("me", "nope")})
            assert wrong.status_code == 401
            bearer = client.get(path, headers={"Authorization": f"Bearer {TOKEN}"})
            assert bearer.status_code == 200, path
            assert TOKEN not in bearer.text
            assert client.get(path, auth=("anyone", TOKEN)).status_code == 200


def test_the_command_refuses_all_interfaces_without_a_token(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.delenv("DARKHORSES_DASHBOARD_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["dashboard", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 2
    assert "DARKHORSES_DASHBOARD_TOKEN" in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_command_on_all_interfaces_serves_only_with_the_token(sqlite_url, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": sqlite_url,
        "DARKHORSES_DASHBOARD_TOKEN": TOKEN,
        "LOG_LEVEL": "INFO",
    }
    log = tmp_path / "dashboard.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from darkhorses.cli import main; main()",
                "dashboard",
                "--host",
                "0.0.0.0",
                "--port",
                str(port),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        for _ in range(200):
            try:
                first = httpx.get(url)
                break
            except httpx.TransportError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.05)
        assert first.status_code == 401
        assert httpx.get(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert TOKEN not in log.read_text()
