"""Connections: URLs as users write them, SQLite pragmas, pooler settings, hidden passwords."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from darkhorses.config import Settings
from darkhorses.store.engine import (
    DatabaseURLError,
    is_transaction_pooler,
    make_engine,
    normalize_url,
    redact_url,
)

SUPABASE_POOLER = (
    "postgres://postgres.abcd:s3cret-pw@aws-0-eu-west-2.pooler.supabase.com:6543/postgres"
    "?sslmode=require"
)


class _Captured(Exception):
    """Raised from the connect hook once the driver arguments are seen."""


def _connect_params(engine: sa.Engine) -> dict[str, Any]:
    """The keyword arguments the engine would hand psycopg, captured before any network I/O."""
    seen: dict[str, Any] = {}

    @sa.event.listens_for(engine, "do_connect")
    def _capture(dialect: Any, record: Any, cargs: Any, cparams: dict[str, Any]) -> None:
        seen.update(cparams)
        raise _Captured

    with pytest.raises(_Captured):
        engine.connect()
    return seen


@pytest.mark.parametrize(
    "url",
    [
        "postgres://u:pw@db.example.com:5432/racing",
        "postgresql://u:pw@db.example.com:5432/racing",
        "postgresql+psycopg://u:pw@db.example.com:5432/racing",
    ],
)
def test_postgres_spellings_all_use_psycopg(url: str) -> None:
    parsed = normalize_url(url)
    assert parsed.drivername == "postgresql+psycopg"
    assert (parsed.host, parsed.port, parsed.database) == ("db.example.com", 5432, "racing")


def test_supabase_transaction_pooler_disables_prepared_statements() -> None:
    assert is_transaction_pooler(SUPABASE_POOLER)
    engine = make_engine(SUPABASE_POOLER)
    params = _connect_params(engine)
    assert params["prepare_threshold"] is None
    assert params["sslmode"] == "require"
    assert params["host"] == "aws-0-eu-west-2.pooler.supabase.com"
    assert engine.pool._pre_ping  # stale pooled connections are tested before use


def test_session_pooler_and_direct_connections_keep_prepared_statements() -> None:
    url = "postgresql://u:pw@aws-0-eu-west-2.pooler.supabase.com:5432/postgres?sslmode=require"
    assert not is_transaction_pooler(url)
    params = _connect_params(make_engine(url))
    assert "prepare_threshold" not in params
    assert params["sslmode"] == "require"


def test_pgbouncer_flag_marks_a_pooler_and_is_not_sent_to_libpq() -> None:
    url = "postgresql://u:pw@pgbouncer.internal:6432/app?pgbouncer=true"
    assert is_transaction_pooler(url)
    params = _connect_params(make_engine(url))
    assert params["prepare_threshold"] is None
    assert "pgbouncer" not in params


def test_pool_size_comes_from_settings() -> None:
    settings = Settings(database={"pool_size": 2, "max_overflow": 1})
    engine = make_engine("postgresql://u:pw@h/db", settings=settings)
    assert engine.pool.size() == 2
    assert engine.pool._max_overflow == 1


def test_sqlite_is_never_a_pooler() -> None:
    assert not is_transaction_pooler("sqlite:///darkhorses.db")


def test_redact_hides_passwords_everywhere() -> None:
    redacted = redact_url(SUPABASE_POOLER)
    assert "s3cret-pw" not in redacted
    assert "pooler.supabase.com:6543" in redacted and "sslmode=require" in redacted
    query_secret = redact_url("postgresql://u@h/db?password=hunter2&sslmode=require")
    assert "hunter2" not in query_secret and "sslmode=require" in query_secret
    assert "pw" not in redact_url("postgres://u:pw@[not a url")


def test_unsupported_database_is_refused_without_showing_the_password() -> None:
    with pytest.raises(DatabaseURLError) as excinfo:
        make_engine("mysql://root:topsecret@localhost/racing")
    assert "mysql" in str(excinfo.value)
    assert "topsecret" not in str(excinfo.value)
    with pytest.raises(DatabaseURLError):
        make_engine("no database here")


def test_connects_and_tunes_each_backend(db_url: str, backend: str) -> None:
    url = db_url.replace("postgresql://", "postgres://", 1)  # the Heroku/Supabase spelling
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if backend == "sqlite":
                pragma = {
                    name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                    for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
                }
                assert pragma == {
                    "journal_mode": "wal",
                    "synchronous": 1,  # NORMAL
                    "foreign_keys": 1,
                    "busy_timeout": 30_000,
                }
            else:
                assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        engine.dispose()


def test_sqlite_creates_the_folder_of_its_file(tmp_path) -> None:
    target = tmp_path / "new" / "dir" / "racing.db"
    engine = make_engine(f"sqlite:///{target}")
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
    engine.dispose()
    assert target.exists()
