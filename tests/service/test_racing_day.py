"""A whole racing day: the scheduler runs the real jobs against the sandbox on a moved clock.

The sandbox's clock and the scheduler's (job clock and run-log clock alike) step from one fire
time to the next, computed from the very triggers the service uses; nothing sleeps. The day is
Sunday 1 June 2025 (British Summer Time, the 1st of a month: masters and the weekly enrichment
both fall on it). Irish racing only, and live odds, final odds and statistics thinned out, keep
the drill short; their own cadence is covered by the schedule and odds tests.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from darkhorses.api.client import RacingApiClient
from darkhorses.api.metrics import ClientMetrics
from darkhorses.checks.quality import run_quality
from darkhorses.checks.result import Status
from darkhorses.config import Settings
from darkhorses.service import metrics, runs
from darkhorses.service.catalog import default_specs
from darkhorses.service.http import create_app
from darkhorses.service.locks import JobLocks
from darkhorses.service.scheduler import JobScheduler, adaptive_delay
from darkhorses.store.schema import metadata
from tests.jobs.conftest import FAST_RATES
from tests.service.conftest import MovableClock

UK = ZoneInfo("Europe/London")
DAY_START = datetime(2025, 6, 1, 0, 0, tzinfo=UK)
DAY_END = datetime(2025, 6, 2, 0, 0, tzinfo=UK)
# The drill's own thinning of the jobs that run all day (see the module docstring): live odds
# every six hours, whatever pace they ask for; final odds and statistics twice.
THINNED = {
    "odds_live": {"adaptive": {"every_s": 21600, "min_s": 21600, "max_s": 28800}},
    "odds_final": {"cron": {"hour": "16,23", "minute": 50}},
    "stats": {"cron": {"hour": "16,23", "minute": 55}},
}


def _settings(db_url: str, base_url: str, tmp_path) -> Settings:
    rates = {k.removeprefix("DARKHORSES_API_").lower(): float(v) for k, v in FAST_RATES.items()}
    return Settings(
        api={"base_url": base_url, "username": "pro", "password": "pro", "plan": "pro", **rates},
        database={"url": db_url},
        sync={
            "regions": ["ire"],
            "days_ahead": 0,
            "days_back": 0,
            "weekly_days": 2,
            "enrich_limit": 10,
        },
        service={"schedule": THINNED, "lock_dir": str(tmp_path / "locks")},
    )


def drive(scheduler: JobScheduler, clock: MovableClock, sandbox: Any, end: datetime) -> None:
    """Fire every job at each of its fire times until ``end``, in time order."""
    queue: list[tuple[datetime, str]] = []
    start = clock.now()
    for name, spec in scheduler.specs.items():
        if spec.adaptive is not None:  # its first cycle comes one interval after the start
            first = start + spec.trigger.interval  # type: ignore[attr-defined]
        else:
            first = spec.trigger.get_next_fire_time(None, start)
        if first is not None:
            heapq.heappush(queue, (first.astimezone(UTC), name))
    while queue and queue[0][0] < end:
        at, name = heapq.heappop(queue)
        clock.at = at
        sandbox.set_clock(at)
        report = scheduler.fire(name)
        spec = scheduler.specs[name]
        delay = adaptive_delay(spec, report) if report is not None else None
        if delay is not None:
            nxt: datetime | None = at + timedelta(seconds=delay)
        else:
            nxt = spec.trigger.get_next_fire_time(at, at + timedelta(microseconds=1))
        if nxt is not None:
            heapq.heappush(queue, (nxt.astimezone(UTC), name))


def _local(at: datetime) -> str:
    return at.astimezone(UK).strftime("%H:%M")


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_whole_racing_day(db_url, engine, sandbox_factory, serve, tmp_path) -> None:
    sandbox = sandbox_factory(limits=False, now=DAY_START)
    settings = _settings(db_url, sandbox.base_url, tmp_path)
    clock = MovableClock(DAY_START.astimezone(UTC))
    client_metrics = ClientMetrics()
    metrics.watch_client(client_metrics)
    client = RacingApiClient.from_settings(settings, engine, metrics=client_metrics)
    client.clock = clock  # the API's own date windows follow the drill's day
    locks = JobLocks(engine, lock_dir=tmp_path / "locks")
    scheduler = JobScheduler(
        settings, engine=engine, locks=locks, client=client, clock=clock, wall_clock=clock
    )
    for spec in default_specs(settings):
        scheduler.add(spec)
    assert set(scheduler.specs) == {
        "masters",
        "racecards",
        "results",
        "results_nightly",
        "enrich",
        "odds_live",
        "odds_final",
        "odds_fill",
        "stats",
    }
    try:
        drive(scheduler, clock, sandbox, DAY_END.astimezone(UTC))
    finally:
        client.close()
        locks.close()

    table = runs.runs_table()
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table).order_by(table.c.started_at, table.c.id)).all()
    when: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        when[row.job].append(_local(row.started_at))
    assert {row.status for row in rows} == {"success"}, [
        (r.job, r.error) for r in rows if r.status != "success"
    ]

    # Each job at its UK times.
    assert when["results_nightly"] == ["02:30"]
    assert when["masters"] == ["03:00"]
    assert when["enrich"] == ["04:00"]  # Sundays
    assert when["racecards"] == ["06:05", "09:05", "12:05", "16:05", "20:05"]
    assert when["results"] == [f"{h:02d}:{m:02d}" for h in range(12, 23) for m in (0, 15, 30, 45)]
    assert when["odds_fill"] == ["23:40"]
    assert when["odds_final"] == ["16:50", "23:50"]
    assert when["stats"] == ["16:55", "23:55"]
    # 03:00 in June is 02:00 UTC: the schedule runs on the UK clock.
    [masters] = [r for r in rows if r.job == "masters"]
    assert masters.started_at.astimezone(UTC).hour == 2

    # Live odds asked for their next cycle within minutes while racing was on; the bounds held.
    cycles = [r for r in rows if r.job == "odds_live"]
    assert [_local(r.started_at) for r in cycles] == ["06:00", "12:00", "18:00"]
    assert min(r.counts["next_run_in_s"] for r in cycles) < 900

    # What the day left in the database: every race run, a result for each, prices over time.
    races, history = metadata.tables["ra_mst_races"], metadata.tables["ra_odds_history"]
    with engine.connect() as conn:
        day = conn.execute(
            sa.select(races.c.id, races.c.has_result, races.c.off_dt).where(
                races.c.date == DAY_START.date()
            )
        ).all()
        changes = conn.execute(
            sa.select(sa.func.count())
            .select_from(history)
            .where(history.c.race_date == DAY_START.date())
        ).scalar_one()
    assert day and all(race.has_result for race in day)
    assert changes > len(day)
    quality = {c.name: c for c in run_quality(engine, settings, clock=clock)}
    assert [c.message for c in quality.values() if c.status is Status.FAIL] == []

    # The real runs show in /metrics.
    url = serve(create_app(engine))
    families = {f.name: f for f in text_string_to_metric_families(httpx.get(f"{url}/metrics").text)}
    assert set(metrics.SERIES) <= families.keys()
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for f in families.values()
        for s in f.samples
    }
    assert samples[("darkhorses_job_runs_total", (("job", "results"), ("status", "success")))] >= 44
    api_calls = [v for (n, _), v in samples.items() if n == "darkhorses_api_calls_total"]
    assert sum(api_calls) >= len(rows) - len(when["stats"]) - len(when["odds_final"]) - 1
