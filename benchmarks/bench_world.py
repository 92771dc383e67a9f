"""How fast the sandbox's world generates and renders race days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from benchmarks.harness import Bench, stopwatch
from darkhorses.sandbox.world import World

DAYS = 30
START = date(2024, 4, 1)


def run(bench: Bench) -> None:
    world = World(seed=1)
    days = [START + timedelta(days=i) for i in range(DAYS)]
    with stopwatch() as elapsed:
        races = sum(len(world.races_on(day)) for day in days)
    bench.figure("index a day (races_on)", elapsed() / DAYS * 1000, "ms/day",
                 note=f"{races / DAYS:.0f} races a day worldwide")
    with stopwatch() as elapsed:
        for day in days:
            for ref in world.races_on(day):
                if not ref.is_abandoned:
                    world.result(ref.race_id, "standard")
    bench.figure("generate + render a day of results", elapsed() / DAYS * 1000, "ms/day",
                 target="< 30 ms/day")
    with stopwatch() as elapsed:
        for day in days:
            now = datetime(day.year, day.month, day.day, 23, tzinfo=UTC)
            for ref in world.races_on(day):
                world.racecard(ref.race_id, "pro", now)
    bench.figure("render a day of pro racecards (cached races)", elapsed() / DAYS * 1000,
                 "ms/day", target="< 30 ms/day")
    fresh = World(seed=2)
    with stopwatch() as elapsed:
        for day in days:
            now = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            for ref in fresh.races_on(day):
                fresh.racecard(ref.race_id, "pro", now)
    bench.figure("generate + render a day of live pro racecards", elapsed() / DAYS * 1000,
                 "ms/day", target="< 30 ms/day")
