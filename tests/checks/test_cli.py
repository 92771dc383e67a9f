"""`darkhorses health` and `darkhorses quality` as monitoring runs them: exit codes and JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from typer.testing import CliRunner

from darkhorses.cli import app
from darkhorses.logs import reset_logging
from tests.checks.racing_rows import WRITERS, record_run

SECRET = "pa55-w0rd-never-shown"


@pytest.fixture
def run(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``run(command)``: (exit code, output) of ``darkhorses <command> --json``."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    # A base URL of our own: no credentials is then a choice, not a mistake.
    monkeypatch.setenv("RACING_API_BASE_URL", "http://127.0.0.1:9")
    for key in ("RACING_API_USERNAME", "RACING_API_PASSWORD", "DARKHORSES_NOW"):
        monkeypatch.delenv(key, raising=False)

    def invoke(*args: str) -> tuple[int, str]:
        try:
            result = CliRunner().invoke(app, list(args), catch_exceptions=False)
        finally:
            reset_logging()
        return result.exit_code, result.output

    return invoke


def _doc(output: str) -> dict[str, Any]:
    return json.loads(output[output.index("{") :])


def test_health_exit_codes_follow_the_worst_check(run, engine) -> None:
    code, output = run("health", "--json")
    assert code == 0, output
    doc = _doc(output)
    assert doc["status"] == "ok"
    assert {c["name"]: c["status"] for c in doc["checks"]}["api"] == "skip"

    now = datetime.now(UTC)
    record_run(engine, "results", now, [], failed=True)
    code, output = run("health", "--json")
    assert code == 3 and _doc(output)["status"] == "warn"  # one failure: a warning

    for _ in range(2):
        record_run(engine, "results", now, [], failed=True)
    code, output = run("health")
    assert code == 1  # three in a row: unhealthy
    assert "FAIL  job:results" in output and "health: fail" in output


def test_health_on_a_stopped_database_is_unhealthy(run, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"postgresql://dh:{SECRET}@127.0.0.1:9/none")
    code, output = run("health", "--json")
    assert code == 1
    checks = {c["name"]: c for c in _doc(output)["checks"]}
    assert checks["database"]["status"] == "fail"
    assert SECRET not in output


def test_a_bad_setting_is_a_usage_error_naming_the_key(run, monkeypatch) -> None:
    monkeypatch.setenv("DARKHORSES_SERVICE_ALERT_AFTER_FAILURES", "often")
    for command in ("health", "quality"):
        code, output = run(command)
        assert code == 2 and "service.alert_after_failures" in output


def test_quality_exit_codes(run, seeded) -> None:
    # The seeded runs are a year old: the core tables are stale.
    code, output = run("quality", "--json")
    assert code == 1
    checks = {c["name"]: c for c in _doc(output)["checks"]}
    assert checks["freshness:ra_mst_races"]["status"] == "fail"
    assert checks["racing:one_winner"]["status"] == "ok"

    for job, tables in WRITERS.items():
        record_run(seeded, job, datetime.now(UTC), tables)
    code, output = run("quality", "--json")
    assert code == 0, output
    assert _doc(output)["status"] == "ok"
