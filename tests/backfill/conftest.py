"""Helpers for the backfill tests: the command as a subprocess, a second database, checksums."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from darkhorses.store.engine import make_engine
from darkhorses.store.schema import metadata
from tests.jobs.conftest import FAST_RATES, Cli, cli, db  # noqa: F401  (fixtures re-exported)
from tests.plugins.sandbox import DEFAULT_NOW, RunningSandbox

# Tables and columns that describe our own runs rather than the data: left out of checksums.
# dh_stats_changes is the statistics' change log: numbered in the order work happened to run.
RUN_TABLES = {"dh_runs", "dh_locks", "dh_alerts", "dh_stats_changes"}
RUN_COLUMNS = {
    "dh_backfill_days": {"updated_at"},
    "dh_checkpoints": {"updated_at"},
    "dh_quarantine": {"run_id", "first_seen", "last_seen", "seen_count"},
    "dh_amendments": {"changed_at", "run_id"},
    # A day fetched ahead but not stored before a kill is fetched again: same body, one more
    # fetch. The gzip bytes carry their own timestamp; sha256 identifies the body.
    "dh_raw_responses": {"first_fetched_at", "last_fetched_at", "fetch_count", "body_gzip"},
}


def darkhorses_command() -> list[str]:
    """The installed ``darkhorses`` script of this interpreter's environment."""
    script = Path(sys.executable).with_name("darkhorses")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from darkhorses.cli import main; main()"]


@dataclass
class Backfill:
    """``darkhorses backfill`` as a separate process, pointed at a sandbox and a database."""

    sandbox: RunningSandbox
    db_url: str
    plan: str = "pro"
    now: str = DEFAULT_NOW
    fast: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("RACING_API_", "DARKHORSES_"))
        }
        env.update(
            {
                "DATABASE_URL": self.db_url,
                "RACING_API_BASE_URL": self.sandbox.base_url,
                "RACING_API_USERNAME": self.plan,
                "RACING_API_PASSWORD": self.plan,
                "RACING_API_PLAN": "pro" if self.plan == "historic" else self.plan,
                "DARKHORSES_API_HISTORIC_ADDON": "true" if self.plan == "historic" else "false",
                "DARKHORSES_NOW": self.now,
                "LOG_LEVEL": "WARNING",
                **(FAST_RATES if self.fast else {}),
                **self.extra,
            }
        )
        return env

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*darkhorses_command(), "backfill", *args],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*darkhorses_command(), "backfill", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
        )

    def json(self, *args: str, expect: int = 0) -> dict[str, Any]:
        done = self.run(*args, "--json")
        assert done.returncode == expect, done.stderr + done.stdout
        return json.loads(done.stdout)


@pytest.fixture
def other_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A second fresh database on the backend under test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'other.db'}"
        return
    admin = request.getfixturevalue("postgres_admin_url")
    name = f"dh_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(drivername="postgresql", database=name).render_as_string(
            hide_password=False
        )
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return value


def table_checksums(db_url: str) -> dict[str, tuple[int, str]]:
    """(rows, sha256 of the rows in key order) of every data table, run bookkeeping left out."""
    engine = make_engine(db_url)
    out: dict[str, tuple[int, str]] = {}
    try:
        with engine.connect() as conn:
            for table in metadata.sorted_tables:
                if table.name in RUN_TABLES:
                    continue
                skip = RUN_COLUMNS.get(table.name, set())
                columns = [c for c in table.columns if c.name not in skip]
                query = sa.select(*columns).order_by(*table.primary_key.columns)
                digest = hashlib.sha256()
                count = 0
                for row in conn.execute(query):
                    values = [_canonical(v) for v in row]
                    digest.update(json.dumps(values, sort_keys=True, default=str).encode())
                    count += 1
                out[table.name] = (count, digest.hexdigest())
    finally:
        engine.dispose()
    return out


def scalar(db_url: str, sql: str) -> Any:
    """One value from the database under test."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql)).scalar()
    finally:
        engine.dispose()
