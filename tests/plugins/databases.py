"""Database fixtures: every storage test runs on SQLite and on PostgreSQL.

``db_url`` yields the URL of a database at the newest schema with every table empty;
``empty_db_url`` a database never migrated (for the migration tests). PostgreSQL comes from
``DARKHORSES_TEST_POSTGRES_URL`` (a role allowed to create databases). Without it, PostgreSQL
tests skip with the reason, except under CI (``CI`` set), where a skip is a failure.

Creating and migrating a PostgreSQL database per test costs seconds, so each backend is
migrated once per session: SQLite tests get a copy of a migrated file, PostgreSQL tests share
one migrated database whose tables are emptied (and whose stray sessions are ended) first.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

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
def empty_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh database never migrated, on the backend under test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        yield request.getfixturevalue("new_postgres_db")


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the newest schema, copied by each test that wants one."""
    from darkhorses.store import migrate
    from darkhorses.store.engine import make_engine

    path = tmp_path_factory.mktemp("template") / "darkhorses.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def migrated_postgres_db(request: pytest.FixtureRequest) -> Iterator[str]:
    """One PostgreSQL database at the newest schema, shared by the session."""
    from darkhorses.store import migrate
    from darkhorses.store.engine import make_engine

    admin = request.getfixturevalue("postgres_admin_url")
    name = f"dh_test_{uuid.uuid4().hex[:12]}"
    server = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = _plain(admin.set(database=name))
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with server.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _emptied(url: str) -> str:
    """Empty every table of the shared database (schema kept), as if freshly migrated."""
    from darkhorses.store.schema import metadata

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        # Sessions a previous test left behind (a killed process, an abandoned job) go first.
        conn.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        # DELETE rather than TRUNCATE: on a few rows it is far cheaper (no new files).
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
        sequences = conn.execute(
            sa.text(
                "SELECT s.relname FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace "
                "WHERE s.relkind = 'S' AND n.nspname = current_schema()"
            )
        ).scalars()
        for sequence in list(sequences):
            conn.execute(sa.text(f'ALTER SEQUENCE "{sequence}" RESTART'))
    engine.dispose()
    return url


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a database at the newest schema, every table empty, on the backend under test."""
    if backend == "sqlite":
        path = tmp_path / "darkhorses.db"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        yield _emptied(request.getfixturevalue("migrated_postgres_db"))
