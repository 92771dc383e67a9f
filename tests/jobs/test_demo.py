"""`darkhorses demo`: the sandbox in-process, a SQLite file, a summary a racing fan reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from darkhorses.cli import app
from darkhorses.logs import reset_logging
from tests.plugins.sandbox import DEFAULT_NOW


def test_the_demo_fills_a_sqlite_file_and_summarises_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("DATABASE_URL", "RACING_API_USERNAME", "RACING_API_PASSWORD", "RACING_API_PLAN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DARKHORSES_NOW", DEFAULT_NOW)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    database = tmp_path / "demo.db"
    try:
        result = CliRunner().invoke(
            app, ["demo", "--database", str(database), "--enrich", "5", "--json"]
        )
    finally:
        reset_logging()

    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{") :])
    assert database.is_file() and summary["database"] == str(database)
    assert summary["today"] == "2025-10-14"
    assert summary["meetings"] and all(
        race["off"][2] == ":" for races in summary["meetings"].values() for race in races
    )
    assert summary["winners"] and all(w["sp"] for w in summary["winners"])
    rows = summary["table_rows"]
    assert rows["ra_mst_races"] > 0 and rows["ra_mst_runners"] > rows["ra_mst_races"]
    assert rows["ra_mst_courses"] > 0 and rows["ra_mst_bookmakers"] >= 30
    # masters 2 + cards 3 days + results 7 days (one page each here) + at most 5 profiles
    assert 12 <= summary["api_calls"] <= 17


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    for command in ("sync", "import", "replay", "demo"):
        assert command in result.output
