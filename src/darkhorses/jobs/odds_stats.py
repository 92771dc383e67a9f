"""Odds statistics as JSON: live capture, final odds and both together, computed in SQL.

Every figure is an aggregate the database computes over all rows (no row limit, no sample);
Python only shapes the answers into JSON. ``write_json(engine, directory)`` writes
``odds_live.json``, ``odds_historical.json`` and ``odds_combined.json``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema.odds import (
    ra_odds_historical,
    ra_odds_history,
    ra_odds_live,
    ra_odds_statistics,
)

FILES = {
    "live": "odds_live.json",
    "historical": "odds_historical.json",
    "combined": "odds_combined.json",
}


def _one(conn: sa.Connection, query: sa.Select[Any] | Any) -> dict[str, Any]:
    row = conn.execute(query).mappings().one()
    return {k: _plain(v) for k, v in row.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    return value


def _count_distinct(conn: sa.Connection, *columns: sa.ColumnElement[Any]) -> int:
    """COUNT(DISTINCT (a, b)) portably: a count over a distinct subquery."""
    inner = sa.select(*columns).distinct().subquery()
    return int(conn.execute(sa.select(sa.func.count()).select_from(inner)).scalar_one())


def live_stats(conn: sa.Connection) -> dict[str, Any]:
    """Cycles run, prices held, changes recorded, per bookmaker."""
    s, live, hist = ra_odds_statistics, ra_odds_live, ra_odds_history
    f = sa.func
    cycles = _one(
        conn,
        sa.select(
            f.count().label("cycles"),
            f.min(s.c.cycle_at).label("first_cycle_at"),
            f.max(s.c.cycle_at).label("last_cycle_at"),
            f.coalesce(f.sum(s.c.api_calls), 0).label("api_calls"),
            f.coalesce(f.sum(s.c.prices_seen), 0).label("prices_seen"),
            f.coalesce(f.sum(s.c.prices_changed), 0).label("prices_changed"),
            f.coalesce(f.sum(s.c.withdrawals), 0).label("withdrawals"),
            f.coalesce(f.sum(s.c.errors), 0).label("errors"),
            f.avg(s.c.fetch_ms).label("mean_fetch_ms"),
            f.max(s.c.fetch_ms).label("max_fetch_ms"),
            f.avg(s.c.process_ms).label("mean_process_ms"),
            f.max(s.c.process_ms).label("max_process_ms"),
            f.sum(sa.case((s.c.prices_changed == 0, 1), else_=0)).label("quiet_cycles"),
        ),
    )
    prices = _one(
        conn,
        sa.select(
            f.count().label("prices"),
            f.count(live.c.race_id.distinct()).label("races"),
            f.count(live.c.bookmaker_id.distinct()).label("bookmakers"),
            f.sum(sa.case((live.c.is_withdrawn.is_(True), 1), else_=0)).label("withdrawn"),
            f.sum(sa.case((live.c.is_sp.is_(True), 1), else_=0)).label("sp_quotes"),
            f.min(live.c.race_date).label("first_day"),
            f.max(live.c.race_date).label("last_day"),
        ),
    )
    prices["runners"] = _count_distinct(conn, live.c.race_id, live.c.horse_id)
    history = _one(
        conn,
        sa.select(
            f.count().label("rows"),
            f.count(hist.c.race_date.distinct()).label("days"),
            f.count(hist.c.race_id.distinct()).label("races"),
        ),
    )
    history["by_source"] = {
        source or "unknown": n
        for source, n in conn.execute(
            sa.select(hist.c.source, f.count()).group_by(hist.c.source).order_by(hist.c.source)
        )
    }
    keys = _count_distinct(conn, hist.c.race_id, hist.c.horse_id, hist.c.bookmaker_id)
    history["keys"] = keys
    history["mean_changes_per_price"] = round(history["rows"] / keys, 4) if keys else None
    per_book = sa.select(
        hist.c.bookmaker_id,
        f.count().label("history_rows"),
        f.avg(hist.c.decimal).label("mean_decimal"),
    ).group_by(hist.c.bookmaker_id)
    bookmakers = {
        row.bookmaker_id: {
            "history_rows": row.history_rows,
            "mean_decimal": _plain(row.mean_decimal),
        }
        for row in conn.execute(per_book.order_by(hist.c.bookmaker_id))
    }
    return {"cycles": cycles, "prices": prices, "history": history, "bookmakers": bookmakers}


def historical_stats(conn: sa.Connection) -> dict[str, Any]:
    """Final odds: favourites, SP against the best price, 1-unit returns over all runners."""
    t = ra_odds_historical
    f = sa.func
    ran = t.c.is_non_runner.is_not(True)
    runs_at_sp = sa.and_(ran, t.c.sp_dec.is_not(None))
    runs_at_best = sa.and_(ran, t.c.best_price.is_not(None))

    def count_if(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return f.sum(sa.case((condition, 1), else_=0))

    def sum_if(condition: sa.ColumnElement[bool], value: Any) -> sa.ColumnElement[Any]:
        return f.sum(sa.case((condition, value), else_=None))

    totals = _one(
        conn,
        sa.select(
            f.count().label("rows"),
            f.count(t.c.race_id.distinct()).label("races"),
            count_if(t.c.is_non_runner.is_(True)).label("non_runners"),
            count_if(runs_at_sp).label("runners_with_sp"),
            count_if(sa.and_(ran, t.c.bsp.is_not(None))).label("runners_with_bsp"),
            count_if(runs_at_best).label("runners_with_best_price"),
            count_if(sa.and_(ran, t.c.favourite_rank == 1)).label("favourites"),
            count_if(sa.and_(ran, t.c.favourite_rank == 1, t.c.position == 1)).label(
                "favourite_wins"
            ),
            f.avg(sa.case((runs_at_sp, t.c.sp_dec), else_=None)).label("mean_sp_dec"),
            sum_if(runs_at_sp, t.c.sp_win_return).label("sp_win_returned"),
            sum_if(runs_at_sp, t.c.sp_ew_return).label("sp_ew_returned"),
            count_if(sa.and_(runs_at_sp, t.c.sp_ew_return.is_not(None))).label("sp_ew_bets"),
            sum_if(runs_at_best, t.c.best_win_return).label("best_win_returned"),
            count_if(sa.and_(runs_at_best, t.c.best_price > t.c.sp_dec)).label("best_beat_sp"),
            count_if(sa.and_(runs_at_best, t.c.sp_dec.is_not(None))).label("best_and_sp"),
            f.avg(
                sa.case((sa.and_(runs_at_best, t.c.sp_dec > 0), t.c.best_price / t.c.sp_dec))
            ).label("mean_best_over_sp"),
            f.min(t.c.race_date).label("first_day"),
            f.max(t.c.race_date).label("last_day"),
        ),
    )

    def ratio(part: str, whole: str) -> float | None:
        a, b = totals.get(part), totals.get(whole)
        return round(float(a) / float(b), 6) if a is not None and b else None

    totals["favourite_win_rate"] = ratio("favourite_wins", "favourites")
    totals["best_beat_sp_rate"] = ratio("best_beat_sp", "best_and_sp")
    # Level stakes, 1 unit per runner: returns per unit staked, minus the stake.
    totals["sp_win_roi"] = _roi(totals["sp_win_returned"], totals["runners_with_sp"])
    totals["sp_ew_roi"] = _roi(totals["sp_ew_returned"], 2 * (totals["sp_ew_bets"] or 0))
    totals["best_win_roi"] = _roi(totals["best_win_returned"], totals["runners_with_best_price"])
    ranks = {
        int(rank): {"runners": n, "wins": wins}
        for rank, n, wins in conn.execute(
            sa.select(t.c.favourite_rank, f.count(), count_if(t.c.position == 1))
            .where(ran, t.c.favourite_rank.is_not(None), t.c.favourite_rank <= 5)
            .group_by(t.c.favourite_rank)
            .order_by(t.c.favourite_rank)
        )
    }
    return {"totals": totals, "by_favourite_rank": ranks}


def _roi(returned: Any, staked: Any) -> float | None:
    if returned is None or not staked:
        return None
    return round(float(returned) / float(staked) - 1, 6)


def combined_stats(conn: sa.Connection) -> dict[str, Any]:
    """Live and final odds side by side, and how far the price history covers the results."""
    hist, final = ra_odds_history, ra_odds_historical
    covered = conn.execute(
        sa.select(sa.func.count(final.c.race_id.distinct())).where(
            final.c.race_id.in_(sa.select(hist.c.race_id).distinct())
        )
    ).scalar_one()
    races = conn.execute(sa.select(sa.func.count(final.c.race_id.distinct()))).scalar_one()
    return {
        "live": live_stats(conn),
        "historical": historical_stats(conn),
        "coverage": {
            "races_with_final_odds": races,
            "of_which_with_price_history": covered,
            "share_with_price_history": round(covered / races, 6) if races else None,
        },
    }


def write_json(engine: sa.Engine, directory: Path, now: datetime) -> dict[str, Path]:
    """Write the three JSON files into ``directory`` (created if needed); returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    with engine.connect() as conn:
        combined = combined_stats(conn)
    stamp = {"generated_at": now.isoformat()}
    parts = {
        "live": {**stamp, **combined["live"]},
        "historical": {**stamp, **combined["historical"]},
        "combined": {**stamp, **combined},
    }
    paths: dict[str, Path] = {}
    for name, data in parts.items():
        path = directory / FILES[name]
        path.write_text(json.dumps(data, indent=2, sort_keys=True, default=_plain) + "\n")
        paths[name] = path
    return paths
