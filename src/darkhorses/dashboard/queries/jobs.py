"""The run log, the quarantine and the alerts, as the overview shows them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from darkhorses.jobs.report import RunStatus
from darkhorses.service import runs
from darkhorses.store.schema.ops import dh_alerts, dh_quarantine, dh_runs

FAILURES_SHOWN = 10
REASONS_SHOWN = 5


def last_runs(conn: sa.Connection) -> list[dict[str, Any]]:
    """Each job's latest run, by job name."""
    latest = runs.last_runs(conn)
    return [_run(latest[job]) for job in sorted(latest)]


def _run(record: runs.RunRecord) -> dict[str, Any]:
    duration = (
        (record.finished_at - record.started_at).total_seconds() if record.finished_at else None
    )
    rows = record.rows or {}
    written = sum(
        n
        for outcome in rows.values()
        if isinstance(outcome, dict)
        for key, n in outcome.items()
        if key in ("inserted", "updated") and isinstance(n, int)
    )
    return {
        "id": record.id,
        "job": record.job,
        "status": record.status,
        "trigger": record.trigger,
        "started_at": record.started_at,
        "finished_at": record.finished_at,
        "duration_s": duration,
        "api_calls": record.api_calls,
        "rows_written": written,
        "rows": rows,
        "counts": record.counts or {},
        "error": record.error,
    }


def recent_failures(conn: sa.Connection, limit: int = FAILURES_SHOWN) -> list[dict[str, Any]]:
    """The latest runs that failed or were partial, with their errors, newest first."""
    t = dh_runs
    query = (
        sa.select(t.c.id, t.c.job, t.c.status, t.c.started_at, t.c.finished_at, t.c.error)
        .where(t.c.status.in_([RunStatus.FAILED.value, RunStatus.PARTIAL.value]))
        .order_by(t.c.started_at.desc())
        .limit(limit)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def quarantine(conn: sa.Connection, limit: int = REASONS_SHOWN) -> dict[str, Any]:
    """Unresolved quarantined records: how many, and the commonest reasons."""
    t = dh_quarantine
    open_ = t.c.resolved_at.is_(None)
    total = conn.execute(sa.select(sa.func.count()).where(open_)).scalar() or 0
    n = sa.func.count().label("n")
    reasons = conn.execute(
        sa.select(t.c.source, t.c.reason, n)
        .where(open_)
        .group_by(t.c.source, t.c.reason)
        .order_by(n.desc(), t.c.source, t.c.reason)
        .limit(limit)
    )
    return {
        "open": int(total),
        "top_reasons": [
            {"source": r.source, "reason": r.reason, "records": int(r.n)} for r in reasons
        ],
    }


def active_alerts(conn: sa.Connection) -> list[dict[str, Any]]:
    """Alerts still firing, newest first."""
    t = dh_alerts
    query = (
        sa.select(t.c.key, t.c.message, t.c.first_at, t.c.last_at, t.c.count)
        .where(t.c.active.is_(True))
        .order_by(t.c.last_at.desc())
    )
    return [dict(row._mapping) for row in conn.execute(query)]
