"""The raw archive on SQLite and PostgreSQL: compressed, de-duplicated, replayable."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from darkhorses.api.archive import RawArchive, iter_archived
from darkhorses.store.engine import make_engine
from darkhorses.store.schema.ops import dh_raw_responses

T0 = datetime(2025, 10, 13, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(empty_db_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(empty_db_url)
    dh_raw_responses.create(engine)
    yield engine
    engine.dispose()


def _rows(engine: sa.Engine) -> list[sa.Row]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(dh_raw_responses).order_by("first_fetched_at")))


def test_same_body_is_stored_once_and_counted(engine: sa.Engine) -> None:
    archive = RawArchive(engine)
    body = json.dumps({"results": [{"race_id": "rac_1"}], "total": 1}).encode()
    params = [["start_date", "2025-10-13"], ["region", "gb"]]
    assert archive.store("/v1/results", "/v1/results", params, 200, body, T0)
    assert archive.store("/v1/results", "/v1/results", params, 200, body, T0 + timedelta(hours=1))
    (row,) = _rows(engine)
    assert row.fetch_count == 2
    assert row.first_fetched_at == T0
    assert row.last_fetched_at == T0 + timedelta(hours=1)
    assert gzip.decompress(row.body_gzip) == body
    assert row.body_bytes == len(body)
    assert row.params == params


def test_polled_endpoints_keep_only_changes(engine: sa.Engine) -> None:
    archive = RawArchive(engine)
    path = "/v1/odds/rac_1/hrs_1"
    first = b'{"odds": [{"decimal": "4.5"}]}'
    second = b'{"odds": [{"decimal": "5.0"}]}'
    for i, body in enumerate([first, first, first, second, second]):
        archive.store(
            "/v1/odds/{race_id}/{horse_id}", path, [], 200, body, T0 + timedelta(minutes=i)
        )
    rows = _rows(engine)
    assert [gzip.decompress(r.body_gzip) for r in rows] == [first, second]
    assert [r.fetch_count for r in rows] == [1, 1]
    assert archive.skipped == 3


def test_replay_reads_bodies_oldest_first(engine: sa.Engine) -> None:
    archive = RawArchive(engine)
    for day in (3, 1, 2):
        when = datetime(2025, 10, day, 12, tzinfo=UTC)
        body = json.dumps({"results": [], "day": day}).encode()
        archive.store(
            "/v1/results", "/v1/results", [["start_date", f"2025-10-0{day}"]], 200, body, when
        )
    replayed = list(iter_archived(engine))
    assert [r.body["day"] for r in replayed] == [1, 2, 3]
    assert replayed[0].params == [["start_date", "2025-10-01"]]
    assert replayed[0].path == "/v1/results"
    assert [r.body["day"] for r in iter_archived(engine, since=date(2025, 10, 2))] == [2, 3]


def test_a_failing_archive_never_fails_the_fetch(empty_db_url: str, caplog) -> None:
    engine = make_engine(empty_db_url)  # no table: every write fails
    try:
        archive = RawArchive(engine)
        assert not archive.store("/v1/courses", "/v1/courses", [], 200, b"{}", T0)
        assert archive.failures == 1
        assert "archive write failed" in caplog.text
    finally:
        engine.dispose()
