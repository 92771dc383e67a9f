"""Enrichment: incomplete horses get one profile call; 404s are remembered, failures retried."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import stamina

from darkhorses.store.engine import make_engine
from tests.jobs.conftest import Cli
from tests.plugins.sandbox import DEFAULT_NOW, SandboxFactory

GHOST = "hrs_0000"  # sorts first, and the API has never heard of it


@pytest.fixture
def no_retry_waits() -> Iterator[None]:
    stamina.set_testing(True, attempts=2)
    yield
    stamina.set_testing(False)


def statuses(db) -> dict[str, str | None]:
    return {
        r["id"]: r["profile_status"] for r in db("SELECT id, profile_status FROM ra_mst_horses")
    }


def test_profiles_once_404_remembered_failures_retried(
    cli: Cli, db, sandbox_factory: SandboxFactory, tmp_path: Path, no_retry_waits: None
) -> None:
    sandbox = sandbox_factory(limits=False)
    cli.point_at(sandbox, DEFAULT_NOW)
    cli.monkeypatch.setenv("DARKHORSES_SYNC_ENRICH_LIMIT", "3")
    with sandbox.client("pro") as http:
        params = {"start_date": "2025-10-13", "end_date": "2025-10-13", "region": "ire"}
        page = http.get("/v1/results", params=params).raise_for_status().json()
    results = tmp_path / "results.json"
    results.write_text(json.dumps(page))
    assert cli("import", str(results))[0] == 0  # horses met only in results: no profile yet
    engine = make_engine(cli.db_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"INSERT INTO ra_mst_horses (id, name) VALUES ('{GHOST}', 'Ghost')"))
    engine.dispose()
    waiting = sorted(statuses(db))
    assert all(status is None for status in statuses(db).values())

    first = cli.json("sync", "--entities", "horses")

    after = statuses(db)
    assert after[GHOST] == "none"
    assert [after[h] for h in waiting[1:3]] == ["pro", "pro"]
    assert first["counts"]["horses_not_found"] == 1
    assert first["counts"]["horses_enriched"] == 2
    assert first["counts"]["horses_deferred"] == len(waiting) - 3
    assert any("left for a later run" in n for n in first["notes"])

    sandbox.set_faults("500=1.0,path=/v1/horses/")
    cli.monkeypatch.setenv("DARKHORSES_SYNC_ENRICH_LIMIT", "2")
    broken = cli.json("sync", "--entities", "horses", expect=3)
    assert broken["counts"]["horses_failed"] == 2
    assert [statuses(db)[h] for h in waiting[3:5]] == ["failed", "failed"]

    sandbox.set_faults("")
    sandbox.reset()
    retried = cli.json("sync", "--entities", "horses")
    assert [statuses(db)[h] for h in waiting[3:5]] == ["pro", "pro"]
    assert "horses_not_found" not in retried["counts"]  # the 404 is not asked again
    assert sandbox.stats()["by_endpoint"] == {"/v1/horses/{horse_id}/pro": 2}


def test_a_lower_plan_says_which_card_days_it_skips(
    cli: Cli, db, sandbox_factory: SandboxFactory
) -> None:
    sandbox = sandbox_factory(limits=False)
    cli.point_at(sandbox, DEFAULT_NOW, plan="standard")
    cli.monkeypatch.setenv("DARKHORSES_SYNC_REGIONS", '["ire"]')

    report = cli.json("sync", "--daily", "--racecards-only", "--days-ahead", "2")

    assert report["counts"]["racecard_days"] == 2  # today and tomorrow
    assert report["counts"]["racecard_days_skipped"] == 1
    assert any("skipped" in note and "standard plan" in note for note in report["notes"])
    assert sandbox.stats()["by_endpoint"] == {"/v1/racecards/standard": 2}
    assert db("SELECT DISTINCT card_source FROM ra_mst_races") == [{"card_source": "standard"}]
