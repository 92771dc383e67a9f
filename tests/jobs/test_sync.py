"""`darkhorses sync` against the sandbox over HTTP, into SQLite and PostgreSQL."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

from tests.jobs.conftest import FAST_RATES, Cli, table_counts
from tests.plugins.sandbox import DEFAULT_NOW, SandboxFactory

HOME = {"GB", "IRE"}


def test_a_30_day_sync_stores_every_race_runner_and_position_once(
    cli: Cli, db, sandbox_factory: SandboxFactory
) -> None:
    sandbox = sandbox_factory(limits=False)
    cli.point_at(sandbox, DEFAULT_NOW)
    first, last = date(2025, 9, 14), date(2025, 10, 13)
    args = ("sync", "--entities", "results", "--from", str(first), "--to", str(last))

    report = cli.json(*args)

    world = sandbox.app.state.world
    expected: set[tuple[str, str, str]] = set()
    races: set[str] = set()
    day = first
    while day <= last:
        for ref in world.races_on(day):
            if ref.region in HOME and not ref.is_abandoned:
                races.add(ref.race_id)
                for runner in world.result(ref.race_id, "standard")["runners"]:
                    expected.add((ref.race_id, runner["horse_id"], runner["position"]))
        day += timedelta(days=1)
    stored_races = {r["id"] for r in db("SELECT id FROM ra_mst_races")}
    assert stored_races == races
    stored = {
        (r["race_id"], r["horse_id"], r["position_raw"])
        for r in db("SELECT race_id, horse_id, position_raw FROM ra_mst_runners")
    }
    assert stored == expected
    assert db("SELECT DISTINCT region FROM ra_mst_races ORDER BY region") == [
        {"region": "GB"},
        {"region": "IRE"},
    ]
    assert report["status"] == "success"
    assert report["counts"]["results_days"] == 30
    prices = db("SELECT sp, sp_dec FROM ra_mst_runners WHERE sp LIKE 'Evens%'")
    assert prices and all(Decimal(str(r["sp_dec"])) == 2 for r in prices)

    again = cli.json(*args)
    changed = {t: c for t, c in again["rows"].items() if c.get("inserted") or c.get("updated")}
    assert changed == {}
    assert again["counts"].get("horses_enriched", 0) == 0


def test_a_daily_sync_calls_only_pages_and_new_horses(
    cli: Cli, db, sandbox_factory: SandboxFactory
) -> None:
    sandbox = sandbox_factory(limits=False)
    cli.point_at(sandbox, DEFAULT_NOW)
    cli.monkeypatch.setenv("DARKHORSES_SYNC_REGIONS", '["ire"]')
    today = date(2025, 10, 14)
    args = ("sync", "--daily", "--days-ahead", "0", "--days-back", "1")

    report = cli.json(*args)

    stats = sandbox.stats()["by_endpoint"]
    with sandbox.client("pro") as http:
        cards = http.get(
            "/v1/racecards/pro", params={"date": str(today), "region_codes": "ire", "limit": 1}
        ).json()["total"]
        results = [
            http.get(
                "/v1/results",
                params={"start_date": str(d), "end_date": str(d), "region": "ire", "limit": 1},
            ).json()["total"]
            for d in (today - timedelta(days=1), today)
        ]
    card_pages = max(1, math.ceil(cards / 500))
    result_pages = sum(max(1, math.ceil(t / 100)) for t in results)
    profiled = db("SELECT count(*) AS n FROM ra_mst_horses WHERE profile_status IS NOT NULL")[0]
    assert profiled["n"] > 0  # yesterday's runners not declared today had no profile yet
    assert stats == {
        "/v1/racecards/pro": card_pages,
        "/v1/results": result_pages,
        "/v1/horses/{horse_id}/pro": profiled["n"],
    }
    assert report["api_calls"] == card_pages + result_pages + profiled["n"]
    assert report["counts"]["horses_enriched"] == profiled["n"]
    assert {r["region"] for r in db("SELECT DISTINCT region FROM ra_mst_races")} == {"IRE"}
    runs = db("SELECT job, status, api_calls, finished_at FROM dh_runs")
    assert len(runs) == 1 and runs[0]["job"] == "sync" and runs[0]["status"] == "success"
    assert runs[0]["api_calls"] == report["api_calls"] and runs[0]["finished_at"] is not None

    sandbox.reset()
    before = table_counts(db)
    again = cli.json(*args)
    assert "/v1/horses/{horse_id}/pro" not in sandbox.stats()["by_endpoint"]
    changed = {t: c for t, c in again["rows"].items() if c.get("inserted") or c.get("updated")}
    assert changed == {}
    assert table_counts(db) == before


def test_dry_run_fetches_and_writes_nothing(cli: Cli, db, sandbox_factory: SandboxFactory) -> None:
    sandbox = sandbox_factory(limits=False)
    cli.point_at(sandbox, DEFAULT_NOW)
    cli.monkeypatch.setenv("DARKHORSES_SYNC_REGIONS", '["ire"]')

    report = cli.json("sync", "--all", "--date", "2025-10-13", "--dry-run")

    assert report["dry_run"] is True
    assert report["rows"]["ra_mst_races"]["would_write"] > 0
    assert report["rows"]["ra_mst_runners"]["would_write"] > 0
    assert sandbox.stats()["by_endpoint"]["/v1/racecards/pro"] == 1
    assert set(table_counts(db).values()) == {0}
    for table in ("dh_runs", "dh_raw_responses", "dh_quarantine"):
        assert db(f"SELECT count(*) AS n FROM {table}")[0]["n"] == 0


def test_bad_options_exit_with_usage(cli: Cli) -> None:
    assert cli("sync", "--daily", "--weekly")[0] == 2
    assert cli("sync", "--date", "14/10/2025")[0] == 2
    assert cli("sync", "--entities", "ponies")[0] == 2
    assert cli("sync", "--from", "2025-10-14", "--to", "2025-10-01")[0] == 2


def test_the_service_entry_points_run_each_job(db_url: str, db, sandbox_factory) -> None:
    from darkhorses.api.client import RacingApiClient
    from darkhorses.clock import Clock
    from darkhorses.config import Settings
    from darkhorses.jobs import enrich, masters, racecards, results
    from darkhorses.store import migrate
    from darkhorses.store.engine import make_engine

    sandbox = sandbox_factory(limits=False)
    rates = {k.removeprefix("DARKHORSES_API_").lower(): 1000 for k in FAST_RATES}
    settings = Settings(
        api={"base_url": sandbox.base_url, "username": "pro", "password": "pro", **rates},
        database={"url": db_url},
        sync={"regions": ["ire"], "enrich_limit": 3},
        now=DEFAULT_NOW,
    )
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    client = RacingApiClient.from_settings(settings, engine)
    clock = Clock(settings.now)
    try:
        reports = [
            job.run(settings, engine=engine, client=client, clock=clock)
            for job in (masters, racecards, results, enrich)
        ]
        reports.append(results.reconcile(settings, engine=engine, client=client, clock=clock))
    finally:
        client.close()
        engine.dispose()
    assert [r.status.value for r in reports] == ["success"] * 5
    assert [r.job for r in reports] == [
        "masters", "racecards", "results", "enrich", "results_nightly",
    ]  # fmt: skip
    assert reports[1].counts["racecard_days"] == 3 and reports[2].counts["results_days"] == 2
    assert reports[3].counts["horses_enriched"] == 3
    assert reports[4].counts["results_days"] == 7
    assert table_counts(db)["ra_mst_courses"] > 0
