"""Prices from the live capture: the current best per runner and each runner's movement."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema.odds import ra_odds_history, ra_odds_live
from darkhorses.transform.bookmakers import EXCHANGE, bookmaker_type

Point = tuple[datetime, float]


def _fixed(name: str | None, bookmaker_id: str) -> bool:
    return bookmaker_type(name or bookmaker_id) != EXCHANGE


def best_now(conn: sa.Connection, race_id: str) -> dict[str, dict[str, Any]]:
    """Per horse, the longest current fixed-odds price and the bookmaker offering it."""
    t = ra_odds_live
    query = sa.select(
        t.c.horse_id, t.c.bookmaker_id, t.c.bookmaker, t.c.fractional, t.c.decimal
    ).where(
        t.c.race_id == race_id,
        t.c.decimal.is_not(None),
        sa.func.coalesce(t.c.is_withdrawn, False).is_(False),
    )
    best: dict[str, dict[str, Any]] = {}
    for row in conn.execute(query):
        if not _fixed(row.bookmaker, row.bookmaker_id):
            continue
        held = best.get(row.horse_id)
        better = held is None or row.decimal > held["decimal"]
        if better or (row.decimal == held["decimal"] and row.bookmaker_id < held["bookmaker_id"]):  # type: ignore[index]
            best[row.horse_id] = {
                "decimal": row.decimal,
                "fractional": row.fractional,
                "bookmaker_id": row.bookmaker_id,
                "bookmaker": row.bookmaker or row.bookmaker_id,
            }
    return best


def history(conn: sa.Connection, race_id: str) -> list[sa.Row[Any]]:
    """Every recorded price change of the race, in time order (index race_id, changed_at)."""
    t = ra_odds_history
    query = (
        sa.select(
            t.c.horse_id,
            t.c.bookmaker_id,
            t.c.bookmaker,
            t.c.changed_at,
            t.c.decimal,
            t.c.is_withdrawn,
        )
        .where(t.c.race_id == race_id)
        .order_by(t.c.changed_at, t.c.horse_id, t.c.bookmaker_id)
    )
    return list(conn.execute(query))


def best_price_paths(rows: list[sa.Row[Any]]) -> dict[str, list[Point]]:
    """Per horse, the best fixed-odds price after each change instant: one point per instant
    at which any bookmaker's price on the horse changed."""
    current: dict[str, dict[str, float | None]] = defaultdict(dict)
    paths: dict[str, list[Point]] = defaultdict(list)
    pending: dict[str, datetime] = {}

    def close(horse: str) -> None:
        at = pending.pop(horse, None)
        if at is None:
            return
        quotes = [v for v in current[horse].values() if v is not None]
        if quotes:
            paths[horse].append((at, max(quotes)))

    for row in rows:
        if not _fixed(row.bookmaker, row.bookmaker_id):
            continue
        if row.horse_id in pending and pending[row.horse_id] != row.changed_at:
            close(row.horse_id)
        price = None if row.decimal is None or row.is_withdrawn else float(row.decimal)
        current[row.horse_id][row.bookmaker_id] = price
        pending[row.horse_id] = row.changed_at
    for horse in list(pending):
        close(horse)
    return dict(paths)


def bookmaker_paths(rows: list[sa.Row[Any]]) -> dict[str, dict[str, list[Point]]]:
    """Per horse and bookmaker (display name), the price after each change."""
    out: dict[str, dict[str, list[Point]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row.decimal is None or row.is_withdrawn:
            continue
        out[row.horse_id][row.bookmaker or row.bookmaker_id].append(
            (row.changed_at, float(row.decimal))
        )
    # Bookmakers in name order, so each keeps its colour from one runner's chart to the next.
    return {h: dict(sorted(b.items(), key=lambda kv: kv[0].lower())) for h, b in out.items()}
