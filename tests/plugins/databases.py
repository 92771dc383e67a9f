"""Database fixtures: every storage test runs on SQLite and on PostgreSQL.

``db_url`` yields the URL of a fresh, empty database and drops it afterwards. PostgreSQL
comes from ``DARKHORSES_TEST_POSTGRES_URL`` (a role allowed to create databases). Without it,
PostgreSQL tests skip with the reason, except under CI (``CI`` set), where a skip is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

PG_ENV = "DARKHORSES_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not available: {reason}")


def _admin_url() -> sa.URL:
    raw = os.environ.get(PG_ENV)
    if not raw:
        _unavailable(f"set {PG_ENV} to a PostgreSQL URL whose role may create databases")
    url = make_url(raw)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _plain(url: sa.URL) -> str:
    """The URL as a user would write it (postgresql://), password included."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_admin_url() -> sa.URL:
    """A reachable PostgreSQL server's admin URL, or a skip (a failure in CI)."""
    url = _admin_url()
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        _unavailable(f"cannot connect ({exc.orig.__class__.__name__})")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def new_postgres_db(request: pytest.FixtureRequest) -> Iterator[str]:
    """Create an empty PostgreSQL database; yield its URL; drop it afterwards."""
    admin = request.getfixturevalue("postgres_admin_url")
    name = f"dh_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield _plain(admin.set(database=name))
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend under test: "sqlite" or "postgresql"."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """URL of a fresh empty database on the backend under test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'darkhorses.db'}"
    else:
        yield request.getfixturevalue("new_postgres_db")
