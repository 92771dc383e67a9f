"""Storage: bulk upsert of runner rows into SQLite and PostgreSQL, against a naive baseline.

100,000 rows of ``ra_mst_runners`` (every column, about 60) are written twice per backend: a
first load into an empty table, then the same rows with 30% of them changed. Each is timed
to its commit and reported in rows per second. Beside them, in the same run, a naive
row-by-row upsert (one ``INSERT ... ON CONFLICT DO UPDATE`` statement per row, as a simple
loader would do) is timed on a sample of rows. On PostgreSQL the writer's other bulk path,
multi-row VALUES, is measured too (on 20,000 rows): COPY + merge beat it, so it is the default
for large groups.
"""

from __future__ import annotations

import gc
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from tests.store import rows

from benchmarks.harness import Bench, stopwatch
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine
from darkhorses.store.schema.racing import ra_mst_races, ra_mst_runners
from darkhorses.store.writer import Method, upsert

ROWS = 100_000
CHANGED_SHARE = 0.3
BASELINE_SAMPLE = 2_000
FLOORS = {"sqlite": 30_000, "postgresql": 20_000}


def run(bench: Bench) -> None:
    first = rows.runner_rows(ROWS)
    changed = _changed(first)
    with tempfile.TemporaryDirectory() as tmp:
        _measure(bench, "sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}", first, changed)
    if not bench.postgres_url:
        bench.figure("postgresql skipped", 0, "", note="DARKHORSES_TEST_POSTGRES_URL not set")
        return
    with _postgres_database(bench.postgres_url) as url:
        _measure(bench, "postgresql", url, first, changed, "copy")
    # The writer's other PostgreSQL path, on a fifth of the rows: slower, so not the default.
    with _postgres_database(bench.postgres_url) as url:
        part = ROWS // 5
        _measure(bench, "postgresql", url, first[:part], changed[:part], "values")


def _changed(first: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same rows with every tenth row's result columns changed in three out of ten."""
    out = []
    for i, row in enumerate(first):
        if i % 10 < CHANGED_SHARE * 10:
            row = {**row, "sp": "11/4F", "sp_dec": Decimal("3.75"), "position": 1}
        out.append(row)
    return out


def _measure(
    bench: Bench,
    backend: str,
    url: str,
    first: list[dict[str, Any]],
    changed: list[dict[str, Any]],
    method: Method = "auto",
) -> None:
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        with engine.begin() as conn:
            upsert(conn, ra_mst_races, rows.race_rows(len(first) + BASELINE_SAMPLE))
        label = backend if backend == "sqlite" else f"{backend} ({method})"
        floor = FLOORS[backend]

        count = len(first)
        load = _timed(engine, first, method)
        naive_insert = _naive(engine, [rows.runner_row(count + i) for i in range(BASELINE_SAMPLE)])
        bench.figure(
            f"first load, {label}, {count:,} rows",
            count / load.wall,
            "rows/s",
            baseline=BASELINE_SAMPLE / naive_insert,
            baseline_name="row by row",
            target=f">= {floor:,}",
            note=load.note(),
        )
        update = _timed(engine, changed, method)
        naive_update = _naive(engine, changed[:BASELINE_SAMPLE])
        bench.figure(
            f"30% changed update, {label}, {count:,} rows",
            count / update.wall,
            "rows/s",
            baseline=BASELINE_SAMPLE / naive_update,
            baseline_name="row by row",
            target=f">= {floor // 2:,}",
            note=update.note(),
        )
    finally:
        engine.dispose()


def _load() -> str:
    """The machine's load while measuring: figures from a busy machine read low."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


@dataclass
class _Timing:
    """Wall time of one write to its commit, and the CPU it took on each side."""

    wall: float
    cpu: float  # this process: preparing rows, driving the database (all of it on SQLite)
    server_cpu: float | None  # the PostgreSQL backend, when it runs on this machine

    def note(self) -> str:
        server = "" if self.server_cpu is None else f", server {self.server_cpu:.2f} s"
        return f"{_load()}; CPU: writer {self.cpu:.2f} s{server}; wall {self.wall:.2f} s"


def _timed(engine: sa.Engine, data: list[dict[str, Any]], method: Method) -> _Timing:
    gc.collect()  # not inside the timing: the previous step's garbage is not the writer's
    with engine.connect() as conn:
        backend = _backend_stat(conn)
        conn.commit()
        server_before = _cpu_seconds(backend)
        cpu_before = time.process_time()
        with stopwatch() as elapsed, conn.begin():
            upsert(conn, ra_mst_runners, data, method=method)
        cpu = time.process_time() - cpu_before
        server_after = _cpu_seconds(backend)
    server = None if server_before is None or server_after is None else server_after - server_before
    return _Timing(elapsed(), cpu, server)


def _backend_stat(conn: sa.Connection) -> Path | None:
    """``/proc/<pid>/stat`` of the PostgreSQL backend serving ``conn``, if it runs here."""
    if conn.dialect.name != "postgresql" or conn.engine.url.host not in ("127.0.0.1", "localhost"):
        return None
    pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat if stat.read_text().split(" ", 2)[1] == "(postgres)" else None
    except OSError:
        return None


def _cpu_seconds(stat: Path | None) -> float | None:
    if stat is None:
        return None
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _naive(engine: sa.Engine, data: list[dict[str, Any]]) -> float:
    """One upsert statement per row, every column overwritten: the simple way."""
    insert = (postgresql if engine.dialect.name == "postgresql" else sqlite).insert
    with stopwatch() as elapsed, engine.begin() as conn:
        for row in data:
            stmt = insert(ra_mst_runners).values(row)
            updates = {k: stmt.excluded[k] for k in row if k not in ("race_id", "horse_id")}
            conn.execute(
                stmt.on_conflict_do_update(index_elements=["race_id", "horse_id"], set_=updates)
            )
    return elapsed()


@contextmanager
def _postgres_database(admin_url: str) -> Iterator[str]:
    """A scratch database for the run, dropped afterwards."""
    admin = make_url(admin_url).set(drivername="postgresql+psycopg")
    name = f"dh_bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()
