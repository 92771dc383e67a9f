"""Statistics fixtures: a database filled by a real sync from the sandbox, once per module."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

import darkhorses.cli.stats_compute  # noqa: F401 - adds compute and show to the stats group
from darkhorses.cli import app
from darkhorses.logs import reset_logging
from darkhorses.sandbox.app import SandboxOptions, create_app
from darkhorses.sandbox.clock import parse_instant
from darkhorses.sandbox.server import serve
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine
from tests.jobs.conftest import FAST_RATES
from tests.plugins.sandbox import DEFAULT_NOW

# Two weeks of results: enough runners for every definition to meet real data, quick to sync.
SYNC_FIRST, SYNC_LAST = date(2025, 9, 30), date(2025, 10, 13)


@dataclass
class Synced:
    """A database holding a sandbox sync, and the CLI pointed at it and at the sandbox."""

    url: str
    engine: sa.Engine
    env: dict[str, str]

    def cli(self, *args: str) -> tuple[int, str]:
        with pytest.MonkeyPatch.context() as mp:
            for key, value in self.env.items():
                mp.setenv(key, value)
            try:
                result = CliRunner().invoke(app, list(args), catch_exceptions=False)
            finally:
                reset_logging()
        return result.exit_code, result.output

    def sync(self, first: date, last: date) -> None:
        code, output = self.cli(
            "sync", "--entities", "results", "--from", str(first), "--to", str(last), "--json"
        )
        assert code == 0, output


@contextmanager
def module_database(request: pytest.FixtureRequest, tmp_path_factory: Any) -> Iterator[str]:
    """A fresh database on ``request.param`` (sqlite or postgresql) for a whole module."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('stats') / 'stats.db'}"
        return
    admin = request.getfixturevalue("postgres_admin_url")
    name = f"dh_test_{uuid.uuid4().hex[:12]}"
    server = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name, drivername="postgresql").render_as_string(
            hide_password=False
        )
    finally:
        with server.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def synced(request: pytest.FixtureRequest, tmp_path_factory, sandbox_worlds) -> Iterator[Synced]:
    """Two weeks of sandbox results synced over HTTP into a fresh database (per backend)."""
    with module_database(request, tmp_path_factory) as url:
        yield from _synced(url, sandbox_worlds)


def _synced(url: str, sandbox_worlds: Any) -> Iterator[Synced]:
    options = SandboxOptions(limits=None, now=parse_instant(DEFAULT_NOW))
    with serve(create_app(sandbox_worlds(1), options)) as base_url:
        env = {
            "DATABASE_URL": url,
            "LOG_LEVEL": "WARNING",
            "RACING_API_BASE_URL": base_url,
            "RACING_API_USERNAME": "pro",
            "RACING_API_PASSWORD": "pro",
            "RACING_API_PLAN": "pro",
            "DARKHORSES_NOW": DEFAULT_NOW,
            **FAST_RATES,
        }
        engine = make_engine(url)
        migrate.upgrade(engine)
        synced = Synced(url, engine, env)
        synced.sync(SYNC_FIRST, SYNC_LAST)
        try:
            yield synced
        finally:
            engine.dispose()
