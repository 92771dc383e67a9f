"""Backfill progress from ``dh_backfill_days`` and the latest backfill's plan."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from darkhorses.clock import UK
from darkhorses.jobs.backfill_plan import DAY_KINDS, BackfillPlanError, build_plan
from darkhorses.store.schema.ops import dh_backfill_days, dh_runs

RATE_WINDOWS = (timedelta(hours=1), timedelta(hours=24))
FINISHED = ("done", "empty")


def _year(conn: sa.Connection, column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    if conn.dialect.name == "postgresql":
        return sa.cast(sa.extract("year", column), sa.Integer)
    return sa.cast(sa.func.strftime("%Y", column), sa.Integer)


def status_by_year(conn: sa.Connection) -> dict[tuple[str, int], Counter[str]]:
    """Days per (kind, year) and status."""
    t = dh_backfill_days
    year = _year(conn, t.c.day).label("year")
    query = sa.select(t.c.kind, year, t.c.status, sa.func.count().label("n")).group_by(
        t.c.kind, year, t.c.status
    )
    out: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    for row in conn.execute(query):
        out[(row.kind, int(row.year))][row.status] += int(row.n)
    return out


def latest_request(conn: sa.Connection) -> dict[str, Any] | None:
    """The latest backfill run's plan (its ``params``) and when it started."""
    t = dh_runs
    row = conn.execute(
        sa.select(t.c.params, t.c.started_at)
        .where(t.c.job == "backfill")
        .order_by(t.c.started_at.desc())
        .limit(1)
    ).first()
    if row is None or not isinstance(row.params, dict):
        return None
    return {**row.params, "started_at": row.started_at}


def planned_days_by_year(request: dict[str, Any], historic: bool) -> dict[tuple[str, int], int]:
    """Days the latest backfill set out to cover, per (kind, year)."""
    try:
        start = date.fromisoformat(request["from"])
        end = date.fromisoformat(request["to"])
        today = request["started_at"].astimezone(UK).date()
        plan = build_plan(
            request["plan"], start, end, today, tuple(request["what"]), historic=historic
        )
    except (KeyError, TypeError, ValueError, BackfillPlanError):
        return {}
    out: Counter[tuple[str, int]] = Counter()
    for kind in DAY_KINDS:
        for day in plan.days.get(kind, []):
            out[(kind, day.year)] += 1
    return dict(out)


def finished_since(conn: sa.Connection, since: datetime) -> int:
    """Days finished (done or empty) since ``since``."""
    t = dh_backfill_days
    query = sa.select(sa.func.count()).where(t.c.status.in_(FINISHED), t.c.updated_at >= since)
    return int(conn.execute(query).scalar() or 0)
