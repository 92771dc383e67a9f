"""Fixtures for the check tests: migrated databases (as the service tests have them), seeded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from darkhorses.config import Settings
from darkhorses.store.engine import make_engine
from tests.checks.racing_rows import NOW, seed
from tests.service.conftest import MovableClock
from tests.service.migrated import (  # noqa: F401  (fixtures)
    migrated_database,
    migrated_postgres_template,
    migrated_sqlite_template,
)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """URL of a fresh database at the newest schema, on the backend under test."""
    yield from migrated_database(request, backend, tmp_path)


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def seeded(engine: sa.Engine) -> sa.Engine:
    """The engine, its database holding the sound racing rows."""
    seed(engine)
    return engine


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database={"url": db_url}, sync={"regions": ["gb", "ire"]})


@pytest.fixture
def empty_db_url(backend: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """URL of a fresh database never migrated, on the backend under test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        yield request.getfixturevalue("new_postgres_db")
