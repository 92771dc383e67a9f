"""The record of a group of runs as SQL aggregates: counts, rates, A/E, P/L, dates, times.

Every table sums the same flags of :func:`darkhorses.stats.definitions.runner_rows`, so a win,
an A/E or a P/L means the same thing wherever it is shown. A table that shows a group and its
breakdowns (by going, class, surface ...) sums the runs once, per group and bucket, with
:func:`sums`, and adds those sums up per group with :func:`rollup`: every figure is a sum, a
count, a minimum or a maximum, so the totals of the buckets are the group's totals.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from darkhorses.stats.definitions import ae_of, json_object, json_object_agg, money, percent_of

Aggregates = dict[str, ColumnElement[Any]]

# How each sum of :func:`sums` adds up over buckets.
_COMBINE = {
    "runs": "sum",
    "wins": "sum",
    "seconds": "sum",
    "thirds": "sum",
    "priced": "sum",
    "sp_wins": "sum",
    "inverse": "sum",
    "pl_sp": "sum",
    "pl_bsp": "sum",
    "quality": "sum",
    "first_run_date": "min",
    "last_run_date": "max",
    "last_win_date": "max",
    "best_time": "min",
    "time_hundredths": "sum",
    "timed_wins": "sum",
}


def total(column: Any) -> ColumnElement[int]:
    """A sum that is 0, not NULL, over no rows (typed wide: the 0/1 flags are small)."""
    return sa.func.coalesce(sa.func.sum(column, type_=sa.BigInteger), 0)


def sums(r: Any, *, times: bool = False) -> Aggregates:
    """The sums every figure is made of, over the runs of ``r`` grouped by the caller."""
    out: Aggregates = {
        "runs": sa.func.count(),
        "wins": total(r.c.win),
        "seconds": total(r.c.second),
        "thirds": total(r.c.third),
        "sp_wins": total(r.c.sp_win),
        "inverse": sa.func.sum(r.c.inv_sp),
        "pl_sp": sa.func.sum(r.c.pl_sp),
        "pl_bsp": sa.func.sum(r.c.pl_bsp),
        "quality": total(r.c.quality),
        "first_run_date": sa.func.min(r.c.date),
        "last_run_date": sa.func.max(r.c.date),
        "last_win_date": sa.func.max(sa.case((r.c.win == 1, r.c.date))),
    }
    if times:
        # In hundredths, summed as whole numbers: the mean rounds the same on both backends.
        out["best_time"] = sa.func.min(r.c.win_time)
        out["time_hundredths"] = sa.func.sum(sa.cast(sa.func.round(r.c.win_time * 100), sa.Integer))
        out["timed_wins"] = sa.func.count(r.c.win_time)
    return out


def rollup(g: Any) -> Aggregates:
    """The sums of :func:`sums` added up over the rows of ``g`` grouped by the caller (a sum
    of sums stays a whole number: PostgreSQL's sum of bigints is a numeric)."""
    out: Aggregates = {}
    for name, combine in _COMBINE.items():
        if name in g.c:
            value = getattr(sa.func, combine)(g.c[name])
            out[name] = sa.cast(value, sa.BigInteger) if combine == "sum" else value
    return out


def ae(t: Any) -> ColumnElement[Any]:
    """A/E of a row of sums."""
    return ae_of(t.c.sp_wins, t.c.inverse)


def record(t: Any, *, percent: bool = True) -> Aggregates:
    """The figures columns of the stats tables from a row of sums ``t``.

    ``percent`` gives win/place as 0..100 (3 places); otherwise as fractions 0..1 (4 places).
    """
    scale, times = (3, 100) if percent else (4, 1)
    places = t.c.wins + t.c.seconds + t.c.thirds
    return {
        "runs": t.c.runs,
        "wins": t.c.wins,
        "seconds": t.c.seconds,
        "thirds": t.c.thirds,
        "places": places,
        "win_percent": percent_of(t.c.wins, t.c.runs, scale, times),
        "place_percent": percent_of(places, t.c.runs, scale, times),
        "ae_index": ae(t),
        "profit_loss_1u": money(t.c.pl_sp),
        "profit_loss_bsp_1u": money(t.c.pl_bsp),
        "first_run_date": t.c.first_run_date,
        "last_run_date": t.c.last_run_date,
        "last_win_date": t.c.last_win_date,
    }


def winning_times(t: Any) -> Aggregates:
    """Best and average winning time in seconds (the latest is found by the caller)."""
    return {
        "best_winning_time_s": t.c.best_time,
        "avg_winning_time_s": percent_of(t.c.time_hundredths, t.c.timed_wins * 100, 2),
    }


def breakdown(g: Any, keys: list[str], bucket: str, name: str) -> sa.Subquery:
    """Per ``keys`` of the sums ``g``: a JSON object ``{bucket: {"runs", "wins", "ae"}}``
    named ``breakdown``."""
    per_bucket = (
        sa.select(
            *(g.c[k] for k in keys),
            g.c[bucket].label("bucket"),
            *(expr.label(n) for n, expr in rollup(g).items() if n in ("runs", "wins")),
            *(expr.label(n) for n, expr in rollup(g).items() if n in ("sp_wins", "inverse")),
        )
        .group_by(*(g.c[k] for k in keys), g.c[bucket])
        .subquery(f"{name}_per_bucket")
    )
    p = per_bucket.c
    return (
        sa.select(
            *(p[k] for k in keys),
            json_object_agg(
                p.bucket, json_object("runs", p.runs, "wins", p.wins, "ae", ae(per_bucket))
            ).label("breakdown"),
        )
        .group_by(*(p[k] for k in keys))
        .subquery(name)
    )
