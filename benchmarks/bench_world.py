"""How fast the sandbox's world generates and renders race days.

Each figure is given in wall-clock and in CPU time of this process: on a shared machine the
CPU figure is the one that says what the world itself costs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from benchmarks.harness import Bench
from darkhorses.sandbox.world import World

DAYS = 30
START = date(2024, 4, 1)
TARGET = "< 30 ms/day"


def _measure(bench: Bench, name: str, work: Callable[[], None], note: str = "") -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    bench.figure(f"{name} (wall)", wall / DAYS * 1000, "ms/day", target=TARGET, note=note or None)
    bench.figure(f"{name} (cpu)", cpu / DAYS * 1000, "ms/day", target=TARGET)


def run(bench: Bench) -> None:
    days = [START + timedelta(days=i) for i in range(DAYS)]
    world = World(seed=1)
    races = sum(len(world.races_on(day)) for day in days)

    def index() -> None:
        fresh = World(seed=3)
        for day in days:
            fresh.races_on(day)

    def results() -> None:
        for day in days:
            for ref in world.races_on(day):
                if not ref.is_abandoned:
                    world.result(ref.race_id, "standard")

    def cards() -> None:
        for day in days:
            now = datetime(day.year, day.month, day.day, 23, tzinfo=UTC)
            for ref in world.races_on(day):
                world.racecard(ref.race_id, "pro", now)

    def live_cards() -> None:
        fresh = World(seed=2)
        for day in days:
            now = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            for ref in fresh.races_on(day):
                fresh.racecard(ref.race_id, "pro", now)

    _measure(bench, "index a day (races_on)", index, f"{races / DAYS:.0f} races a day")
    _measure(bench, "generate + render a day of results", results)
    _measure(bench, "render a day of pro racecards, races cached", cards)
    _measure(bench, "generate + render a day of live pro racecards", live_cards)
