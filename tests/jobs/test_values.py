"""Cards then results over a BST change: times, money, positions, non-runners."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from tests.jobs.conftest import Cli
from tests.plugins.sandbox import SandboxFactory

# British Summer Time ended at 02:00 on Sunday 26 October 2025.
DAYS = ("2025-10-25", "2025-10-26")
NOW = "2025-10-28T12:00:00+00:00"


def test_cards_then_results_over_a_clock_change(
    cli: Cli, db, sandbox_factory: SandboxFactory
) -> None:
    synced = sync_both_days(cli, sandbox_factory)
    check_off_times_are_utc(synced, db)
    check_pound_and_euro_prizes(synced, db)
    check_card_columns_survive_results(synced, db)
    check_positions_and_non_runners(synced, db)


def sync_both_days(cli: Cli, sandbox_factory: SandboxFactory) -> list[dict]:
    """Cards and results of both days; the raw pro cards as the API served them."""
    sandbox = sandbox_factory(limits=False, now=NOW)
    cli.point_at(sandbox, NOW)
    report = cli.json("sync", "--daily", "--from", DAYS[0], "--to", DAYS[1])
    assert report["status"] == "success", report["errors"]
    cards = []
    with sandbox.client("pro") as http:
        for day in DAYS:
            params = [("date", day), ("region_codes", "gb"), ("region_codes", "ire")]
            cards += http.get("/v1/racecards/pro", params=params).json()["racecards"]
    return cards


def check_off_times_are_utc(synced, db) -> None:
    offsets = {card["date"]: card["off_dt"][-6:] for card in synced}
    assert offsets == {"2025-10-25": "+01:00", "2025-10-26": "+00:00"}
    stored = {r["id"]: r["off_dt"] for r in db("SELECT id, off_dt FROM ra_mst_races")}
    for card in synced:
        expected = datetime.fromisoformat(card["off_dt"]).astimezone(UTC)
        value = stored[card["race_id"]]
        if isinstance(value, str):  # read back raw through a text query on SQLite
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        assert value == expected, card["race_id"]


def check_pound_and_euro_prizes(synced, db) -> None:
    stored = {
        r["id"]: r for r in db("SELECT id, prize, prize_currency, prize_raw FROM ra_mst_races")
    }
    seen = set()
    for card in synced:
        if not card["prize"]:
            continue
        row = stored[card["race_id"]]
        symbol = card["prize"][0]
        currency = {"£": "GBP", "€": "EUR"}[symbol]
        digits = card["prize"][1:].replace(",", "")
        assert row["prize_currency"] == currency and row["prize_raw"] == card["prize"]
        assert Decimal(str(row["prize"])) == Decimal(digits)
        seen.add(currency)
    assert seen == {"GBP", "EUR"}


def check_card_columns_survive_results(synced, db) -> None:
    resulted = db(
        "SELECT r.id, r.going_detailed, r.prize, r.winning_time_s FROM ra_mst_races r "
        "WHERE r.has_result"
    )
    assert len(resulted) == len(synced)
    assert all(r["prize"] is not None and r["winning_time_s"] is not None for r in resulted)
    cards = {c["race_id"]: c for c in synced}
    assert all(r["going_detailed"] == (cards[r["id"]]["going_detailed"] or None) for r in resulted)
    runners = db(
        "SELECT race_id, horse_id, spotlight, form, trainer_location, position_raw "
        "FROM ra_mst_runners"
    )
    on_cards = {(c["race_id"], r["horse_id"]): r for c in synced for r in c["runners"]}
    assert len(runners) == len(on_cards)
    for row in runners:
        card = on_cards[(row["race_id"], row["horse_id"])]
        assert row["spotlight"] == (card["spotlight"] or None)
        assert row["form"] == (card["form"] or None)
        assert row["trainer_location"] == (card["trainer_location"] or None)


def check_positions_and_non_runners(synced, db) -> None:
    runners = db(
        "SELECT position, position_raw, position_status, sp, sp_dec, is_favourite, "
        "is_non_runner, number FROM ra_mst_runners"
    )
    finished = [r for r in runners if r["position_raw"] and r["position_raw"].isdigit()]
    assert finished and all(r["position"] == int(r["position_raw"]) for r in finished)
    codes = [r for r in runners if r["position_raw"] in {"PU", "F", "UR", "RO", "BD", "SU"}]
    assert codes and all(r["position"] is None for r in codes)
    assert all(r["position_status"] == r["position_raw"] for r in codes)
    favourites = [r for r in runners if (r["sp"] or "").endswith(("F", "J", "C"))]
    assert favourites and all(r["is_favourite"] for r in favourites)
    declared_nr = sum(1 for c in synced for r in c["runners"] if r["number"] == "NR")
    non_runners = [r for r in runners if r["is_non_runner"]]
    assert declared_nr > 0 and len(non_runners) == declared_nr
    assert all(r["number"] is None and r["position"] is None for r in non_runners)
