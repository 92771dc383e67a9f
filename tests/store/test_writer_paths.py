"""The writer's less travelled paths: other ways of counting, chunk overlap, failures, JSON."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from darkhorses.store import writer
from darkhorses.store.schema import ops
from darkhorses.store.schema.racing import ra_mst_races, ra_mst_runners
from darkhorses.store.writer import WriteCounts, WriteError, upsert
from tests.store import rows


def _seed_races(engine: sa.Engine, runner_count: int) -> None:
    with engine.begin() as conn:
        upsert(conn, ra_mst_races, rows.race_rows(runner_count))


def _runner_count(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(ra_mst_runners)).scalar())


def _run(run_id: int, status: str = "success") -> dict[str, Any]:
    started = datetime(2025, 10, 13, 12, tzinfo=UTC) + timedelta(minutes=run_id)
    return {"id": run_id, "job": "results", "started_at": started, "status": status}


def test_integer_keys_the_rows_supply_are_counted_exactly(engine: sa.Engine) -> None:
    """On SQLite such a key is the rowid itself, so new rows are told apart by their keys."""
    with engine.begin() as conn:
        assert upsert(conn, ops.dh_runs, [_run(5), _run(2), _run(9)]) == WriteCounts(3, 0, 0)
    again = [_run(5), _run(2, "failed"), _run(9), _run(1)]  # 1 is below the largest id
    with engine.begin() as conn:
        assert upsert(conn, ops.dh_runs, again) == WriteCounts(1, 1, 2)
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.select(ops.dh_runs.c.id, ops.dh_runs.c.status)).all())
    assert stored == {1: "success", 2: "failed", 5: "success", 9: "success"}


# SQLite only: PostgreSQL's stage table lives for one transaction, so it needs one.
@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_autocommit_counts_by_keys(engine: sa.Engine, backend: str) -> None:
    _seed_races(engine, 30)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        assert upsert(conn, ra_mst_runners, rows.runner_rows(20)) == WriteCounts(20, 0, 0)
        data = rows.runner_rows(30)
        data[3]["form"] = "9-9"
        assert upsert(conn, ra_mst_runners, data) == WriteCounts(10, 1, 19)
    assert _runner_count(engine) == 30


def test_many_chunks_count_exactly(engine: sa.Engine, backend: str) -> None:
    """Chunks large enough that, on PostgreSQL, each merge overlaps the next chunk's preparation."""
    count, size = 3_500, 1_000
    assert size >= writer.OVERLAP_THRESHOLD
    _seed_races(engine, count)
    with engine.begin() as conn:
        first = upsert(conn, ra_mst_runners, rows.runner_rows(count - 500), batch_size=size)
    assert first == WriteCounts(count - 500, 0, 0)
    data = rows.runner_rows(count)
    for row in data[::7]:
        row["sp"] = "100/1"
    changed = len(data[: count - 500 : 7])
    with engine.begin() as conn:
        counts = upsert(conn, ra_mst_runners, iter(data), batch_size=size)
    assert counts == WriteCounts(500, changed, count - 500 - changed)
    with engine.connect() as conn:
        sps = conn.execute(
            sa.select(ra_mst_runners.c.sp).where(ra_mst_runners.c.sp == "100/1")
        ).all()
    assert len(sps) == len(data[::7])
    assert _runner_count(engine) == count


def test_a_bad_value_in_a_later_chunk_is_refused_cleanly(engine: sa.Engine) -> None:
    _seed_races(engine, 2_500)
    data = rows.runner_rows(2_500)
    data[2_200]["is_non_runner"] = "yes"
    with engine.connect() as conn:
        with pytest.raises(WriteError, match=r"is_non_runner of row key .*hrs_5002200"):
            upsert(conn, ra_mst_runners, data, batch_size=1_000)
        # the transaction is still usable: nothing failed in the database
        assert conn.execute(sa.select(sa.func.count()).select_from(ra_mst_runners)).scalar()
        conn.rollback()
    assert _runner_count(engine) == 0


def test_a_failing_merge_raises_the_database_error(engine: sa.Engine) -> None:
    """A runner whose race is missing breaks the foreign key, whichever chunk it is in."""
    _seed_races(engine, 1_000)  # races of the first 1,000 runners only
    with engine.connect() as conn:
        with pytest.raises(sa.exc.IntegrityError):
            upsert(conn, ra_mst_runners, rows.runner_rows(3_000), batch_size=1_000)
        conn.rollback()
    assert _runner_count(engine) == 0


def test_rows_with_keys_in_another_order_share_a_group(engine: sa.Engine) -> None:
    _seed_races(engine, 2)
    mixed = [
        {"race_id": "rac_1000000", "horse_id": "hrs_1", "draw": 1, "form": "1"},
        {"form": "2", "draw": None, "horse_id": "hrs_1", "race_id": "rac_1000000"},
        {"draw": 3, "form": "3", "race_id": "rac_1000000", "horse_id": "hrs_2"},
    ]
    with engine.begin() as conn:
        assert upsert(conn, ra_mst_runners, mixed) == WriteCounts(2, 0, 0)
    with engine.connect() as conn:
        stored = conn.execute(
            sa.select(ra_mst_runners.c.horse_id, ra_mst_runners.c.draw, ra_mst_runners.c.form)
        ).all()
    assert sorted(stored) == [("hrs_1", 1, "2"), ("hrs_2", 3, "3")]


@pytest.mark.parametrize(
    "value",
    [[], {}, [{"n": 1, "name": 'é "q"\n'}], {"runs": 3, "wins": 1, "percent": 33.3}, ["CD"]],
)
def test_json_written_by_other_code_compares_equal(engine: sa.Engine, value: Any) -> None:
    """A value SQLAlchemy stored is unchanged when the writer writes it again."""
    _seed_races(engine, 1)
    key = {"race_id": "rac_1000000", "horse_id": "hrs_1"}
    with engine.begin() as conn:
        conn.execute(sa.insert(ra_mst_runners).values(**key, quotes=value, medical=value))
    with engine.begin() as conn:
        again = [{**key, "quotes": value, "medical": value}]
        assert upsert(conn, ra_mst_runners, again) == WriteCounts(0, 0, 1)
    with engine.connect() as conn:
        stored = conn.execute(sa.select(ra_mst_runners.c.quotes, ra_mst_runners.c.medical)).one()
    assert tuple(stored) == (value, value)


def test_rows_are_pulled_lazily_chunk_by_chunk(engine: sa.Engine) -> None:
    _seed_races(engine, 2_500)
    pulled: list[int] = []

    def source() -> Iterator[dict[str, Any]]:
        for i in range(2_500):
            pulled.append(i)
            yield rows.runner_row(i)

    with engine.begin() as conn:
        assert upsert(conn, ra_mst_runners, source(), batch_size=1_000).inserted == 2_500
    assert pulled == list(range(2_500))


def test_booleans_round_trip_and_compare_equal(engine: sa.Engine) -> None:
    """On SQLite booleans are bound as 1 and 0 (what SQLAlchemy stores), so re-writing the
    same value, as a bool or as 0/1, changes nothing."""
    _seed_races(engine, 3)
    key = {"race_id": "rac_1000000"}
    flags = [
        {**key, "horse_id": "hrs_1", "is_non_runner": True, "is_favourite": False},
        {**key, "horse_id": "hrs_2", "is_non_runner": False, "is_favourite": None},
    ]
    with engine.begin() as conn:
        assert upsert(conn, ra_mst_runners, flags) == WriteCounts(2, 0, 0)
    again = [{**flags[0], "is_non_runner": 1}, {**flags[1], "is_favourite": True}]
    with engine.begin() as conn:
        assert upsert(conn, ra_mst_runners, again) == WriteCounts(0, 1, 1)
    with engine.connect() as conn:
        stored = conn.execute(
            sa.select(
                ra_mst_runners.c.horse_id,
                ra_mst_runners.c.is_non_runner,
                ra_mst_runners.c.is_favourite,
            ).order_by(ra_mst_runners.c.horse_id)
        ).all()
    assert [tuple(r) for r in stored] == [("hrs_1", True, False), ("hrs_2", False, True)]
    with engine.connect() as conn, pytest.raises(WriteError, match=r"is_favourite of row key"):
        upsert(conn, ra_mst_runners, [{**flags[0], "is_favourite": "yes"}])
