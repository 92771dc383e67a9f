"""The main job end to end: API calls per synced day, runners per second, peak memory.

Against the sandbox over loopback HTTP with its limits off (and the client's limiter opened
up to match), so the figures measure darkhorses and the sandbox, not the API's rate limits.
"""

from __future__ import annotations

import math
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from benchmarks.harness import Bench, peak_rss_mb, stopwatch
from darkhorses.config import Settings
from darkhorses.jobs.context import JobContext
from darkhorses.jobs.sync import SyncPlan, run_sync

NOW = "2025-10-14T15:00:00+01:00"
TODAY = date(2025, 10, 14)
SYNC_DAYS = 30
CALL_DAYS = 5
OPEN_RATES = {"rate_free": 1000, "rate_racecards": 1000, "rate_default": 1000, "rate_global": 1000}


def _settings(base_url: str, db_url: str) -> Settings:
    return Settings(
        api={
            "base_url": base_url,
            "username": "pro",
            "password": "pro",
            "plan": "pro",
            **OPEN_RATES,
        },
        database={"url": db_url},
        now=NOW,
    )


@contextmanager
def _postgres(admin: str) -> Iterator[str]:
    url = make_url(admin).set(drivername="postgresql+psycopg")
    name = f"dh_bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def _calls_per_day(bench: Bench, base_url: str, db_url: str) -> None:
    """A daily sync of CALL_DAYS days of cards and results: calls made against the minimum."""
    import httpx

    first = TODAY - timedelta(days=CALL_DAYS)
    last = TODAY - timedelta(days=1)
    settings = _settings(base_url, db_url)
    with JobContext.open(settings) as ctx:
        report = run_sync(
            ctx, SyncPlan(racecards=(first, last), results=(first, last), enrich="brought")
        )
    minimum = 0
    with httpx.Client(base_url=base_url, auth=("pro", "pro"), timeout=60) as http:
        day = first
        while day <= last:
            regions = [("region_codes", "gb"), ("region_codes", "ire")]
            cards = http.get(
                "/v1/racecards/pro", params=[("date", str(day)), *regions, ("limit", "1")]
            ).json()["total"]
            results = http.get(
                "/v1/results",
                params=[("start_date", str(day)), ("end_date", str(day)), ("region", "gb"),
                        ("region", "ire"), ("limit", "1")],
            ).json()["total"]  # fmt: skip
            minimum += max(1, math.ceil(cards / 500)) + max(1, math.ceil(results / 100))
            day += timedelta(days=1)
    bench.figure(
        "API calls per synced day (cards + results + new horses)",
        report.api_calls / CALL_DAYS,
        "calls/day",
        baseline=minimum / CALL_DAYS,
        baseline_name="minimum: one call per page",
        target="ratio 1.0",
    )


def _runners_per_second(bench: Bench, base_url: str, db_url: str, backend: str) -> None:
    """A 30-day results sync into an empty database, end to end."""
    settings = _settings(base_url, db_url)
    first = TODAY - timedelta(days=SYNC_DAYS)
    with JobContext.open(settings) as ctx, stopwatch() as elapsed:
        report = run_sync(ctx, SyncPlan(results=(first, TODAY - timedelta(days=1))))
    runners = sum(report.rows["ra_mst_runners"].values())
    bench.figure(
        f"{SYNC_DAYS}-day results sync into {backend}",
        runners / elapsed(),
        "runners/s",
        note=f"{runners} runners, {report.api_calls} calls, {elapsed():.1f} s incl. sandbox",
    )


def run(bench: Bench) -> None:
    from darkhorses.sandbox.app import SandboxOptions, create_app
    from darkhorses.sandbox.clock import parse_instant
    from darkhorses.sandbox.server import serve
    from darkhorses.sandbox.world import World

    app = create_app(World(1), SandboxOptions(limits=None, now=parse_instant(NOW)))
    with serve(app) as base_url, tempfile.TemporaryDirectory() as tmp:
        _calls_per_day(bench, base_url, f"sqlite:///{Path(tmp) / 'calls.db'}")
        _runners_per_second(bench, base_url, f"sqlite:///{Path(tmp) / 'sync.db'}", "SQLite")
        if bench.postgres_url:
            with _postgres(bench.postgres_url) as url:
                _runners_per_second(bench, base_url, url, "PostgreSQL")
    bench.figure("peak memory of the process", peak_rss_mb(), "MB", note="sandbox world included")
