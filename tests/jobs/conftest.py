"""Helpers for the job tests: the CLI pointed at a sandbox and a fresh database."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from darkhorses.cli import app
from darkhorses.logs import reset_logging
from darkhorses.store.engine import make_engine
from darkhorses.store.schema import metadata
from tests.plugins.sandbox import RunningSandbox

FAST_RATES = {
    "DARKHORSES_API_RATE_FREE": "1000",
    "DARKHORSES_API_RATE_RACECARDS": "1000",
    "DARKHORSES_API_RATE_DEFAULT": "1000",
    "DARKHORSES_API_RATE_GLOBAL": "1000",
}


@dataclass
class Cli:
    """``darkhorses`` in-process, with the environment a deployment would set."""

    db_url: str
    monkeypatch: pytest.MonkeyPatch

    def point_at(
        self, sandbox: RunningSandbox, now: str, *, plan: str = "pro", fast: bool = True
    ) -> None:
        """Use ``sandbox`` as The Racing API with its clock at ``now``."""
        env = {
            "RACING_API_BASE_URL": sandbox.base_url,
            "RACING_API_USERNAME": plan,
            "RACING_API_PASSWORD": plan,
            "RACING_API_PLAN": plan,
            "DARKHORSES_NOW": now,
            **(FAST_RATES if fast else {}),
        }
        for key, value in env.items():
            self.monkeypatch.setenv(key, value)

    def __call__(self, *args: str) -> tuple[int, str]:
        """Run a command; returns (exit code, output)."""
        try:
            result = CliRunner().invoke(app, list(args), catch_exceptions=False)
        finally:
            reset_logging()
        return result.exit_code, result.output

    def json(self, *args: str, expect: int | None = 0) -> dict[str, Any]:
        """Run a command with ``--json``; the report it prints."""
        code, output = self(*args, "--json")
        if expect is not None:
            assert code == expect, output
        return json.loads(output[output.index("{") :])


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The CLI writing to the fresh database of the backend under test."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    for key in ("RACING_API_USERNAME", "RACING_API_PASSWORD", "RACING_API_PLAN", "DARKHORSES_NOW"):
        monkeypatch.delenv(key, raising=False)
    return Cli(db_url, monkeypatch)


@pytest.fixture
def db(db_url: str) -> Callable[[str], list[dict[str, Any]]]:
    """``db(sql)``: rows of a query on the database under test, as dicts."""
    engines: list[sa.Engine] = []

    def query(sql: str) -> list[dict[str, Any]]:
        if not engines:
            engines.append(make_engine(db_url))
        with engines[0].connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.text(sql))]

    yield query  # type: ignore[misc]
    for engine in engines:
        engine.dispose()


def table_counts(query: Callable[[str], list[dict[str, Any]]]) -> dict[str, int]:
    """Rows per racing table (and the quarantine)."""
    names = [t for t in metadata.tables if t.startswith("ra_mst_") or t == "ra_horse_pedigree"]
    return {t: query(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in sorted(names)}
