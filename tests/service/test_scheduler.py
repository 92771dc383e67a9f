"""The scheduler: UK-time triggers, one run per trigger across schedulers, recorded runs."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from apscheduler.triggers.date import DateTrigger

from darkhorses.config import ConfigError, Settings, load_settings
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.service import runs
from darkhorses.service.catalog import default_specs
from darkhorses.service.locks import JobLocks
from darkhorses.service.schedule import build_timing, fire_times, timings
from darkhorses.service.scheduler import JobScheduler, JobSpec, wait_for
from darkhorses.store.schema import metadata
from tests.service.jobs_for_tests import quick

UK = "Europe/London"
# Scheduling logic that no database behaviour affects runs on SQLite only; everything that
# locks or records runs on both backends.
SCHEDULING_ONLY = pytest.mark.parametrize("backend", ["sqlite"])


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _scheduler(settings: Settings, engine: sa.Engine, tmp_path, **kw: Any) -> JobScheduler:
    locks = JobLocks(engine, lock_dir=tmp_path / "locks")
    return JobScheduler(settings, engine=engine, locks=locks, **kw)


def _runs(engine: sa.Engine, job: str) -> list[Any]:
    table = runs.runs_table()
    with engine.connect() as conn:
        return conn.execute(sa.select(table).where(table.c.job == job)).all()


# -- time zone ------------------------------------------------------------------------------


def test_three_am_is_uk_time_on_both_sides_of_the_clock_change() -> None:
    trigger = build_timing("nightly", {"cron": {"hour": 3, "minute": 0}}, UK).trigger
    autumn = fire_times(trigger, _utc(2026, 10, 23, 12), 3)
    # 24 Oct is BST (03:00 = 02:00 UTC); the clocks go back on 25 Oct (03:00 = 03:00 UTC).
    assert [t.astimezone(UTC) for t in autumn] == [
        _utc(2026, 10, 24, 2),
        _utc(2026, 10, 25, 3),
        _utc(2026, 10, 26, 3),
    ]
    spring = fire_times(trigger, _utc(2027, 3, 27, 12), 2)
    assert [t.astimezone(UTC) for t in spring] == [_utc(2027, 3, 28, 2), _utc(2027, 3, 29, 2)]
    assert all(t.hour == 3 and str(t.tzinfo) == UK for t in autumn + spring)


def test_masters_run_at_three_on_the_first_in_winter_and_summer() -> None:
    masters = timings({}, UK)["masters"].trigger
    times = fire_times(masters, _utc(2027, 2, 15), 3)
    assert [t.astimezone(UTC) for t in times] == [
        _utc(2027, 3, 1, 3),  # GMT
        _utc(2027, 4, 1, 2),  # BST
        _utc(2027, 5, 1, 2),
    ]


def test_results_poll_every_quarter_hour_in_racing_hours_only() -> None:
    results = timings({}, UK)["results"].trigger
    day = [t for t in fire_times(results, _utc(2026, 7, 1, 0), 60) if t.day == 1]
    local = [t.strftime("%H:%M") for t in day]
    assert local[0] == "12:00" and local[1] == "12:15" and local[-1] == "22:45"
    assert len(local) == 44


def test_scheduler_runs_in_europe_london(settings: Settings, engine: sa.Engine, tmp_path) -> None:
    scheduler = _scheduler(settings, engine, tmp_path)
    assert str(scheduler.timezone) == UK
    assert str(scheduler._scheduler.timezone) == UK


# -- configuration -------------------------------------------------------------------------


def test_yaml_overrides_the_default_schedule(tmp_path) -> None:
    config = tmp_path / "darkhorses.yaml"
    config.write_text(
        "service:\n"
        "  schedule:\n"
        "    racecards: {cron: {hour: '7,19', minute: 30}}\n"
        "    enrich: {enabled: false}\n"
        "    stats: {timeout_s: 120}\n"
    )
    table = timings(load_settings(config).service.schedule, UK)
    racecards = fire_times(table["racecards"].trigger, _utc(2026, 12, 1), 2)
    assert [t.strftime("%H:%M") for t in racecards] == ["07:30", "19:30"]
    assert "enrich" not in table
    assert table["stats"].timeout_s == 120  # the interval itself stays the default
    assert table["odds_live"].executor == "odds"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"cron": {"hour": 25}}, r"service\.schedule\.racecards\.cron"),
        ({"cron": {"hour": 3}, "interval": {"minutes": 1}}, r"exactly one of"),
        ({"executor": "turbo"}, r"service\.schedule\.racecards\.executor"),
        ({"every": 3}, r"unknown key\(s\) every"),
    ],
)
def test_bad_schedule_names_the_key(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        timings({"racecards": entry}, UK)


def test_missing_job_modules_are_left_out(caplog) -> None:
    settings = Settings(service={"jobs": {"quick": "tests.service.jobs_for_tests:quick"}})
    settings.service.schedule["quick"] = {"interval": {"minutes": 5}}
    with caplog.at_level(logging.WARNING):
        specs = default_specs(
            settings,
            {
                "quick": "tests.service.jobs_for_tests:quick",
                "racecards": "darkhorses.jobs.nonexistent:run",
            },
        )
    assert [s.name for s in specs] == ["quick"]
    assert "job racecards is not available" in caplog.text


# -- one run per trigger ------------------------------------------------------------------------


def _spec(name: str, func: Any, trigger: Any = None, **kw: Any) -> JobSpec:
    return JobSpec(name=name, func=func, trigger=trigger or DateTrigger(_utc(2030, 1, 1)), **kw)


def test_a_run_is_recorded_with_its_counts(settings, engine, tmp_path, caplog) -> None:
    scheduler = _scheduler(settings, engine, tmp_path)
    scheduler.add(_spec("quick", quick))
    with caplog.at_level(logging.INFO, logger="darkhorses.service.scheduler"):
        report = scheduler.run_once("quick")
    assert report is not None and report.status is RunStatus.SUCCESS
    [row] = _runs(engine, "quick")
    assert row.status == "success" and row.api_calls == 2 and row.finished_at is not None
    assert row.rows == {"ra_mst_races": {"inserted": 3, "unchanged": 7}}
    assert row.counts == {"races_fetched": 10}
    summary = [r for r in caplog.records if r.getMessage().startswith("quick success")]
    assert len(summary) == 1
    assert "ra_mst_races inserted=3 unchanged=7" in summary[0].getMessage()
    assert "api_calls=2" in summary[0].getMessage()


@SCHEDULING_ONLY
def test_a_failing_job_is_recorded_as_failed(settings, engine, tmp_path) -> None:
    def broken(settings: Any, **_: Any) -> JobReport:
        raise RuntimeError("the API said no")

    scheduler = _scheduler(settings, engine, tmp_path)
    scheduler.add(_spec("broken", broken))
    report = scheduler.run_once("broken")
    assert report is not None and report.status is RunStatus.FAILED
    [row] = _runs(engine, "broken")
    assert row.status == "failed" and "RuntimeError: the API said no" in row.error


def test_same_trigger_on_two_schedulers_runs_once(settings, engine, tmp_path) -> None:
    a = _scheduler(settings, engine, tmp_path)
    b = _scheduler(settings, engine, tmp_path)
    for s in (a, b):
        s.add(_spec("quick", quick))
    fired = _utc(2026, 11, 23, 14, 15)
    assert a.run_once("quick", scheduled_for=fired) is not None
    assert b.run_once("quick", scheduled_for=fired) is None  # already run for this trigger
    assert len(_runs(engine, "quick")) == 1
    # The next trigger runs again, on whichever scheduler gets there first.
    assert b.run_once("quick", scheduled_for=datetime.now(UTC)) is not None
    assert len(_runs(engine, "quick")) == 2


def test_a_held_lock_skips_the_trigger(settings, engine, tmp_path) -> None:
    entered, release = threading.Event(), threading.Event()

    def slow(settings: Any, **_: Any) -> JobReport:
        entered.set()
        release.wait(10)
        return JobReport(job="slow")

    a = _scheduler(settings, engine, tmp_path)
    b = _scheduler(settings, engine, tmp_path)
    for s in (a, b):
        s.add(_spec("slow", slow))
    worker = threading.Thread(target=a.run_once, args=("slow",))
    worker.start()
    assert entered.wait(10)
    assert b.run_once("slow") is None
    release.set()
    worker.join(10)
    assert [r.status for r in _runs(engine, "slow")] == ["success"]


@SCHEDULING_ONLY
def test_jobs_sharing_a_lock_never_overlap(settings, engine, tmp_path) -> None:
    entered, release = threading.Event(), threading.Event()

    def slow(settings: Any, **_: Any) -> JobReport:
        entered.set()
        release.wait(10)
        return JobReport(job="results")

    scheduler = _scheduler(settings, engine, tmp_path)
    scheduler.add(_spec("results", slow))
    scheduler.add(_spec("results_nightly", quick, lock="results"))
    worker = threading.Thread(target=scheduler.run_once, args=("results",))
    worker.start()
    assert entered.wait(10)
    assert scheduler.run_once("results_nightly") is None
    release.set()
    worker.join(10)


def test_two_running_schedulers_fire_one_trigger_once(settings, engine, tmp_path) -> None:
    calls: list[str] = []

    def counted(settings: Any, **_: Any) -> JobReport:
        calls.append(threading.current_thread().name)
        return JobReport(job="counted")

    at = datetime.now(UTC) + timedelta(seconds=1)
    done = threading.Semaphore(0)
    schedulers = [_scheduler(settings, engine, tmp_path) for _ in range(2)]
    for s in schedulers:
        s.add(_spec("counted", counted, DateTrigger(at)))
        s._scheduler.add_listener(
            lambda event: done.release(), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED
        )
        s.start()
    try:
        assert done.acquire(timeout=20) and done.acquire(timeout=20)
    finally:
        for s in schedulers:
            s.shutdown()
    assert len(calls) == 1
    assert len(_runs(engine, "counted")) == 1


def test_a_job_over_its_timeout_is_abandoned_and_keeps_its_lock(settings, engine, tmp_path):
    release = threading.Event()

    def stuck(settings: Any, **_: Any) -> JobReport:
        release.wait(10)
        return JobReport(job="stats")

    scheduler = _scheduler(settings, engine, tmp_path)
    scheduler.add(_spec("stats", stuck, timeout_s=0.2))
    report = scheduler.run_once("stats")
    assert report is not None and report.status is RunStatus.FAILED
    assert "timed out after 0.2s" in report.errors[0]
    # The abandoned run still works in the background, so its lock stays taken.
    other = JobLocks(engine, lock_dir=tmp_path / "locks").lock("stats")
    assert not other.acquire()
    release.set()
    assert wait_for(other.acquire, timeout_s=10)
    other.release()
    assert _runs(engine, "stats")[0].status == "failed"


@SCHEDULING_ONLY
def test_shutdown_asks_jobs_to_stop(settings, engine, tmp_path) -> None:
    seen: list[threading.Event] = []

    def stoppable(settings: Any, *, engine: Any, client: Any, clock: Any, stop: Any) -> JobReport:
        seen.append(stop)
        return JobReport(job="stoppable")

    scheduler = _scheduler(settings, engine, tmp_path)
    scheduler.add(_spec("stoppable", stoppable))
    scheduler.run_once("stoppable")
    assert seen and not seen[0].is_set()
    scheduler.shutdown()
    assert seen[0].is_set()
    assert scheduler.run_once("stoppable") is None  # nothing new starts once stopping


@SCHEDULING_ONLY
def test_status_shows_last_runs_and_next_times(settings, engine, tmp_path) -> None:
    scheduler = _scheduler(settings, engine, tmp_path)
    masters = timings({}, UK)["masters"]
    scheduler.add(JobSpec.from_timing("masters", quick, masters))
    scheduler.run_once("masters")
    status = scheduler.status()
    [job] = status["jobs"]
    assert status["timezone"] == UK
    assert job["last_run"]["status"] == "success" and job["last_run"]["api_calls"] == 2
    next_run = datetime.fromisoformat(job["next_run_at"]).astimezone(ZoneInfo(UK))
    assert (next_run.day, next_run.hour, next_run.minute) == (1, 3, 0)


@SCHEDULING_ONLY
def test_adaptive_job_sets_its_next_run(settings, engine, tmp_path) -> None:
    def cycle(settings: Any, **_: Any) -> JobReport:
        report = JobReport(job="odds_live")
        report.count("next_run_in_s", 300)
        return report

    timing = timings({}, UK)["odds_live"]
    scheduler = _scheduler(settings, engine, tmp_path)
    scheduler.add(JobSpec.from_timing("odds_live", cycle, timing))
    assert scheduler.specs["odds_live"].executor == "odds"
    scheduler.start()
    try:
        before = datetime.now(UTC)
        scheduler._fire("odds_live")
        nxt = scheduler.next_run_times()["odds_live"]
        assert nxt is not None
        assert before + timedelta(seconds=299) <= nxt <= datetime.now(UTC) + timedelta(seconds=301)
    finally:
        scheduler.shutdown()
    assert [r.status for r in _runs(engine, "odds_live")] == ["success"]


@SCHEDULING_ONLY
def test_an_abandoned_job_keeps_renewing_its_lock_row(settings, engine, tmp_path, clock) -> None:
    release = threading.Event()

    def stuck(settings: Any, **_: Any) -> JobReport:
        release.wait(20)
        return JobReport(job="stats")

    conf = settings.service.model_copy(update={"lock_ttl_s": 0.3})  # renewed every 0.1 s
    locks = JobLocks(engine, mode="row", ttl_s=0.3, clock=clock, holder="here:1")
    scheduler = JobScheduler(
        settings.model_copy(update={"service": conf}), engine=engine, locks=locks
    )
    scheduler.add(_spec("stats", stuck, timeout_s=0.2))
    assert scheduler.run_once("stats").status is RunStatus.FAILED  # abandoned
    rival = JobLocks(engine, mode="row", ttl_s=60, clock=clock, holder="there:2").lock("stats")
    table = metadata.tables["dh_locks"]

    def expiry() -> datetime:
        with engine.connect() as conn:
            return conn.execute(sa.select(table.c.expires_at)).scalar_one()

    # Time moves on past the lock's ttl; the abandoned run's renewals keep it ahead.
    clock.advance(seconds=10)
    assert wait_for(lambda: expiry() > clock.now(), timeout_s=10)
    assert not rival.acquire()
    release.set()  # the run really ends: its lock is given back
    assert wait_for(rival.acquire, timeout_s=10)
    rival.release()
