"""The upsert writer on real SQLite and PostgreSQL databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa

from darkhorses.store.schema import ops
from darkhorses.store.schema.racing import ra_mst_races, ra_mst_runners
from darkhorses.store.writer import WriteCounts, WriteError, upsert
from tests.store import rows


def _stored(engine: sa.Engine, *keys: tuple[str, str]) -> dict[tuple[str, str], dict]:
    """Runner rows by (race_id, horse_id)."""
    with engine.connect() as conn:
        result = conn.execute(sa.select(ra_mst_runners)).mappings().all()
    found = {(r["race_id"], r["horse_id"]): dict(r) for r in result}
    return {k: found[k] for k in keys} if keys else found


def _seed_races(engine: sa.Engine, runner_count: int) -> None:
    with engine.begin() as conn:
        upsert(conn, ra_mst_races, rows.race_rows(runner_count))


def _tuples_updated(conn: sa.Connection, table: str) -> int:
    """PostgreSQL's own count of updated tuples in ``table``, flushed and fresh."""
    conn.exec_driver_sql("SELECT pg_stat_force_next_flush()")
    conn.commit()  # the backend flushes its statistics when it goes idle
    conn.exec_driver_sql("SELECT pg_stat_clear_snapshot()")
    value = conn.execute(
        sa.text("SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = :t"), {"t": table}
    ).scalar_one()
    conn.commit()
    return int(value)


def test_same_rows_twice_change_nothing(engine: sa.Engine, backend: str) -> None:
    count = 10_000
    _seed_races(engine, count)
    data = rows.runner_rows(count)
    with engine.begin() as conn:
        first = upsert(conn, ra_mst_runners, data)
    assert first == WriteCounts(inserted=count, updated=0, unchanged=0)

    with engine.connect() as conn:
        if backend == "postgresql":
            updates_before = _tuples_updated(conn, "ra_mst_runners")
        second = upsert(conn, ra_mst_runners, data)
        conn.commit()
        assert second == WriteCounts(inserted=0, updated=0, unchanged=count)
        if backend == "postgresql":
            assert _tuples_updated(conn, "ra_mst_runners") == updates_before
    assert len(_stored(engine)) == count


def test_changed_rows_are_counted_and_written(engine: sa.Engine) -> None:
    count = 1_200  # large enough for PostgreSQL's COPY path
    _seed_races(engine, count + 10)
    with engine.begin() as conn:
        upsert(conn, ra_mst_runners, rows.runner_rows(count))
    changed = rows.runner_rows(count)
    for row in changed[::3]:
        row["sp"], row["bsp"] = "11/4F", Decimal("3.95")
    new = [rows.runner_row(count + i) for i in range(10)]
    with engine.begin() as conn:
        counts = upsert(conn, ra_mst_runners, changed + new)
    assert counts == WriteCounts(inserted=10, updated=400, unchanged=800)
    stored = _stored(engine)
    assert len(stored) == count + 10
    assert stored[("rac_1000000", "hrs_5000000")]["sp"] == "11/4F"
    assert stored[("rac_1000000", "hrs_5000000")]["bsp"] == Decimal("3.95")
    assert stored[("rac_1000000", "hrs_5000001")]["sp"] == "sp-1"


def test_small_batches_count_exactly_too(engine: sa.Engine) -> None:
    _seed_races(engine, 30)
    with engine.begin() as conn:
        assert upsert(conn, ra_mst_runners, rows.runner_rows(20), batch_size=7).inserted == 20
    data = rows.runner_rows(30)
    data[0]["form"] = "1-23"
    with engine.begin() as conn:
        counts = upsert(conn, ra_mst_runners, data, batch_size=7)
    assert counts.as_dict() == {"inserted": 10, "updated": 1, "unchanged": 19}


def test_result_never_blanks_racecard_columns(engine: sa.Engine) -> None:
    count = 600
    _seed_races(engine, count)
    card = rows.runner_rows(count, rows.card_columns())
    result = rows.runner_rows(count, rows.result_columns(), seed=1)
    for row in result:  # a result has no card fields, and may even send them empty
        row["spotlight"] = None
        row["draw"] = None
    with engine.begin() as conn:
        assert upsert(conn, ra_mst_runners, card).inserted == count
    with engine.begin() as conn:
        assert upsert(conn, ra_mst_runners, result).updated == count

    stored = _stored(engine)
    for card_row, result_row in zip(card, result, strict=True):
        got = stored[(card_row["race_id"], card_row["horse_id"])]
        for name in rows.CARD_ONLY:
            assert got[name] == card_row[name], name
        for name in rows.RESULT_ONLY:
            assert got[name] == result_row[name], name


def test_null_overwrites_only_when_asked(engine: sa.Engine) -> None:
    _seed_races(engine, 2)
    full = rows.runner_rows(2)
    with engine.begin() as conn:
        upsert(conn, ra_mst_runners, full)
    blank = [{"race_id": r["race_id"], "horse_id": r["horse_id"], "spotlight": None} for r in full]
    with engine.begin() as conn:
        assert upsert(conn, ra_mst_runners, blank) == WriteCounts(0, 0, 2)
    assert _stored(engine)[("rac_1000000", "hrs_5000000")]["spotlight"] == "spotlight-0"
    with engine.begin() as conn:
        assert upsert(conn, ra_mst_runners, blank[:1], update_nulls=True) == WriteCounts(0, 1, 0)
    stored = _stored(engine)
    assert stored[("rac_1000000", "hrs_5000000")]["spotlight"] is None
    assert stored[("rac_1000000", "hrs_5000001")]["spotlight"] == "spotlight-1"
    assert stored[("rac_1000000", "hrs_5000000")]["comment"] == "comment-0"


def test_rows_with_different_columns_in_one_call(engine: sa.Engine) -> None:
    _seed_races(engine, 3)
    mixed = [
        {"race_id": "rac_1000000", "horse_id": "hrs_1", "horse": "Border Gem", "draw": 4},
        {"race_id": "rac_1000000", "horse_id": "hrs_2", "position": 1, "sp": "EvensF"},
        {"race_id": "rac_1000000", "horse_id": "hrs_3"},
        # the same runner again with other columns: merged, later values win
        {"race_id": "rac_1000000", "horse_id": "hrs_1", "sp": "9/2"},
        {"race_id": "rac_1000000", "horse_id": "hrs_2", "position": 2},
    ]
    with engine.begin() as conn:
        counts = upsert(conn, ra_mst_runners, mixed)
    # hrs_1 and hrs_2 are each inserted by their first group, then updated by the second.
    assert counts == WriteCounts(inserted=3, updated=2, unchanged=0)
    stored = _stored(engine)
    one = stored[("rac_1000000", "hrs_1")]
    assert (one["horse"], one["draw"], one["sp"]) == ("Border Gem", 4, "9/2")
    two = stored[("rac_1000000", "hrs_2")]
    assert (two["position"], two["sp"]) == (2, "EvensF")
    assert stored[("rac_1000000", "hrs_3")]["horse"] is None


def test_duplicate_keys_in_one_batch_are_merged(engine: sa.Engine) -> None:
    _seed_races(engine, 1)
    same = [
        {"race_id": "rac_1000000", "horse_id": "hrs_1", "form": "12", "draw": None},
        {"race_id": "rac_1000000", "horse_id": "hrs_1", "form": None, "draw": 7},
    ]
    with engine.begin() as conn:
        assert upsert(conn, ra_mst_runners, same) == WriteCounts(1, 0, 0)
    got = _stored(engine)[("rac_1000000", "hrs_1")]
    assert (got["form"], got["draw"]) == ("12", 7)


def test_writes_belong_to_the_callers_transaction(engine: sa.Engine) -> None:
    _seed_races(engine, 600)
    with engine.connect() as conn:
        upsert(conn, ra_mst_runners, rows.runner_rows(600))
        upsert(conn, ra_mst_runners, rows.runner_rows(3))
        conn.rollback()
    assert _stored(engine) == {}


def test_times_round_trip_as_aware_utc(engine: sa.Engine) -> None:
    bst = timezone(timedelta(hours=1))
    off = datetime(2025, 10, 13, 14, 12, tzinfo=bst)  # as the API writes off_dt in summer
    with engine.begin() as conn:
        upsert(conn, ra_mst_races, [{"id": "rac_1", "date": date(2025, 10, 13), "off_dt": off}])
        upsert(
            conn,
            ops.dh_checkpoints,
            [{"name": "odds_live", "state": {"day": "2025-10-13"}, "updated_at": off}],
        )
    with engine.connect() as conn:
        stored = conn.execute(sa.select(ra_mst_races.c.off_dt)).scalar_one()
        checkpoint = conn.execute(sa.select(ops.dh_checkpoints)).mappings().one()
        # a query by instant finds it whatever zone the bound value is in
        by_instant = conn.execute(
            sa.select(ra_mst_races.c.id).where(
                ra_mst_races.c.off_dt == datetime(2025, 10, 13, 13, 12, tzinfo=UTC)
            )
        ).scalar_one_or_none()
    assert stored == off and stored.utcoffset() == timedelta(0)
    assert (stored.hour, stored.minute) == (13, 12)
    assert checkpoint["updated_at"].tzinfo is not None and checkpoint["updated_at"] == off
    assert checkpoint["state"] == {"day": "2025-10-13"}
    assert by_instant == "rac_1"
    # re-writing the same instant in another zone is no change
    with engine.begin() as conn:
        again = [{"id": "rac_1", "date": date(2025, 10, 13), "off_dt": off.astimezone(UTC)}]
        assert upsert(conn, ra_mst_races, again) == WriteCounts(0, 0, 1)


def test_naive_times_are_refused(engine: sa.Engine) -> None:
    with engine.connect() as conn, pytest.raises(WriteError, match=r"off_dt .*naive datetime"):
        upsert(conn, ra_mst_races, [{"id": "rac_1", "off_dt": datetime(2025, 10, 13, 14, 12)}])


def test_bad_rows_are_refused_with_a_clear_error(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        with pytest.raises(WriteError, match=r"no column.*favourite_colour"):
            upsert(conn, ra_mst_runners, [{"race_id": "r", "horse_id": "h", "favourite_colour": 1}])
        with pytest.raises(WriteError, match=r"key column.*horse_id"):
            upsert(conn, ra_mst_runners, [{"race_id": "r", "sp": "2/1"}])
        with pytest.raises(WriteError, match="no value for its key"):
            upsert(conn, ra_mst_runners, [{"race_id": "r", "horse_id": None}])
    assert upsert(engine.connect(), ra_mst_runners, []) == WriteCounts()


def test_write_counts_add_up() -> None:
    total = WriteCounts(1, 2, 3) + WriteCounts(10, 20, 30)
    assert total == WriteCounts(11, 22, 33)
    assert (total.total, total.changed) == (66, 33)
    assert total.as_dict() == {"inserted": 11, "updated": 22, "unchanged": 33}


def test_rows_without_required_columns_update_stored_rows(engine: sa.Engine) -> None:
    """A later sighting may omit columns only a new row needs (here: first_seen)."""
    first = datetime(2025, 10, 13, 12, tzinfo=UTC)
    later = first + timedelta(hours=1)
    seen = {"source": "/v1/results", "record_key": "rac_1:hrs_2", "reason": "bad sp"}
    with engine.begin() as conn:
        row = {**seen, "first_seen": first, "last_seen": first, "seen_count": 1}
        assert upsert(conn, ops.dh_quarantine, [row]) == WriteCounts(1, 0, 0)
    again = {**seen, "last_seen": later, "seen_count": 2, "payload": {"sp": "x"}}
    with engine.begin() as conn:
        assert upsert(conn, ops.dh_quarantine, [again]) == WriteCounts(0, 1, 0)
        assert upsert(conn, ops.dh_quarantine, [again]) == WriteCounts(0, 0, 1)
    with engine.connect() as conn:
        stored = conn.execute(sa.select(ops.dh_quarantine)).mappings().one()
    assert (stored["first_seen"], stored["last_seen"], stored["seen_count"]) == (first, later, 2)
    assert stored["payload"] == {"sp": "x"}

    # the same for a new record is refused, naming what it lacks, and writes nothing
    unknown = {**again, "record_key": "rac_9:hrs_9"}
    with engine.connect() as conn, pytest.raises(WriteError, match=r"lack required.*first_seen"):
        upsert(conn, ops.dh_quarantine, [again, unknown])
