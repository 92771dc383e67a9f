"""The racing tables: the columns consumers rely on, keys, comments, indexes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from darkhorses.store.schema import UTCDateTime, metadata

FIXED_COLUMNS = {
    "ra_mst_races": "id course_id date off_dt region type race_class distance_f going prize "
    "prize_currency field_size has_result",
    "ra_mst_runners": "race_id horse_id jockey_id trainer_id owner_id number draw weight_lbs ofr "
    "rpr ts position position_status btn ovr_btn sp sp_dec is_favourite bsp finishing_time_s "
    "prize_won is_non_runner",
    "ra_mst_horses": "id name region dob sex_code colour colour_code breeder sire_id dam_id "
    "damsire_id",
}
KEYS = {
    "ra_mst_races": ["id"],
    "ra_mst_runners": ["race_id", "horse_id"],
    "ra_mst_race_results": ["race_id", "horse_id"],
    "ra_horse_pedigree": ["horse_id"],
    "ra_mst_bookmakers": ["id"],
}
RACING = [
    t
    for t in metadata.sorted_tables
    if t.name.startswith("ra_mst_") or t.name == "ra_horse_pedigree"
]


@pytest.mark.parametrize("table", sorted(FIXED_COLUMNS))
def test_columns_consumers_rely_on(table: str) -> None:
    assert set(FIXED_COLUMNS[table].split()) <= set(metadata.tables[table].columns.keys())


@pytest.mark.parametrize("table", sorted(KEYS))
def test_natural_keys(table: str) -> None:
    assert [c.name for c in metadata.tables[table].primary_key.columns] == KEYS[table]


def test_every_racing_column_says_what_it_holds() -> None:
    assert len(RACING) == 14
    missing = [f"{t.name}.{c.name}" for t in RACING for c in t.columns if not c.comment]
    assert missing == []
    assert all(t.comment for t in RACING)


def test_types_that_matter() -> None:
    races, runners = metadata.tables["ra_mst_races"], metadata.tables["ra_mst_runners"]
    assert isinstance(races.c.off_dt.type, UTCDateTime)
    assert isinstance(races.c.prize.type, sa.Numeric) and isinstance(races.c.date.type, sa.Date)
    assert isinstance(runners.c.sp.type, sa.Text) and isinstance(runners.c.sp_dec.type, sa.Numeric)
    assert isinstance(runners.c.is_non_runner.type, sa.Boolean)


def test_statistics_columns_of_people_and_ancestors() -> None:
    jockeys = set(metadata.tables["ra_mst_jockeys"].columns.keys())
    assert {"total_rides", "win_rate", "ae_index", "last_ride_date", "recent_14d_rides"} <= jockeys
    owners = set(metadata.tables["ra_mst_owners"].columns.keys())
    assert {"total_runners", "total_horses", "last_runner_date", "recent_30d_ae"} <= owners
    sires = set(metadata.tables["ra_mst_sires"].columns.keys())
    for n in (1, 2, 3):
        assert {f"class_{n}_ae", f"distance_{n}_win_percent"} <= sires
    assert {"overall_ae_index", "best_class_ae", "data_quality_score", "horse_id"} <= sires


def test_indexes_for_reads_by_date_course_horse_and_off() -> None:
    def indexed(table: str) -> set[str]:
        return {c.name for i in metadata.tables[table].indexes for c in list(i.columns)[:1]}

    assert {"date", "course_id", "off_dt"} <= indexed("ra_mst_races")
    assert {"horse_id", "jockey_id", "trainer_id"} <= indexed("ra_mst_runners")
    assert {"horse_id", "date"} <= indexed("ra_mst_race_results")


def test_runners_and_results_point_at_races() -> None:
    for table in ("ra_mst_runners", "ra_mst_race_results"):
        (fk,) = metadata.tables[table].foreign_keys
        assert fk.column.table.name == "ra_mst_races"
