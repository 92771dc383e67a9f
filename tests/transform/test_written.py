"""Transform output written through the real writer into SQLite and PostgreSQL: the rows fit the
tables, card columns survive a result, and writing the same payloads again changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from darkhorses.api.models import read_body
from darkhorses.store.engine import make_engine
from darkhorses.store.schema import metadata
from darkhorses.store.writer import WriteCounts, upsert
from darkhorses.transform import Rows, racecard_rows, result_rows
from tests.plugins.reference import load_sample
from tests.transform.payloads import card_race, card_runner, result_race, result_runner


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(db_url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def write(engine: sa.Engine, rows: Rows) -> WriteCounts:
    total = WriteCounts()
    with engine.begin() as conn:
        for table in rows.table_names():
            total += upsert(conn, metadata.tables[table], rows.rows(table))
    return total


def read_one(engine: sa.Engine, table: str, **key: str) -> dict[str, object]:
    t = metadata.tables[table]
    with engine.connect() as conn:
        row = conn.execute(sa.select(t).filter_by(**key)).mappings().one()
    return dict(row)


def test_card_columns_survive_the_result(engine: sa.Engine) -> None:
    card = card_race(
        off_dt="2025-10-26T13:00:00+00:00",  # first afternoon of GMT
        date="2025-10-26",
        runners=[card_runner(), card_runner(horse_id="hrs_nr", number="NR")],
    )
    result = result_race(
        off_dt="2025-10-26T13:00:00+00:00", date="2025-10-26", runners=[result_runner()]
    )
    write(engine, racecard_rows(read_body(card).items))
    assert read_one(engine, "ra_mst_races", id="rac_1")["has_result"] is False
    write(engine, result_rows(read_body(result).items))

    race = read_one(engine, "ra_mst_races", id="rac_1")
    assert race["off_dt"] == datetime(2025, 10, 26, 13, 0, tzinfo=UTC)
    assert race["prize"] == Decimal("4193") and race["prize_currency"] == "GBP"
    assert race["going_detailed"] == "Good, Good to Soft in places"
    assert race["distance"] == "2m53y" and race["distance_round"] == "2m"
    assert race["tip"] == "Border Gem" and race["has_result"] is True
    assert race["going"] == "Good To Soft"  # the official going from the result
    assert race["winning_time_s"] == Decimal("185.14")

    runner = read_one(engine, "ra_mst_runners", race_id="rac_1", horse_id="hrs_100")
    assert runner["spotlight"] == "Went close in her third bumper" and runner["form"] == "542-"
    assert runner["trainer_location"] == "Brompton Regis, Somerset"
    assert runner["medical"] == [{"date": "2025-03-24", "type": "Wind Surgery"}]
    assert runner["comment"] == "Second in her last bumper"
    assert (runner["position"], runner["sp"], runner["sp_dec"]) == (1, "11/4F", Decimal("3.75"))
    assert runner["is_favourite"] is True and runner["finishing_time_s"] == Decimal("185.14")
    assert runner["result_comment"] == "Led 2 out, ran on"
    non_runner = read_one(engine, "ra_mst_runners", race_id="rac_1", horse_id="hrs_nr")
    assert non_runner["is_non_runner"] is True and non_runner["position"] is None

    trainer = read_one(engine, "ra_mst_trainers", id="trn_500")
    assert trainer["location"] == "Brompton Regis, Somerset"
    horse = read_one(engine, "ra_mst_horses", id="hrs_100")
    assert (horse["name"], horse["region"], horse["breeder"]) == ("Border Gem", "GB", "T C Dawson")


def test_real_samples_write_and_a_second_write_changes_nothing(
    engine: sa.Engine, samples_dir: Path
) -> None:
    card = read_body(load_sample(samples_dir, "racecards_pro_today.json")["body"])
    results = read_body(load_sample(samples_dir, "results_2025-10-13.json")["body"])
    card_rows, results_rows = racecard_rows(card.items), result_rows(results.items)
    first = write(engine, card_rows) + write(engine, results_rows)
    assert first.inserted > 0 and first.updated == 0
    again = write(engine, card_rows) + write(engine, results_rows)
    assert (again.inserted, again.updated) == (0, 0)
    assert again.unchanged == first.total
    races = len(card_rows["ra_mst_races"]) + len(results_rows["ra_mst_races"])
    assert count(engine, "ra_mst_races") == races
    assert count(engine, "ra_mst_race_results") == len(results_rows["ra_mst_race_results"])


def count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as conn:
        query = sa.select(sa.func.count()).select_from(metadata.tables[table])
        return int(conn.execute(query).scalar_one())
