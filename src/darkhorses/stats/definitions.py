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


class days_between(FunctionElement[int]):  # noqa: N801 - reads as a SQL function
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
    return f"(CAST({compiler.process(later, **kw)} AS DATE) - CAST({compiler.process(earlier, **kw)} AS DATE))"


class days_before(FunctionElement[Any]):  # noqa: N801
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
    return f"(CAST({compiler.process(day, **kw)} AS DATE) - CAST({compiler.process(days, **kw)} AS INTEGER))"


class json_object(FunctionElement[Any]):  # noqa: N801
    """A JSON object from alternating keys and values."""

    inherit_cache = True


@compiles(json_object, "sqlite")
def _json_object_sqlite(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_object({compiler.process(element.clauses, **kw)})"


@compiles(json_object, "postgresql")
def _json_object_pg(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"jsonb_build_object({compiler.process(element.clauses, **kw)})"


class json_object_agg(FunctionElement[Any]):  # noqa: N801
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


def runner_rows(*, runs_only: bool = True, until: Any = None) -> sa.Subquery:
    """One row per runner with the race context and the definitions applied.

    Columns: ids (race, horse, jockey, trainer, owner, course, sire, dam, damsire), ``date``,
    ``off_dt``, ``distance_y``, ``dist_f``, buckets (``going_b``, ``surface_b``, ``class_b``,
    ``band``), ``jumps``, 0/1 flags ``run``, ``win``, ``second``, ``third``, ``place``,
    ``has_sp``; ``sp_win`` (a win with an SP), ``inv_sp`` (1/SP), ``pl_sp`` and ``pl_bsp``
    (level-stakes profit, dead-heat rule), ``has_bsp``, ``quality`` and ``win_time``.
    ``runs_only`` keeps runs alone; ``until`` keeps races on or before that date.
    """
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
    jumps = is_jumps(rc.type)
    columns = [
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
        sa.case((has_sp, sa.literal_column("1.0") / rn.sp_dec)).label("inv_sp"),
        sa.case(
            (sa.and_(has_sp, rn.position == 1), rn.sp_dec / winners - 1), (has_sp, -1)
        ).label("pl_sp"),
        flag(has_bsp).label("has_bsp"),
        sa.case(
            (sa.and_(has_bsp, rn.position == 1), rn.bsp / winners - 1), (has_bsp, -1)
        ).label("pl_bsp"),
        flag(
            sa.and_(
                has_sp,
                rc.distance_y.is_not(None),
                sa.or_(rc.race_class.in_(CLASSES), sa.func.upper(rc.region) == "IRE"),
            )
        ).label("quality"),
        sa.case((win, sa.func.coalesce(rn.finishing_time_s, rc.winning_time_s))).label(
            "win_time"
        ),
    ]
    query = (
        sa.select(*columns)
        .select_from(
            ra_mst_runners.join(ra_mst_races, rc.id == rn.race_id).outerjoin(
                ra_mst_horses, h.id == rn.horse_id
            )
        )
    )
    if runs_only:
        query = query.where(run)
    if until is not None:
        query = query.where(rc.date <= until)
    return query.subquery("r")
