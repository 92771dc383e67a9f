"""The run log: each command's run is a ``dh_runs`` row, opened at the start, closed at the end."""

from __future__ import annotations

import os
import socket
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.jobs.report import JobReport
from darkhorses.store.schema import metadata

RUNNING = "running"


def start_run(
    conn: sa.Connection,
    job: str,
    started_at: datetime,
    *,
    trigger: str = "schedule",
    params: dict[str, Any] | None = None,
) -> int:
    """Insert a ``running`` row for this process in the caller's transaction; return its id."""
    table = metadata.tables["dh_runs"]
    result = conn.execute(
        sa.insert(table)
        .values(
            job=job,
            trigger=trigger,
            started_at=started_at,
            status=RUNNING,
            api_calls=0,
            params=params,
            host=socket.gethostname(),
            pid=os.getpid(),
        )
        .returning(table.c.id)
    )
    return int(result.scalar_one())


def finish_run(conn: sa.Connection, run_id: int, report: JobReport) -> None:
    """Complete the row from the report (outcome, counts, API calls, errors)."""
    table = metadata.tables["dh_runs"]
    summary = report.as_dict()
    conn.execute(
        sa.update(table)
        .where(table.c.id == run_id)
        .values(
            finished_at=report.finished_at,
            status=report.status.value,
            api_calls=report.api_calls,
            rows=summary["rows"],
            counts=summary["counts"],
            error="; ".join(report.errors)[:4000] or None,
        )
    )


def open_run(
    engine: sa.Engine, job: str, started_at: datetime, *, trigger: str, params: dict[str, Any]
) -> int:
    """Insert a ``running`` row in its own transaction and return its id."""
    with engine.begin() as conn:
        return start_run(conn, job, started_at, trigger=trigger, params=params)


def close_run(engine: sa.Engine, run_id: int, report: JobReport) -> None:
    """Complete the row from the report, in its own transaction."""
    with engine.begin() as conn:
        finish_run(conn, run_id, report)
