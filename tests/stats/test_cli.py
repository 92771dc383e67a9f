"""`darkhorses stats compute` and `darkhorses stats show` on the hand-built fixture."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

import darkhorses.cli.stats_compute  # noqa: F401 - adds compute and show to the stats group
from darkhorses.cli import app
from darkhorses.logs import reset_logging
from tests.stats.test_hand_fixture import engine  # noqa: F401 - the fixture database


@pytest.fixture
def run(db_url: str, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch):  # noqa: F811
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    monkeypatch.setenv("DARKHORSES_NOW", "2025-03-25T12:00:00+00:00")
    monkeypatch.setenv("DARKHORSES_STATS_MIN_BUCKET_RUNS", "2")

    def invoke(*args: str) -> tuple[int, str]:
        try:
            result = CliRunner().invoke(app, list(args), catch_exceptions=False)
        finally:
            reset_logging()
        return result.exit_code, result.output

    return invoke


def _json(output: str) -> dict[str, Any]:
    return json.loads(output[output.index("{") :])


def test_compute_then_show_a_sire_on_soft_ground_over_a_distance(run) -> None:
    code, output = run("stats", "compute", "--json")
    assert code == 0, output
    report = _json(output)
    assert report["status"] == "success"
    assert report["rows"]["ra_mst_sires"]["written"] == 2, output
    assert "as of 2025-03-25" in report["notes"]

    code, output = run(
        "stats", "show", "sire", "sir_1", "--going", "good to soft", "--distance", "6f", "--json"
    )
    assert code == 0, output
    shown = _json(output)
    assert shown["entity"]["total_runners"] == 6
    assert {b["bucket"] for b in shown["breakdowns"]["going"]} == {
        "good_to_soft",
        "standard_to_slow",
    }
    # hrs_1 and hrs_2 dead-heated over 6f on good to soft: two runs, two wins.
    assert shown["filtered"]["runs"] == 2
    assert shown["filtered"]["wins"] == 2

    code, output = run("stats", "show", "jockey", "jky_1")
    assert code == 0, output
    assert "total_rides" in output and "jky_1" in output


def test_bad_input_is_a_clear_usage_error(run) -> None:
    assert run("stats", "compute", "--what", "ponies")[0] == 2
    assert run("stats", "compute", "--as-of", "25/03/2025")[0] == 2
    assert run("stats", "show", "pony", "x")[0] == 2
    assert run("stats", "show", "sire", "sir_1", "--going", "mud")[0] == 2
    code, output = run("stats", "show", "sire", "Nobody")
    assert code == 1 and "no ra_mst_sires row" in output
