"""Every table's size and newest write, judged against its staleness threshold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from darkhorses.dashboard.queries import runlog
from darkhorses.service.alerts import write_time_column
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
    """The planner's row counts: pg_class on PostgreSQL, sqlite_stat1 once ANALYZE ran."""
    if conn.dialect.name == "sqlite":
        has_stats = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
        ).first()
        if not has_stats:
            return {}
        out: dict[str, int] = {}
        for name, stat in conn.exec_driver_sql("SELECT tbl, stat FROM sqlite_stat1"):
            n = int(str(stat).split()[0]) if stat else 0
            out[name] = max(out.get(name, 0), n)
        return out
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


def table_states(
    conn: sa.Connection, now: datetime, thresholds: dict[str, float]
) -> list[TableState]:
    """Every table of the schema, in name order."""
    estimates = _estimates(conn)
    from_runs = runlog.reported_tables(conn)
    out = []
    for name in sorted(metadata.tables):
        table = metadata.tables[name]
        rows, exact = row_count(conn, table, estimates.get(name))
        threshold = thresholds.get(name)
        column = write_time_column(table)
        if column is None and "started_at" in table.c:
            column = table.c.started_at  # the run log: its newest run
        # An unindexed write time is read only where a scan is cheap.
        if column is not None and (_indexed(table, column) or rows <= EXACT_COUNT_MAX):
            newest = conn.execute(sa.select(sa.func.max(column))).scalar()
        elif threshold is not None:
            # Watched tables are judged as the alerts judge them: by the runs that reported them.
            window = timedelta(hours=threshold * 2)
            newest = runlog.last_reported(conn, name, now, window)
        else:
            newest = from_runs.get(name)
        age = now - newest if newest is not None else None
        out.append(TableState(name, rows, exact, newest, age, threshold, judge(age, threshold)))
    return out
