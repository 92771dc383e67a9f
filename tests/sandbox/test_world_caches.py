"""The world's shortcuts and caches change nothing a client can see, and stay bounded."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta

import pytest

from darkhorses.sandbox.world import World
from darkhorses.sandbox.world.contract import EntityKind
from darkhorses.sandbox.world.seeding import LRU, BoundedDict, Stream

DAY = date(2025, 4, 5)
DAYS = [DAY - timedelta(days=i) for i in range(4)]


def _bytes(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def test_the_lean_stream_draws_exactly_as_random() -> None:
    lean, plain = Stream("1:test:x"), random.Random("1:test:x")
    for n in range(1, 400):
        assert lean.randint(-n // 3, n) == plain.randint(-n // 3, n)
        items = list(range(n))
        assert lean.choice(items) == plain.choice(items)
        assert lean.random() == plain.random()
    with pytest.raises(ValueError):
        lean.randint(3, 2)
    with pytest.raises(IndexError):
        lean.choice([])


def test_prices_do_not_depend_on_what_was_asked_before() -> None:
    home = [r for r in World(seed=5).races_on(DAY) if r.region == "GB" and not r.is_abandoned]
    race = home[len(home) // 2]
    live = race.off_dt - timedelta(minutes=7)
    after = race.off_dt + timedelta(hours=1)

    straight = World(seed=5)
    card = straight.racecard(race.race_id, "pro", live)
    horse_id = card["runners"][0]["horse_id"]
    history = straight.odds_history(race.race_id, horse_id, after)

    # the other order: final prices, then history over every instant, then the live card
    roundabout = World(seed=5)
    roundabout.racecard(race.race_id, "pro", after)
    assert _bytes(roundabout.odds_history(race.race_id, horse_id, after)) == _bytes(history)
    assert _bytes(roundabout.racecard(race.race_id, "pro", live)) == _bytes(card)


def test_results_and_cards_do_not_depend_on_what_was_built_before() -> None:
    now = datetime(DAY.year, DAY.month, DAY.day, 13, tzinfo=UTC)
    refs = World(seed=6).races_on(DAY)[:12]
    forwards, backwards = World(seed=6), World(seed=6)
    for ref in reversed(refs):  # warm the second world in the other order, results first
        backwards.result(ref.race_id, "free")
    for ref in refs:
        for tier in ("free", "basic", "standard", "pro"):
            a = forwards.racecard(ref.race_id, tier, now)  # type: ignore[arg-type]
            b = backwards.racecard(ref.race_id, tier, now)  # type: ignore[arg-type]
            assert _bytes(a) == _bytes(b)
        assert _bytes(forwards.result(ref.race_id, "standard")) == _bytes(
            backwards.result(ref.race_id, "standard")
        )


@pytest.mark.parametrize(
    ("kind", "column"),
    [
        ("horses", "horse_id"),
        ("jockeys", "jockey_id"),
        ("trainers", "trainer_id"),
        ("owners", "owner_id"),
        ("sires", "sire_id"),
        ("dams", "dam_id"),
        ("damsires", "damsire_id"),
    ],
)
def test_entity_races_are_exactly_the_races_the_results_show(kind: EntityKind, column: str) -> None:
    world = World(seed=1)
    seen: dict[str, set[str]] = {}
    for day in DAYS:
        for ref in world.races_on(day):
            if ref.is_abandoned:
                continue
            for row in world.result(ref.race_id, "standard")["runners"]:
                seen.setdefault(row[column], set()).add(ref.race_id)
    busiest = sorted(seen, key=lambda i: (-len(seen[i]), i))[:3]
    for entity_id in [*busiest, sorted(seen)[0]]:
        found = world.entity_races(kind, entity_id, DAYS[-1], DAYS[0])
        assert set(found) == seen[entity_id]
        assert len(found) == len(set(found))


def test_searches_rank_exact_then_prefix_then_the_rest() -> None:
    world = World(seed=1)
    for kind in ("horses", "dams", "owners"):
        hits = world.search(kind, "an")  # type: ignore[arg-type]
        assert 0 < len(hits) <= 50
        names = [h["name"].lower() for h in hits]
        assert all("an" in n for n in names)
        ranks = [0 if n == "an" else 1 if n.startswith("an") else 2 for n in names]
        assert ranks == sorted(ranks)


def test_caches_stay_within_their_bounds() -> None:
    memo: BoundedDict[int, int] = BoundedDict(100)
    lru: LRU[int, int] = LRU(100)
    for i in range(1000):
        memo[i] = i
        lru.get(i, lambda i=i: i * 2)
        assert len(memo) <= 100 and len(lru._data) <= 100
    assert memo[999] == 999 and lru.find(999) == 1998 and lru.find(0) is None
