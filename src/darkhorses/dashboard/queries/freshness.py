"""Every table's size and newest write, judged against its staleness threshold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from darkhorses.jobs.report import RunStatus
from darkhorses.service.alerts import last_write, write_time_column
from darkhorses.store.schema import metadata

# On PostgreSQL, tables the planner believes larger than this are shown with its estimate
# (marked as such) instead of an exact count(*), which would read every row.
EXACT_COUNT_MAX = 500_000
# A table turns amber at this share of its threshold, red past it.
AMBER_SHARE = 0.75

GREEN, AMBER, RED, UNWATCHED = "green", "amber", "red", "none"


@dataclass(frozen=True)
class TableState:
    """One table on the overview."""

    name: str
    rows: int
    exact: bool
    last_write: datetime | None
    age: timedelta | None
    threshold_h: float | None
    state: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.name,
            "rows": self.rows,
            "rows_exact": self.exact,
            "last_write": self.last_write,
            "age_s": self.age.total_seconds() if self.age is not None else None,
            "threshold_h": self.threshold_h,
            "state": self.state,
        }


def judge(age: timedelta | None, threshold_h: float | None) -> str:
    """green / amber / red against the threshold; ``none`` for an unwatched table."""
    if threshold_h is None:
        return UNWATCHED
    if age is None:
        return RED
    hours = age.total_seconds() / 3600
    if hours > threshold_h:
        return RED
    if hours > threshold_h * AMBER_SHARE:
        return AMBER
    return GREEN


def _estimates(conn: sa.Connection) -> dict[str, int]:
    if conn.dialect.name != "postgresql":
        return {}
    rows = conn.execute(
        sa.text(
            "SELECT c.relname, c.reltuples::bigint FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
        )
    )
    return {name: int(n) for name, n in rows}


def row_count(conn: sa.Connection, table: sa.Table, estimate: int | None) -> tuple[int, bool]:
    """(rows, exact): exact unless the planner's estimate says the table is huge."""
    if estimate is not None and estimate > EXACT_COUNT_MAX:
        return estimate, False
    return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0), True


def _indexed(table: sa.Table, column: sa.Column[Any]) -> bool:
    if column.primary_key and next(iter(table.primary_key.columns)) is column:
        return True
    return any(next(iter(index.columns)) is column for index in table.indexes)


def run_log_writes(conn: sa.Connection) -> dict[str, datetime]:
    """Per table, the end of the latest successful run of each job that reported it."""
    runs = metadata.tables["dh_runs"]
    ok = runs.c.status.in_([RunStatus.SUCCESS.value, RunStatus.PARTIAL.value])
    latest = sa.select(sa.func.max(runs.c.id).label("id")).where(ok).group_by(runs.c.job)
    query = sa.select(runs.c.rows, runs.c.finished_at).where(runs.c.id.in_(latest))
    out: dict[str, datetime] = {}
    for rows, finished in conn.execute(query):
        if not finished or not isinstance(rows, dict):
            continue
        for name in rows:
            if name not in out or finished > out[name]:
                out[name] = finished
    return out


def table_states(
    conn: sa.Connection, now: datetime, thresholds: dict[str, float]
) -> list[TableState]:
    """Every table of the schema, in name order."""
    estimates = _estimates(conn)
    from_runs = run_log_writes(conn)
    out = []
    for name in sorted(metadata.tables):
        table = metadata.tables[name]
        rows, exact = row_count(conn, table, estimates.get(name))
        threshold = thresholds.get(name)
        column = write_time_column(table)
        if column is None and "started_at" in table.c:
            column = table.c.started_at  # the run log: its newest run
        if threshold is not None:
            # Watched tables: exactly what the alerts judge, so the two never disagree.
            newest = last_write(conn, name)
        elif column is not None and (exact or _indexed(table, column)):
            newest = conn.execute(sa.select(sa.func.max(column))).scalar()
        else:
            newest = from_runs.get(name)
        age = now - newest if newest is not None else None
        out.append(TableState(name, rows, exact, newest, age, threshold, judge(age, threshold)))
    return out
