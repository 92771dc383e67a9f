"""Statistics tables computed in SQL by the stats job from the runs (``docs/statistics.md``).

Definitions used by every figure: a *run* is a runner with a result that was not a non-runner;
a *win* is position 1 (every dead-heater wins, P/L by the dead-heat rule); *places* are 1st, 2nd
or 3rd; percentages are 0..100 over runs; ``ae_index`` = wins / sum(1 / SP decimal) over runs
with an SP (NULL when none); P/L is level stakes of 1 unit a run at SP (winner SP - 1, loser
-1) and at BSP where present.

Foreign keys: ``ra_runner_statistics`` -> ``ra_mst_runners`` (it is computed from the runner
rows, so the parent always exists, and goes with it). The entity tables key on
``(entity_type, entity_id)``, which no single foreign key can express; pairs key on people ids
whose master rows may come later. They join on the ids.

The stats job's working state: ``dh_stats_runs`` holds every runner with the definitions
applied, as the last run read it, and ``dh_stats_changes`` lists the runner, race and horse
rows changed since (triggers on those tables write it, in the writer's own transaction), so a
run recomputes only the groups those changes touch; ``dh_stats_person_sums``,
``dh_stats_ancestor_sums`` and ``dh_stats_horse_counts`` keep careers as sums a run adds to
and takes from. None has foreign keys: a deleted runner must leave its old values for the
next run to take out of the figures.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema.base import JSONType, UTCDateTime, metadata

PERCENT = sa.Numeric(7, 3)
RATIO = sa.Numeric(9, 4)
MONEY = sa.Numeric(14, 2)
SECONDS = sa.Numeric(9, 2)

# Canonical going buckets: each run falls in exactly one (docs/statistics.md).
GOING_BUCKETS = (
    "firm",
    "good_to_firm",
    "good",
    "good_to_soft",
    "soft",
    "heavy",
    "standard",
    "standard_to_slow",
    "slow",
)


def _col(name: str, type_: Any, comment: str, *args: Any, **kw: Any) -> sa.Column[Any]:
    """A column with its data-dictionary comment."""
    return sa.Column(name, type_, *args, comment=comment, **kw)


def _figures(scope: str) -> list[sa.Column[Any]]:
    """The record of a group of runs: counts, rates, A/E and P/L (``scope`` names the group)."""
    return [
        _col("runs", sa.Integer, f"Runs {scope}.", nullable=False),
        _col("wins", sa.Integer, f"Wins {scope}, dead-heaters included.", nullable=False),
        _col("seconds", sa.Integer, f"2nd places {scope}.", nullable=False),
        _col("thirds", sa.Integer, f"3rd places {scope}.", nullable=False),
        _col("places", sa.Integer, f"1st, 2nd or 3rd finishes {scope}.", nullable=False),
        _col("win_percent", PERCENT, "Wins / runs, 0..100."),
        _col("place_percent", PERCENT, "Places / runs, 0..100."),
        _col("ae_index", RATIO, "A/E: wins / sum(1 / SP decimal) over runs with an SP."),
        _col("profit_loss_1u", MONEY, "Level-stakes P/L at SP, 1 unit a run (dead-heat rule)."),
        _col("profit_loss_bsp_1u", MONEY, "Level-stakes P/L at BSP over runs with a BSP."),
        _col("first_run_date", sa.Date, f"Date of the first run {scope}."),
        _col("last_run_date", sa.Date, f"Date of the latest run {scope}."),
        _col("last_win_date", sa.Date, f"Date of the latest win {scope}."),
    ]


def _times_and_going() -> list[sa.Column[Any]]:
    return [
        _col("best_winning_time_s", SECONDS, "Fastest winning time, seconds."),
        _col("avg_winning_time_s", SECONDS, "Mean winning time, seconds."),
        _col("last_winning_time_s", SECONDS, "Winning time of the latest win, seconds."),
        _col(
            "going_breakdown",
            JSONType,
            'Per going bucket: {"good": {"runs": 4, "wins": 1, "ae": 0.9}, ...}.',
        ),
    ]


def _entity_key(what: str) -> list[sa.Column[Any]]:
    return [
        _col("entity_type", sa.Text, "horse, jockey or trainer.", primary_key=True),
        _col(
            "entity_id", sa.Text, f"The entity's id: hrs_, jky_ or trn_ ({what}).", primary_key=True
        ),
    ]


_COMPUTED_AT = "When the stats job last computed this row (UTC)."

ra_entity_combinations = sa.Table(
    "ra_entity_combinations",
    metadata,
    _col("jockey_id", sa.Text, "Jockey id, jky_...", primary_key=True),
    _col("trainer_id", sa.Text, "Trainer id, trn_...", primary_key=True),
    *_figures("by the jockey for the trainer"),
    _col("computed_at", UTCDateTime, _COMPUTED_AT, nullable=False),
    sa.Index(None, "trainer_id"),
    comment="Jockey x trainer pairs with at least the configured number of runs (default 5).",
)

ra_performance_by_distance = sa.Table(
    "ra_performance_by_distance",
    metadata,
    *_entity_key("per distance"),
    _col("distance_y", sa.Integer, "Race distance in yards.", primary_key=True),
    _col("distance_band", sa.Text, "Documented distance band of distance_y (flat or jumps)."),
    *_figures("at this distance"),
    *_times_and_going(),
    _col("computed_at", UTCDateTime, _COMPUTED_AT, nullable=False),
    comment="Horse, jockey and trainer records per race distance (yards).",
)

ra_performance_by_venue = sa.Table(
    "ra_performance_by_venue",
    metadata,
    *_entity_key("per course"),
    _col("course_id", sa.Text, "Course id, crs_...", primary_key=True),
    *_figures("at this course"),
    *_times_and_going(),
    _col("computed_at", UTCDateTime, _COMPUTED_AT, nullable=False),
    sa.Index(None, "course_id"),
    comment="Horse, jockey and trainer records per course.",
)


# (column prefix, what the group of earlier runs is) for ra_runner_statistics.
RUNNER_SCOPES: tuple[tuple[str, str], ...] = (
    ("career", "in its career"),
    ("course", "at this course"),
    ("course_distance", "at this course over this distance"),
    ("distance", "over this distance"),
    *((f"going_{b}", f"on {b.replace('_', ' ')} going") for b in GOING_BUCKETS),
    ("all_weather", "on all-weather surfaces"),
    ("jumps", "over jumps (hurdle, chase, NH flat races)"),
    ("jockey", "ridden by this race's jockey"),
    ("last_10", "in its last 10 runs"),
    ("last_12_months", "in the 12 months before the race"),
)


def _runner_scope(prefix: str, what: str) -> list[sa.Column[Any]]:
    before = f"{what}, before this race's off"
    return [
        _col(f"{prefix}_runs", sa.Integer, f"Runs {before}."),
        _col(f"{prefix}_wins", sa.Integer, f"Wins {before}."),
        _col(f"{prefix}_seconds", sa.Integer, f"2nd places {before}."),
        _col(f"{prefix}_thirds", sa.Integer, f"3rd places {before}."),
    ]


ra_runner_statistics = sa.Table(
    "ra_runner_statistics",
    metadata,
    _col("race_id", sa.Text, "Race id, rac_...", primary_key=True),
    _col("horse_id", sa.Text, "Horse id, hrs_...", primary_key=True),
    _col("race_date", sa.Date, "Race date: the figures count only earlier runs.", nullable=False),
    _col("off_dt", UTCDateTime, "Off of the race (UTC): the point in time of the figures."),
    *(c for prefix, what in RUNNER_SCOPES for c in _runner_scope(prefix, what)),
    _col("last_raced_date", sa.Date, "Date of the horse's previous run."),
    _col("last_won_date", sa.Date, "Date of the horse's previous win."),
    _col("days_since_last_run", sa.Integer, "Days from the previous run to this race."),
    _col("min_winning_distance_y", sa.Integer, "Shortest distance won at before, yards."),
    _col("max_winning_distance_y", sa.Integer, "Longest distance won at before, yards."),
    _col("computed_at", UTCDateTime, _COMPUTED_AT, nullable=False),
    sa.ForeignKeyConstraint(
        ["race_id", "horse_id"],
        ["ra_mst_runners.race_id", "ra_mst_runners.horse_id"],
        ondelete="CASCADE",
    ),
    sa.Index(None, "horse_id", "race_date"),
    sa.Index(None, "race_date"),
    comment="Each runner's record strictly before its race's off: point in time, no look-ahead.",
)

# --- the statistics job's own working state (docs/statistics.md, "How it is computed") ---------

_FLAG = "1 or 0"


def _flag(name: str, what: str) -> sa.Column[Any]:
    return _col(name, sa.SmallInteger, f"{_FLAG}: {what}.", nullable=False)


# How an incremental run finds the runs of a few horses, people, pairs and groups.
_STATS_RUNS_INDEXES = (
    ("horse_id", "day_no"),
    ("jockey_id", "trainer_id"),
    ("jockey_id", "distance_y"),
    ("jockey_id", "course_id"),
    ("trainer_id", "distance_y"),
    ("trainer_id", "course_id"),
    ("owner_id",),
    ("day_no",),
)

dh_stats_runs = sa.Table(
    "dh_stats_runs",
    metadata,
    _col("race_id", sa.Text, "Race id, rac_...", primary_key=True),
    _col("horse_id", sa.Text, "Horse id, hrs_...", primary_key=True),
    _col("jockey_id", sa.Text, "Jockey id of the runner."),
    _col("trainer_id", sa.Text, "Trainer id of the runner."),
    _col("owner_id", sa.Text, "Owner id of the runner."),
    _col("course_id", sa.Text, "Course id of the race."),
    _col("sire_id", sa.Text, "Sire of the horse (its ra_mst_horses row)."),
    _col("dam_id", sa.Text, "Dam of the horse (its ra_mst_horses row)."),
    _col("damsire_id", sa.Text, "Damsire of the horse (its ra_mst_horses row)."),
    _col("date", sa.Date, "Race date, UK calendar.", nullable=False),
    _col(
        "day_no", sa.Integer, "Race date as days since 1970-01-01 (date windows).", nullable=False
    ),
    _col("off_dt", UTCDateTime, "Off of the race (UTC): orders a horse's runs within a day."),
    _col("distance_y", sa.Integer, "Race distance in yards."),
    _col("dist_f", sa.Integer, "Race distance to the nearest furlong."),
    _col("going_b", sa.Text, "Going bucket of the race: good, soft, ..., unknown.", nullable=False),
    _col("surface_b", sa.Text, "Surface bucket: turf, all_weather or unknown.", nullable=False),
    _col(
        "class_b", sa.Text, "Class bucket: Class 1..7, Irish (no class), Unclassed.", nullable=False
    ),
    _col("band", sa.Text, "Distance band, flat or jumps; NULL without a distance."),
    _flag("jumps", "a hurdle, chase or NH flat race"),
    _flag("run", "a run (a result that was not a non-runner or a void race)"),
    _flag("win", "a run that won (dead-heaters included)"),
    _flag("second", "a run placed 2nd"),
    _flag("third", "a run placed 3rd"),
    _flag("has_sp", "a run with a starting price"),
    _flag("sp_win", "a winning run with a starting price"),
    _flag("has_bsp", "a run with a Betfair starting price"),
    _flag("quality", "a run with an SP, a class (or Irish) and a distance"),
    _col("pl_sp", sa.Integer, "Level-stakes P/L at SP in 1/60000 of a stake (dead-heat rule)."),
    _col("pl_bsp", sa.Integer, "Level-stakes P/L at BSP in 1/60000 of a stake."),
    _col("inv_sp", sa.Integer, "1 / SP decimal in units of 10^-9 (A/E's expected wins)."),
    _col("win_time", SECONDS, "A win's time in seconds: the runner's, else the race's."),
    *(sa.Index(None, *columns) for columns in _STATS_RUNS_INDEXES),
    comment=(
        "Every runner with the statistics definitions applied, as the stats job last read it: "
        "the input of every statistic, kept so a run recomputes only what changed."
    ),
)


def _sums(what: str) -> list[sa.Column[Any]]:
    """The whole-number sums the figures of a group are made of (``what`` names the runs)."""
    return [
        _col("runs", sa.Integer, f"Runs {what}.", nullable=False),
        _col("wins", sa.Integer, f"Wins {what}.", nullable=False),
        _col("seconds", sa.Integer, f"2nd places {what}.", nullable=False),
        _col("thirds", sa.Integer, f"3rd places {what}.", nullable=False),
        _col("priced", sa.Integer, f"Runs {what} with an SP.", nullable=False),
        _col("sp_wins", sa.Integer, f"Wins {what} with an SP.", nullable=False),
        _col("inverse", sa.BigInteger, "Sum of 1 / SP in units of 10^-9.", nullable=False),
        _col(
            "pl_sp", sa.BigInteger, "Level-stakes P/L at SP in 1/60000 of a stake.", nullable=False
        ),
    ]


dh_stats_person_sums = sa.Table(
    "dh_stats_person_sums",
    metadata,
    _col("role", sa.Text, "jockey, trainer or owner.", primary_key=True),
    _col("id", sa.Text, "The person's id: jky_, trn_ or own_.", primary_key=True),
    *_sums("up to the as-of date"),
    _col("last_date", sa.Date, "Date of the latest run."),
    _col("last_win_date", sa.Date, "Date of the latest win."),
    comment=(
        "Each jockey's, trainer's and owner's career as sums, kept by the stats job: a daily "
        "run adds the new runs and takes out the changed ones instead of reading careers."
    ),
)

dh_stats_ancestor_sums = sa.Table(
    "dh_stats_ancestor_sums",
    metadata,
    _col("role", sa.Text, "sire, dam or damsire.", primary_key=True),
    _col("id", sa.Text, "The ancestor's id: sir_, dam_ or dsi_.", primary_key=True),
    _col("class_b", sa.Text, "Class bucket of the runs.", primary_key=True),
    _col("band", sa.Text, "Distance band of the runs; empty without a distance.", primary_key=True),
    _col("going_b", sa.Text, "Going bucket of the runs.", primary_key=True),
    _col("surface_b", sa.Text, "Surface bucket of the runs.", primary_key=True),
    *_sums("of the progeny in these buckets"),
    _col(
        "quality",
        sa.Integer,
        "Runs with an SP, a class (or Irish) and a distance.",
        nullable=False,
    ),
    comment=(
        "Each sire's, dam's and damsire's progeny runs as sums per class, band, going and "
        "surface, kept by the stats job (added to and taken from, never read run by run)."
    ),
)

dh_stats_horse_counts = sa.Table(
    "dh_stats_horse_counts",
    metadata,
    _col("role", sa.Text, "owner, sire, dam or damsire.", primary_key=True),
    _col("id", sa.Text, "The owner's or ancestor's id.", primary_key=True),
    _col("horse_id", sa.Text, "A horse with runs for it, hrs_...", primary_key=True),
    _col("runs", sa.Integer, "The horse's runs for it up to the as-of date.", nullable=False),
    comment=(
        "Runs per owner (or ancestor) and horse, kept by the stats job: distinct horses and "
        "progeny are the rows with runs, without reading every run again."
    ),
)

dh_stats_changes = sa.Table(
    "dh_stats_changes",
    metadata,
    _col("id", sa.Integer, "Change number, assigned by the database.", primary_key=True),
    _col(
        "race_id",
        sa.Text,
        "Race whose runner (with horse_id) or whose own row changed; NULL for a horse.",
    ),
    _col(
        "horse_id",
        sa.Text,
        "Horse whose runner (with race_id) or whose pedigree changed; NULL for a race.",
    ),
    comment=(
        "Runner, race and horse rows changed since the last statistics run: written by "
        "triggers on ra_mst_runners, ra_mst_races and ra_mst_horses, emptied by the stats job."
    ),
)

__all__ = [
    "GOING_BUCKETS",
    "RUNNER_SCOPES",
    "dh_stats_ancestor_sums",
    "dh_stats_changes",
    "dh_stats_horse_counts",
    "dh_stats_person_sums",
    "dh_stats_runs",
    "ra_entity_combinations",
    "ra_performance_by_distance",
    "ra_performance_by_venue",
    "ra_runner_statistics",
]
