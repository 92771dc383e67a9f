"""API usage from the database: calls per hour from the run log, responses by endpoint class
from the raw archive. (Retries, 429s and limiter waits live in the running client's counters.)"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from darkhorses.api.plans import rate_class
from darkhorses.store.schema.ops import dh_raw_responses, dh_runs

WINDOW = timedelta(hours=48)


def _hour(conn: sa.Connection, column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    if conn.dialect.name == "postgresql":
        return sa.func.date_trunc("hour", sa.func.timezone("UTC", column))
    return sa.func.strftime("%Y-%m-%d %H:00:00", column)


def _as_hour(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def hours_of(now: datetime, window: timedelta = WINDOW) -> list[datetime]:
    """The whole hours of the window ending at ``now``, oldest first (UTC)."""
    end = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    n = int(window.total_seconds() // 3600)
    return [end - timedelta(hours=i) for i in range(n - 1, -1, -1)]


def calls_per_hour(conn: sa.Connection, now: datetime) -> dict[str, Any]:
    """API calls the runs made per hour over the window, by job and in all."""
    t = dh_runs
    since = now - WINDOW
    hour = _hour(conn, t.c.started_at).label("hour")
    query = (
        sa.select(hour, t.c.job, sa.func.sum(t.c.api_calls).label("calls"))
        .where(t.c.started_at >= since, t.c.started_at <= now)
        .group_by(hour, t.c.job)
    )
    by_hour: dict[datetime, int] = defaultdict(int)
    by_job: dict[str, int] = defaultdict(int)
    for row in conn.execute(query):
        calls = int(row.calls or 0)
        by_hour[_as_hour(row.hour)] += calls
        by_job[row.job] += calls
    hours = [(h, by_hour.get(h, 0)) for h in hours_of(now)]
    return {
        "hours": [{"hour": h, "calls": n} for h, n in hours],
        "by_job": dict(sorted(by_job.items())),
        "total": sum(by_job.values()),
        "peak_hour": max((n for _, n in hours), default=0),
    }


def responses_by_class(conn: sa.Connection, now: datetime) -> dict[str, Any]:
    """Archived responses last received within the window, by rate class and endpoint.

    The archive keeps each distinct body once, so repeated identical answers count once.
    """
    t = dh_raw_responses
    since = now - WINDOW
    query = (
        sa.select(t.c.endpoint, t.c.status, sa.func.count().label("n"))
        .where(t.c.last_fetched_at >= since, t.c.last_fetched_at <= now)
        .group_by(t.c.endpoint, t.c.status)
    )
    classes: dict[str, dict[str, Any]] = {}
    for row in conn.execute(query):
        cls = rate_class(row.endpoint)
        entry = classes.setdefault(cls, {"class": cls, "responses": 0, "endpoints": {}, "s429": 0})
        entry["responses"] += int(row.n)
        entry["endpoints"][row.endpoint] = entry["endpoints"].get(row.endpoint, 0) + int(row.n)
        if row.status == 429:
            entry["s429"] += int(row.n)
    return {"classes": [classes[k] for k in sorted(classes)]}


def run_counters(conn: sa.Connection, now: datetime, keys: tuple[str, ...]) -> dict[str, int]:
    """Sums of run-report counters named ``keys`` (e.g. ``retries``) over the window."""
    t = dh_runs
    totals = dict.fromkeys(keys, 0)
    query = sa.select(t.c.counts).where(t.c.started_at >= now - WINDOW, t.c.started_at <= now)
    for (counts,) in conn.execute(query):
        if isinstance(counts, dict):
            for key in keys:
                value = counts.get(key)
                if isinstance(value, int | float):
                    totals[key] += int(value)
    return totals
