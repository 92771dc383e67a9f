"""The run log (``dh_runs``): a row when a job starts, completed when it ends; read for status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from darkhorses.jobs.report import RunStatus
from darkhorses.jobs.runs import RUNNING
from darkhorses.jobs.runs import finish_run as finish_run  # the writes live with the jobs
from darkhorses.jobs.runs import start_run as start_run
from darkhorses.store.schema import metadata


def runs_table() -> sa.Table:
    """The ``dh_runs`` table of the shared schema."""
    return metadata.tables["dh_runs"]


@dataclass(frozen=True)
class RunRecord:
    """One row of the run log, as the status endpoint and alerts read it."""

    id: int
    job: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    api_calls: int
    error: str | None
    rows: dict[str, Any] | None
    counts: dict[str, Any] | None
    trigger: str | None = None
    host: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        duration = (
            (self.finished_at - self.started_at).total_seconds() if self.finished_at else None
        )
        return {
            "id": self.id,
            "job": self.job,
            "status": self.status,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "duration_s": duration,
            "api_calls": self.api_calls,
            "error": self.error,
            "rows": self.rows,
            "counts": self.counts,
            "trigger": self.trigger,
            "host": self.host,
        }


def _record(row: sa.Row[Any]) -> RunRecord:
    m = row._mapping
    return RunRecord(
        id=m["id"],
        job=m["job"],
        status=m["status"],
        started_at=m["started_at"],
        finished_at=m["finished_at"],
        api_calls=m["api_calls"] or 0,
        error=m["error"],
        rows=m["rows"],
        counts=m["counts"],
        trigger=m["trigger"],
        host=m["host"],
    )


def ran_since(conn: sa.Connection, job: str, since: datetime) -> bool:
    """Whether a run of ``job`` started at or after ``since`` (by any process)."""
    table = runs_table()
    query = sa.select(table.c.id).where(table.c.job == job, table.c.started_at >= since).limit(1)
    return conn.execute(query).first() is not None


def last_runs(conn: sa.Connection, jobs: list[str] | None = None) -> dict[str, RunRecord]:
    """The latest run of each job (of ``jobs`` when given)."""
    table = runs_table()
    latest = sa.select(table.c.job, sa.func.max(table.c.id).label("id")).group_by(table.c.job)
    if jobs is not None:
        latest = latest.where(table.c.job.in_(jobs))
    sub = latest.subquery()
    rows = conn.execute(sa.select(table).join(sub, table.c.id == sub.c.id)).all()
    return {r.job: r for r in map(_record, rows)}


def last_success(conn: sa.Connection, job: str) -> RunRecord | None:
    """The latest run of ``job`` that did not fail."""
    table = runs_table()
    row = conn.execute(
        sa.select(table)
        .where(
            table.c.job == job,
            table.c.status.in_([RunStatus.SUCCESS.value, RunStatus.PARTIAL.value]),
        )
        .order_by(table.c.id.desc())
        .limit(1)
    ).first()
    return _record(row) if row else None


def consecutive_failures(conn: sa.Connection, job: str, limit: int = 100) -> int:
    """How many of ``job``'s latest finished runs failed in a row."""
    table = runs_table()
    statuses = conn.execute(
        sa.select(table.c.status)
        .where(table.c.job == job, table.c.status != RUNNING)
        .order_by(table.c.id.desc())
        .limit(limit)
    ).scalars()
    n = 0
    for status in statuses:
        if status != RunStatus.FAILED.value:
            break
        n += 1
    return n


def last_wrote(conn: sa.Connection, table_name: str) -> datetime | None:
    """When a run that wrote (or re-checked) ``table_name`` last finished without failing."""
    table = runs_table()
    if conn.dialect.name == "postgresql":
        mentions = sa.type_coerce(table.c.rows, JSONB).has_key(table_name)
    else:
        mentions = sa.func.json_type(table.c.rows, f'$."{table_name}"').is_not(None)
    query = sa.select(sa.func.max(table.c.finished_at)).where(
        table.c.status.in_([RunStatus.SUCCESS.value, RunStatus.PARTIAL.value]), mentions
    )
    return conn.execute(query).scalar()
