"""The value parsers: money, odds, positions, beaten distances, distances, weights, times."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from darkhorses.transform.values import (
    Money,
    parse_decimal_odds,
    parse_distance_yards,
    parse_fractional,
    parse_furlongs,
    parse_lengths,
    parse_money,
    parse_position,
    parse_race_time,
    parse_stone_lb,
    parse_winning_time,
    to_utc,
    uk_date,
)


@pytest.mark.parametrize("raw", ["", "-", "–", None])
def test_missing_markers_read_as_none(raw: str | None) -> None:
    for parse in (parse_money, parse_fractional, parse_lengths, parse_race_time, parse_stone_lb):
        assert parse(raw) is None


@pytest.mark.parametrize(
    ("raw", "amount", "currency"),
    [
        ("£4,193", "4193", "GBP"),
        ("€5900", "5900", "EUR"),
        ("€12,851.50", "12851.50", "EUR"),
        ("4187.20", "4187.20", None),
        ("£9.50", "9.50", "GBP"),
    ],
)
def test_money_with_currency(raw: str, amount: str, currency: str | None) -> None:
    assert parse_money(raw) == Money(Decimal(amount), currency)


def test_money_refuses_garbage_with_the_text() -> None:
    with pytest.raises(ValueError, match=r"£2\.80 £1\.50"):
        parse_money("£2.80 £1.50")


@pytest.mark.parametrize(
    ("raw", "decimal", "favourite"),
    [
        ("11/4", "3.75", None),
        ("11/4F", "3.75", "F"),
        ("7/2J", "4.50", "J"),
        ("5/1C", "6.00", "C"),
        ("2/1JF", "3.00", "J"),
        ("Evens", "2.00", None),
        ("EvensF", "2.00", "F"),
        ("4", "5.00", None),
        ("100/30", "4.33", None),
        ("134/10", "14.40", None),
        ("1/2F", "1.50", "F"),
    ],
)
def test_fractional_prices(raw: str, decimal: str, favourite: str | None) -> None:
    price = parse_fractional(raw)
    assert price is not None
    assert price.decimal == Decimal(decimal)
    assert price.favourite == favourite
    assert price.is_favourite is (favourite is not None)


def test_sp_without_a_price() -> None:
    price = parse_fractional("SP")
    assert price is not None and price.decimal is None and not price.is_favourite


def test_fractional_refuses_words() -> None:
    with pytest.raises(ValueError, match="not a fractional price"):
        parse_fractional("Fav")


def test_decimal_odds() -> None:
    assert parse_decimal_odds("23") == Decimal("23")
    assert parse_decimal_odds("4.33") == Decimal("4.33")
    assert parse_decimal_odds("SP") is None
    assert parse_decimal_odds("-") is None
    with pytest.raises(ValueError):
        parse_decimal_odds("0.5")


@pytest.mark.parametrize(
    ("raw", "position", "status", "dead_heat"),
    [
        ("1", 1, "finished", False),
        ("12", 12, "finished", False),
        ("1=", 1, "finished", True),
        ("dh2", 2, "finished", True),
        ("PU", None, "PU", False),
        ("F", None, "F", False),
        ("UR", None, "UR", False),
        ("RO", None, "RO", False),
        ("BD", None, "BD", False),
        ("SU", None, "SU", False),
        ("DSQ", None, "DSQ", False),
        ("REF", None, "REF", False),
        ("pu", None, "PU", False),
        ("Died as a 5", None, "DIED", False),
        ("NR", None, "NR", False),
        ("XYZ", None, "XYZ", False),
    ],
)
def test_positions(raw: str, position: int | None, status: str, dead_heat: bool) -> None:
    parsed = parse_position(raw)
    assert parsed is not None
    assert (parsed.position, parsed.status, parsed.dead_heat) == (position, status, dead_heat)


@pytest.mark.parametrize(
    ("raw", "lengths"),
    [
        ("0", "0"),
        (".5", "0.5"),
        (".75", "0.75"),
        ("0.2", "0.2"),
        ("14", "14"),
        ("nse", "0.05"),
        ("shd", "0.1"),
        ("hd", "0.2"),
        ("snk", "0.25"),
        ("nk", "0.3"),
        ("dht", "0"),
        ("1½", "1.5"),
        ("1 3/4", "1.75"),
    ],
)
def test_beaten_distances(raw: str, lengths: str) -> None:
    assert parse_lengths(raw) == Decimal(lengths)


def test_beaten_distance_too_far_to_measure_is_an_error() -> None:
    with pytest.raises(ValueError, match="dist"):
        parse_lengths("dist")


@pytest.mark.parametrize(
    ("raw", "yards"),
    [("1m3f", 2420), ("2m53y", 3573), ("5f", 1100), ("1m", 1760), ("7f110y", 1650), ("1m½f", 1870)],
)
def test_distances_in_yards(raw: str, yards: int) -> None:
    assert parse_distance_yards(raw) == yards


def test_distance_refuses_garbage() -> None:
    with pytest.raises(ValueError, match="not a race distance"):
        parse_distance_yards("about a mile")


def test_furlongs_from_cards_and_results() -> None:
    assert parse_furlongs("8.5") == Decimal("8.5")
    assert parse_furlongs("16.0") == Decimal("16")
    assert parse_furlongs("11f") == Decimal("11")


def test_weights_and_times() -> None:
    assert parse_stone_lb("9-5") == 131
    assert parse_stone_lb("11-10") == 164
    assert parse_race_time("2:19.97") == Decimal("139.97")
    assert parse_race_time("3:5.14") == Decimal("185.14")
    assert parse_race_time("59.87") == Decimal("59.87")
    assert parse_winning_time("2m 19.97s (slow by 2.07s)") == Decimal("139.97")
    assert parse_winning_time("59.87s (fast by 0.10s)") == Decimal("59.87")


def test_instants_and_uk_dates() -> None:
    late = datetime.fromisoformat("2025-10-13T23:30:00+00:00")
    assert uk_date(late) == date(2025, 10, 14)  # BST: already tomorrow in the UK
    winter = datetime.fromisoformat("2025-12-01T23:30:00+00:00")
    assert uk_date(winter) == date(2025, 12, 1)
    assert to_utc(datetime.fromisoformat("2025-10-13T20:10:00+01:00")) == datetime(
        2025, 10, 13, 19, 10, tzinfo=UTC
    )
    with pytest.raises(ValueError, match="without a UTC offset"):
        to_utc(datetime(2025, 10, 13, 20, 10))
