"""`darkhorses backfill` against the sandbox over HTTP, into SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

from tests.backfill.conftest import Backfill
from tests.jobs.conftest import Cli
from tests.plugins.sandbox import DEFAULT_NOW, SandboxFactory

HOME = {"GB", "IRE"}


def _world_runners(sandbox, first: date, last: date, regions=HOME) -> set[tuple[str, str]]:
    world = sandbox.app.state.world
    out: set[tuple[str, str]] = set()
    day = first
    while day <= last:
        for ref in world.races_on(day):
            if ref.region in regions and not ref.is_abandoned:
                for runner in world.result(ref.race_id, "standard")["runners"]:
                    out.add((ref.race_id, runner["horse_id"]))
        day += timedelta(days=1)
    return out


def test_each_day_lands_with_its_progress_row_and_a_second_run_fetches_nothing(
    cli: Cli, db, sandbox_factory: SandboxFactory
) -> None:
    sandbox = sandbox_factory(limits=False)
    cli.point_at(sandbox, DEFAULT_NOW)
    args = ("backfill", "--from", "2025-10-12", "--to", "2025-10-13", "--what", "results,racecards")

    report = cli.json(*args)

    stored = {
        (r["race_id"], r["horse_id"])
        for r in db("SELECT race_id, horse_id FROM ra_mst_race_results")
    }
    assert stored == _world_runners(sandbox, date(2025, 10, 12), date(2025, 10, 13))
    cards = db("SELECT count(*) AS n FROM ra_mst_runners")[0]["n"]
    assert cards >= len(stored) > 0
    days = db(
        "SELECT kind, day, status, attempts, api_calls, rows FROM dh_backfill_days"
        " ORDER BY kind, day"
    )
    assert [(d["kind"], str(d["day"]), d["status"], d["attempts"]) for d in days] == [
        ("racecards", "2025-10-12", "done", 1),
        ("racecards", "2025-10-13", "done", 1),
        ("results", "2025-10-12", "done", 1),
        ("results", "2025-10-13", "done", 1),
    ]
    assert all(d["api_calls"] >= 1 and d["rows"] > 0 for d in days)
    assert report["counts"]["results_days"] == report["counts"]["racecards_days"] == 2
    # Past Pro cards carry their prices: one observation per price, at its own update time.
    prices = db("SELECT count(*) AS n FROM ra_odds_history WHERE source = 'historical_card'")
    assert prices[0]["n"] > 0
    # The horses met on Pro cards are complete: no profile call was needed.
    assert report["counts"].get("horses_met_without_profile", 0) == 0

    again = cli.json(*args)
    assert again["counts"]["units_to_do"] == 0
    assert again["api_calls"] == 0
    runs = db("SELECT job, status FROM dh_runs ORDER BY id")
    assert runs == [{"job": "backfill", "status": "success"}] * 2


def test_a_failed_day_is_recorded_retried_at_the_end_and_done_on_the_next_run(
    cli: Cli, db, sandbox_factory: SandboxFactory
) -> None:
    sandbox = sandbox_factory(limits=False, faults="500=1.0,path=/v1/racecards/pro")
    cli.point_at(sandbox, DEFAULT_NOW)
    cli.monkeypatch.setenv("DARKHORSES_API_RETRY_ATTEMPTS", "1")
    cli.monkeypatch.setenv("DARKHORSES_SYNC_REGIONS", '["ire"]')
    first = (
        "backfill",
        "--from",
        "2025-10-07",
        "--to",
        "2025-10-08",
        "--what",
        "racecards,results",
    )

    report = cli.json(*first, expect=3)

    assert report["status"] == "partial"
    assert report["counts"]["results_days"] == 2
    assert len(report["errors"]) == 2 and all("500" in e for e in report["errors"])
    days = db("SELECT kind, status, attempts, last_error FROM dh_backfill_days ORDER BY kind, day")
    assert [(d["kind"], d["status"], d["attempts"]) for d in days] == [
        ("racecards", "failed", 2),  # once in the run, once more at its end
        ("racecards", "failed", 2),
        ("results", "done", 1),
        ("results", "done", 1),
    ]
    assert all("500" in d["last_error"] for d in days[:2])
    assert "pro:pro" not in str(days) and "cHJvOnBybw" not in str(days)

    for name, rate in (("RACECARDS", "2"), ("DEFAULT", "5"), ("GLOBAL", "5")):
        cli.monkeypatch.setenv(f"DARKHORSES_API_RATE_{name}", rate)  # the plan's own rates
    status = cli.json("backfill", "--resume", "--check-status")
    kinds = {k["kind"]: k for k in status["kinds"]}
    assert kinds["racecards"]["failed"] == kinds["racecards"]["remaining"] == 2
    assert kinds["results"]["done"] == 2 and kinds["results"]["remaining"] == 0
    assert status["api_calls_needed"] == {"racecards": 2, "results": 0}
    assert status["seconds_needed"] == 1.0  # two racecard calls at 2 per second

    sandbox.set_faults("")
    cli.point_at(sandbox, DEFAULT_NOW)
    resumed = cli.json("backfill", "--resume")

    assert resumed["status"] == "success"
    assert resumed["api_calls"] == 2  # only the two failed days, nothing done again
    statuses = db(
        "SELECT kind, status, attempts, last_error FROM dh_backfill_days ORDER BY kind, day"
    )
    assert [(d["kind"], d["status"], d["attempts"], d["last_error"]) for d in statuses] == [
        ("racecards", "done", 3, None),
        ("racecards", "done", 3, None),
        ("results", "done", 1, None),
        ("results", "done", 1, None),
    ]


def test_every_horse_met_gets_its_profile(cli: Cli, db, sandbox_factory: SandboxFactory) -> None:
    sandbox = sandbox_factory(limits=False)
    cli.point_at(sandbox, DEFAULT_NOW)
    cli.monkeypatch.setenv("DARKHORSES_SYNC_REGIONS", '["ire"]')
    cli.monkeypatch.setenv("DARKHORSES_SYNC_ENRICH_LIMIT", "10")  # the daily cap does not apply

    report = cli.json(
        "backfill", "--from", "2025-10-10", "--to", "2025-10-10", "--what", "results,enrich"
    )

    horses = {
        h for _race, h in _world_runners(sandbox, date(2025, 10, 10), date(2025, 10, 10), {"IRE"})
    }
    assert len(horses) > 10
    assert report["counts"]["horses_enriched"] == len(horses)
    stored = db("SELECT id, profile_status, dob FROM ra_mst_horses")
    assert {h["id"] for h in stored} == horses
    assert all(h["profile_status"] == "pro" and h["dob"] is not None for h in stored)


def test_the_plan_limits_are_said_before_anything_is_fetched(
    cli: Cli, sandbox_factory: SandboxFactory
) -> None:
    sandbox = sandbox_factory(limits=False)
    cli.point_at(sandbox, DEFAULT_NOW, plan="standard", fast=False)

    status = cli.json("backfill", "--from", "2015-01-01", "--check-status")

    assert status["plan"]["days"] == {"results": 366, "racecards": 0}
    assert status["api_calls_needed"]["results"] == 366
    assert status["seconds_needed"] == 366 / 5
    said = " ".join(status["plan"]["not_covered"])
    assert "results reach back to 2024-10-14" in said
    assert "racecards: past days need the Pro plan" in said

    code, output = cli(
        "backfill", "--from", "2015-01-01", "--to", "2015-01-31", "--what", "results"
    )

    assert code == 0, output
    assert "not covered results: 31 day(s) skipped (results reach back to 2024-10-14)" in output
    assert sandbox.stats()["requests"] == 0


def test_bad_options_are_refused_with_a_clear_error(cli: Cli, sandbox_factory) -> None:
    sandbox = sandbox_factory(limits=False)
    cli.point_at(sandbox, DEFAULT_NOW)

    code, output = cli("backfill", "--what", "results,odds")
    assert code == 2 and "unknown --what odds" in output
    code, output = cli("backfill", "--from", "2025-10-10", "--to", "2025-10-01")
    assert code == 2 and "after" in output
    code, output = cli("backfill", "--resume")
    assert code == 2 and "no backfill to resume" in output


def test_with_the_sandbox_limits_on_no_request_is_refused(
    sandbox_factory: SandboxFactory, tmp_path
) -> None:
    sandbox = sandbox_factory()  # the real API's limits: 5/s for results and profiles
    backfill = Backfill(
        sandbox,
        f"sqlite:///{tmp_path / 'rate.db'}",
        fast=False,
        extra={"DARKHORSES_SYNC_REGIONS": '["ire"]'},
    )

    done = backfill.run("--from", "2025-10-10", "--to", "2025-10-10", "--what", "results,enrich")

    assert done.returncode == 0, done.stderr
    stats = sandbox.stats()
    assert stats["by_endpoint"]["/v1/horses/{horse_id}/pro"] > 20
    assert stats["by_status"] == {"200": stats["requests"]}  # not one 429
    peaks = stats["peak_per_second"]
    assert list(peaks) == ["pro/default"] and peaks["pro/default"] <= 5


def test_without_a_terminal_progress_is_a_log_line_every_n_days(
    sandbox_factory: SandboxFactory, tmp_path
) -> None:
    sandbox = sandbox_factory(limits=False)
    backfill = Backfill(
        sandbox,
        f"sqlite:///{tmp_path / 'log.db'}",
        extra={
            "LOG_LEVEL": "INFO",
            "DARKHORSES_BACKFILL_LOG_EVERY_DAYS": "2",
            "DARKHORSES_SYNC_REGIONS": '["ire"]',
        },
    )

    done = backfill.run("--from", "2025-10-06", "--to", "2025-10-10", "--what", "results")

    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "backfill days:" in line]
    assert [line.split("backfill days: ")[1].split(" ")[0] for line in lines] == [
        "2/5",
        "4/5",
        "5/5",
    ]
    assert all("/s, ETA " in line for line in lines)
    assert "will cover  results: 2025-10-06 to 2025-10-10 (5 days)" in done.stderr
