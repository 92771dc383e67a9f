"""How fast the sandbox's world generates and renders race days, and answers entity queries.

Each day figure is given in wall-clock and in CPU time of this process: on a shared machine the
CPU figure is the one that says what the world itself costs. Every day figure starts from a
world that has not seen those days (a backfill meets most horses for the first time).

Days are written as the server writes them: JSON text (``result_json``/``racecard_json``), with
the cyclic garbage collector paused for the day's work as the server pauses it per request
(``collector.gc_paused``). One figure gives the dicts (``result``) for comparison.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from benchmarks.harness import Bench
from darkhorses.sandbox.collector import gc_paused
from darkhorses.sandbox.world import World

DAYS = 30
START = date(2024, 4, 1)
TARGET = "< 30 ms/day"
YEAR = (date(2024, 1, 1), date(2024, 12, 31))


def _measure(bench: Bench, name: str, work: Callable[[], None], note: str = "") -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    bench.figure(f"{name} (wall)", wall / DAYS * 1000, "ms/day", target=TARGET, note=note or None)
    bench.figure(f"{name} (cpu)", cpu / DAYS * 1000, "ms/day", target=TARGET)


def _days() -> list[date]:
    return [START + timedelta(days=i) for i in range(DAYS)]


def _day_figures(bench: Bench) -> None:
    days = _days()
    world = World(seed=1)
    races = sum(len(world.races_on(day)) for day in days)

    def index() -> None:
        fresh = World(seed=3)
        for day in days:
            fresh.races_on(day)

    def results() -> None:
        for day in days:
            with gc_paused():
                for ref in world.races_on(day):
                    if not ref.is_abandoned:
                        world.result_json(ref.race_id, "standard")

    def results_dicts() -> None:
        fresh = World(seed=5)
        for day in days:
            with gc_paused():
                for ref in fresh.races_on(day):
                    if not ref.is_abandoned:
                        fresh.result(ref.race_id, "standard")

    def results_all_tiers() -> None:
        fresh = World(seed=4)
        for day in days:
            with gc_paused():
                for ref in fresh.races_on(day):
                    if not ref.is_abandoned:
                        for tier in ("standard", "basic", "free"):
                            fresh.result_json(ref.race_id, tier)  # type: ignore[arg-type]

    def cards() -> None:
        for day in days:
            now = datetime(day.year, day.month, day.day, 23, tzinfo=UTC)
            with gc_paused():
                for ref in world.races_on(day):
                    world.racecard_json(ref.race_id, "pro", now)

    def live_cards() -> None:
        fresh = World(seed=2)
        for day in days:
            now = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            with gc_paused():
                for ref in fresh.races_on(day):
                    fresh.racecard_json(ref.race_id, "pro", now)

    _measure(bench, "index a day (races_on)", index, f"{races / DAYS:.0f} races a day")
    _measure(bench, "generate + render a day of results", results, "JSON text, as served")
    _measure(bench, "generate + render a day of results as dicts", results_dicts)
    _measure(bench, "generate + render a day of results, all tiers", results_all_tiers)
    _measure(bench, "render a day of pro racecards, races cached", cards, "JSON text, as served")
    _measure(bench, "generate + render a day of live pro racecards", live_cards)


def _query_figures(bench: Bench) -> None:
    """Entity results and searches over a year, once the year has been walked."""
    world = World(seed=1)
    first, last = YEAR
    sample = world.races_on(date(2024, 6, 1))[2]
    runner = world.result(sample.race_id, "standard")["runners"][0]
    entities = [
        ("horses", runner["horse_id"]),
        ("jockeys", runner["jockey_id"]),
        ("trainers", runner["trainer_id"]),
        ("owners", runner["owner_id"]),
        ("sires", runner["sire_id"]),
        ("dams", runner["dam_id"]),
        ("damsires", runner["damsire_id"]),
    ]
    for kind, entity_id in entities:  # warm-up: the year's fields, one query per kind
        world.entity_races(kind, entity_id, first, last)  # type: ignore[arg-type]
    world.search("horses", "gold")
    world.search("owners", "gold")

    cpu = time.process_time()
    for kind, entity_id in entities:  # another range: no answer is cached
        world.entity_races(kind, entity_id, first + timedelta(days=1), last)  # type: ignore[arg-type]
    cpu = time.process_time() - cpu
    bench.figure(
        "entity_races over a year, after warm-up (cpu)",
        cpu / len(entities) * 1000,
        "ms/query",
        target="well under 1 s",
        note="mean over the seven kinds",
    )
    queries = [(kind, text) for kind in ("horses", "dams", "owners") for text in ("a", "storm")]
    cpu = time.process_time()
    for kind, text in queries:
        world.search(kind, text)  # type: ignore[arg-type]
    cpu = time.process_time() - cpu
    bench.figure(
        "search, after warm-up (cpu)",
        cpu / len(queries) * 1000,
        "ms/query",
        target="well under 1 s",
    )


def run(bench: Bench) -> None:
    _day_figures(bench)
    _query_figures(bench)
