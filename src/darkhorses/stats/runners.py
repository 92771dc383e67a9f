"""Point-in-time runner form: each runner's record strictly before its race's off.

One row per runner, run or still to run. Every figure counts only the horse's earlier runs,
ordered by race date, off time and race id; so a modeller training on history sees exactly
what was known at the off, and a later result never changes an earlier runner's row.

Cumulative window sums give the career, course, distance, going, surface, jumps and jockey
records in one pass; the last 10 runs come from the difference of two cumulative totals; the
last 12 months (the 365 days before the race) join the horse's runs in that span.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.definitions import days_before, days_between, runner_rows, runs_table
from darkhorses.stats.writes import upsert_select
from darkhorses.store.schema.stats import GOING_BUCKETS, ra_runner_statistics

COUNTS = (("runs", "run"), ("wins", "win"), ("seconds", "second"), ("thirds", "third"))
LAST_RUNS = 10
YEAR_DAYS = 365


def _order(r: Any) -> list[Any]:
    return [r.c.date, r.c.off_dt.nulls_first(), r.c.race_id]


def _scopes(r: Any) -> list[tuple[str, list[Any], Any]]:
    """(prefix, extra partition columns, condition) of each windowed scope."""
    scopes: list[tuple[str, list[Any], Any]] = [
        ("career", [], None),
        ("course", [r.c.course_id], None),
        ("course_distance", [r.c.course_id, r.c.dist_f], None),
        ("distance", [r.c.dist_f], None),
    ]
    scopes += [(f"going_{b}", [], r.c.going_b == b) for b in GOING_BUCKETS]
    scopes += [
        ("all_weather", [], r.c.surface_b == "all_weather"),
        ("jumps", [], r.c.jumps == 1),
        ("jockey", [r.c.jockey_id], None),
    ]
    return scopes


def _windowed(r: Any) -> sa.Subquery:
    """Every runner with its windowed scopes, dates and winning distances before it."""

    def before(expr: Any, partition: list[Any], agg: Any = sa.func.sum) -> Any:
        over = agg(expr).over(
            partition_by=[r.c.horse_id, *partition], order_by=_order(r), rows=(None, -1)
        )
        # A frame bound sent as a parameter makes SQLite recompute every frame from scratch;
        # written into the SQL it is evaluated incrementally.
        over.rows.upper_bind = sa.literal_column("1")
        return over

    columns: list[Any] = [
        r.c.race_id,
        r.c.horse_id,
        r.c.date,
        r.c.off_dt,
    ]
    for prefix, partition, condition in _scopes(r):
        known = sa.and_(*(p.is_not(None) for p in partition)) if partition else None
        for name, source in COUNTS:
            value = r.c[source] if condition is None else sa.case((condition, r.c[source]), else_=0)
            figure: sa.ColumnElement[Any] = sa.func.coalesce(before(value, partition), 0)
            if known is not None:
                figure = sa.case((known, figure))  # no course/distance/jockey: unknown
            columns.append(figure.label(f"{prefix}_{name}"))
    columns += [
        before(sa.case((r.c.run == 1, r.c.date)), [], sa.func.max).label("last_raced_date"),
        before(sa.case((r.c.win == 1, r.c.date)), [], sa.func.max).label("last_won_date"),
        before(sa.case((r.c.win == 1, r.c.distance_y)), [], sa.func.min).label("min_win_y"),
        before(sa.case((r.c.win == 1, r.c.distance_y)), [], sa.func.max).label("max_win_y"),
        _runs_before_year(r).label("year_start"),
    ]
    return _materialized(sa.select(*columns), "w")


def _runs_before_year(r: Any) -> Any:
    """How many of the horse's runs came before the 365 days leading to this race."""
    p = runs_table.alias("p")
    return sa.func.coalesce(
        sa.select(sa.func.max(p.c.run_no))
        .where(
            p.c.horse_id == r.c.horse_id,
            p.c.run_no.is_not(None),
            p.c.date < days_before(r.c.date, YEAR_DAYS),
        )
        .scalar_subquery(),
        0,
    )


def _materialized(select: sa.Select[Any], name: str) -> Any:
    """A CTE computed once (SQLite would otherwise re-run a windowed subquery per join row)."""
    return select.cte(name).prefix_with("MATERIALIZED")


def runner_statistics_select(now: datetime) -> sa.Select[Any]:
    """One row per runner: the columns of ``ra_runner_statistics``."""
    everyone = runner_rows(runs_only=False)
    w = _windowed(everyone)
    # The cumulative totals at the horse's n-th and (n-10)-th runs: their difference is the
    # record of its last 10 runs.
    at_n = runs_table.alias("at_n")
    ten_back = runs_table.alias("ten_back")
    year_back = runs_table.alias("year_back")
    n = w.c.career_runs
    joined = (
        w.outerjoin(at_n, sa.and_(at_n.c.horse_id == w.c.horse_id, at_n.c.run_no == n))
        .outerjoin(
            ten_back,
            sa.and_(ten_back.c.horse_id == w.c.horse_id, ten_back.c.run_no == n - LAST_RUNS),
        )
        .outerjoin(
            year_back,
            sa.and_(year_back.c.horse_id == w.c.horse_id, year_back.c.run_no == w.c.year_start),
        )
    )
    scoped = [c.key for c in w.c if c.key.endswith(tuple(f"_{name}" for name, _ in COUNTS))]
    columns: list[Any] = [w.c.race_id, w.c.horse_id, w.c.date.label("race_date"), w.c.off_dt]
    columns += [w.c[k] for k in scoped]
    columns.append(sa.case((n > LAST_RUNS, LAST_RUNS), else_=n).label("last_10_runs"))
    for name, source in COUNTS[1:]:
        diff = sa.func.coalesce(at_n.c[f"c_{source}"], 0) - sa.func.coalesce(
            ten_back.c[f"c_{source}"], 0
        )
        columns.append(diff.label(f"last_10_{name}"))
    columns.append((n - w.c.year_start).label("last_12_months_runs"))
    for name, source in COUNTS[1:]:
        diff = sa.func.coalesce(at_n.c[f"c_{source}"], 0) - sa.func.coalesce(
            year_back.c[f"c_{source}"], 0
        )
        columns.append(diff.label(f"last_12_months_{name}"))
    columns += [
        w.c.last_raced_date,
        w.c.last_won_date,
        days_between(w.c.date, w.c.last_raced_date).label("days_since_last_run"),
        w.c.min_win_y.label("min_winning_distance_y"),
        w.c.max_win_y.label("max_winning_distance_y"),
        sa.literal(now, ra_runner_statistics.c.computed_at.type).label("computed_at"),
    ]
    return sa.select(*columns).select_from(joined)


def compute_runners(conn: sa.Connection, now: datetime) -> dict[str, int]:
    """Upsert ``ra_runner_statistics`` for every runner."""
    table = ra_runner_statistics
    select = runner_statistics_select(now)
    return {table.name: upsert_select(conn, table, select, stamps=("computed_at",))}
