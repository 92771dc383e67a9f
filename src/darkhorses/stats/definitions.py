"""The one set of definitions every statistic uses, as SQL expressions (``docs/statistics.md``).

What a run, a win and a place are; the going, surface, class and distance buckets; the
dead-heat rule for profit; and the few portable SQL helpers (date arithmetic, JSON objects,
exact rounding) that make each statement read the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from darkhorses.store.schema.racing import ra_mst_horses, ra_mst_races, ra_mst_runners
from darkhorses.store.schema.stats import GOING_BUCKETS

UNKNOWN = "unknown"

# Finishing codes that are not runs: a non-runner, or a race declared void.
NOT_RUNS = ("NR", "VOI")

# Going descriptions (lower case, matched as prefixes, longest first) -> bucket. A prefix
# match also places "Good To Soft (Soft in places)" by its first words.
GOING_PREFIXES: tuple[tuple[str, str], ...] = (
    ("standard to slow", "standard_to_slow"),
    ("standard to fast", "standard"),
    ("standard", "standard"),
    ("slow", "slow"),
    ("good to firm", "good_to_firm"),
    ("good to yielding", "good_to_soft"),
    ("good to soft", "good_to_soft"),
    ("good", "good"),
    ("yielding to soft", "soft"),
    ("yielding", "good_to_soft"),
    ("soft to heavy", "heavy"),
    ("very soft", "soft"),
    ("soft", "soft"),
    ("holding", "soft"),
    ("heavy", "heavy"),
    ("muddy", "heavy"),
    ("sloppy", "heavy"),
    ("hard", "firm"),
    ("firm", "firm"),
)
assert {bucket for _, bucket in GOING_PREFIXES} == set(GOING_BUCKETS)

ALL_WEATHER_SURFACES = ("aw", "all weather", "all-weather", "polytrack", "tapeta", "fibresand")
JUMPS_TYPES = ("hurdle", "chase", "nh flat")

YARDS_PER_FURLONG = 220
# Distance bands: (upper bound in yards, exclusive; label). Bounds sit half a furlong above
# the last distance a band names, so a race of 6f 20y is still "up to 6f".
FLAT_BANDS: tuple[tuple[int | None, str], ...] = (
    (1430, "Flat up to 6f"),
    (1870, "Flat 7f-1m"),
    (2530, "Flat 1m1f-1m3f"),
    (3630, "Flat 1m4f-1m6f"),
    (None, "Flat 1m7f+"),
)
JUMPS_BANDS: tuple[tuple[int | None, str], ...] = (
    (4290, "Jumps up to 2m3f"),
    (5170, "Jumps 2m4f-2m7f"),
    (None, "Jumps 3m+"),
)
IRISH_NO_CLASS = "Irish (no class)"
UNCLASSED = "Unclassed"
CLASSES = tuple(f"Class {n}" for n in range(1, 8))


# --- portable SQL helpers ----------------------------------------------------------------------


class days_between(FunctionElement[int]):
    """Whole days from ``earlier`` to ``later`` (two dates)."""

    type = sa.Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


@compiles(days_between, "postgresql")
def _days_between_pg(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    a, b = compiler.process(later, **kw), compiler.process(earlier, **kw)
    return f"(CAST({a} AS DATE) - CAST({b} AS DATE))"


class days_before(FunctionElement[Any]):
    """The date ``days`` days before a date: ``days_before(date, 365)``."""

    type = sa.Date()
    inherit_cache = True


@compiles(days_before, "sqlite")
def _days_before_sqlite(element: days_before, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, '-' || {compiler.process(days, **kw)} || ' days')"


@compiles(days_before, "postgresql")
def _days_before_pg(element: days_before, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = list(element.clauses)
    a, b = compiler.process(day, **kw), compiler.process(days, **kw)
    return f"(CAST({a} AS DATE) - CAST({b} AS INTEGER))"


class json_object(FunctionElement[Any]):
    """A JSON object from alternating keys and values."""

    inherit_cache = True


@compiles(json_object, "sqlite")
def _json_object_sqlite(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_object({compiler.process(element.clauses, **kw)})"


@compiles(json_object, "postgresql")
def _json_object_pg(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"jsonb_build_object({compiler.process(element.clauses, **kw)})"


class json_object_agg(FunctionElement[Any]):
    """Aggregate ``(key, value)`` rows into one JSON object."""

    inherit_cache = True


@compiles(json_object_agg, "sqlite")
def _json_agg_sqlite(element: json_object_agg, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_object({compiler.process(element.clauses, **kw)})"


@compiles(json_object_agg, "postgresql")
def _json_agg_pg(element: json_object_agg, compiler: SQLCompiler, **kw: Any) -> str:
    return f"jsonb_object_agg({compiler.process(element.clauses, **kw)})"


def fraction(numerator: Any, denominator: Any) -> ColumnElement[Any]:
    """``numerator / denominator`` as an exact decimal (numeric on PostgreSQL); NULL on 0."""
    return sa.literal_column("1.0") * numerator / sa.func.nullif(denominator, 0)


def rounded(expr: Any, scale: int) -> ColumnElement[Any]:
    """``expr`` rounded half away from zero to ``scale`` places, as the column stores it."""
    return sa.func.round(sa.cast(expr, sa.Numeric), scale)


def flag(condition: Any) -> ColumnElement[int]:
    """1 when ``condition`` holds, else 0 (sums count it)."""
    return sa.case((condition, 1), else_=0)


# --- buckets -------------------------------------------------------------------------------


def going_bucket(going: Any) -> ColumnElement[str]:
    """The one canonical going bucket of a going description; ``unknown`` when none."""
    text = sa.func.lower(sa.func.trim(going))
    return sa.case(
        *((text.like(f"{prefix}%"), bucket) for prefix, bucket in GOING_PREFIXES),
        (text == "fast", "firm"),
        else_=UNKNOWN,
    )


def surface_bucket(surface: Any) -> ColumnElement[str]:
    """``all_weather``, ``turf`` or ``unknown`` from the race's surface."""
    text = sa.func.lower(sa.func.trim(surface))
    return sa.case(
        (text.in_(ALL_WEATHER_SURFACES), "all_weather"),
        (sa.func.coalesce(text, "") != "", "turf"),
        else_=UNKNOWN,
    )


def is_jumps(race_type: Any) -> ColumnElement[bool]:
    """True for hurdle, chase and NH flat races (by race type, never by surface)."""
    return sa.func.lower(sa.func.trim(race_type)).in_(JUMPS_TYPES)


def distance_band(distance_y: Any, jumps: Any) -> ColumnElement[str]:
    """The documented band of a distance, flat or jumps; NULL when the distance is unknown."""

    def bands(table: tuple[tuple[int | None, str], ...]) -> ColumnElement[str]:
        *bounded, (_, last) = table
        return sa.case(*((distance_y < bound, label) for bound, label in bounded), else_=last)

    return sa.case(
        (distance_y.is_(None), sa.null()),
        (jumps, bands(JUMPS_BANDS)),
        else_=bands(FLAT_BANDS),
    )


def class_bucket(race_class: Any, region: Any) -> ColumnElement[str]:
    """``Class 1``..``Class 7``; an Irish race without class in its own bucket."""
    return sa.case(
        (race_class.in_(CLASSES), race_class),
        (sa.func.upper(region) == "IRE", IRISH_NO_CLASS),
        else_=UNCLASSED,
    )


def distance_furlongs(distance_y: Any) -> ColumnElement[int]:
    """The distance to the nearest furlong ("this distance" of the runner statistics)."""
    return (distance_y + YARDS_PER_FURLONG // 2) // YARDS_PER_FURLONG


# --- the runner rows every statistic reads -------------------------------------------------

# Level-stakes profit is summed in whole units of 1/60000 of a stake: exact for SPs in pence
# and any dead heat of up to six (600 / k is whole), so P/L rounds the same on both backends.
PL_UNITS = 60_000

_runs_metadata = sa.MetaData()
# Every runner with the definitions applied, written once per computation; every statement
# reads it (a temporary table, gone with the connection).
runs_table = sa.Table(
    "dh_stats_runs",
    _runs_metadata,
    *(
        sa.Column(n, sa.Text)
        for n in (
            "race_id",
            "horse_id",
            "jockey_id",
            "trainer_id",
            "owner_id",
            "course_id",
            "sire_id",
            "dam_id",
            "damsire_id",
        )
    ),
    sa.Column("date", sa.Date),
    sa.Column("off_dt", ra_mst_races.c.off_dt.type),
    sa.Column("distance_y", sa.Integer),
    sa.Column("dist_f", sa.Integer),
    *(sa.Column(n, sa.Text) for n in ("going_b", "surface_b", "class_b", "band")),
    *(
        sa.Column(n, sa.Integer)
        for n in (
            "jumps",
            "run",
            "win",
            "second",
            "third",
            "place",
            "has_sp",
            "sp_win",
            "has_bsp",
            "quality",
            "pl_sp",
            "pl_bsp",
        )
    ),
    sa.Column("inv_sp", sa.Numeric),
    sa.Column("win_time", sa.Numeric(9, 2)),
    # The horse's runs numbered 1.. in race order, with cumulative wins, 2nds and 3rds.
    *(sa.Column(n, sa.Integer) for n in ("run_no", "c_win", "c_second", "c_third")),
    sa.Index("ix_dh_stats_runs_horse_id_date", "horse_id", "date"),
    sa.Index("ix_dh_stats_runs_horse_id_run_no", "horse_id", "run_no"),
    sa.Index("ix_dh_stats_runs_race_id", "race_id"),
    prefixes=["TEMPORARY"],
)


def _definitions() -> sa.Select[Any]:
    """Every runner with its race context, buckets and 0/1 flags (see ``runs_table``)."""
    rn, rc, h = ra_mst_runners.c, ra_mst_races.c, ra_mst_horses.c
    run = sa.and_(
        rn.position_status.is_not(None),
        rn.position_status.not_in(NOT_RUNS),
        sa.or_(rn.is_non_runner.is_(None), rn.is_non_runner == sa.false()),
    )
    win = sa.and_(run, rn.position == 1)
    has_sp = sa.and_(run, rn.sp_dec > 0)
    has_bsp = sa.and_(run, rn.bsp > 0)
    # Dead-heat rule: the stake is divided by the number sharing first place.
    winners = sa.func.sum(flag(win)).over(partition_by=rn.race_id)

    def units(price: Any, priced: Any) -> Any:
        won = sa.cast(sa.func.round(price * PL_UNITS / winners), sa.Integer) - PL_UNITS
        return sa.case((sa.and_(priced, rn.position == 1), won), (priced, -PL_UNITS))

    jumps = is_jumps(rc.type)
    in_order: dict[str, Any] = {
        "partition_by": [rn.horse_id, flag(run)],
        "order_by": [rc.date, rc.off_dt.nulls_first(), rn.race_id],
    }

    def upto(what: Any) -> Any:
        total = sa.func.sum(flag(sa.and_(run, what))).over(**in_order, rows=(None, 0))
        return sa.case((run, total))

    return sa.select(
        rn.race_id,
        rn.horse_id,
        rn.jockey_id,
        rn.trainer_id,
        rn.owner_id,
        rc.course_id,
        h.sire_id,
        h.dam_id,
        h.damsire_id,
        rc.date,
        rc.off_dt,
        rc.distance_y,
        distance_furlongs(rc.distance_y).label("dist_f"),
        going_bucket(rc.going).label("going_b"),
        surface_bucket(rc.surface).label("surface_b"),
        class_bucket(rc.race_class, rc.region).label("class_b"),
        distance_band(rc.distance_y, jumps).label("band"),
        flag(jumps).label("jumps"),
        flag(run).label("run"),
        flag(win).label("win"),
        flag(sa.and_(run, rn.position == 2)).label("second"),
        flag(sa.and_(run, rn.position == 3)).label("third"),
        flag(sa.and_(run, rn.position.between(1, 3))).label("place"),
        flag(has_sp).label("has_sp"),
        flag(sa.and_(has_sp, rn.position == 1)).label("sp_win"),
        flag(has_bsp).label("has_bsp"),
        flag(
            sa.and_(
                has_sp,
                rc.distance_y.is_not(None),
                sa.or_(rc.race_class.in_(CLASSES), sa.func.upper(rc.region) == "IRE"),
            )
        ).label("quality"),
        units(rn.sp_dec, has_sp).label("pl_sp"),
        units(rn.bsp, has_bsp).label("pl_bsp"),
        sa.case((has_sp, sa.literal_column("1.0") / rn.sp_dec)).label("inv_sp"),
        sa.case((win, sa.func.coalesce(rn.finishing_time_s, rc.winning_time_s))).label("win_time"),
        sa.case((run, sa.func.row_number().over(**in_order))).label("run_no"),
        upto(rn.position == 1).label("c_win"),
        upto(rn.position == 2).label("c_second"),
        upto(rn.position == 3).label("c_third"),
    ).select_from(
        ra_mst_runners.join(ra_mst_races, rc.id == rn.race_id).outerjoin(
            ra_mst_horses, h.id == rn.horse_id
        )
    )


def prepare_runs(conn: sa.Connection) -> int:
    """Write ``runs_table`` for this connection from the stored runners; rows written."""
    runs_table.drop(conn, checkfirst=True)
    runs_table.create(conn)
    select = _definitions()
    insert = sa.insert(runs_table).from_select([c.name for c in select.selected_columns], select)
    written = conn.execute(insert.execution_options(preserve_rowcount=True)).rowcount
    conn.exec_driver_sql("ANALYZE dh_stats_runs")
    return max(written, 0)


def drop_runs(conn: sa.Connection) -> None:
    """Remove ``runs_table`` (and its indexes) from this connection."""
    runs_table.drop(conn, checkfirst=True)


def runner_rows(*, runs_only: bool = True, until: Any = None) -> sa.Subquery:
    """The prepared runner rows: runs alone (``runs_only``), races up to ``until``.

    Columns: ids (race, horse, jockey, trainer, owner, course, sire, dam, damsire), ``date``,
    ``off_dt``, ``distance_y``, ``dist_f``, buckets (``going_b``, ``surface_b``, ``class_b``,
    ``band``), 0/1 flags (``jumps``, ``run``, ``win``, ``second``, ``third``, ``place``,
    ``has_sp``, ``sp_win``, ``has_bsp``, ``quality``), ``pl_sp`` / ``pl_bsp`` (profit in
    ``PL_UNITS`` of a stake, dead-heat rule), ``inv_sp`` (1 / SP) and ``win_time``.
    """
    query = sa.select(runs_table)
    if runs_only:
        query = query.where(runs_table.c.run == 1)
    if until is not None:
        query = query.where(runs_table.c.date <= until)
    return query.subquery("r")


def money(units_sum: Any) -> ColumnElement[Any]:
    """A sum of ``PL_UNITS`` as money to the penny, half away from zero; NULL stays NULL."""
    half = PL_UNITS // 200
    cents = (units_sum + sa.case((units_sum < 0, -half), else_=half)) // (PL_UNITS // 100)
    return cents * sa.literal_column("0.01")


def percent_of(count: Any, total: Any, scale: int, times: int = 1) -> ColumnElement[Any]:
    """``times * count / total`` to ``scale`` places, half up, in whole-number arithmetic
    (exact on both backends); NULL when ``total`` is 0."""
    unit = 10**scale
    den = sa.func.nullif(total, 0)
    scaled = (2 * times * unit * count + den) // (2 * den)
    return scaled * sa.literal_column(f"{1 / unit:.{scale}f}")
