"""Dashboard: server time per page and per JSON endpoint on a large sandbox database.

The database (SQLite, and PostgreSQL when ``DARKHORSES_TEST_POSTGRES_URL`` is set): a
sandbox sync of GB and IRE for 2025-10-14 with live odds captured at four instants, the
day's results, a results backfill of the fortnight before, then volume added in SQL where
the sandbox would take hours to give it: those 16 days of races and runners copied 150
times onto earlier dates (about ten years of racing), the day's price history copied onto
60 other race ids, a run log of 300,000 runs over ten years and ten years of backfill days.
Its size is the note of the first figure. Each page is requested ``REPEATS`` times
in-process (no network) and the median is the figure.
"""

from __future__ import annotations

import statistics
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from starlette.testclient import TestClient

from benchmarks.harness import Bench, stopwatch
from darkhorses.config import Settings
from darkhorses.dashboard import create_app
from darkhorses.jobs.backfill import run_backfill
from darkhorses.jobs.backfill_plan import build_plan
from darkhorses.jobs.context import JobContext
from darkhorses.sandbox.app import SandboxOptions
from darkhorses.sandbox.app import create_app as create_sandbox_app
from darkhorses.sandbox.server import serve
from darkhorses.sandbox.world import World
from darkhorses.store.engine import make_engine, normalize_url
from darkhorses.store.schema.ops import dh_backfill_days, dh_runs
from darkhorses.store.schema.racing import ra_mst_races

REPEATS = 7
TARGET = "< 300 ms"
HISTORY_COPIES = 60
RACE_COPIES = 150  # 612 races of 16 days x 150: about ten years of GB and IRE racing
RUN_LOG_ROWS = 300_000
YEARS = 10


def _fill(url: str) -> datetime:
    from tests.dashboard.fill import DAY, NOW, fill, settings_for
    from tests.plugins.sandbox import RunningSandbox

    app = create_sandbox_app(World(1), SandboxOptions(limits=None))
    with serve(app) as base_url:
        sandbox = RunningSandbox(base_url, app, 1)
        fill(sandbox, url, regions=("gb", "ire"))
        settings = settings_for(base_url, url, NOW, ("gb", "ire"))
        ctx = JobContext.open(settings)
        try:
            plan = build_plan(
                "pro",
                DAY - timedelta(days=15),
                DAY - timedelta(days=2),
                DAY,
                ("results",),
                historic=False,
            )
            run_backfill(ctx, plan)
        finally:
            ctx.close()
            sandbox.close()
    return NOW


def _add_volume(engine: sa.Engine, now: datetime) -> None:
    """Years of history the sandbox would take hours to give, added in SQL."""
    with engine.begin() as conn:
        race_cols = [c["name"] for c in sa.inspect(conn).get_columns("ra_mst_races")]
        race_rest = ", ".join(c for c in race_cols if c not in ("id", "date"))
        runner_cols = [c["name"] for c in sa.inspect(conn).get_columns("ra_mst_runners")]
        runner_rest = ", ".join(c for c in runner_cols if c != "race_id")
        # Copies are made from snapshots, so each pass reads only the originals.
        for name in ("ra_mst_races", "ra_mst_runners", "ra_odds_history"):
            conn.exec_driver_sql(f"CREATE TEMP TABLE base_{name} AS SELECT * FROM {name}")
        sqlite = conn.dialect.name == "sqlite"
        for i in range(1, RACE_COPIES):
            shift = 16 * i
            earlier = f"date(date, '-{shift} days')" if sqlite else f"date - {shift}"
            conn.exec_driver_sql(
                f"INSERT INTO ra_mst_races (id, date, {race_rest}) "
                f"SELECT id || '-y{i}', {earlier}, {race_rest} "
                "FROM base_ra_mst_races"
            )
            conn.exec_driver_sql(
                f"INSERT INTO ra_mst_runners (race_id, {runner_rest}) "
                f"SELECT race_id || '-y{i}', {runner_rest} "
                "FROM base_ra_mst_runners"
            )
        columns = [c["name"] for c in sa.inspect(conn).get_columns("ra_odds_history")]
        others = ", ".join(c for c in columns if c != "race_id")
        for i in range(HISTORY_COPIES):
            conn.exec_driver_sql(
                f"INSERT INTO ra_odds_history (race_id, {others}) "
                f"SELECT race_id || '-c{i}', {others} FROM base_ra_odds_history"
            )
        start = now - timedelta(days=365 * YEARS)
        step = (now - start) / RUN_LOG_ROWS
        jobs = ("odds_live", "odds_live", "odds_live", "sync", "results", "stats", "odds_final")
        batch: list[dict[str, Any]] = []
        for i in range(RUN_LOG_ROWS):
            at = start + step * i
            batch.append(
                {
                    "job": jobs[i % len(jobs)],
                    "trigger": "schedule",
                    "started_at": at,
                    "finished_at": at + timedelta(seconds=3),
                    "status": "success",
                    "rows": {"ra_odds_history": {"inserted": 40}},
                    "counts": {"races": 12},
                    "api_calls": 2,
                }
            )
            if len(batch) == 20_000:
                conn.execute(sa.insert(dh_runs), batch)
                batch.clear()
        if batch:
            conn.execute(sa.insert(dh_runs), batch)
        known = set(conn.execute(sa.select(dh_backfill_days.c.day)).scalars())
        first = date(2025, 10, 14) - timedelta(days=365 * YEARS)
        days = [
            {
                "kind": kind,
                "day": first + timedelta(days=d),
                "status": "done" if d % 97 else "failed",
                "attempts": 1,
                "api_calls": 1,
                "rows": 400,
                "updated_at": now - timedelta(minutes=(365 * YEARS - d) % 600),
            }
            for kind in ("results", "racecards")
            for d in range(365 * YEARS - 20)
            if (first + timedelta(days=d)) not in known
        ]
        conn.execute(sa.insert(dh_backfill_days), days)
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()


def _size(engine: sa.Engine) -> str:
    names = ("ra_mst_races", "ra_mst_runners", "ra_odds_history", "dh_runs", "dh_backfill_days")
    with engine.connect() as conn:
        counts = {n: conn.execute(sa.text(f"SELECT COUNT(*) FROM {n}")).scalar() for n in names}
    return ", ".join(f"{n} {c:,}" for n, c in counts.items())


def _measure(bench: Bench, label: str, url: str) -> None:
    engine = make_engine(url)
    try:
        now = datetime(2025, 10, 14, 14, 0, tzinfo=UTC)
        size = _size(engine)
        with engine.connect() as conn:
            r = ra_mst_races
            race = conn.execute(
                sa.select(r.c.id)
                .where(r.c.date == date(2025, 10, 14), r.c.off_dt > now)
                .order_by(r.c.off_dt)
                .limit(1)
            ).scalar()
        settings = Settings(database={"url": url}, now=now)
        client = TestClient(create_app(engine, settings))
        paths = ["/", "/usage", "/backfill", "/today", f"/race/{race}"]
        paths += ["/api/overview", "/api/usage", "/api/backfill", "/api/today", f"/api/race/{race}"]
        for path in paths:
            times = []
            for _ in range(REPEATS):
                with stopwatch() as elapsed:
                    response = client.get(path)
                assert response.status_code == 200, (path, response.text[:300])
                times.append(elapsed() * 1000)
            name = path if not path.endswith(str(race)) else path.replace(str(race), "{race_id}")
            bench.figure(
                f"{label} GET {name}",
                round(statistics.median(times), 1),
                "ms",
                target=TARGET,
                note=size if path == "/" else None,
            )
    finally:
        engine.dispose()


def _build_and_measure(bench: Bench, label: str, url: str) -> None:
    now = _fill(url)
    engine = make_engine(url)
    try:
        _add_volume(engine, now)
    finally:
        engine.dispose()
    _measure(bench, label, url)


def run(bench: Bench) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _build_and_measure(bench, "sqlite", f"sqlite:///{Path(tmp) / 'dashboard.db'}")
    if bench.postgres_url:
        admin = sa.create_engine(normalize_url(bench.postgres_url), isolation_level="AUTOCOMMIT")
        name = f"dh_bench_dashboard_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            url = normalize_url(bench.postgres_url).set(database=name)
            _build_and_measure(bench, "postgresql", url.render_as_string(hide_password=False))
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
