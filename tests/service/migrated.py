"""Migrated databases, fast: each backend is migrated once per session.

Creating, migrating and dropping a PostgreSQL database for every test is most of a service
test's time. Here SQLite tests get a copy of a migrated file, and PostgreSQL tests share one
migrated database whose tables are emptied (and whose stray sessions are ended) before each
test: the same starting point, a fresh empty schema, in milliseconds.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from darkhorses.store import migrate
from darkhorses.store.engine import make_engine
from darkhorses.store.schema import metadata


def _plain(url: sa.URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the newest schema, copied by each test that wants one."""
    path = tmp_path_factory.mktemp("template") / "darkhorses.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def migrated_postgres_template(request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of one PostgreSQL database at the newest schema, shared by the session."""
    admin = request.getfixturevalue("postgres_admin_url")
    name = f"dh_svc_{uuid.uuid4().hex[:12]}"
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
        serials = conn.execute(
            sa.text(
                "SELECT s.relname FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace "
                "WHERE s.relkind = 'S' AND n.nspname = current_schema()"
            )
        ).scalars()
        for sequence in list(serials):
            conn.execute(sa.text(f'ALTER SEQUENCE "{sequence}" RESTART'))
    engine.dispose()
    return url


def migrated_database(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> Iterator[str]:
    """A database of ``backend`` at the newest schema with every table empty."""
    if backend == "sqlite":
        path = tmp_path / "darkhorses.db"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    yield _emptied(request.getfixturevalue("migrated_postgres_template"))
