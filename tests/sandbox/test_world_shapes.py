"""The world's payloads have the real API's keys, in the real order, at every level."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from darkhorses.sandbox.world import World
from tests.plugins.reference import load_sample

# Fields the v1.4.3 API added after the samples were captured (October 2025).
ADDED_SINCE_SAMPLES = {
    "race_id",
    "horse_id",
    "dam_id",
    "sire_id",
    "damsire_id",
    "trainer_id",
    "owner_id",
    "jockey_id",
    "sex_restriction",
    "race_status",
    "bsp",
}
DAY = date(2025, 10, 14)
NOW = datetime(2025, 10, 14, 11, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def world() -> World:
    return World(seed=1)


@pytest.fixture(scope="module")
def gb_race(world: World) -> str:
    return next(r.race_id for r in world.races_on(DAY) if r.region == "GB" and not r.is_abandoned)


@pytest.fixture(scope="module")
def schemas(openapi_path: Path) -> dict[str, Any]:
    return yaml.safe_load(openapi_path.read_text())["components"]["schemas"]


def assert_same_order(sample: Any, ours: Any, where: str = "body") -> None:
    """Sample keys appear in ours in the same order; ours adds only v1.4.3 fields."""
    if isinstance(sample, dict):
        assert isinstance(ours, dict), where
        extra = [k for k in ours if k not in sample]
        assert set(extra) <= ADDED_SINCE_SAMPLES, f"{where}: unexpected keys {extra}"
        assert [k for k in ours if k in sample] == list(sample), f"{where}: key order differs"
        for key, value in sample.items():
            assert_same_order(value, ours[key], f"{where}.{key}")
    elif isinstance(sample, list) and sample and isinstance(sample[0], (dict, list)):
        assert isinstance(ours, list) and ours, f"{where}: empty where the sample has items"
        assert_same_order(sample[0], ours[0], f"{where}[]")


def _runner_with_odds(card: dict) -> dict:
    return next(r for r in card["runners"] if r.get("odds"))


@pytest.mark.parametrize("tier", ["free", "basic", "standard", "pro"])
def test_racecards_match_samples(samples_dir: Path, world: World, gb_race: str, tier: str) -> None:
    sample = load_sample(samples_dir, f"racecards_{tier}_today.json")["body"]["racecards"]
    card = world.racecard(gb_race, tier, NOW)
    real = next((c for c in sample if c["runners"] and c["runners"][0].get("odds")), sample[0])
    if tier in ("standard", "pro"):
        real = dict(real, runners=[_runner_with_odds(real)])
        card = dict(card, runners=[_runner_with_odds(card)])
    assert_same_order(real, card, f"racecards/{tier}")


def test_results_match_sample(samples_dir: Path, world: World, gb_race: str) -> None:
    sample = load_sample(samples_dir, "results_2025-10-13.json")["body"]["results"][0]
    assert_same_order(sample, world.result(gb_race, "standard"), "results")


def test_summary_courses_regions_match_samples(
    samples_dir: Path, world: World, gb_race: str
) -> None:
    summary = load_sample(samples_dir, "racecards_summaries.json")["body"]["racecard_summaries"]
    assert_same_order(summary[0], world.summary(gb_race), "summary")
    courses = load_sample(samples_dir, "courses_gb.json")["body"]["courses"]
    assert_same_order(courses[0], world.courses()[0], "courses")
    regions = load_sample(samples_dir, "courses_regions.json")["body"]
    assert_same_order(regions[0], world.regions()[0], "regions")


def test_horses_and_searches_match_samples(samples_dir: Path, world: World, gb_race: str) -> None:
    horse_id = world.racecard(gb_race, "basic", NOW)["runners"][0]["horse_id"]
    profile = load_sample(samples_dir, "horse_pro.json")["body"]
    assert_same_order(profile, world.horse(horse_id, "pro"), "horse pro")
    found = world.search("horses", "a")
    sample = load_sample(samples_dir, "horses_search.json")["body"]["search_results"]
    assert_same_order(sample[0], found[0], "horse search")
    jockeys = load_sample(samples_dir, "jockeys_search.json")["body"]["search_results"]
    assert_same_order(jockeys[0], world.search("jockeys", "a")[0], "jockey search")


def _props(schemas: dict[str, Any], name: str) -> list[str]:
    return list(schemas[name]["properties"])


def test_every_field_of_the_spec_models_in_spec_order(
    schemas: dict[str, Any], world: World, gb_race: str
) -> None:
    cards = {
        "free": ("RacecardBasic", "app__models__racecards__RunnerBasic", None),
        "basic": ("Racecard", "app__models__racecards__Runner", None),
        "standard": ("RacecardOdds", "app__models__racecards__RunnerOdds", "OddsNoHistory"),
        "pro": ("RacecardOddsPro", "RunnerOddsPro", "OddsHistory"),
    }
    for tier, (race_model, runner_model, odds_model) in cards.items():
        card = world.racecard(gb_race, tier, NOW)  # type: ignore[arg-type]
        assert list(card) == _props(schemas, race_model), tier
        runner = _runner_with_odds(card) if odds_model else card["runners"][0]
        assert list(runner) == _props(schemas, runner_model), tier
        if odds_model:
            assert list(runner["odds"][0]) == _props(schemas, odds_model), tier
    results = {
        "free": ("ResultFree", "RunnerFree"),
        "basic": ("ResultBasic", "app__models__result__RunnerBasic"),
        "standard": ("ResultStandard", "RunnerStandard"),
    }
    for tier, (race_model, runner_model) in results.items():
        result = world.result(gb_race, tier)  # type: ignore[arg-type]
        assert list(result) == _props(schemas, race_model), tier
        assert list(result["runners"][0]) == _props(schemas, runner_model), tier
    assert list(world.summary(gb_race)) == _props(schemas, "RacecardSummary")
    horse_id = world.racecard(gb_race, "basic", NOW)["runners"][0]["horse_id"]
    assert list(world.horse(horse_id, "standard") or {}) == _props(schemas, "Horse")
    assert list(world.horse(horse_id, "pro") or {}) == _props(schemas, "HorsePro")
    odds = world.odds_history(gb_race, horse_id, NOW)
    assert odds is not None
    assert list(odds) == _props(schemas, "RaceRunnerOdds")
    assert list(odds["odds"][0]) == _props(schemas, "RaceRunnerOddsBookmakers")
    assert list(world.courses()[0]) == _props(schemas, "app__models__courses__Course")
    assert list(world.regions()[0]) == _props(schemas, "Region")


def test_values_are_written_the_way_the_api_writes_them(world: World, gb_race: str) -> None:
    card = world.racecard(gb_race, "pro", NOW)
    strings = [v for k, v in card.items() if k not in ("runners", "big_race", "is_abandoned")]
    assert all(isinstance(v, str) for v in strings)
    for runner in card["runners"]:
        for key, value in runner.items():
            if key not in (
                "trainer_14_days",
                "prev_trainers",
                "prev_owners",
                "quotes",
                "stable_tour",
                "medical",
                "past_results_flags",
                "odds",
            ):
                assert isinstance(value, str), key
        assert runner["ofr"] != "–" and runner["rpr"] != "–"
    result = world.result(gb_race, "standard")
    for runner in result["runners"]:
        assert runner["horse"].endswith(")")
        assert runner["or"] != "-"
        assert runner["jockey_claim_lbs"].isdigit()
