"""Point-in-time runner form: each runner's record strictly before its race's off.

One row per runner, run or still to run. Every figure counts only the horse's earlier runs,
ordered by race date, off time and race id; so a modeller training on history sees exactly
what was known at the off, and a later result never changes an earlier runner's row.

All of it is window sums over each horse's runners, in one statement with no joins:

- career, going, all-weather and jumps records, dates and winning distances: running sums
  over the horse's earlier runners;
- course, course-and-distance, distance and jockey records: the same within the horse's
  runners at that course, distance, ...;
- the last 12 months (the 365 days before the race): the career less the runs on or before
  the 366th day back, a range frame over the day number;
- the last 10 runs: the career less the runs more than 10 back, a range frame over the
  number of earlier runs (``k``), in which the horse's n-th run has the value n - 1.

An incremental run recomputes only the horses with a changed run, from the day of the
earliest change on.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.definitions import bytewise, days_between, runs_table
from darkhorses.stats.scope import Scope
from darkhorses.stats.writes import changed_rows, upsert_select
from darkhorses.store.schema.stats import GOING_BUCKETS, ra_runner_statistics

COUNTS = (("runs", "run"), ("wins", "win"), ("seconds", "second"), ("thirds", "third"))
LAST_RUNS = 10
YEAR_DAYS = 365


def _scopes(r: Any) -> list[tuple[str, list[Any], Any]]:
    """(prefix, extra partition columns, condition) of each windowed scope."""
    course = bytewise(r.c.course_id)
    scopes: list[tuple[str, list[Any], Any]] = [
        ("career", [], None),
        ("course", [course], None),
        ("course_distance", [course, r.c.dist_f], None),
        ("distance", [r.c.dist_f], None),
    ]
    scopes += [(f"going_{b}", [], r.c.going_b == b) for b in GOING_BUCKETS]
    scopes += [
        ("all_weather", [], r.c.surface_b == "all_weather"),
        ("jumps", [], r.c.jumps == 1),
        ("jockey", [bytewise(r.c.jockey_id)], None),
    ]
    return scopes


SCOPES = (
    "career",
    "course",
    "course_distance",
    "distance",
    *(f"going_{b}" for b in GOING_BUCKETS),
    "all_weather",
    "jumps",
    "jockey",
)


def _literal_bounds(over: Any, frame: str, lower: int | None, upper: int | None) -> Any:
    """Write a window frame's bounds into the SQL: a bound sent as a parameter makes SQLite
    recompute every frame from scratch; written into the SQL it is evaluated incrementally
    (and PostgreSQL needs a range offset it can type)."""
    bounds = getattr(over, frame)
    if lower is not None:
        bounds.lower_bind = sa.literal_column(str(lower))
    if upper is not None:
        bounds.upper_bind = sa.literal_column(str(upper))
    return over


# The four counts of a scope (runs, wins, 2nds, 3rds) travel through one window sum, packed
# into 16-bit fields of a 64-bit integer: a quarter of the window aggregates, and exact (a
# horse never has 32,768 runs).
FIELD = 16
MASK = (1 << FIELD) - 1


def _packed(r: Any, condition: Any = None) -> Any:
    """This runner's runs, wins, 2nds and 3rds (within ``condition``) as one integer."""
    value = sa.cast(r.c.run, sa.BigInteger)
    for i, (_, source) in enumerate(COUNTS[1:], start=1):
        value = value + sa.cast(r.c[source], sa.BigInteger) * (1 << (FIELD * i))
    return value if condition is None else sa.case((condition, value), else_=0)


def _unpacked(packed: Any) -> list[Any]:
    """The four counts of a packed sum (NULL stays NULL)."""
    mask = sa.literal_column(str(MASK))
    shifted = [packed.op(">>")(sa.literal_column(str(FIELD * i))) for i in range(1, 4)]
    return [field.op("&")(mask) for field in (packed, *shifted)]


def _windowed(r: Any) -> sa.Subquery:
    """Every runner with its windowed scopes (packed), dates and winning distances before it."""
    horse = bytewise(r.c.horse_id)
    order = [r.c.day_no, r.c.off_dt.nulls_first(), bytewise(r.c.race_id)]

    def before(expr: Any, partition: list[Any], agg: Any = sa.func.sum) -> Any:
        over = agg(expr).over(partition_by=[horse, *partition], order_by=order, rows=(None, -1))
        return _literal_bounds(over, "rows", None, 1)

    columns: list[Any] = [r.c.race_id, r.c.horse_id, r.c.date, r.c.day_no, r.c.off_dt, r.c.run]
    columns.append(_packed(r).label("this_run"))
    for prefix, partition, condition in _scopes(r):
        total = sa.cast(before(_packed(r, condition), partition), sa.BigInteger)
        columns.append(sa.func.coalesce(total, 0).label(prefix))
        if partition:
            known = sa.and_(*(p.is_not(None) for p in partition))
            columns.append(sa.case((known, 1), else_=0).label(f"{prefix}_known"))
    columns += [
        before(sa.case((r.c.run == 1, r.c.date)), [], sa.func.max).label("last_raced_date"),
        before(sa.case((r.c.win == 1, r.c.date)), [], sa.func.max).label("last_won_date"),
        before(sa.case((r.c.win == 1, r.c.distance_y)), [], sa.func.min).label("min_win_y"),
        before(sa.case((r.c.win == 1, r.c.distance_y)), [], sa.func.max).label("max_win_y"),
    ]
    # The runs on or before the 366th day back: the career less these is the last 12 months.
    over = sa.func.sum(_packed(r)).over(partition_by=horse, order_by=r.c.day_no, range_=(None, -1))
    year_old = sa.cast(_literal_bounds(over, "range_", None, YEAR_DAYS + 1), sa.BigInteger)
    columns.append(sa.func.coalesce(year_old, 0).label("year_old"))
    return sa.select(*columns).subquery("w")


def _with_last_runs(w: Any) -> sa.Subquery:
    """``w`` with the runs more than ``LAST_RUNS`` runs back (``ten_old``, packed), over
    ``k``, the number of earlier runs: the horse's n-th run has k = n - 1."""
    k = w.c.career.op("&")(sa.literal_column(str(MASK)))
    over = sa.func.sum(w.c.this_run).over(
        partition_by=bytewise(w.c.horse_id), order_by=k, range_=(None, -1)
    )
    ten_old = sa.func.coalesce(
        sa.cast(_literal_bounds(over, "range_", None, LAST_RUNS + 1), sa.BigInteger), 0
    )
    return sa.select(*w.c, ten_old.label("ten_old")).subquery("w10")


def runner_statistics_select(now: datetime, scope: Scope | None = None) -> sa.Select[Any]:
    """One row per runner (of the horses in ``scope``, from their earliest change on): the
    columns of ``ra_runner_statistics``."""
    r = sa.select(runs_table)
    changed = None
    if scope is not None:
        changed = scope.horses()
        r = r.where(runs_table.c.horse_id.in_(sa.select(changed.c.horse_id)))
    w = _with_last_runs(_windowed(r.subquery("r")))
    columns: list[Any] = [w.c.race_id, w.c.horse_id, w.c.date.label("race_date"), w.c.off_dt]
    for prefix in SCOPES:
        counts = _unpacked(w.c[prefix])
        for (name, _), count in zip(COUNTS, counts, strict=True):
            if f"{prefix}_known" in w.c:  # no course/distance/jockey: unknown
                count = sa.case((w.c[f"{prefix}_known"] == 1, count))
            columns.append(count.label(f"{prefix}_{name}"))
    for prefix, old in (("last_10", w.c.ten_old), ("last_12_months", w.c.year_old)):
        counts = _unpacked(w.c.career - old)
        for (name, _), count in zip(COUNTS, counts, strict=True):
            columns.append(count.label(f"{prefix}_{name}"))
    columns += [
        w.c.last_raced_date,
        w.c.last_won_date,
        days_between(w.c.date, w.c.last_raced_date).label("days_since_last_run"),
        w.c.min_win_y.label("min_winning_distance_y"),
        w.c.max_win_y.label("max_winning_distance_y"),
        sa.literal(now, ra_runner_statistics.c.computed_at.type).label("computed_at"),
    ]
    select = sa.select(*columns)
    if changed is not None:
        select = select.select_from(w.join(changed, changed.c.horse_id == w.c.horse_id)).where(
            w.c.day_no >= changed.c.since
        )
    return select


def compute_runners(
    conn: sa.Connection, now: datetime, scope: Scope | None = None
) -> dict[str, int]:
    """Upsert ``ra_runner_statistics`` for every runner (of the horses in ``scope``)."""
    table = ra_runner_statistics
    select = runner_statistics_select(now, scope)
    if scope is not None or conn.execute(sa.select(sa.exists().select_from(table))).scalar():
        return {table.name: upsert_select(conn, table, select, stamps=("computed_at",))}
    # The first fill: a plain insert. On PostgreSQL the foreign key to the runners is taken
    # off for it and put back (checked in one join): checked row by row, it took more than
    # half the time, locking every runner row it checked.
    names = [c.name for c in select.selected_columns]
    foreign_keys = list(table.foreign_key_constraints) if conn.dialect.name == "postgresql" else []
    for fk in foreign_keys:
        conn.execute(sa.schema.DropConstraint(fk))
    written = changed_rows(conn, sa.insert(table).from_select(names, select))
    for fk in foreign_keys:
        conn.execute(sa.schema.AddConstraint(fk))
    return {table.name: max(written, 0)}
