"""Payload models: tolerant of drift, strict where a record cannot be read."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from darkhorses.api.models import (
    FreeRacecard,
    HorsePro,
    ProRacecard,
    RaceRunnerOdds,
    StandardResult,
    validate_items,
    validate_races,
)
from darkhorses.api.models.courses import Region
from tests.transform.payloads import card_race, card_runner, result_race, result_runner


def test_blank_and_dash_values_read_as_missing() -> None:
    card = ProRacecard.model_validate(card_race(pattern="", field_size=""))
    runner = card.runners[0]
    assert card.pattern is None and card.field_size is None
    assert runner.rpr is None and runner.ts is None  # "-" on cards
    result = StandardResult.model_validate(result_race())
    assert result.runners[0].rpr is None and result.runners[0].tsr is None  # "–" in results
    assert result.runners[0].or_ == 74
    assert result.runners[0].sp_dec == Decimal("3.75")


def test_raw_strings_kept_where_a_parse_loses_information() -> None:
    result = StandardResult.model_validate(result_race())
    runner = result.runners[0]
    assert (runner.sp, runner.position, runner.time, runner.weight) == (
        "11/4F",
        "1",
        "3:5.14",
        "11-4",
    )
    card = ProRacecard.model_validate(card_race())
    assert card.prize == "£4,193" and card.off_time == "2:12"
    assert card.runners[0].jockey == "Rose Dawes(5)" and card.runners[0].number == "1"


def test_unknown_fields_are_kept() -> None:
    card = ProRacecard.model_validate(card_race(new_field="x", runners=[card_runner(mood="keen")]))
    assert card.model_extra == {"new_field": "x"}
    assert card.runners[0].model_extra == {"mood": "keen"}


def test_number_where_a_string_was_and_missing_fields() -> None:
    raw = card_runner(number=7, draw=3, lbs=140)
    del raw["spotlight"], raw["quotes"]
    card = ProRacecard.model_validate(card_race(runners=[raw], field_size=9))
    runner = card.runners[0]
    assert runner.number == "7" and runner.draw == 3 and runner.lbs == 140
    assert runner.spotlight is None and runner.quotes == []
    assert card.field_size == 9


def test_off_dt_keeps_its_offset_and_naive_times_are_refused() -> None:
    card = ProRacecard.model_validate(card_race())
    assert card.off_dt is not None and card.off_dt.utcoffset() is not None
    races, bad = validate_races(
        [card_race(off_dt="2025-10-13T14:12:00")], ProRacecard, source="racecards/pro"
    )
    assert races == []
    assert bad[0].record_key == "rac_1" and "UTC offset" in bad[0].reason


def test_tiers_carry_their_own_fields() -> None:
    assert ProRacecard.carries("going_detailed") and not FreeRacecard.carries("going_detailed")
    assert StandardResult.carries("tote_win")


def test_validate_items_sets_aside_what_cannot_be_read() -> None:
    items = [
        {"region": "Great Britain", "region_code": "gb"},
        {"region": "Nowhere"},
        "not an object",
        {"region": "Ireland", "region_code": "ire"},
    ]
    good, bad = validate_items(items, Region, source="courses/regions", key_fields=("region_code",))
    assert [r.region_code for r in good] == ["gb", "ire"]
    assert [(q.record_key, q.reason) for q in bad] == [
        ("#1", "missing region_code"),
        ("#2", "expected an object, got str"),
    ]
    assert json.loads(bad[0].raw_json()) == {"region": "Nowhere"}
    assert bad[0].source == "courses/regions"


def test_one_malformed_runner_is_quarantined_and_the_rest_kept() -> None:
    runners = [
        card_runner(horse_id="hrs_1"),
        card_runner(horse_id="hrs_2", lbs="heavy"),
        card_runner(horse_id="", horse="Nameless"),
        card_runner(horse_id="hrs_4"),
    ]
    races, bad = validate_races(
        [card_race(runners=runners), {**card_race(race_id="rac_2"), "runners": "oops"}],
        ProRacecard,
        source="racecards/pro",
    )
    assert [r.horse_id for r in races[0].runners] == ["hrs_1", "hrs_4"]
    reasons = {q.record_key: q.reason for q in bad}
    assert "lbs" in reasons["rac_1/hrs_2"] and "heavy" in reasons["rac_1/hrs_2"]
    assert reasons["rac_1/#2"] == "missing horse_id"
    assert reasons["rac_2"] == "runners: expected a list"
    assert bad[0].raw["lbs"] == "heavy"


def test_results_runner_without_id_and_free_cards_without_ids() -> None:
    races, bad = validate_races(
        [result_race(runners=[result_runner(), result_runner(horse_id=None)])],
        StandardResult,
        source="results",
    )
    assert len(races[0].runners) == 1 and bad[0].reason == "missing horse_id"
    free = card_race(runners=[card_runner(horse_id="")])
    del free["race_id"]
    cards, card_bad = validate_races(
        [free], FreeRacecard, source="free", race_key=(), runner_key=()
    )
    assert card_bad == [] and cards[0].race_id is None


def test_horse_profile_and_odds_endpoint() -> None:
    horse = HorsePro.model_validate(
        {"id": "hrs_1", "name": "Flaggan (IRE)", "dob": "2011-06-19", "colour": "b", "extra": 1}
    )
    assert horse.dob == date(2011, 6, 19) and horse.model_extra == {"extra": 1}
    odds = RaceRunnerOdds.model_validate(
        {
            "horse": "X",
            "odds": [
                {
                    "bookmaker": "Bet365",
                    "fractional": "SP",
                    "decimal": "SP",
                    "history": [
                        {
                            "changed_at": "2025-04-22T13:34:00+01:00",
                            "fractional": "11/2",
                            "decimal": "6.5",
                        }
                    ],
                }
            ],
        }
    )
    assert odds.race_id is None and odds.odds[0].history[0].decimal == "6.5"
