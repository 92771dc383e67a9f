"""Results -> rows: placings, prices, dead heats, names, races created from results, ownership."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from darkhorses.api.models import FreeResult, ProRacecard, StandardResult
from darkhorses.transform import racecard_rows, result_rows
from darkhorses.transform.results import non_runner_names
from tests.transform.payloads import card_race, result_race, result_runner

CARD_ONLY_RACE_COLUMNS = {
    "prize", "prize_currency", "prize_raw", "going_detailed", "rail_movements", "stalls",
    "weather", "tip", "verdict", "betting_forecast", "big_race", "is_abandoned", "card_source",
    "distance", "race_status",
}  # fmt: skip
CARD_ONLY_RUNNER_COLUMNS = {
    "form", "spotlight", "comment", "trainer_location", "quotes", "medical", "prev_trainers",
    "prev_owners", "stable_tour", "ofr", "rpr", "ts", "last_run_days", "trainer_rtf",
    "trainer_14_days", "headgear_run", "wind_surgery", "wind_surgery_run", "past_results_flags",
}  # fmt: skip


def rows_for(*races: dict[str, Any], model: type[FreeResult] = StandardResult, **kw: Any) -> Any:
    return result_rows([model.model_validate(r) for r in races], **kw)


def by_horse(rows: Any, table: str = "ra_mst_runners") -> dict[str, dict[str, Any]]:
    return {r["horse_id"]: r for r in rows[table]}


def test_a_result_creates_its_race() -> None:
    race = rows_for(result_race(date="2019-05-04", off_dt="2019-05-04T15:40:00+01:00"))[
        "ra_mst_races"
    ][0]
    assert race["id"] == "rac_1" and race["course_id"] == "crs_624"
    assert race["date"] == date(2019, 5, 4)
    assert race["off_dt"] == datetime(2019, 5, 4, 14, 40, tzinfo=UTC)
    assert race["off_time"] == "2:12"
    assert race["has_result"] is True and race["result_source"] == "standard"
    assert race["race_class"] == "Class 4" and race["type"] == "Hurdle"
    assert (race["distance_f"], race["distance_y"], race["distance_m"]) == (
        Decimal("16"),
        3573,
        3267,
    )
    assert race["winning_time_s"] == Decimal("185.14")
    assert race["tote_win"] == "£3.80" and race["non_runners"].startswith("Miss Chester")
    assert race["distance_round"] == "2m" and "distance" not in race  # the exact text is the card's
    assert race["field_size"] == 1


def test_winner_row() -> None:
    rows = rows_for(result_race())
    runner = rows["ra_mst_runners"][0]
    assert runner["horse"] == "Border Gem"
    assert (runner["position"], runner["position_status"], runner["is_dead_heat"]) == (
        1,
        "finished",
        False,
    )
    assert (runner["sp"], runner["sp_dec"], runner["is_favourite"]) == (
        "11/4F",
        Decimal("3.75"),
        True,
    )
    assert runner["favourite_mark"] == "F"
    assert runner["bsp"] == Decimal("4.1")
    assert runner["finishing_time"] == "3:5.14" and runner["finishing_time_s"] == Decimal("185.14")
    assert runner["weight_lbs"] == 158 and runner["weight_st_lb"] == "11-4"
    assert runner["jockey_claim_lbs"] == 5
    assert runner["result_or"] == 74
    assert runner["result_rpr"] is None and runner["result_tsr"] is None  # "–": missing
    assert runner["prize_won"] == Decimal("2500.00") and runner["prize_won_currency"] == "GBP"
    assert runner["draw"] is None  # "" in a jumps result
    assert runner["result_comment"] == "Led 2 out, ran on"
    assert runner["is_non_runner"] is False


def test_position_codes_evens_and_missing_ratings() -> None:
    runners = [
        result_runner(horse_id="h1", position="1", sp="EvensF", sp_dec=""),
        result_runner(horse_id="h2", position="2", sp="4", sp_dec="", btn="nk", ovr_btn="nk"),
        result_runner(horse_id="h3", position="PU", sp="SP", sp_dec="", btn="", ovr_btn=""),
        result_runner(horse_id="h4", position="F", sp="20/1", sp_dec="21.00", time=""),
        result_runner(horse_id="h5", position="UR", rpr="-", tsr=""),
        result_runner(horse_id="h6", position="Died as a 5", prize=""),
        result_runner(horse_id="h7", position="DSQ"),
    ]
    rows = by_horse(rows_for(result_race(runners=runners)))
    assert (rows["h1"]["sp_dec"], rows["h1"]["is_favourite"]) == (Decimal("2.00"), True)
    assert (rows["h2"]["sp_dec"], rows["h2"]["is_favourite"]) == (Decimal("5.00"), False)
    assert rows["h2"]["btn"] == Decimal("0.3") and rows["h2"]["btn_raw"] == "nk"
    assert rows["h3"]["sp_dec"] is None and rows["h3"]["is_favourite"] is False
    for horse, status in [("h3", "PU"), ("h4", "F"), ("h5", "UR"), ("h6", "DIED"), ("h7", "DSQ")]:
        assert rows[horse]["position"] is None
        assert rows[horse]["position_status"] == status
    assert rows["h6"]["position_raw"] == "Died as a 5"
    assert rows["h4"]["finishing_time_s"] is None
    assert rows["h5"]["result_rpr"] is None and rows["h5"]["result_tsr"] is None
    assert rows["h6"]["prize_won"] is None


def test_dead_heat() -> None:
    runners = [
        result_runner(horse_id="h1", position="1", btn="0"),
        result_runner(horse_id="h2", position="1", btn="dht"),
        result_runner(horse_id="h3", position="3", btn="2"),
    ]
    rows = by_horse(rows_for(result_race(runners=runners)))
    assert rows["h1"]["is_dead_heat"] and rows["h2"]["is_dead_heat"]
    assert rows["h2"]["position"] == 1 and rows["h2"]["btn"] == Decimal("0")
    assert rows["h3"]["is_dead_heat"] is False


def test_names_lose_their_region_suffix_and_keep_it_as_region() -> None:
    rows = rows_for(result_race(runners=[result_runner(horse="Veraison (IRE)")]))
    horse = rows["ra_mst_horses"][0]
    assert (horse["name"], horse["region"], horse["sex_code"]) == ("Veraison", "IRE", "M")
    assert rows["ra_mst_sires"][0] == {
        "id": "sir_300",
        "name": "Gemix",
        "horse_id": "hrs_300",
        "region": "FR",
    }
    assert rows["ra_mst_damsires"][0] == {"id": "dsi_400", "name": "Alflora", "horse_id": "hrs_400"}
    pedigree = rows["ra_horse_pedigree"][0]
    assert (pedigree["dam"], pedigree["dam_region"]) == ("Border Flora", "GB")
    assert rows["ra_mst_jockeys"] == [{"id": "jky_700", "name": "Rose Dawes"}]
    assert rows["ra_mst_race_results"][0]["horse_region"] == "IRE"


def test_one_horse_on_the_card_and_in_the_result() -> None:
    card = racecard_rows([ProRacecard.model_validate(card_race())])
    result = rows_for(result_race(runners=[result_runner(horse="Border Gem (GB)")]))
    assert card["ra_mst_horses"][0]["id"] == result["ra_mst_horses"][0]["id"]
    assert card["ra_mst_horses"][0]["name"] == result["ra_mst_horses"][0]["name"] == "Border Gem"
    assert card["ra_mst_horses"][0]["region"] == result["ra_mst_horses"][0]["region"] == "GB"


def test_a_result_emits_no_card_column() -> None:
    rows = rows_for(result_race())
    assert not CARD_ONLY_RACE_COLUMNS & set(rows["ra_mst_races"][0])
    assert not CARD_ONLY_RUNNER_COLUMNS & set(rows["ra_mst_runners"][0])
    assert "location" not in rows["ra_mst_trainers"][0]
    assert not {"dob", "breeder", "colour", "sex"} & set(rows["ra_mst_horses"][0])


def test_race_results_rows_carry_the_race_context() -> None:
    rows = rows_for(
        result_race(
            runners=[result_runner(), result_runner(horse_id="h_nr", number="NR", position="")]
        )
    )
    (row,) = rows["ra_mst_race_results"]
    assert row["race_id"] == "rac_1" and row["horse_id"] == "hrs_100"
    assert row["date"] == date(2025, 10, 13) and row["course_id"] == "crs_624"
    assert row["going"] == "Good To Soft" and row["distance_y"] == 3573
    assert row["position"] == 1 and row["sp_dec"] == Decimal("3.75")
    assert (row["sire_id"], row["dam_id"], row["damsire_id"]) == ("sir_300", "dam_200", "dsi_400")
    nr = by_horse(rows)["h_nr"]
    assert nr["is_non_runner"] is True and nr["number"] is None
    assert rows["ra_mst_races"][0]["field_size"] == 1
    assert not any(key.startswith("_") for r in rows["ra_mst_runners"] for key in r)


def test_irish_results_in_euros_and_course_suffix() -> None:
    race = result_race(
        region="IRE", course="Naas (IRE)", runners=[result_runner(prize="€5900")], **{"class": ""}
    )
    rows = rows_for(race, result_race(race_id="rac_2", region="IRE", runners=[result_runner()]))
    runners = {r["race_id"]: r for r in rows["ra_mst_runners"]}
    assert (runners["rac_1"]["prize_won"], runners["rac_1"]["prize_won_currency"]) == (
        Decimal("5900"),
        "EUR",
    )
    assert runners["rac_2"]["prize_won_currency"] == "EUR"  # unmarked: the region's currency
    races = {r["id"]: r for r in rows["ra_mst_races"]}
    assert races["rac_1"]["course"] == "Naas"
    assert races["rac_1"]["race_class"] is None  # Irish races have no class


def test_all_weather_course_keeps_its_tag_and_foreign_results_are_filtered() -> None:
    rows = rows_for(
        result_race(course="Kempton (AW)"),
        result_race(race_id="rac_fr", region="FR", course="Chantilly"),
    )
    assert [r["course"] for r in rows["ra_mst_races"]] == ["Kempton (AW)"]
    assert rows.filtered_foreign == 1


def test_free_results_emit_only_what_they_carry() -> None:
    rows = rows_for(result_race(), model=FreeResult)
    runner, race = rows["ra_mst_runners"][0], rows["ra_mst_races"][0]
    assert runner["position"] == 1 and runner["result_or"] == 74
    assert not {"sp", "sp_dec", "btn", "bsp", "finishing_time_s", "prize_won"} & set(runner)
    assert not {"course_id", "tote_win", "winning_time_detail"} & set(race)
    assert race["result_source"] == "free"


def test_performance_and_speed_ratings_where_given() -> None:
    runner = result_runner(rpr="", tsr="", performance_rating="73", speed_rating="75")
    row = rows_for(result_race(runners=[runner]))["ra_mst_runners"][0]
    assert (row["performance_rating"], row["speed_rating"]) == (73, 75)


def test_unreadable_values_keep_their_raw_text() -> None:
    runner = result_runner(sp="9/2x", btn="dist", time="slow")
    rows = rows_for(result_race(runners=[runner]))
    row = rows["ra_mst_runners"][0]
    assert (row["sp"], row["sp_dec"]) == ("9/2x", Decimal("3.75"))  # the API's sp_dec stands
    assert (row["btn_raw"], row["btn"]) == ("dist", None)
    assert (row["finishing_time"], row["finishing_time_s"]) == ("slow", None)
    assert rows.counters["unparsed_values"] == 3
    assert rows.quarantined == []


def test_non_runner_names() -> None:
    text = "Miss Chester (self certificate, coughing), Dark Star (IRE) (going)"
    assert non_runner_names(text) == ["Miss Chester", "Dark Star"]
    assert non_runner_names("") == [] and non_runner_names(None) == []


def test_horses_named_as_non_runners_are_marked_from_the_card() -> None:
    race = result_race(non_runners="Miss Chester (self certificate, coughing)")
    on_card = {"rac_1": {"Border Gem": "hrs_100", "Miss Chester": "hrs_9"}}
    rows = rows_for(race, card_runners=on_card)
    runners = by_horse(rows)
    assert runners["hrs_9"] == {"race_id": "rac_1", "horse_id": "hrs_9", "is_non_runner": True}
    assert runners["hrs_100"]["is_non_runner"] is False
    assert [r["horse_id"] for r in rows["ra_mst_race_results"]] == ["hrs_100"]
    assert rows["ra_mst_races"][0]["field_size"] == 1
    assert rows.counters["non_runners"] == 1
    assert "hrs_9" not in by_horse(rows_for(race))
