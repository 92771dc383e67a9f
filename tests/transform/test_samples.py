"""Every captured real response reads with nothing quarantined and gives the rows it should."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from darkhorses.api.models import (
    RACECARD_TIERS,
    CoursesPage,
    HorsePro,
    HorseSearchResults,
    RacecardSummariesPage,
    Region,
    SearchResults,
    StandardResult,
    validate_items,
    validate_races,
)
from darkhorses.store.schema import metadata
from darkhorses.transform import (
    Rows,
    course_rows,
    horse_profile_rows,
    racecard_rows,
    regions_rows,
    result_rows,
)
from tests.plugins.reference import load_sample

CARD_SAMPLES = {
    "racecards_free_today.json": "free",
    "racecards_basic_today.json": "basic",
    "racecards_standard_today.json": "standard",
    "racecards_pro_today.json": "pro",
}


def assert_rows_fit_the_schema(rows: Rows) -> None:
    """Every row names only columns of its table and carries its whole key."""
    for table in rows.table_names():
        columns = set(metadata.tables[table].columns.keys())
        keys = [c.name for c in metadata.tables[table].primary_key.columns]
        for row in rows.rows(table):
            assert set(row) <= columns, f"{table}: unknown {set(row) - columns}"
            assert all(row[k] is not None for k in keys)


def body(samples_dir: Path, name: str) -> Any:
    return load_sample(samples_dir, name)["body"]


@pytest.mark.parametrize("name", sorted(CARD_SAMPLES))
def test_racecard_samples(samples_dir: Path, name: str) -> None:
    tier = CARD_SAMPLES[name]
    payload = body(samples_dir, name)
    ids = () if tier == "free" else ("race_id",)
    runner_ids = () if tier == "free" else ("horse_id",)
    races, bad = validate_races(
        payload["racecards"], RACECARD_TIERS[tier], source=name, race_key=ids, runner_key=runner_ids
    )
    assert bad == [] and len(races) == len(payload["racecards"])
    rows = racecard_rows(races)
    assert rows.quarantined == [] and rows.counters["unparsed_values"] == 0
    assert_rows_fit_the_schema(rows)
    foreign = [r for r in payload["racecards"] if r["region"] not in {"GB", "IRE"}]
    assert rows.filtered_foreign == len(foreign) > 0
    home = [r for r in payload["racecards"] if r["region"] in {"GB", "IRE"}]
    if tier == "free":  # the October 2025 free cards carried no ids
        assert rows.counters["skipped_no_id"] == len(home)
        return
    assert len(rows["ra_mst_races"]) == len(home)
    assert len(rows["ra_mst_runners"]) == sum(len(r["runners"]) for r in home)
    race = rows["ra_mst_races"][0]
    assert race["off_dt"].utcoffset().total_seconds() == 0
    assert race["prize"] is not None and race["prize_currency"] == "GBP"
    claimed = [r for r in rows["ra_mst_runners"] if r["jockey_claim_lbs"]]
    assert claimed and all("(" not in j["name"] for j in rows["ra_mst_jockeys"])
    if tier in {"standard", "pro"}:
        books = {b["id"]: b["type"] for b in rows["ra_mst_bookmakers"]}
        assert len(books) == 28 and books["betfair-exchange"] == "exchange"


def test_results_sample(samples_dir: Path) -> None:
    payload = body(samples_dir, "results_2025-10-13.json")
    races, bad = validate_races(payload["results"], StandardResult, source="results")
    assert bad == []
    rows = result_rows(races)
    assert rows.quarantined == [] and rows.counters["unparsed_values"] == 0
    assert_rows_fit_the_schema(rows)
    runners = sum(len(r["runners"]) for r in payload["results"])
    assert len(rows["ra_mst_runners"]) == len(rows["ra_mst_race_results"]) == runners
    assert all(r["has_result"] for r in rows["ra_mst_races"])
    winners = [r for r in rows["ra_mst_runners"] if r["position"] == 1]
    assert len(winners) == len(payload["results"])
    assert all(r["sp_dec"] and r["finishing_time_s"] for r in rows["ra_mst_runners"])
    assert all("(" not in h["name"] for h in rows["ra_mst_horses"])
    assert {h["region"] for h in rows["ra_mst_horses"]} >= {"GB", "IRE"}


def test_course_and_region_samples(samples_dir: Path) -> None:
    page = CoursesPage.model_validate(body(samples_dir, "courses_gb.json"))
    rows = course_rows(page.courses)
    assert_rows_fit_the_schema(rows)
    assert {c["region_code"] for c in rows["ra_mst_courses"]} == {"GB"}
    regions, bad = validate_items(
        body(samples_dir, "courses_regions.json"),
        Region,
        source="regions",
        key_fields=("region_code",),
    )
    assert bad == []
    region_rows = regions_rows(regions)["ra_mst_regions"]
    assert len(region_rows) == len(regions) and all(r["id"].isupper() for r in region_rows)


def test_horse_and_search_samples(samples_dir: Path) -> None:
    profile = HorsePro.model_validate(body(samples_dir, "horse_pro.json"))
    rows = horse_profile_rows([profile])
    assert_rows_fit_the_schema(rows)
    horse = rows["ra_mst_horses"][0]
    assert horse["name"] == "Flaggan" and "region" not in horse
    assert horse["profile_status"] == "pro" and horse["dob"] is not None
    hits = HorseSearchResults.model_validate(body(samples_dir, "horses_search.json"))
    searched = horse_profile_rows(hits.search_results, mark_profile=False)
    assert_rows_fit_the_schema(searched)
    assert all("profile_status" not in h for h in searched["ra_mst_horses"])
    assert SearchResults.model_validate(body(samples_dir, "jockeys_search.json")).search_results
    summaries = RacecardSummariesPage.model_validate(body(samples_dir, "racecards_summaries.json"))
    assert all(s.off_dt is not None for s in summaries.racecard_summaries)
