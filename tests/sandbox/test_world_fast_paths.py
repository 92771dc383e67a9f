"""The world's fast paths write exactly what the plain ones would, and the world stays the same.

The digests below were taken from the world before its generation was optimised: a change of
any generated value for these seeds shows here. (If the world is changed on purpose, take new
digests and say so.)
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from darkhorses.sandbox.world import World, horses, names
from darkhorses.sandbox.world.horses import (
    FIRST_FOAL_YEAR,
    HOME_RACEHORSES,
    MARES,
    Details,
    describe,
    foreign_serials,
    horse_id,
    racing_region,
)
from darkhorses.sandbox.world.market import Market
from darkhorses.sandbox.world.results import FinalPrices
from darkhorses.sandbox.world.seeding import (
    Draws,
    WeightedPicker,
    choose,
    draws_prefix,
    first_words,
)

PINNED = {
    "1/2025-06-21/results": "87baba82aafe73e765314861",
    "1/2025-06-21/cards@12": "5903f7d4a0f77779a0d0a095",
    "1/2025-06-21/cards@23": "f8cb4a8d3fffb8d78366673a",
    "1/2025-06-21/odds+horse": "e1c78935a294dd04a340a9cf",
    "2/2024-02-29/results": "178dee82f489558aa009dbd0",
    "2/2024-02-29/cards@12": "1945cb5a44575847172b425c",
    "2/2024-02-29/cards@23": "553b8b46fa1c09045eadd0ae",
    "2/2024-02-29/odds+horse": "ef9c04d8d7546ee02b80aab6",
}


def _served(payload: Any) -> bytes:
    """The bytes the server sends for a payload (Starlette's JSONResponse)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _digests(seed: int, day: date) -> dict[str, str]:
    world = World(seed)
    refs = world.races_on(day)
    found = {}
    h = hashlib.sha256()
    for ref in refs:
        if not ref.is_abandoned:
            for tier in ("standard", "basic", "free"):
                h.update(_served(world.result(ref.race_id, tier)))
    found[f"{seed}/{day}/results"] = h.hexdigest()[:24]
    for hour in (12, 23):
        now = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
        h = hashlib.sha256()
        for ref in refs:
            for tier in ("pro", "standard", "basic", "free"):
                h.update(_served(world.racecard(ref.race_id, tier, now)))  # type: ignore[arg-type]
        found[f"{seed}/{day}/cards@{hour}"] = h.hexdigest()[:24]
    home = next(r for r in refs if r.region == "GB" and not r.is_abandoned)
    now = datetime(day.year, day.month, day.day, 23, tzinfo=UTC)
    horse = world.result(home.race_id, "standard")["runners"][0]["horse_id"]
    h = hashlib.sha256()
    h.update(_served(world.odds_history(home.race_id, horse, now)))
    h.update(_served(world.horse(horse, "pro")))
    h.update(_served(world.horse(horse, "standard")))
    found[f"{seed}/{day}/odds+horse"] = h.hexdigest()[:24]
    return found


@pytest.mark.parametrize(("seed", "day"), [(1, date(2025, 6, 21)), (2, date(2024, 2, 29))])
def test_the_world_is_the_one_pinned(seed: int, day: date) -> None:
    expected = {k: v for k, v in PINNED.items() if k.startswith(f"{seed}/")}
    assert _digests(seed, day) == expected


def test_json_texts_are_the_dicts_as_the_server_writes_them() -> None:
    world = World(seed=8)
    day = date(2025, 3, 15)
    for ref in world.races_on(day)[::3]:
        for tier in ("standard", "basic", "free"):
            text = world.result_json(ref.race_id, tier)  # type: ignore[arg-type]
            assert text.encode() == _served(world.result(ref.race_id, tier))  # type: ignore[arg-type]
        for hour in (6, 13, 23):
            now = datetime(day.year, day.month, day.day, hour, 30, tzinfo=UTC)
            for card_tier in ("pro", "standard", "basic", "free"):
                text = world.racecard_json(ref.race_id, card_tier, now)  # type: ignore[arg-type]
                card = world.racecard(ref.race_id, card_tier, now)  # type: ignore[arg-type]
                assert text.encode() == _served(card)


def test_result_facts_are_what_the_results_show() -> None:
    world = World(seed=3)
    for ref in world.races_on(date(2024, 11, 2)):
        facts = world.result_facts(ref.race_id)  # before the race is built, then after
        result = world.result(ref.race_id, "standard")
        assert facts == {k: result[k] for k in ("going", "age_band", "sex_rest", "dist_y")}
        assert world.result_facts(ref.race_id) == facts


def _sample_horses() -> list[str]:
    home = [
        horse_id(2015 + i % 9, HOME_RACEHORSES[(i * 37) % len(HOME_RACEHORSES)]) for i in range(300)
    ]
    abroad = [
        horse_id(2016 + i % 6, foreign_serials(code)[(i * 53) % 2500])
        for i, code in enumerate(("fr", "usa", "aus", "hk", "uae", "ger") * 20)
    ]
    return home + abroad


def test_a_racehorse_made_inline_is_the_one_the_plain_draws_make() -> None:
    seed = 4
    fast, plain = World(seed).population, World(seed).population
    people = plain.people
    for hid in _sample_horses():
        horse = fast.racehorse(hid)
        foal_year, serial = divmod(int(hid[4:]), 100_000)
        assert horse == plain._make(hid, foal_year, serial)  # parents(), name(), bred(), ...
        # the streams drawn the plain way, as the world first drew them
        r = Draws(seed, "parents", hid)
        sire_age = choose(r, horses._SIRE_AGES, horses._SIRE_AGE_WEIGHTS)
        stallion = plain._stallion_picker.pick(r.random())
        sire = horse_id(max(FIRST_FOAL_YEAR, foal_year - sire_age), stallion)
        dam_year = max(FIRST_FOAL_YEAR, foal_year - r.randint(3, 18))
        dam = horse_id(dam_year, r.randint(MARES[0], MARES[-1]))
        assert (horse.sire_id, horse.dam_id) == (sire, dam)
        assert horse.name == names.horse_name(Draws(seed, "name", hid))
        r = Draws(seed, "stable", hid)
        home = racing_region(serial) == "home"
        stable = ("gb" if r.random() < 0.72 else "ire") if home else racing_region(serial)
        trainer = people.pick_trainer(stable, horse.career, r.random())
        assert (horse.trainer_id, horse.owner_id) == (
            trainer,
            people.pick_owner(stable, r.random()),
        )


def test_names_and_details_from_words_are_the_streams_draws() -> None:
    seed = 6
    for hid in _sample_horses():
        words = first_words(draws_prefix(seed, "name"), hid.encode())
        assert names.horse_name_from_words(words) == names.horse_name(Draws(seed, "name", hid))
        # describe(), drawn the plain way
        r = Draws(seed, "horse", hid)
        colour = choose(
            r, ("b", "br", "ch", "gr", "bl", "b/br"), (0.5, 0.15, 0.22, 0.09, 0.02, 0.02)
        )
        days = r.randint(20, 150)
        if racing_region(int(hid[4:]) % 100_000) == "aus":
            days = r.randint(215, 320)
        dob = (date(int(hid[4:]) // 100_000, 1, 1) + timedelta(days=days)).isoformat()
        expected = Details(colour, dob, names.breeder_name(r))
        assert describe(seed, hid, int(hid[4:]) // 100_000) == expected


def test_final_prices_without_the_market_are_the_markets() -> None:
    world = World(seed=2)
    for ref in world.races_on(date(2025, 8, 2)):
        if ref.is_abandoned:
            continue
        race = world.full_race(ref.race_id)
        market = Market(world.seed, race, world.noise)
        prices = FinalPrices.of(race)
        assert prices.live == market.live
        assert prices.probabilities == market.final_probabilities


def test_the_picker_takes_the_last_item_when_rounding_passes_the_end() -> None:
    items, weights = ["a", "b", "c"], [0.1, 0.2, 0.3]
    picker = WeightedPicker(items, weights)
    cum = [0.1, 0.1 + 0.2, 0.1 + 0.2 + 0.3]
    for u in [i / 997 for i in range(998)] + [0.99999999, 1.0, 1.5]:
        assert picker.pick(u) == items[min(bisect_right(cum, u * cum[-1]), len(items) - 1)]
    assert [picker.pick(u) for u in (0.0, 0.4, 0.9, 1.0)] == ["a", "b", "c", "c"]
    assert WeightedPicker(["only"], [1.0]).pick(0.7) == "only"
