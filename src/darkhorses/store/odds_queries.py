"""Price-history queries: each runner's price N minutes before the off, per bookmaker and best.

The view ``ra_odds_price_spans`` turns the change log (``ra_odds_history``) into spans: each
pre-off price with the time it was set and the time the next change replaced it (NULL when none
did before the off: the price stood until the off), both also as seconds before the off. A
price "N minutes before the off" is then the span open at that instant: set at least N minutes
before the off and not replaced until after.

The view is created by :func:`create_price_spans_view` (idempotent; a migration calls it, and
:func:`prices_before_off` creates it on a database that predates that migration).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from darkhorses.store.schema.base import UTCDateTime
from darkhorses.transform.bookmakers import EXCHANGE, bookmaker_type

VIEW = "ra_odds_price_spans"


def _seconds_between(dialect: str, later: str, earlier: str) -> str:
    """SQL for the seconds from ``earlier`` to ``later`` (both timestamp expressions)."""
    if dialect == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
    # SQLite stores UTC wall times as text; julianday reads them (fractions included).
    return f"ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)"


def price_spans_view_sql(dialect: str) -> str:
    """The ``CREATE VIEW`` statement for ``dialect`` ("sqlite" or "postgresql")."""
    # NULL when no change replaced the price before the off: it stood until the off.
    closed_at = "CASE WHEN s.replaced_at < s.off_dt THEN s.replaced_at END"
    return f"""
CREATE VIEW {VIEW} AS
SELECT s.race_id, s.horse_id, s.bookmaker_id, s.bookmaker, s.race_date, s.off_dt,
       s.changed_at, {closed_at} AS replaced_at,
       s.fractional, s.decimal, s.fractional_raw, s.decimal_raw, s.is_sp, s.is_withdrawn,
       s.ew_places, s.ew_denom, s.source,
       {_seconds_between(dialect, "s.off_dt", "s.changed_at")} AS opened_s_before_off,
       {_seconds_between(dialect, "s.off_dt", closed_at)} AS closed_s_before_off
FROM (
    SELECT h.race_id, h.horse_id, h.bookmaker_id, h.bookmaker, h.race_date, h.changed_at,
           h.fractional, h.decimal, h.fractional_raw, h.decimal_raw, h.is_sp, h.is_withdrawn,
           h.ew_places, h.ew_denom, h.source,
           COALESCE(r.off_dt, l.off_dt) AS off_dt,
           LEAD(h.changed_at) OVER (
               PARTITION BY h.race_id, h.horse_id, h.bookmaker_id ORDER BY h.changed_at
           ) AS replaced_at
    FROM ra_odds_history h
    LEFT JOIN ra_mst_races r ON r.id = h.race_id
    LEFT JOIN ra_odds_live l
           ON l.race_id = h.race_id AND l.horse_id = h.horse_id
          AND l.bookmaker_id = h.bookmaker_id
) s
WHERE s.off_dt IS NOT NULL AND s.changed_at < s.off_dt
"""


def create_price_spans_view(conn: sa.Connection) -> None:
    """(Re)create the view; safe to call again."""
    drop_price_spans_view(conn)
    conn.exec_driver_sql(price_spans_view_sql(conn.dialect.name))


def drop_price_spans_view(conn: sa.Connection) -> None:
    """Drop the view if it exists."""
    conn.exec_driver_sql(f"DROP VIEW IF EXISTS {VIEW}")


def has_price_spans_view(conn: sa.Connection) -> bool:
    """True when the view exists."""
    return VIEW in sa.inspect(conn).get_view_names()


@dataclass(frozen=True)
class PriceAt:
    """One bookmaker's price on one runner at an instant before the off."""

    race_id: str
    horse_id: str
    bookmaker_id: str
    bookmaker: str | None
    off_dt: datetime
    changed_at: datetime
    fractional: str | None
    decimal: Decimal | None
    is_sp: bool
    is_withdrawn: bool

    @property
    def is_exchange(self) -> bool:
        return bookmaker_type(self.bookmaker or self.bookmaker_id) == EXCHANGE


def prices_before_off(
    conn: sa.Connection,
    minutes: float,
    *,
    day: date | None = None,
    race_ids: Sequence[str] | None = None,
) -> list[PriceAt]:
    """Every bookmaker's price on every runner ``minutes`` before the off of its race.

    Filter by race ``day`` and/or ``race_ids``; a runner a bookmaker had not priced by then
    has no row for that bookmaker.
    """
    if not has_price_spans_view(conn):
        create_price_spans_view(conn)
    view = sa.table(
        VIEW,
        *(
            sa.column(name)
            for name in (
                "race_id",
                "horse_id",
                "bookmaker_id",
                "bookmaker",
                "race_date",
                "fractional",
                "is_sp",
                "is_withdrawn",
                "opened_s_before_off",
                "closed_s_before_off",
            )
        ),
        sa.column("off_dt", UTCDateTime()),
        sa.column("changed_at", UTCDateTime()),
        sa.column("decimal", sa.Numeric(10, 3)),
    )
    seconds = float(minutes) * 60
    query = sa.select(view).where(
        view.c.opened_s_before_off >= seconds,
        sa.or_(view.c.closed_s_before_off.is_(None), view.c.closed_s_before_off < seconds),
    )
    if day is not None:
        query = query.where(view.c.race_date == day)
    if race_ids is not None:
        query = query.where(view.c.race_id.in_(list(race_ids)))
    query = query.order_by(view.c.off_dt, view.c.race_id, view.c.horse_id, view.c.bookmaker_id)
    return [
        PriceAt(
            race_id=row.race_id,
            horse_id=row.horse_id,
            bookmaker_id=row.bookmaker_id,
            bookmaker=row.bookmaker,
            off_dt=row.off_dt,
            changed_at=row.changed_at,
            fractional=row.fractional,
            decimal=row.decimal,
            is_sp=bool(row.is_sp),
            is_withdrawn=bool(row.is_withdrawn),
        )
        for row in conn.execute(query)
    ]


@dataclass(frozen=True)
class BestPrice:
    """The longest fixed-odds price on a runner at an instant, and who offered it."""

    race_id: str
    horse_id: str
    decimal: Decimal
    fractional: str | None
    bookmaker_id: str
    bookmakers: int


def best_prices(prices: Iterable[PriceAt]) -> dict[tuple[str, str], BestPrice]:
    """Per runner, the best fixed-odds price (the exchange is left out; ties: first by id)."""
    best: dict[tuple[str, str], BestPrice] = {}
    counts: dict[tuple[str, str], int] = {}
    for price in prices:
        if price.decimal is None or price.is_exchange:
            continue
        key = (price.race_id, price.horse_id)
        counts[key] = counts.get(key, 0) + 1
        held = best.get(key)
        better = held is None or price.decimal > held.decimal
        tie_first = held is not None and price.decimal == held.decimal
        if better or (tie_first and price.bookmaker_id < held.bookmaker_id):  # type: ignore[union-attr]
            best[key] = BestPrice(
                price.race_id,
                price.horse_id,
                price.decimal,
                price.fractional,
                price.bookmaker_id,
                0,
            )
    return {
        key: BestPrice(b.race_id, b.horse_id, b.decimal, b.fractional, b.bookmaker_id, counts[key])
        for key, b in best.items()
    }
