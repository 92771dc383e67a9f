"""Courses, regions, bookmakers and horse profiles -> master rows; the Rows container."""

from __future__ import annotations

from datetime import date

import pytest

from darkhorses.api.models import Course, Horse, HorsePro, Region
from darkhorses.transform import (
    Rows,
    bookmaker_id,
    bookmaker_type,
    course_rows,
    horse_profile_rows,
    regions_rows,
    seed_rows,
)


def test_courses_of_configured_regions_only() -> None:
    courses = [
        Course(id="crs_832", course="Aintree", region_code="gb", region="Great Britain"),
        Course(id="crs_4550", course="Ballinrobe", region_code="ire", region="Ireland"),
        Course(id="crs_5304", course="Chantilly", region_code="fr", region="France"),
    ]
    rows = course_rows(courses)
    assert [(c["id"], c["region_code"]) for c in rows["ra_mst_courses"]] == [
        ("crs_832", "GB"),
        ("crs_4550", "IRE"),
    ]
    assert rows.filtered_foreign == 1
    assert [c["id"] for c in course_rows(courses, regions=["ire"])["ra_mst_courses"]] == [
        "crs_4550"
    ]


def test_regions_are_kept_whole() -> None:
    rows = regions_rows([Region(region="Spain", region_code="spa"), Region(region_code="gb")])
    assert rows["ra_mst_regions"] == [{"id": "SPA", "name": "Spain"}, {"id": "GB", "name": "GB"}]


@pytest.mark.parametrize(
    ("name", "slug", "kind"),
    [
        ("Bet365", "bet365", "fixed"),
        ("William Hill", "william-hill", "fixed"),
        ("talkSPORT BET", "talksport-bet", "fixed"),
        ("10 Bet", "10-bet", "fixed"),
        ("Betfair Exchange", "betfair-exchange", "exchange"),
        ("Smarkets Exchange", "smarkets-exchange", "exchange"),
        ("A New Bookie", "a-new-bookie", "fixed"),
    ],
)
def test_bookmaker_ids_and_types(name: str, slug: str, kind: str) -> None:
    assert bookmaker_id(name) == slug
    assert bookmaker_type(name) == kind


def test_seed_list() -> None:
    rows = seed_rows()
    assert len(rows) >= 28 and len({r["id"] for r in rows}) == len(rows)
    exchanges = [r["name"] for r in rows if r["type"] == "exchange"]
    assert exchanges == ["Betfair Exchange"]


def test_pro_profile_fills_the_horse_but_not_its_region() -> None:
    profile = HorsePro.model_validate(
        {
            "id": "hrs_6181308",
            "name": "Flaggan (IRE)",
            "breeder": "L Delahunty",
            "colour": "b",
            "colour_code": "B",
            "dob": "2011-06-19",
            "sex": "gelding",
            "sex_code": "G",
            "sire": "Stowaway (GB)",
            "sire_id": "sir_3188248",
            "dam": "Zapata I (IRE)",
            "dam_id": "dam_3194996",
            "damsire": "Thatching (GB)",
            "damsire_id": "dsi_2117444",
        }
    )
    rows = horse_profile_rows([profile])
    assert rows["ra_mst_horses"] == [
        {
            "id": "hrs_6181308",
            "name": "Flaggan",
            "dob": date(2011, 6, 19),
            "sex": "gelding",
            "sex_code": "G",
            "colour": "b",
            "colour_code": "B",
            "breeder": "L Delahunty",
            "sire_id": "sir_3188248",
            "dam_id": "dam_3194996",
            "damsire_id": "dsi_2117444",
            "profile_status": "pro",
        }
    ]
    assert rows["ra_mst_sires"] == [
        {"id": "sir_3188248", "name": "Stowaway", "horse_id": "hrs_3188248", "region": "GB"}
    ]
    assert rows["ra_horse_pedigree"][0]["damsire_region"] == "GB"


def test_standard_profile_with_missing_pedigree_parts() -> None:
    horse = Horse(
        id="hrs_1", name="Whistle Test (GB)", sire="Kris (GB)", sire_id="sir_1", damsire=""
    )
    rows = horse_profile_rows([horse])
    assert rows["ra_mst_horses"][0] == {
        "id": "hrs_1",
        "name": "Whistle Test",
        "sire_id": "sir_1",
        "dam_id": None,
        "damsire_id": None,
        "profile_status": "standard",
    }
    assert rows["ra_mst_dams"] == [] and len(rows["ra_mst_sires"]) == 1


def test_rows_merge_on_the_key_and_group_by_columns() -> None:
    rows = Rows()
    rows.add("ra_mst_trainers", {"id": "trn_1", "name": "A Trainer", "location": "Lambourn"})
    rows.add("ra_mst_trainers", {"id": "trn_1", "name": "A Trainer", "location": None})
    rows.add("ra_mst_trainers", {"id": "trn_2", "name": "B Trainer"})
    assert rows["ra_mst_trainers"][0]["location"] == "Lambourn"
    assert sorted(len(b) for b in rows.batches("ra_mst_trainers")) == [1, 1]
    with pytest.raises(ValueError, match="without its key"):
        rows.add("ra_mst_runners", {"race_id": "rac_1", "horse_id": None})
    other = Rows()
    other.add("ra_mst_races", {"id": "rac_1", "date": date(2025, 1, 1)})
    other.count("filtered_foreign", 2)
    rows.merge(other)
    assert rows.table_names() == ["ra_mst_trainers", "ra_mst_races"]
    assert rows.summary() == {"ra_mst_trainers": 2, "ra_mst_races": 1, "filtered_foreign": 2}
