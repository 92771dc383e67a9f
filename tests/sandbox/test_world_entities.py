"""Horses, pedigrees and people: answerable from their ids, running again and again."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from darkhorses.sandbox.world import World

DAY = date(2025, 5, 3)
NOW = datetime(2025, 5, 3, 23, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def world() -> World:
    return World(seed=1)


@pytest.fixture(scope="module")
def home_results(world: World) -> list[dict]:
    out = []
    for offset in range(0, 28):
        day = DAY - timedelta(days=offset)
        for ref in world.races_on(day):
            if ref.region in ("GB", "IRE") and not ref.is_abandoned:
                out.append(world.result(ref.race_id, "standard"))
    return out


def test_a_horse_profile_needs_no_race_day(world: World) -> None:
    fresh = World(seed=1)
    card = world.racecard(world.races_on(DAY)[5].race_id, "pro", NOW)
    runner = card["runners"][0]
    profile = fresh.horse(runner["horse_id"], "pro")
    assert profile is not None
    assert profile["dob"] == runner["dob"] and profile["colour"] == runner["colour"]
    assert profile["sire_id"] == runner["sire_id"] and profile["dam_id"] == runner["dam_id"]
    assert profile["name"] == f"{runner['horse']} ({runner['region']})"


def test_sires_dams_and_damsires_are_horses_of_the_same_world(world: World) -> None:
    runner = world.racecard(world.races_on(DAY)[3].race_id, "basic", NOW)["runners"][0]
    sire = world.horse("hrs_" + runner["sire_id"].removeprefix("sir_"), "pro")
    dam = world.horse("hrs_" + runner["dam_id"].removeprefix("dam_"), "pro")
    damsire = world.horse("hrs_" + runner["damsire_id"].removeprefix("dsi_"), "standard")
    assert sire and dam and damsire
    assert sire["name"] == f"{runner['sire']} ({runner['sire_region']})"
    assert sire["sex"] == "horse" and dam["sex"] == "mare"
    assert dam["sire_id"].removeprefix("sir_") == runner["damsire_id"].removeprefix("dsi_")
    assert damsire["name"].startswith(runner["damsire"])


def test_horses_run_again_and_sires_have_many_runners(home_results: list[dict]) -> None:
    runs = Counter(r["horse_id"] for race in home_results for r in race["runners"])
    assert sum(1 for n in runs.values() if n >= 2) > 100
    sires = Counter(r["sire_id"] for race in home_results for r in race["runners"])
    assert sires.most_common(1)[0][1] >= 40
    jockeys = Counter(r["jockey_id"] for race in home_results for r in race["runners"])
    assert jockeys.most_common(1)[0][1] >= 40  # a leading rider: over 1,000 rides over the years


def test_no_horse_runs_twice_on_one_day(world: World) -> None:
    seen: Counter[str] = Counter()
    for ref in world.races_on(DAY):
        for runner in world.racecard(ref.race_id, "free", NOW)["runners"]:
            seen[runner["horse_id"]] += 1
    assert max(seen.values()) == 1


def test_claiming_jockeys_on_cards_and_in_results(world: World, home_results: list[dict]) -> None:
    claims = [r for race in home_results for r in race["runners"] if r["jockey_claim_lbs"] != "0"]
    assert claims
    race = next(race for race in home_results if any(r in claims for r in race["runners"]))
    rider = next(r for r in race["runners"] if r in claims)
    card = world.racecard(race["race_id"], "basic", NOW)
    on_card = next(r for r in card["runners"] if r["horse_id"] == rider["horse_id"])
    assert on_card["jockey"] == f"{rider['jockey']}({rider['jockey_claim_lbs']})"


def test_entity_races_find_every_run(world: World, home_results: list[dict]) -> None:
    runner = home_results[0]["runners"][0]
    start, end = DAY - timedelta(days=27), DAY
    expected = {
        kind: [
            race["race_id"]
            for race in home_results
            if any(r[key] == runner[key] for r in race["runners"])
        ]
        for kind, key in (
            ("horses", "horse_id"),
            ("trainers", "trainer_id"),
            ("jockeys", "jockey_id"),
            ("sires", "sire_id"),
        )
    }
    for kind, key in (
        ("horses", "horse_id"),
        ("trainers", "trainer_id"),
        ("jockeys", "jockey_id"),
        ("sires", "sire_id"),
    ):
        found = world.entity_races(kind, runner[key], start, end)  # type: ignore[arg-type]
        home = [r for r in found if world.race(r).region in ("GB", "IRE")]  # type: ignore[union-attr]
        assert set(home) == set(expected[kind]), kind
        dates = [world.race(r).date for r in found]  # type: ignore[union-attr]
        assert dates == sorted(dates, reverse=True)
    assert world.entity_races("jockeys", "jky_1", start, end) == []


def test_searches_find_people_and_horses_by_name(world: World) -> None:
    runner = world.result(world.races_on(DAY)[0].race_id, "standard")["runners"][0]
    surname = runner["jockey"].split()[-1]
    jockeys = world.search("jockeys", surname.lower())
    assert any(j["id"] == runner["jockey_id"] for j in jockeys)
    assert all(surname.lower() in j["name"].lower() for j in jockeys)
    sires = world.search("sires", runner["sire"].split(" (")[0])
    assert any(s["id"] == runner["sire_id"] for s in sires)
    assert world.search("horses", "zzzz-no-such-horse") == []


def test_courses_and_regions(world: World) -> None:
    courses = world.courses()
    by_region = Counter(c["region_code"] for c in courses)
    assert by_region["gb"] == 69 and by_region["ire"] == 32
    names = {c["course"] for c in courses}
    assert {"Kempton (AW)", "Wolverhampton (AW)", "Chelmsford City (AW)", "Ballinrobe"} <= names
    assert len({c["id"] for c in courses}) == len(courses)
    foreign = {c["region_code"] for c in courses} - {"gb", "ire"}
    assert len(foreign) >= 4
    codes = {r["region_code"] for r in world.regions()}
    assert {c["region_code"] for c in courses} <= codes
