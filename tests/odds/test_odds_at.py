"""The price N minutes before the off, from the price-spans view, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from darkhorses.store.odds_queries import (
    best_prices,
    create_price_spans_view,
    has_price_spans_view,
    prices_before_off,
)
from darkhorses.store.schema.odds import ra_odds_history
from darkhorses.store.schema.racing import ra_mst_races
from darkhorses.store.writer import upsert

DAY = date(2025, 10, 14)
OFF = datetime(2025, 10, 14, 13, 30, tzinfo=UTC)


def _at(minutes: float) -> datetime:
    return OFF - timedelta(minutes=minutes)


def _change(horse: str, book: str, minutes: float, frac: str, dec: str | None, **kw) -> dict:
    return {
        "race_id": "rac_1",
        "horse_id": horse,
        "bookmaker_id": book,
        "bookmaker": kw.get("name", book.title()),
        "changed_at": _at(minutes),
        "race_date": DAY,
        "fractional": frac if dec else None,
        "fractional_raw": frac,
        "decimal": Decimal(dec) if dec else None,
        "decimal_raw": dec or frac,
        "is_sp": frac == "SP",
        "is_withdrawn": False,
        "observed_at": _at(minutes),
        "source": "live_card",
    }


def _store(engine) -> None:
    rows = [
        _change("hrs_a", "bet365", 600, "5/1", "6"),
        _change("hrs_a", "bet365", 10, "4/1", "5"),  # exactly 10 minutes before: counts
        _change("hrs_a", "bet365", 3, "7/2", "4.5"),
        _change("hrs_a", "coral", 30, "9/2", "5.5"),
        _change("hrs_a", "coral", 9.5, "4/1", "5"),  # after the instant: not yet
        _change("hrs_a", "betfair-exchange", 20, "6.2", "6.2", name="Betfair Exchange"),
        _change("hrs_a", "quinn-bet", 60, "SP", None),
        _change("hrs_a", "quinn-bet", 5, "9/2", "5.5"),
        _change("hrs_b", "bet365", 8, "2/1", "3"),  # first priced after the instant
        _change("hrs_b", "coral", 120, "7/4", "2.75"),
        _change("hrs_b", "coral", -1, "6/4", "2.5"),  # after the off: never counts
    ]
    with engine.begin() as conn:
        upsert(conn, ra_mst_races, [{"id": "rac_1", "date": DAY, "off_dt": OFF}])
        upsert(conn, ra_odds_history, rows)


def test_prices_ten_minutes_before_the_off(engine):
    _store(engine)
    with engine.begin() as conn:
        prices = prices_before_off(conn, 10, day=DAY)
        assert has_price_spans_view(conn)
    got = {(p.horse_id, p.bookmaker_id): (p.fractional, p.decimal, p.is_sp) for p in prices}
    assert got == {
        ("hrs_a", "bet365"): ("4/1", Decimal("5"), False),
        ("hrs_a", "coral"): ("9/2", Decimal("5.5"), False),
        ("hrs_a", "betfair-exchange"): ("6.2", Decimal("6.2"), False),
        ("hrs_a", "quinn-bet"): (None, None, True),
        ("hrs_b", "coral"): ("7/4", Decimal("2.75"), False),
    }
    best = best_prices(prices)
    # The exchange's 6.2 is not a bookmaker's fixed price; coral's 9/2 is the best.
    assert (best[("rac_1", "hrs_a")].bookmaker_id, best[("rac_1", "hrs_a")].decimal) == (
        "coral",
        Decimal("5.5"),
    )
    assert best[("rac_1", "hrs_a")].bookmakers == 2
    assert best[("rac_1", "hrs_b")].decimal == Decimal("2.75")


def test_other_instants_and_filters(engine):
    _store(engine)
    with engine.begin() as conn:
        create_price_spans_view(conn)  # idempotent: a second creation replaces the first
        at_off = {
            (p.horse_id, p.bookmaker_id): p.decimal for p in prices_before_off(conn, 0, day=DAY)
        }
        early = prices_before_off(conn, 700, day=DAY)
        other_day = prices_before_off(conn, 10, day=DAY + timedelta(days=1))
        by_race = prices_before_off(conn, 10, race_ids=["rac_1"])
        none_for = prices_before_off(conn, 10, race_ids=["rac_2"])
        views = conn.execute(sa.text("SELECT count(*) FROM ra_odds_price_spans")).scalar_one()
    # At the off: each book's last pre-off price; the post-off change is ignored.
    assert at_off[("hrs_a", "bet365")] == Decimal("4.5")
    assert at_off[("hrs_b", "coral")] == Decimal("2.75")
    assert at_off[("hrs_b", "bet365")] == Decimal("3")
    assert early == [] and other_day == [] and none_for == []
    assert len(by_race) == 5
    assert views == 10  # every pre-off change is one span
