"""Bookmaker prices move towards the off, a poller sees exactly what the history lists, and
results agree with the final market."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from darkhorses.sandbox.world import World
from darkhorses.sandbox.world.market import BOOKMAKERS

DAY = date(2025, 9, 13)


@pytest.fixture(scope="module")
def world() -> World:
    return World(seed=3)


@pytest.fixture(scope="module")
def race(world: World):  # type: ignore[no-untyped-def]
    return next(r for r in world.races_on(DAY) if r.region == "GB" and not r.is_abandoned)


def _runner(world: World, race_id: str, now: datetime) -> dict:
    card = world.racecard(race_id, "pro", now)
    return next(r for r in card["runners"] if r["number"] != "NR")


def test_cards_carry_every_bookmaker_once_the_market_opens(world: World, race) -> None:  # type: ignore[no-untyped-def]
    early = world.racecard(race.race_id, "standard", race.off_dt - timedelta(days=2))
    assert all(r["odds"] == [] for r in early["runners"])
    runner = _runner(world, race.race_id, race.off_dt - timedelta(minutes=30))
    assert [o["bookmaker"] for o in runner["odds"]] == list(BOOKMAKERS)
    exchange = runner["odds"][-1]
    assert exchange["ew_places"] == "" and exchange["ew_denom"] == ""
    assert all(o["ew_places"] for o in runner["odds"][:-1])


def test_a_poller_sees_exactly_the_changes_the_history_lists(world: World, race) -> None:  # type: ignore[no-untyped-def]
    horse_id = _runner(world, race.race_id, race.off_dt)["horse_id"]
    full = world.odds_history(race.race_id, horse_id, race.off_dt + timedelta(hours=1))
    assert full is not None
    polls = [race.off_dt - timedelta(minutes=m) for m in (600, 240, 90, 45, 20, 7, 3, 0)]
    for now in polls:
        card = world.racecard(race.race_id, "pro", now)
        runner = next(r for r in card["runners"] if r["horse_id"] == horse_id)
        for seen, book in zip(runner["odds"], full["odds"], strict=True):
            earlier = [h for h in book["history"] if datetime.fromisoformat(h["changed_at"]) <= now]
            assert earlier, "a quote is shown only once the book has a price"
            assert (seen["fractional"], seen["decimal"]) == (
                earlier[-1]["fractional"],
                earlier[-1]["decimal"],
            )
        partial = world.odds_history(race.race_id, horse_id, now)
        assert partial is not None
        for book_now, book_full in zip(partial["odds"], full["odds"], strict=True):
            cut = [
                h for h in book_full["history"] if datetime.fromisoformat(h["changed_at"]) <= now
            ]
            assert book_now["history"] == cut


def test_prices_change_more_often_near_the_off(world: World, race) -> None:  # type: ignore[no-untyped-def]
    horse_id = _runner(world, race.race_id, race.off_dt)["horse_id"]
    odds = world.odds_history(race.race_id, horse_id, race.off_dt)
    assert odds is not None
    changes = [datetime.fromisoformat(h["changed_at"]) for b in odds["odds"] for h in b["history"]]
    last_hour = sum(1 for t in changes if race.off_dt - t <= timedelta(hours=1))
    hour_before = sum(
        1 for t in changes if timedelta(hours=1) < race.off_dt - t <= timedelta(hours=2)
    )
    assert last_hour > hour_before
    assert all(t.second == 0 and t < race.off_dt for t in changes)
    assert all(h["changed_at"].endswith("+01:00") for b in odds["odds"] for h in b["history"])


def test_history_only_from_march_2025(world: World) -> None:
    old = next(r for r in world.races_on(date(2024, 9, 14)) if r.region == "GB")
    horse_id = world.racecard(old.race_id, "basic", old.off_dt)["runners"][0]["horse_id"]
    odds = world.odds_history(old.race_id, horse_id, old.off_dt + timedelta(hours=2))
    assert odds is not None and odds["odds"]
    assert all(b["history"] == [] for b in odds["odds"])


def test_foreign_races_have_no_prices(world: World) -> None:
    abroad = next(r for r in world.races_on(DAY) if r.region not in ("GB", "IRE"))
    card = world.racecard(abroad.race_id, "standard", abroad.off_dt)
    assert all(r["odds"] == [] for r in card["runners"])
    assert world.odds_history(abroad.race_id, card["runners"][0]["horse_id"], abroad.off_dt) is None


def test_non_runners_are_priced_with_dashes_and_left_out_of_results(world: World) -> None:
    for ref in world.races_on(DAY):
        if ref.region not in ("GB", "IRE") or ref.is_abandoned:
            continue
        card = world.racecard(ref.race_id, "standard", ref.off_dt)
        nrs = [r for r in card["runners"] if r["number"] == "NR"]
        if not nrs:
            continue
        assert all(o["decimal"] == "-" for o in nrs[0]["odds"])
        result = world.result(ref.race_id, "standard")
        ran = {r["horse_id"] for r in result["runners"]}
        assert nrs[0]["horse_id"] not in ran
        assert nrs[0]["horse"] in result["non_runners"]
        return
    pytest.fail("no non-runner on a Saturday")


def test_starting_prices_mark_the_favourite(world: World) -> None:
    for ref in world.races_on(DAY):
        if ref.is_abandoned:
            continue
        runners = world.result(ref.race_id, "standard")["runners"]
        marked = [r for r in runners if r["sp"].endswith(("F", "J"))]
        assert marked
        lowest = min(float(r["sp_dec"]) for r in runners)
        assert all(float(r["sp_dec"]) == lowest for r in marked)
        positions = [r["position"] for r in runners]
        assert positions[0] == "1"
        assert all(
            r["sp_dec"].count(".") == 1 and len(r["sp_dec"].split(".")[1]) == 2 for r in runners
        )
