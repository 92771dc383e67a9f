"""The record of a group of runs as SQL aggregates: counts, rates, A/E, P/L, dates, times.

Every table sums the same flags of :func:`darkhorses.stats.definitions.runner_rows`, so a win,
an A/E or a P/L means the same thing wherever it is shown.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from darkhorses.stats.definitions import (
    fraction,
    json_object,
    json_object_agg,
    money,
    percent_of,
    rounded,
)

Aggregates = dict[str, ColumnElement[Any]]


def total(column: Any) -> ColumnElement[int]:
    """A sum that is 0, not NULL, over no rows."""
    return sa.func.coalesce(sa.func.sum(column), 0)


def ae(r: Any, where: Any = None) -> ColumnElement[Any]:
    """A/E: wins / sum(1/SP) over the runs with an SP (optionally only where ``where``)."""
    if where is None:
        return rounded(fraction(sa.func.sum(r.c.sp_win), sa.func.sum(r.c.inv_sp)), 4)
    wins = sa.func.sum(sa.case((where, r.c.sp_win)))
    return rounded(fraction(wins, sa.func.sum(sa.case((where, r.c.inv_sp)))), 4)


def record(r: Any, *, percent: bool = True) -> Aggregates:
    """The figures columns of the stats tables over the runs of ``r`` grouped by the caller.

    ``percent`` gives win/place as 0..100 (3 places); otherwise as fractions 0..1 (4 places).
    """
    runs = sa.func.count()
    wins, places = total(r.c.win), total(r.c.place)
    scale, times = (3, 100) if percent else (4, 1)
    return {
        "runs": runs,
        "wins": wins,
        "seconds": total(r.c.second),
        "thirds": total(r.c.third),
        "places": places,
        "win_percent": percent_of(wins, runs, scale, times),
        "place_percent": percent_of(places, runs, scale, times),
        "ae_index": ae(r),
        "profit_loss_1u": money(sa.func.sum(r.c.pl_sp)),
        "profit_loss_bsp_1u": money(sa.func.sum(r.c.pl_bsp)),
        "first_run_date": sa.func.min(r.c.date),
        "last_run_date": sa.func.max(r.c.date),
        "last_win_date": sa.func.max(sa.case((r.c.win == 1, r.c.date))),
    }


def winning_times(r: Any) -> Aggregates:
    """Best and average winning time in seconds (the latest is found by the caller)."""
    return {
        "best_winning_time_s": sa.func.min(r.c.win_time),
        # In hundredths, summed as whole numbers: the mean rounds the same on both backends.
        "avg_winning_time_s": percent_of(
            sa.func.sum(sa.cast(sa.func.round(r.c.win_time * 100), sa.Integer)),
            sa.func.count(r.c.win_time) * 100,
            2,
        ),
    }


def breakdown(r: Any, keys: list[Any], bucket: Any, name: str = "breakdowns") -> Any:
    """Per ``keys``: a JSON object ``{bucket: {"runs", "wins", "ae"}}`` named ``breakdown``."""
    per_bucket = (
        sa.select(
            *keys,
            bucket.label("bucket"),
            sa.func.count().label("runs"),
            total(r.c.win).label("wins"),
            ae(r).label("ae"),
        )
        .group_by(*keys, bucket)
        .subquery(f"{name}_per_bucket")
    )
    names = [k.name for k in keys]
    return (
        sa.select(
            *(per_bucket.c[n] for n in names),
            json_object_agg(
                per_bucket.c.bucket,
                json_object(
                    "runs", per_bucket.c.runs, "wins", per_bucket.c.wins, "ae", per_bucket.c.ae
                ),
            ).label("breakdown"),
        )
        .group_by(*(per_bucket.c[n] for n in names))
        .cte(name)
        .prefix_with("MATERIALIZED")
    )
