"""Same seed, same world to the byte; another seed, another world."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from darkhorses.sandbox.world import World

DAY = date(2025, 6, 21)
NOW = datetime(2025, 6, 21, 12, 0, tzinfo=UTC)


def _day_bytes(world: World) -> bytes:
    parts = []
    for ref in world.races_on(DAY):
        parts.append(world.racecard(ref.race_id, "pro", NOW))
        if not ref.is_abandoned:
            parts.append(world.result(ref.race_id, "standard"))
    home = next(r for r in world.races_on(DAY) if r.region == "GB" and not r.is_abandoned)
    horse_id = world.racecard(home.race_id, "basic", NOW)["runners"][0]["horse_id"]
    parts.append(world.odds_history(home.race_id, horse_id, NOW))
    parts.append(world.horse(horse_id, "pro"))
    return json.dumps(parts, ensure_ascii=False).encode()


def test_same_seed_gives_byte_identical_payloads() -> None:
    first = _day_bytes(World(seed=7))
    # a fresh world, and one whose caches were warmed on other days first
    warmed = World(seed=7)
    warmed.races_on(date(2024, 1, 1))
    assert _day_bytes(World(seed=7)) == first
    assert _day_bytes(warmed) == first


def test_another_seed_gives_another_world() -> None:
    one, two = World(seed=1), World(seed=2)
    assert _day_bytes(one) != _day_bytes(two)
    names_one = {
        r["horse"]
        for ref in one.races_on(DAY)[:5]
        for r in one.racecard(ref.race_id, "free", NOW)["runners"]
    }
    names_two = {
        r["horse"]
        for ref in two.races_on(DAY)[:5]
        for r in two.racecard(ref.race_id, "free", NOW)["runners"]
    }
    assert names_one != names_two


def test_unknown_ids_are_answered_with_none() -> None:
    world = World(seed=1)
    assert world.race("rac_1") is None
    assert world.race("nonsense") is None
    assert world.race("rac_99999999999") is None
    assert world.horse("hrs_12", "standard") is None
    assert world.horse("trn_1000001", "pro") is None
    assert world.odds_history("rac_1", "hrs_1", NOW) is None
    assert world.races_on(date(2014, 12, 31)) == []


def test_every_race_of_a_day_is_found_by_its_id() -> None:
    world = World(seed=1)
    refs = world.races_on(DAY)
    assert refs and all(world.race(ref.race_id) == ref for ref in refs)
    assert len({ref.race_id for ref in refs}) == len(refs)
    offs = [(ref.off_dt, ref.course_id) for ref in refs]
    assert [o for o, _ in offs] == sorted(o for o, _ in offs)
