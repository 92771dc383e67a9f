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

__all__ = [
    "GOING_BUCKETS",
    "RUNNER_SCOPES",
    "ra_entity_combinations",
    "ra_performance_by_distance",
    "ra_performance_by_venue",
    "ra_runner_statistics",
]
