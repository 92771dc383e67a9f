"""Racing statistics: the full computation over years of sandbox results, and the daily run.

The database is filled from a real sandbox sync: ``BASE_DAYS`` days of results are synced over
HTTP once, then written again as further periods with their dates moved on and new race ids
(the same horses, people and courses), until the database holds ``DARKHORSES_BENCH_STATS_YEARS``
years (default 10, about 1.3M runners). On each backend the full computation is timed with
its peak memory (this process's resident set: all of SQLite's work, none of PostgreSQL's
server), then one more day of results is added and the daily run (also a full recompute)
is timed.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from typer.testing import CliRunner

from benchmarks.harness import Bench, peak_rss_mb, stopwatch
from darkhorses.clock import Clock
from darkhorses.stats.compute import compute
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine
from darkhorses.store.schema.racing import ra_mst_horses, ra_mst_races, ra_mst_runners
from darkhorses.store.writer import upsert

BASE_FIRST = date(2025, 9, 1)
BASE_DAYS = 28
NOW = "2025-10-14T15:00:00+01:00"
TARGETS = {"full": "under 60 s on PostgreSQL", "daily": "under 5 s"}


def run(bench: Bench) -> None:
    years = float(os.environ.get("DARKHORSES_BENCH_STATS_YEARS", "10"))
    copies = max(1, round(years * 365 / BASE_DAYS))
    with tempfile.TemporaryDirectory() as tmp:
        template = _template(Path(tmp) / "template.db")
        _measure(bench, "sqlite", f"sqlite:///{Path(tmp) / 'stats.db'}", template, copies)
    if not bench.postgres_url:
        bench.figure("postgresql skipped", 0, "", note="DARKHORSES_TEST_POSTGRES_URL not set")
        return
    with _postgres_database(bench.postgres_url) as url:
        _measure(bench, "postgresql", url, template, copies)


def _template(path: Path) -> dict[str, list[dict[str, Any]]]:
    """``BASE_DAYS`` days of sandbox results, synced over HTTP, as rows."""
    from darkhorses.cli import app
    from darkhorses.sandbox.app import SandboxOptions, create_app
    from darkhorses.sandbox.clock import parse_instant
    from darkhorses.sandbox.server import serve
    from darkhorses.sandbox.world import World

    url = f"sqlite:///{path}"
    last = BASE_FIRST + timedelta(days=BASE_DAYS - 1)
    options = SandboxOptions(limits=None, now=parse_instant(NOW))
    with serve(create_app(World(1), options)) as base_url:
        env = {
            "DATABASE_URL": url,
            "LOG_LEVEL": "WARNING",
            "RACING_API_BASE_URL": base_url,
            "RACING_API_USERNAME": "pro",
            "RACING_API_PASSWORD": "pro",
            "RACING_API_PLAN": "pro",
            "DARKHORSES_NOW": NOW,
            **{
                f"DARKHORSES_API_RATE_{k}": "1000"
                for k in ("FREE", "RACECARDS", "DEFAULT", "GLOBAL")
            },
        }
        args = ["sync", "--entities", "results", "--from", str(BASE_FIRST), "--to", str(last)]
        result = CliRunner().invoke(app, args, env=env)
        if result.exit_code != 0:
            raise RuntimeError(f"template sync failed: {result.output[-500:]}")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t.name: [dict(r) for r in conn.execute(sa.select(t)).mappings()]
                for t in (ra_mst_races, ra_mst_runners, ra_mst_horses)
            }
    finally:
        engine.dispose()


def _copy(template: dict[str, list[dict[str, Any]]], k: int, days: int | None = None):
    """Copy ``k`` of the template: dates moved on ``k`` periods, race ids suffixed."""
    shift = timedelta(days=k * BASE_DAYS)
    keep = {
        r["id"]
        for r in template["ra_mst_races"]
        if days is None or (r["date"] - BASE_FIRST).days < days
    }
    races = []
    for race in template["ra_mst_races"]:
        if race["id"] in keep:
            races.append(
                {
                    **race,
                    "id": f"{race['id']}_{k}",
                    "date": race["date"] + shift,
                    "off_dt": race["off_dt"] + shift if race["off_dt"] else None,
                }
            )
    runners = [
        {**r, "race_id": f"{r['race_id']}_{k}"}
        for r in template["ra_mst_runners"]
        if r["race_id"] in keep
    ]
    return races, runners


def _measure(
    bench: Bench, backend: str, url: str, template: dict[str, list[dict[str, Any]]], copies: int
) -> None:
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        with engine.begin() as conn:
            upsert(conn, ra_mst_horses, template["ra_mst_horses"])
        for k in range(copies):
            races, runners = _copy(template, k)
            with engine.begin() as conn:
                upsert(conn, ra_mst_races, races)
                upsert(conn, ra_mst_runners, runners)
        with engine.connect() as conn:
            runners_n = conn.execute(
                sa.select(sa.func.count()).select_from(ra_mst_runners)
            ).scalar()
        end = BASE_FIRST + timedelta(days=copies * BASE_DAYS)
        clock = Clock(None)
        note = f"{runners_n:,} runners ({copies} x {BASE_DAYS} sandbox days)"
        before = peak_rss_mb()
        with stopwatch() as elapsed:
            report = compute(engine, "all", True, end, clock=clock)
        assert report.status.value == "success", report.errors
        bench.figure(
            f"full computation, {backend}", elapsed(), "s", target=TARGETS["full"], note=note
        )
        bench.figure(
            f"peak memory of the full computation, {backend}",
            peak_rss_mb(),
            "MB",
            note=f"this process; {before:.0f} MB before it",
        )
        races, runners = _copy(template, copies, days=1)  # one new day of results
        with engine.begin() as conn:
            upsert(conn, ra_mst_races, races)
            upsert(conn, ra_mst_runners, runners)
        with stopwatch() as elapsed:
            report = compute(engine, "all", False, end + timedelta(days=1), clock=clock)
        assert report.status.value == "success", report.errors
        bench.figure(
            f"daily run after one new day, {backend}",
            elapsed(),
            "s",
            target=TARGETS["daily"],
            note=f"{len(runners):,} new runners; a full recompute",
        )
    finally:
        engine.dispose()


@contextmanager
def _postgres_database(admin_url: str) -> Iterator[str]:
    admin = sa.engine.make_url(admin_url).set(drivername="postgresql+psycopg")
    name = f"dh_bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name, drivername="postgresql").render_as_string(
            hide_password=False
        )
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
