"""Racing statistics: the full computation over years of sandbox results, and the daily run.

The database is filled from a real sandbox sync: ``BASE_DAYS`` days of results are synced over
HTTP once and written, then copied inside the database as further periods with their dates
moved on and new race ids (the same horses, people and courses), until it holds
``DARKHORSES_BENCH_STATS_YEARS`` years (default 10, about 1.2M runners). On each backend:

- the full computation (the first statistics run over that history), timed, with its peak
  memory: this process's resident set (all of SQLite's work) and, on PostgreSQL, the peak
  resident set of the server process that ran it (its parallel workers not counted);
- the daily run after one new day of results (incremental: only the groups that day
  touches), timed;
- the daily run after one new day and an amended result of a race a year back.

The figure names carry the span measured; set ``DARKHORSES_BENCH_STATS_YEARS`` to measure
another (a fraction is allowed: 0.5 is six months).
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
# Copy-specific expressions (the rest of each row is copied as is): a copy's race ids end in
# _<k>, its dates are moved on k periods.
SHIFTED = {
    "sqlite": {
        "date": "date(date, '+{days} days')",
        "off_dt": "datetime(off_dt, '+{days} days')",
    },
    "postgresql": {
        "date": "date + {days}",
        "off_dt": "off_dt + interval '{days} days'",
    },
}


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


def _base(template: dict[str, list[dict[str, Any]]]) -> tuple[list[Any], list[Any]]:
    """The template's races and runners as copy 0 (race ids suffixed ``_0``)."""
    races = [{**r, "id": f"{r['id']}_0"} for r in template["ra_mst_races"]]
    runners = [{**r, "race_id": f"{r['race_id']}_0"} for r in template["ra_mst_runners"]]
    return races, runners


def _copy_in_database(conn: sa.Connection, k: int, day: int | None = None) -> None:
    """Copy ``k`` of the template period, made inside the database from copy 0: dates moved
    on ``k`` periods, race ids ending ``_<k>`` (only the period's ``day``-th day if given)."""
    shifted = {c: expr.format(days=k * BASE_DAYS) for c, expr in SHIFTED[conn.dialect.name].items()}
    where = "id LIKE '%\\_0' ESCAPE '\\'"
    if day is not None:
        where += f" AND date = '{(BASE_FIRST + timedelta(days=day)).isoformat()}'"
    race_columns = [c.name for c in ra_mst_races.columns]
    race_exprs = [
        f"substr(id, 1, length(id) - 2) || '_{k}'" if c == "id" else shifted.get(c, c)
        for c in race_columns
    ]
    conn.execute(
        sa.text(
            f"INSERT INTO ra_mst_races ({', '.join(race_columns)})"
            f" SELECT {', '.join(race_exprs)} FROM ra_mst_races WHERE {where}"
        )
    )
    runner_columns = [c.name for c in ra_mst_runners.columns]
    runner_exprs = [
        f"substr(n.race_id, 1, length(n.race_id) - 2) || '_{k}'" if c == "race_id" else f"n.{c}"
        for c in runner_columns
    ]
    conn.execute(
        sa.text(
            f"INSERT INTO ra_mst_runners ({', '.join(runner_columns)})"
            f" SELECT {', '.join(runner_exprs)} FROM ra_mst_runners n"
            f" WHERE n.race_id IN (SELECT id FROM ra_mst_races WHERE {where})"
        )
    )


def _amend_a_year_back(conn: sa.Connection, copies: int) -> None:
    """The stewards reverse the first two of a race about a year before the end."""
    k = max(0, copies - 13)
    race = conn.execute(
        sa.text(
            "SELECT race_id FROM ra_mst_runners WHERE race_id LIKE :ids ESCAPE '\\'"
            " AND position = 2 ORDER BY race_id LIMIT 1"
        ),
        {"ids": f"%\\_{k}"},
    ).scalar_one()
    conn.execute(
        sa.text(
            "UPDATE ra_mst_runners SET position = 3 - position"
            " WHERE race_id = :race AND position IN (1, 2)"
        ),
        {"race": race},
    )


def _measure(
    bench: Bench, backend: str, url: str, template: dict[str, list[dict[str, Any]]], copies: int
) -> None:
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        races, runners = _base(template)
        with engine.begin() as conn:
            upsert(conn, ra_mst_horses, template["ra_mst_horses"])
            upsert(conn, ra_mst_races, races)
            upsert(conn, ra_mst_runners, runners)
        for k in range(1, copies):
            with engine.begin() as conn:
                _copy_in_database(conn, k)
        with engine.connect() as conn:
            runners_n = conn.execute(
                sa.select(sa.func.count()).select_from(ra_mst_runners)
            ).scalar()
        end = BASE_FIRST + timedelta(days=copies * BASE_DAYS)
        span = _span(copies)
        clock = Clock(None)
        note = f"{runners_n:,} runners ({copies} x {BASE_DAYS} sandbox days)"
        before = peak_rss_mb()
        server = _ServerMemory(engine)
        with stopwatch() as elapsed:
            report = compute(engine, "all", True, end, clock=clock)
        assert report.status.value == "success", report.errors
        bench.figure(
            f"full computation, {span}, {backend}",
            elapsed(),
            "s",
            target=TARGETS["full"],
            note=note,
        )
        bench.figure(
            f"peak memory of the full computation, {span}, {backend}",
            peak_rss_mb(),
            "MB",
            note=f"this process; {before:.0f} MB before it",
        )
        if server.peak_mb() is not None:
            bench.figure(
                f"peak memory of the PostgreSQL server process, full computation, {span}",
                server.peak_mb() or 0,
                "MB",
                note="the backend that ran it (VmHWM); parallel workers not counted",
            )
        # Then the next period's first day, and its second with an amendment a year back.
        for day, amend in ((0, False), (1, True)):
            with engine.begin() as conn:
                _copy_in_database(conn, copies, day)
                if amend:
                    _amend_a_year_back(conn, copies)
            as_of = end + timedelta(days=day + 1)
            with stopwatch() as elapsed:
                report = compute(engine, "all", False, as_of, clock=clock)
            assert report.status.value == "success", report.errors
            assert report.counts.get("incremental") == 1, report.counts
            what = "one new day and an amended result a year back" if amend else "one new day"
            bench.figure(
                f"daily run after {what}, {span}, {backend}",
                elapsed(),
                "s",
                target=TARGETS["daily"],
                note=(
                    f"incremental: {report.counts.get('changes_read', 0):,} logged changes,"
                    f" {report.counts.get('runners_refreshed', 0):,} runners read again"
                ),
            )
    finally:
        engine.dispose()


def _span(copies: int) -> str:
    years = copies * BASE_DAYS / 365
    return f"{years:.0f} years" if years >= 1.5 else f"{copies * BASE_DAYS} days"


class _ServerMemory:
    """The peak resident set of the PostgreSQL server process behind a one-connection pool,
    read from /proc when the server runs on this machine (None otherwise)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.pid: int | None = None
        if engine.dialect.name != "postgresql":
            return
        engine.dispose()  # an empty pool: its one connection is the one compute will use
        with engine.connect() as conn:
            self.pid = conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        self._connections = engine.pool.checkedin()

    def peak_mb(self) -> float | None:
        if self.pid is None or self._connections != 1:
            return None
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
        return None


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
