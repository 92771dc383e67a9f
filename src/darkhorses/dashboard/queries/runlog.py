"""Reading the run log (``dh_runs``) fast on a log of years: every query walks an index.

- jobs: a loose index scan of ``(job, started_at)``, one probe per distinct job;
- latest run of a job: the same index, backwards, one row;
- when a run last reported a table: the runs started within a window a little wider than
  the table's threshold (index on ``started_at``); only when none did (the table is stale
  anyway) is the whole log searched. A run that started before the window and ended inside
  it is not seen then: the time shown errs on the old side.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from darkhorses.jobs.report import RunStatus
from darkhorses.store.schema.ops import dh_runs

# Failed runs are listed from this far back.
RECENT = timedelta(days=30)
MIN_WINDOW = timedelta(days=1)
OK = (RunStatus.SUCCESS.value, RunStatus.PARTIAL.value)

_JOBS = sa.text(
    "WITH RECURSIVE jobs(job) AS ("
    " SELECT MIN(job) FROM dh_runs"
    " UNION ALL"
    " SELECT (SELECT MIN(r.job) FROM dh_runs r WHERE r.job > jobs.job) FROM jobs"
    " WHERE jobs.job IS NOT NULL"
    ") SELECT job FROM jobs WHERE job IS NOT NULL"
)


def job_names(conn: sa.Connection) -> list[str]:
    """Every job that has a run, in name order."""
    return [str(job) for job in conn.execute(_JOBS).scalars()]


def _latest(conn: sa.Connection, job: str, *, ok_only: bool = False) -> sa.Row[Any] | None:
    t = dh_runs
    query = sa.select(t).where(t.c.job == job)
    if ok_only:
        query = query.where(t.c.status.in_(OK))
    return conn.execute(query.order_by(t.c.started_at.desc(), t.c.id.desc()).limit(1)).first()


def latest_runs(conn: sa.Connection) -> list[dict[str, Any]]:
    """Each job's latest run (by start), in job order."""
    rows = (_latest(conn, job) for job in job_names(conn))
    return [dict(row._mapping) for row in rows if row is not None]


def _mentions(conn: sa.Connection, table_name: str) -> sa.ColumnElement[bool]:
    t = dh_runs
    if conn.dialect.name == "postgresql":
        return sa.type_coerce(t.c.rows, JSONB).has_key(table_name)
    return sa.func.json_type(t.c.rows, f'$."{table_name}"').is_not(None)


def last_reported(
    conn: sa.Connection, table_name: str, now: datetime, window: timedelta
) -> datetime | None:
    """When a run that reported ``table_name`` last finished without failing."""
    t = dh_runs
    ok = t.c.status.in_(OK)
    mentions = _mentions(conn, table_name)
    recent = sa.select(sa.func.max(t.c.finished_at)).where(
        t.c.started_at >= now - max(window, MIN_WINDOW), ok, mentions
    )
    newest: datetime | None = conn.execute(recent).scalar()
    if newest is None:
        newest = conn.execute(sa.select(sa.func.max(t.c.finished_at)).where(ok, mentions)).scalar()
    return newest


def reported_tables(conn: sa.Connection) -> dict[str, datetime]:
    """Per table, the end of the latest successful run of any job that reported it."""
    out: dict[str, datetime] = {}
    for job in job_names(conn):
        row = _latest(conn, job, ok_only=True)
        if row is None:
            continue
        rows, finished = row.rows, row.finished_at
        if not finished or not isinstance(rows, dict):
            continue
        for name in rows:
            if name not in out or finished > out[name]:
                out[name] = finished
    return out


def failures(conn: sa.Connection, now: datetime, limit: int) -> list[dict[str, Any]]:
    """The latest failed or partial runs started within the window, newest first."""
    t = dh_runs
    query = (
        sa.select(t.c.id, t.c.job, t.c.status, t.c.started_at, t.c.finished_at, t.c.error)
        .where(
            t.c.started_at >= now - RECENT,
            t.c.status.in_([RunStatus.FAILED.value, RunStatus.PARTIAL.value]),
        )
        .order_by(t.c.started_at.desc())
        .limit(limit)
    )
    return [dict(row._mapping) for row in conn.execute(query)]
