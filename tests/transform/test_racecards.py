"""Racecards -> rows: times, money, regions, non-runners, entities, column ownership."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from darkhorses.api.models import FreeRacecard, ProRacecard, Racecard
from darkhorses.transform import racecard_rows
from tests.transform.payloads import card_race, card_runner

RESULT_ONLY_RUNNER_COLUMNS = {
    "position", "position_raw", "position_status", "btn", "ovr_btn", "sp", "sp_dec",
    "is_favourite", "bsp", "finishing_time_s", "prize_won", "result_or", "result_rpr",
    "result_comment", "weight_st_lb",
}  # fmt: skip
RESULT_ONLY_RACE_COLUMNS = {"has_result", "winning_time_detail", "tote_win", "non_runners"}


def rows_for(*races: dict[str, Any], model: type[FreeRacecard] = ProRacecard, **kw: Any) -> Any:
    return racecard_rows([model.model_validate(r) for r in races], **kw)


@pytest.mark.parametrize(
    ("off_dt", "utc"),
    [
        ("2025-03-29T13:00:00+00:00", datetime(2025, 3, 29, 13, 0, tzinfo=UTC)),  # GMT
        ("2025-03-30T13:00:00+01:00", datetime(2025, 3, 30, 12, 0, tzinfo=UTC)),  # BST starts
        ("2025-10-25T13:00:00+01:00", datetime(2025, 10, 25, 12, 0, tzinfo=UTC)),  # BST
        ("2025-10-26T13:00:00+00:00", datetime(2025, 10, 26, 13, 0, tzinfo=UTC)),  # GMT again
    ],
)
def test_off_dt_in_utc_on_both_sides_of_a_clock_change(off_dt: str, utc: datetime) -> None:
    day = off_dt[:10]
    race = rows_for(card_race(off_dt=off_dt, date=day, off_time="1:00"))["ra_mst_races"][0]
    assert race["off_dt"] == utc
    assert race["date"] == date.fromisoformat(day)
    assert race["off_time"] == "1:00"  # 12-hour text, never read as a clock time


def test_evening_off_time_is_text_and_the_date_is_the_uk_date() -> None:
    race = rows_for(card_race(off_time="8:10", off_dt="2025-10-13T20:10:00+01:00"))["ra_mst_races"][
        0
    ]
    assert race["off_time"] == "8:10"
    assert race["off_dt"] == datetime(2025, 10, 13, 19, 10, tzinfo=UTC)
    undated = card_race(off_dt="2025-10-13T23:45:00+01:00")
    del undated["date"]
    assert rows_for(undated)["ra_mst_races"][0]["date"] == date(2025, 10, 13)


def test_pound_and_euro_prizes() -> None:
    rows = rows_for(
        card_race(prize="£4,193"),
        card_race(race_id="rac_2", region="IRE", course="Naas", prize="€5,900"),
        card_race(race_id="rac_3", prize=""),
    )
    races = {r["id"]: r for r in rows["ra_mst_races"]}
    assert (races["rac_1"]["prize"], races["rac_1"]["prize_currency"]) == (Decimal("4193"), "GBP")
    assert (races["rac_2"]["prize"], races["rac_2"]["prize_currency"]) == (Decimal("5900"), "EUR")
    assert races["rac_2"]["prize_raw"] == "€5,900"
    assert races["rac_3"]["prize"] is None and races["rac_3"]["prize_currency"] is None


def test_distances_in_furlongs_and_yards() -> None:
    race = rows_for(card_race())["ra_mst_races"][0]
    assert race["distance_f"] == Decimal("16.0") and race["distance_y"] == 3573
    assert race["distance"] == "2m53y"


def test_foreign_races_are_filtered_and_counted() -> None:
    rows = rows_for(
        card_race(
            race_id="rac_fr", region="FR", runners=[card_runner(), card_runner(horse_id="h2")]
        ),
        card_race(race_id="rac_ire", region="IRE"),
        card_race(race_id="rac_gb"),
    )
    assert {r["id"] for r in rows["ra_mst_races"]} == {"rac_ire", "rac_gb"}
    assert rows.filtered_foreign == 1 and rows.counters["filtered_foreign_runners"] == 2
    only_gb = rows_for(card_race(race_id="rac_ire", region="IRE"), card_race(), regions=["gb"])
    assert [r["id"] for r in only_gb["ra_mst_races"]] == ["rac_1"]
    assert only_gb.filtered_foreign == 1


def test_non_runner_keeps_its_row_marked() -> None:
    rows = rows_for(card_race(runners=[card_runner(), card_runner(horse_id="hrs_nr", number="NR")]))
    runners = {r["horse_id"]: r for r in rows["ra_mst_runners"]}
    assert runners["hrs_nr"]["is_non_runner"] is True and runners["hrs_nr"]["number"] is None
    assert runners["hrs_100"]["is_non_runner"] is False and runners["hrs_100"]["number"] == 1
    assert rows.counters["non_runners"] == 1


def test_runner_card_columns() -> None:
    runner = rows_for(card_race())["ra_mst_runners"][0]
    assert runner["jockey_claim_lbs"] == 5
    assert runner["weight_lbs"] == 158 and runner["ofr"] == 74
    assert runner["rpr"] is None and runner["ts"] is None  # "-": no rating yet
    assert runner["draw"] is None  # "0" on a jumps card: not drawn
    assert runner["trainer_location"] == "Brompton Regis, Somerset"
    assert runner["medical"] == [{"date": "2025-03-24", "type": "Wind Surgery"}]
    assert runner["quotes"][0]["quote"] == "She is well"
    assert runner["prev_trainers"][0]["trainer_id"] == "trn_501"
    assert runner["prev_owners"][0]["owner_id"] == "own_601"
    assert runner["past_results_flags"] == ["CD"]
    assert runner["trainer_14_days"] == {"runs": "3", "wins": "1", "percent": "33"}
    plain = rows_for(card_race(runners=[card_runner(jockey="Hollie Doyle")]))["ra_mst_runners"][0]
    assert plain["jockey_claim_lbs"] == 0


def test_entities_from_the_card() -> None:
    rows = rows_for(card_race())
    assert rows["ra_mst_jockeys"] == [{"id": "jky_700", "name": "Rose Dawes"}]
    trainers = {t["id"]: t for t in rows["ra_mst_trainers"]}
    assert trainers["trn_500"] == {
        "id": "trn_500",
        "name": "Jeremy Scott",
        "location": "Brompton Regis, Somerset",
    }
    assert trainers["trn_501"]["name"] == "J P O'Brien"  # a previous trainer
    assert {o["id"] for o in rows["ra_mst_owners"]} == {"own_600", "own_601"}
    horse = rows["ra_mst_horses"][0]
    assert horse == {
        "id": "hrs_100",
        "name": "Border Gem",
        "region": "GB",
        "sex": "mare",
        "sex_code": "M",
        "colour": "b",
        "colour_code": "B",
        "dob": date(2020, 3, 11),
        "breeder": "T C Dawson",
        "sire_id": "sir_300",
        "dam_id": "dam_200",
        "damsire_id": "dsi_400",
    }
    assert rows["ra_mst_sires"] == [
        {"id": "sir_300", "name": "Gemix", "horse_id": "hrs_300", "region": "FR"}
    ]
    assert rows["ra_mst_dams"][0]["horse_id"] == "hrs_200"
    assert rows["ra_mst_damsires"][0] == {
        "id": "dsi_400",
        "name": "Alflora",
        "horse_id": "hrs_400",
        "region": "IRE",
    }
    pedigree = rows["ra_horse_pedigree"][0]
    assert pedigree["dam"] == "Border Flora" and pedigree["sire_region"] == "FR"


def test_people_met_twice_are_one_row() -> None:
    rows = rows_for(
        card_race(runners=[card_runner(), card_runner(horse_id="hrs_2", number="2")]),
        card_race(race_id="rac_2"),
    )
    assert len(rows["ra_mst_jockeys"]) == 1 and len(rows["ra_mst_runners"]) == 3


def test_bookmakers_seen_on_cards() -> None:
    rows = rows_for(
        card_race(date="2025-10-13"),
        card_race(race_id="rac_2", date="2025-10-14", off_dt="2025-10-14T14:12:00+01:00"),
    )
    books = {b["id"]: b for b in rows["ra_mst_bookmakers"]}
    assert books["bet365"]["type"] == "fixed"
    assert books["betfair-exchange"] == {
        "id": "betfair-exchange",
        "name": "Betfair Exchange",
        "type": "exchange",
        "last_seen_date": date(2025, 10, 14),
    }


def test_a_card_emits_no_result_column() -> None:
    rows = rows_for(card_race())
    assert not RESULT_ONLY_RUNNER_COLUMNS & set(rows["ra_mst_runners"][0])
    assert not RESULT_ONLY_RACE_COLUMNS & set(rows["ra_mst_races"][0])


def test_a_lower_tier_emits_only_what_it_carries() -> None:
    basic = rows_for(card_race(), model=Racecard)
    assert "tip" not in basic["ra_mst_races"][0] and "going_detailed" in basic["ra_mst_races"][0]
    assert basic["ra_mst_races"][0]["card_source"] == "basic"
    free = rows_for(card_race(), model=FreeRacecard)
    race, runner = free["ra_mst_races"][0], free["ra_mst_runners"][0]
    assert "going_detailed" not in race and "course_id" not in race
    assert race["card_source"] == "free"
    assert not {"trainer_location", "spotlight", "rpr", "quotes"} & set(runner)
    assert "location" not in free["ra_mst_trainers"][0]
    assert "dob" not in free["ra_mst_horses"][0]
    assert free["ra_mst_bookmakers"] == []


def test_a_runner_the_transform_cannot_read_is_quarantined_alone() -> None:
    rows = rows_for(card_race(runners=[card_runner(number="A"), card_runner(horse_id="hrs_2")]))
    assert [r["horse_id"] for r in rows["ra_mst_runners"]] == ["hrs_2"]
    (bad,) = rows.quarantined
    assert bad.record_key == "rac_1/hrs_100" and "'A'" in bad.reason
    assert bad.raw["number"] == "A"


def test_free_cards_without_ids_are_counted_not_written() -> None:
    raw = card_race(runners=[card_runner(horse_id="")])
    del raw["race_id"]
    rows = rows_for(raw, model=FreeRacecard)
    assert rows.tables == {} and rows.counters["skipped_no_id"] == 1
