"""Statistics fixtures: a database filled by a real sync from the sandbox (one sync per session,
copied into a fresh database per module and backend)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
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
from darkhorses.store.schema import metadata
from darkhorses.store.writer import upsert
from tests.jobs.conftest import FAST_RATES
from tests.plugins.sandbox import DEFAULT_NOW

# Thirty days of results: every definition meets real data, most horses run more than once.
# They are synced over HTTP once per session (into SQLite) and copied into each backend's
# database: a second sync into PostgreSQL would cost as much again and bring the same rows.
# Sixty days were measured too: this module took 110 s more (279 s against 169 s on the
# shared 2-core machine at a load of 6), against a suite budget of 10 minutes; thirty it is.
SYNC_FIRST, SYNC_LAST = date(2025, 9, 14), date(2025, 10, 13)
# Bookkeeping a copy leaves behind: the statistics' own working state is rebuilt by them.
NOT_COPIED = {"dh_runs", "dh_locks", "dh_alerts", "dh_stats_changes", "dh_stats_runs"}


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


@contextmanager
def sandbox_env(url: str, sandbox_worlds: Any) -> Iterator[dict[str, str]]:
    """A sandbox on a free port, and the environment that points the CLI at it and ``url``."""
    options = SandboxOptions(limits=None, now=parse_instant(DEFAULT_NOW))
    with serve(create_app(sandbox_worlds(1), options)) as base_url:
        yield {
            "DATABASE_URL": url,
            "LOG_LEVEL": "WARNING",
            "RACING_API_BASE_URL": base_url,
            "RACING_API_USERNAME": "pro",
            "RACING_API_PASSWORD": "pro",
            "RACING_API_PLAN": "pro",
            "DARKHORSES_NOW": DEFAULT_NOW,
            **FAST_RATES,
        }


@pytest.fixture(scope="session")
def synced_sqlite_file(tmp_path_factory: Any, sandbox_worlds: Any) -> Path:
    """``SYNC_FIRST``..``SYNC_LAST`` synced over HTTP from the sandbox, once per session."""
    path = tmp_path_factory.mktemp("stats_sync") / "synced.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    with sandbox_env(url, sandbox_worlds) as env:
        Synced(url, engine, env).sync(SYNC_FIRST, SYNC_LAST)
    return path


def copy_database(source: Path, url: str) -> None:
    """The synced database's rows into ``url``: a file copy for SQLite, rows for PostgreSQL."""
    if url.startswith("sqlite"):
        with sqlite3.connect(source) as src, sqlite3.connect(url.removeprefix("sqlite:///")) as dst:
            src.backup(dst)
        return
    reading, writing = make_engine(f"sqlite:///{source}"), make_engine(url)
    try:
        migrate.upgrade(writing)
        with reading.connect() as src, writing.begin() as dst:
            for table in metadata.sorted_tables:
                if table.name not in NOT_COPIED:
                    rows = [dict(r) for r in src.execute(sa.select(table)).mappings()]
                    upsert(dst, table, rows, update_nulls=True)
    finally:
        reading.dispose()
        writing.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def synced(
    request: pytest.FixtureRequest, tmp_path_factory: Any, sandbox_worlds: Any, synced_sqlite_file
) -> Iterator[Synced]:
    """The synced days of sandbox results in a fresh database (per backend), with the sandbox
    up for later days."""
    with module_database(request, tmp_path_factory) as url:
        copy_database(synced_sqlite_file, url)
        engine = make_engine(url)
        migrate.upgrade(engine)
        with sandbox_env(url, sandbox_worlds) as env:
            try:
                yield Synced(url, engine, env)
            finally:
                engine.dispose()
