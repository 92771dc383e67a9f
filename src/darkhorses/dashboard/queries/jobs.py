"""The run log, the quarantine and the alerts, as the overview shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.dashboard.queries import runlog
from darkhorses.store.schema.ops import dh_alerts, dh_quarantine

FAILURES_SHOWN = 10
REASONS_SHOWN = 5


def last_runs(conn: sa.Connection) -> list[dict[str, Any]]:
    """Each job's latest run, by job name."""
    return [_run(row) for row in runlog.latest_runs(conn)]


def _run(record: dict[str, Any]) -> dict[str, Any]:
    started, finished = record["started_at"], record["finished_at"]
    duration = (finished - started).total_seconds() if finished else None
    rows = record["rows"] if isinstance(record["rows"], dict) else {}
    written = sum(
        n
        for outcome in rows.values()
        if isinstance(outcome, dict)
        for key, n in outcome.items()
        if key in ("inserted", "updated") and isinstance(n, int)
    )
    return {
        "id": record["id"],
        "job": record["job"],
        "status": record["status"],
        "trigger": record["trigger"],
        "started_at": started,
        "finished_at": finished,
        "duration_s": duration,
        "api_calls": record["api_calls"] or 0,
        "rows_written": written,
        "rows": rows,
        "counts": record["counts"] if isinstance(record["counts"], dict) else {},
        "error": record["error"],
    }


def recent_failures(
    conn: sa.Connection, now: datetime, limit: int = FAILURES_SHOWN
) -> list[dict[str, Any]]:
    """The latest runs (30 days) that failed or were partial, with their errors, newest first."""
    return runlog.failures(conn, now, limit)


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
