"""`darkhorses replay`: the tables rebuilt from the raw archive, with no API call."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from darkhorses.store.engine import make_engine
from darkhorses.store.schema import metadata
from darkhorses.transform.rows import TABLE_ORDER
from tests.jobs.conftest import Cli
from tests.plugins.sandbox import DEFAULT_NOW, SandboxFactory


def snapshot(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every racing table's rows, in key order."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            out = {}
            for name in TABLE_ORDER:
                table = metadata.tables[name]
                rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns))
                out[name] = [dict(r._mapping) for r in rows]
            return out
    finally:
        engine.dispose()


def wipe(url: str) -> None:
    """Empty the racing tables, keeping the archive."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for name in reversed(TABLE_ORDER):
                conn.execute(metadata.tables[name].delete())
    finally:
        engine.dispose()


def test_replay_rebuilds_identical_tables_without_api_calls(
    cli: Cli, sandbox_factory: SandboxFactory
) -> None:
    sandbox = sandbox_factory(limits=False)
    cli.point_at(sandbox, DEFAULT_NOW)
    cli.monkeypatch.setenv("DARKHORSES_SYNC_REGIONS", '["ire"]')
    assert cli("sync", "--all", "--days-ahead", "1", "--days-back", "1")[0] == 0
    before = snapshot(cli.db_url)
    assert before["ra_mst_races"] and before["ra_mst_runners"] and before["ra_mst_courses"]
    assert any(h["profile_status"] == "pro" for h in before["ra_mst_horses"])
    wipe(cli.db_url)
    sandbox.reset()

    report = cli.json("replay")

    assert sandbox.stats()["requests"] == 0
    assert report["api_calls"] == 0 and report["counts"]["bodies_replayed"] > 0
    assert snapshot(cli.db_url) == before
