"""A generated year looks like a real one: volume, fields, favourites, non-runners, regions."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta

import pytest

from darkhorses.sandbox.world import World
from darkhorses.sandbox.world.calendar import RaceSlot

YEAR = 2024


@pytest.fixture(scope="module")
def world() -> World:
    return World(seed=1)


@pytest.fixture(scope="module")
def year(world: World) -> dict[date, tuple[RaceSlot, ...]]:
    days = {}
    day = date(YEAR, 1, 1)
    while day.year == YEAR:
        days[day] = world.day(day).slots
        day += timedelta(days=1)
    return days


def _home(slots: tuple[RaceSlot, ...]) -> list[RaceSlot]:
    return [s for s in slots if s.course.region.code in ("gb", "ire") and not s.is_abandoned]


def test_races_per_day(year: dict[date, tuple[RaceSlot, ...]]) -> None:
    per_day = {d: len(_home(s)) for d, s in year.items()}
    mean = statistics.mean(per_day.values())
    assert 32 <= mean <= 40, mean
    saturdays = statistics.mean(n for d, n in per_day.items() if d.weekday() == 5)
    weekdays = statistics.mean(n for d, n in per_day.items() if d.weekday() < 4)
    assert saturdays > weekdays * 1.3
    assert per_day[date(YEAR, 12, 25)] == 0
    assert per_day[date(YEAR, 12, 26)] >= 60  # Boxing Day
    worldwide = [len(s) for s in year.values()]
    assert sum(1 for n in worldwide if n > 100) >= 10  # enough to need paging


def test_field_sizes(year: dict[date, tuple[RaceSlot, ...]]) -> None:
    fields = [s.declared for slots in year.values() for s in _home(slots)]
    assert 9.4 <= statistics.mean(fields) * 0.97 <= 10.4
    assert min(fields) == 2
    assert max(fields) >= 30


def test_region_split_and_abandonments(year: dict[date, tuple[RaceSlot, ...]]) -> None:
    regions = Counter(s.course.region.code for slots in year.values() for s in slots)
    home = regions["gb"] + regions["ire"]
    assert 0.74 <= regions["gb"] / home <= 0.84
    assert {"fr", "usa", "aus", "hk"} <= set(regions)
    assert 0.2 <= (sum(regions.values()) - home) / sum(regions.values()) <= 0.5
    slots = [s for day in year.values() for s in day if s.course.region.code in ("gb", "ire")]
    abandoned = sum(s.is_abandoned for s in slots) / len(slots)
    assert 0.002 <= abandoned <= 0.03


def test_race_types_follow_the_season(year: dict[date, tuple[RaceSlot, ...]]) -> None:
    def share(month: int, kind: str) -> float:
        races = [s for d, day in year.items() if d.month == month for s in _home(day)]
        return sum(s.race_type == kind for s in races) / len(races)

    assert share(7, "Flat") > 0.75
    assert share(1, "Flat") < 0.45
    assert share(1, "Hurdle") > 0.25 and share(1, "Chase") > 0.15


def test_favourites_and_non_runners_over_a_sample_of_races(world: World) -> None:
    wins = races = declared = non_runners = 0
    day = date(YEAR, 1, 3)
    while day.year == YEAR:
        for ref in world.races_on(day):
            if ref.region not in ("GB", "IRE") or ref.is_abandoned:
                continue
            outcome = world.outcome(ref.race_id)
            favourites = [f for f in outcome.finishers if f.sp.endswith(("F", "J"))]
            races += 1
            wins += any(f.position == "1" for f in favourites)
            race = world.full_race(ref.race_id)
            declared += len(race.entries)
            non_runners += len(race.entries) - len(race.runners)
        day += timedelta(days=9)
    assert races > 1000
    assert 0.30 <= wins / races <= 0.36, wins / races
    assert 0.02 <= non_runners / declared <= 0.04, non_runners / declared


def test_eleven_years_land_near_the_real_totals(world: World) -> None:
    races = runners = 0
    day = date(2015, 1, 1)
    while day <= date(2025, 12, 31):
        home = _home(world.day(day).slots)
        races += len(home)
        runners += sum(s.declared for s in home)
        day += timedelta(days=1)
    assert 137_000 * 0.9 <= races <= 137_000 * 1.1, races
    assert 1_330_000 * 0.9 <= runners * 0.97 <= 1_330_000 * 1.1, runners
