"""The one set of definitions every statistic uses, as SQL expressions (``docs/statistics.md``).

What a run, a win and a place are; the going, surface, class and distance buckets; the
dead-heat rule for profit; and the few portable SQL helpers (date arithmetic, JSON objects,
exact rounding) that make each statement read the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from darkhorses.store.schema.racing import ra_mst_horses, ra_mst_races, ra_mst_runners
from darkhorses.store.schema.stats import GOING_BUCKETS, dh_stats_runs

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


class bytewise(FunctionElement[str]):
    """A text compared byte by byte: ``COLLATE "C"`` on PostgreSQL (sorts on ids several
    times cheaper than under a language collation, and ordered as SQLite orders them)."""

    type = sa.Text()
    inherit_cache = True


@compiles(bytewise, "sqlite")
def _bytewise_sqlite(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(bytewise, "postgresql")
def _bytewise_pg(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return f'({compiler.process(element.clauses, **kw)}) COLLATE "C"'


class unindexed(FunctionElement[Any]):
    """A column SQLite must not look up through an index (``+column``): a filter such as
    ``jockey_id IS NOT NULL`` keeps nearly every row, and reading them all through the
    index costs a lookup each where a scan reads them in order. PostgreSQL decides itself."""

    type = sa.Text()  # only ever tested for NULL
    inherit_cache = True


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(unindexed, "postgresql")
def _unindexed_pg(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


def present(column: Any) -> ColumnElement[bool]:
    """``column IS NOT NULL``, checked without an index (see :class:`unindexed`)."""
    return unindexed(column).is_not(None)


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
# A/E's expected wins, sum(1 / SP), is summed in whole units of 10^-9 (each 1 / SP rounded to
# nine places): whole-number sums are exact in any order, so a group's A/E is the same on
# both backends and whether it is computed in full or incrementally.
INV_UNITS = 1_000_000_000
EPOCH = date(1970, 1, 1)

# Every runner with the definitions applied (``dh_stats_runs``, kept between runs).
runs_table = dh_stats_runs


def is_run(rn: Any) -> ColumnElement[bool]:
    """A run: a result that was not a non-runner or a void race (``rn``: runner columns)."""
    return sa.and_(
        rn.position_status.is_not(None),
        rn.position_status.not_in(NOT_RUNS),
        sa.or_(rn.is_non_runner.is_(None), rn.is_non_runner == sa.false()),
    )


def race_context(races: Any = None) -> Any:
    """Each race (or those whose id ``races`` selects) with its buckets, computed once per race
    rather than once per runner, and its number of winners (for the dead-heat rule)."""
    rc, rn = ra_mst_races.c, ra_mst_runners.c
    jumps = is_jumps(rc.type)
    winners = sa.select(rn.race_id, sa.func.count().label("winners")).where(
        is_run(rn), rn.position == 1
    )
    if races is not None:
        winners = winners.where(rn.race_id.in_(races))
    winners_q = winners.group_by(rn.race_id).subquery("winners")
    select = sa.select(
        rc.id,
        rc.course_id,
        rc.date,
        days_between(rc.date, sa.literal(EPOCH, sa.Date)).label("day_no"),
        rc.off_dt,
        rc.distance_y,
        distance_furlongs(rc.distance_y).label("dist_f"),
        going_bucket(rc.going).label("going_b"),
        surface_bucket(rc.surface).label("surface_b"),
        class_bucket(rc.race_class, rc.region).label("class_b"),
        distance_band(rc.distance_y, jumps).label("band"),
        flag(jumps).label("jumps"),
        flag(
            sa.and_(
                rc.distance_y.is_not(None),
                sa.or_(rc.race_class.in_(CLASSES), sa.func.upper(rc.region) == "IRE"),
            )
        ).label("classed"),
        rc.winning_time_s,
        winners_q.c.winners,
    ).select_from(ra_mst_races.outerjoin(winners_q, winners_q.c.race_id == rc.id))
    if races is not None:
        select = select.where(rc.id.in_(races))
    return select.cte("race_context").prefix_with("MATERIALIZED")


def definitions_select(races: Any = None, where: Any = None) -> sa.Select[Any]:
    """Every runner with its race context, buckets and 0/1 flags: the columns of
    ``dh_stats_runs``, computed from the stored runners, races and horses. ``races`` (a
    select of race ids) and ``where`` (a condition on the runners) pick fewer."""
    rn, h = ra_mst_runners.c, ra_mst_horses.c
    rc = race_context(races)
    run = is_run(rn)
    win = sa.and_(run, rn.position == 1)
    has_sp = sa.and_(run, rn.sp_dec > 0)
    has_bsp = sa.and_(run, rn.bsp > 0)

    def units(price: Any, priced: Any) -> Any:
        # Dead-heat rule: the stake is divided by the number sharing first place.
        won = sa.cast(sa.func.round(price * PL_UNITS / rc.c.winners), sa.Integer) - PL_UNITS
        return sa.case((sa.and_(priced, rn.position == 1), won), (priced, -PL_UNITS))

    inverse = sa.func.round(sa.literal_column(f"{INV_UNITS}.0") / rn.sp_dec)
    select = sa.select(
        rn.race_id,
        rn.horse_id,
        rn.jockey_id,
        rn.trainer_id,
        rn.owner_id,
        rc.c.course_id,
        h.sire_id,
        h.dam_id,
        h.damsire_id,
        rc.c.date,
        rc.c.day_no,
        rc.c.off_dt,
        rc.c.distance_y,
        rc.c.dist_f,
        rc.c.going_b,
        rc.c.surface_b,
        rc.c.class_b,
        rc.c.band,
        rc.c.jumps,
        flag(run).label("run"),
        flag(win).label("win"),
        flag(sa.and_(run, rn.position == 2)).label("second"),
        flag(sa.and_(run, rn.position == 3)).label("third"),
        flag(has_sp).label("has_sp"),
        flag(sa.and_(has_sp, rn.position == 1)).label("sp_win"),
        flag(has_bsp).label("has_bsp"),
        flag(sa.and_(has_sp, rc.c.classed == 1)).label("quality"),
        units(rn.sp_dec, has_sp).label("pl_sp"),
        units(rn.bsp, has_bsp).label("pl_bsp"),
        sa.case((has_sp, sa.cast(inverse, sa.Integer))).label("inv_sp"),
        sa.case((win, sa.func.coalesce(rn.finishing_time_s, rc.c.winning_time_s))).label(
            "win_time"
        ),
    ).select_from(
        ra_mst_runners.join(rc, rc.c.id == rn.race_id).outerjoin(ra_mst_horses, h.id == rn.horse_id)
    )
    return select if where is None else select.where(where)


def runner_rows(*, runs_only: bool = True, until: Any = None, where: Any = None) -> sa.Subquery:
    """The prepared runner rows (``dh_stats_runs``): runs alone (``runs_only``), races up to
    ``until``, and only those ``where`` (a condition on ``runs_table``) picks.

    Columns: ids (race, horse, jockey, trainer, owner, course, sire, dam, damsire), ``date``,
    ``day_no``, ``off_dt``, ``distance_y``, ``dist_f``, buckets (``going_b``, ``surface_b``,
    ``class_b``, ``band``), 0/1 flags (``jumps``, ``run``, ``win``, ``second``, ``third``,
    ``has_sp``, ``sp_win``, ``has_bsp``, ``quality``), ``pl_sp`` / ``pl_bsp``
    (profit in ``PL_UNITS`` of a stake, dead-heat rule), ``inv_sp`` (1 / SP in
    ``INV_UNITS``) and ``win_time``.
    """
    query = sa.select(runs_table)
    if runs_only:
        query = query.where(runs_table.c.run == 1)
    if until is not None:
        query = query.where(runs_table.c.date <= until)
    if where is not None:
        query = query.where(where)
    return query.subquery("r")


def ae_of(wins: Any, inverse_units: Any) -> ColumnElement[Any]:
    """A/E = wins / sum(1 / SP) to 4 places, half up, from ``wins`` and the sum of ``inv_sp``
    (whole numbers, so exact on both backends); NULL when no run had an SP."""
    unit = 10**4
    den = sa.func.nullif(inverse_units, 0)
    scaled = (sa.literal(2 * INV_UNITS * unit, sa.BigInteger) * wins + den) // (2 * den)
    return sa.func.round(scaled * sa.literal_column("0.0001"), 4)


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
    scaled = (sa.literal(2 * times * unit, sa.BigInteger) * count + den) // (2 * den)
    return scaled * sa.literal_column(f"{1 / unit:.{scale}f}")
