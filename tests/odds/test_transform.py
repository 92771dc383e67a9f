"""Card prices, change detection and quote parsing: pure, on real captured cards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from darkhorses.api.models.racecards import OddsRacecard, ProRacecard
from darkhorses.api.models.validate import validate_races
from darkhorses.transform.odds import (
    card_prices,
    detect_changes,
    parse_price,
    parse_updated,
)
from tests.plugins.reference import load_sample

NOW = datetime(2025, 10, 14, 13, 0, tzinfo=UTC)


def test_updated_is_read_on_the_uk_clock():
    # British Summer Time: 14:11 in London is 13:11 UTC; in winter they agree.
    assert parse_updated("2025-10-13 14:11:07") == datetime(2025, 10, 13, 13, 11, 7, tzinfo=UTC)
    assert parse_updated("2025-12-13 14:11:07") == datetime(2025, 12, 13, 14, 11, 7, tzinfo=UTC)
    assert parse_updated("2025-04-22T13:34:00+01:00") == datetime(2025, 4, 22, 12, 34, tzinfo=UTC)
    assert parse_updated("") is None and parse_updated("soon") is None


@pytest.mark.parametrize(
    ("frac", "dec", "nr", "fractional", "decimal", "is_sp", "withdrawn"),
    [
        ("11/4", "3.75", False, "11/4", Decimal("3.75"), False, False),
        ("4", "5", False, "4/1", Decimal("5"), False, False),  # old style: 4 means 4/1
        ("Evens", "2", False, "1/1", Decimal("2"), False, False),
        ("3.95", "3.95", False, None, Decimal("3.95"), False, False),  # exchange
        ("SP", "SP", False, None, None, True, False),
        ("-", "-", True, None, None, False, True),  # a non-runner's dash: withdrawn
        ("-", "-", False, None, None, False, False),  # a dash on a runner: no price
        ("?", "x", False, None, None, False, False),  # unreadable: raw kept, no numbers
    ],
)
def test_quotes_parse_and_keep_their_raw_text(frac, dec, nr, fractional, decimal, is_sp, withdrawn):
    price = parse_price(frac, dec, non_runner=nr)
    assert (price.fractional, price.decimal, price.is_sp, price.is_withdrawn) == (
        fractional,
        decimal,
        is_sp,
        withdrawn,
    )
    assert (price.fractional_raw, price.decimal_raw) == (frac, dec)


@pytest.mark.parametrize(
    ("sample", "model"),
    [("racecards_pro_today.json", ProRacecard), ("racecards_standard_today.json", OddsRacecard)],
)
def test_every_price_on_a_real_card(samples_dir, sample, model):
    body = load_sample(samples_dir, sample)["body"]
    cards, bad = validate_races(body["racecards"], model, source="sample")
    assert not bad
    prices = card_prices(cards)
    priced = [
        (c["race_id"], r["horse_id"], q["bookmaker"])
        for c in body["racecards"]
        if c["region"] in ("GB", "IRE")
        for r in c["runners"]
        for q in r.get("odds") or []
    ]
    assert len(prices.quotes) == len(priced) > 0
    assert prices.counters["filtered_foreign"] == sum(
        c["region"] not in ("GB", "IRE") for c in body["racecards"]
    )
    quote = next(iter(prices.quotes.values()))
    assert quote.api_updated_at is not None and quote.api_updated_at.tzinfo is not None
    exchange = [q for q in prices.quotes.values() if q.bookmaker_id == "betfair-exchange"]
    assert exchange and all(q.ew_places is None for q in exchange)


def _cards(price: str, decimal: str, updated: str, number: str = "1"):
    card = {
        "race_id": "rac_1",
        "date": "2025-10-14",
        "off_dt": "2025-10-14T15:00:00+01:00",
        "region": "GB",
        "runners": [
            {
                "horse_id": "hrs_1",
                "number": number,
                "odds": [
                    {
                        "bookmaker": "Bet365",
                        "fractional": price,
                        "decimal": decimal,
                        "ew_places": "3",
                        "ew_denom": "5",
                        "updated": updated,
                    }
                ],
            }
        ],
    }
    cards, _ = validate_races([card], OddsRacecard, source="test")
    return card_prices(cards)


def _stored(changes) -> dict:
    return dict(changes.stored)


def test_a_change_is_written_once_and_timed_by_the_api():
    first = detect_changes(_cards("5/1", "6", "2025-10-14 12:00:05").quotes.values(), {}, NOW)
    assert (first.new, first.changed, len(first.history_rows), len(first.live_rows)) == (1, 0, 1, 1)
    assert first.history_rows[0]["changed_at"] == datetime(2025, 10, 14, 11, 0, 5, tzinfo=UTC)

    # Same card again: nothing to write.
    same = _cards("5/1", "6", "2025-10-14 12:00:05").quotes.values()
    assert not detect_changes(same, _stored(first), NOW + timedelta(seconds=10)).live_rows

    # Same price, newer updated time: the live row moves, no history row.
    touched = _cards("5/1", "6", "2025-10-14 12:05:05").quotes.values()
    moved = detect_changes(touched, _stored(first), NOW + timedelta(minutes=5))
    assert (len(moved.live_rows), len(moved.history_rows)) == (1, 0)

    # A new price: one history row at the API's time; then SP, then a withdrawal.
    later = detect_changes(
        _cards("9/2", "5.5", "2025-10-14 12:10:05").quotes.values(),
        _stored(first),
        NOW + timedelta(minutes=10),
    )
    assert later.changed == 1 and later.history_rows[0]["fractional_raw"] == "9/2"
    sp = detect_changes(
        _cards("SP", "SP", "2025-10-14 12:11:05").quotes.values(), _stored(later), NOW
    )
    assert sp.history_rows[0]["is_sp"] and sp.history_rows[0]["decimal"] is None
    gone = detect_changes(
        _cards("-", "-", "2025-10-14 12:12:05", number="NR").quotes.values(), _stored(sp), NOW
    )
    assert gone.withdrawals == 1 and gone.history_rows[0]["is_withdrawn"]


def test_a_change_without_a_new_api_time_gets_a_distinct_key():
    first = detect_changes(_cards("5/1", "6", "2025-10-14 12:00:05").quotes.values(), {}, NOW)
    again = detect_changes(
        _cards("6/1", "7", "2025-10-14 12:00:05").quotes.values(),
        _stored(first),
        NOW + timedelta(minutes=1),
    )
    assert again.history_rows[0]["changed_at"] > first.history_rows[0]["changed_at"]


def test_races_at_or_past_their_off_are_not_captured():
    prices = _cards("5/1", "6", "2025-10-14 12:00:05")
    off = prices.offs["rac_1"]
    cards, _ = validate_races(
        [
            {
                "race_id": "rac_1",
                "date": "2025-10-14",
                "off_dt": off.isoformat(),
                "region": "GB",
                "runners": [],
            }
        ],
        OddsRacecard,
        source="test",
    )
    assert card_prices(cards, not_off_at=off).counters["races_off"] == 1


def test_abandoned_races_are_not_captured():
    cards, _ = validate_races(
        [
            {
                "race_id": "rac_9",
                "date": "2025-10-14",
                "off_dt": "2025-10-14T15:00:00+01:00",
                "region": "GB",
                "is_abandoned": True,
                "runners": [],
            }
        ],
        OddsRacecard,
        source="test",
    )
    prices = card_prices(cards)
    assert prices.counters["abandoned"] == 1 and not prices.offs
