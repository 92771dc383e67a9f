"""Off times: a 12-hour clock, and ISO times with the right UK offset around each BST change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from darkhorses.sandbox.world import World


@pytest.fixture(scope="module")
def world() -> World:
    return World(seed=1)


def _home_card(world: World, day: date) -> dict:
    ref = next(r for r in world.races_on(day) if r.region in ("GB", "IRE"))
    return world.racecard(ref.race_id, "basic", datetime.combine(day, datetime.min.time(), UTC))


@pytest.mark.parametrize(
    ("day", "offset"),
    [
        (date(2025, 3, 29), "+00:00"),  # the Saturday before clocks go forward
        (date(2025, 3, 31), "+01:00"),
        (date(2025, 10, 25), "+01:00"),  # the Saturday before clocks go back
        (date(2025, 10, 27), "+00:00"),
    ],
)
def test_off_dt_carries_the_uk_offset_of_its_day(world: World, day: date, offset: str) -> None:
    card = _home_card(world, day)
    assert card["off_dt"].startswith(day.isoformat())
    assert card["off_dt"].endswith(offset)


def test_off_time_is_twelve_hour_and_agrees_with_off_dt(world: World) -> None:
    day = date(2025, 7, 4)
    for ref in world.races_on(day):
        if ref.region not in ("GB", "IRE"):
            continue
        card = world.racecard(ref.race_id, "free", datetime(2025, 7, 4, tzinfo=UTC))
        local = datetime.fromisoformat(card["off_dt"])
        hour, minute = card["off_time"].split(":")
        assert 1 <= int(hour) <= 12 and len(minute) == 2
        assert (int(hour) % 12, int(minute)) == (local.hour % 12, local.minute)
        result = world.result(ref.race_id, "free")
        assert result["off"] == card["off_time"]


def test_evening_races_exist_and_are_written_as_small_hours(world: World) -> None:
    evenings = [
        ref
        for day in range(7)
        for ref in world.races_on(date(2025, 6, 2) + timedelta(days=day))
        if ref.region == "GB" and ref.off_dt.hour >= 18
    ]
    assert evenings
    card = world.racecard(evenings[0].race_id, "free", datetime(2025, 6, 2, tzinfo=UTC))
    assert int(card["off_time"].split(":")[0]) < 12


def test_results_appear_about_ten_minutes_after_the_off(world: World) -> None:
    for ref in world.races_on(date(2025, 5, 1))[:20]:
        delay = world.result_available_at(ref.race_id) - ref.off_dt
        assert timedelta(minutes=7) <= delay <= timedelta(minutes=13)
