"""Job locks: one holder at a time, freed when the holder dies, lock rows that lapse."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from darkhorses.service.locks import JobLocks, choose_mode
from darkhorses.service.scheduler import wait_for

ROOT = Path(__file__).resolve().parents[2]


def test_one_holder_at_a_time(engine: sa.Engine, tmp_path) -> None:
    first = JobLocks(engine, lock_dir=tmp_path)
    second = JobLocks(engine, lock_dir=tmp_path)
    assert first.mode == ("file" if engine.dialect.name == "sqlite" else "advisory")
    a, b = first.lock("results"), second.lock("results")
    assert a.acquire()
    assert not b.acquire()
    # Another job's lock is independent.
    assert second.lock("racecards").acquire()
    a.release()
    assert b.acquire()
    b.release()
    first.close()
    second.close()


def test_lock_is_freed_when_its_holder_dies(engine: sa.Engine, db_url: str, tmp_path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-m", "tests.service.lock_holder", db_url, str(tmp_path), "racecards"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        locks = JobLocks(engine, lock_dir=tmp_path)
        lock = locks.lock("racecards")
        assert not lock.acquire()
        holder.kill()  # no cleanup code runs: the OS or the server must free the lock
        holder.wait(timeout=10)
        # PostgreSQL notices the dropped session within moments; poll rather than sleep.
        assert wait_for(lock.acquire, timeout_s=10), "lock still held after its holder died"
        lock.release()
        locks.close()
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_lock_row_lapses_after_its_ttl(engine: sa.Engine, clock) -> None:
    mine = JobLocks(engine, mode="row", ttl_s=60, clock=clock, holder="host-a:1")
    theirs = JobLocks(engine, mode="row", ttl_s=60, clock=clock, holder="host-b:2")
    a, b = mine.lock("stats"), theirs.lock("stats")
    assert a.acquire()
    clock.advance(seconds=59)
    assert not b.acquire()
    a.renew()  # a live holder keeps its lock
    clock.advance(seconds=59)
    assert not b.acquire()
    clock.advance(seconds=2)  # a dead holder stops renewing; its row lapses
    assert b.acquire()
    # The old holder waking up cannot take the lock back or delete the new holder's row.
    a.release()
    assert not mine.lock("stats").acquire()
    b.release()
    assert mine.lock("stats").acquire()
    rows = sa.select(sa.func.count()).select_from(sa.table("dh_locks"))
    with engine.connect() as conn:
        assert conn.execute(rows).scalar_one() == 1


def test_transaction_pooler_falls_back_to_lock_rows(caplog) -> None:
    url = "postgresql://postgres.abc:pw@aws-0-eu-west-2.pooler.supabase.com:6543/postgres"
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with caplog.at_level(logging.WARNING, logger="darkhorses.service.locks"):
        assert choose_mode(engine, "auto", url) == "row"
    assert "transaction-pooling pooler" in caplog.text
    session = url.replace(":6543/", ":5432/")
    assert (
        choose_mode(sa.create_engine(session.replace("://", "+psycopg://", 1)), "auto", session)
        == "advisory"
    )
