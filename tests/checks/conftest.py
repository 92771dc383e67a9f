"""Fixtures for the check tests: migrated databases, seeded with sound racing rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from darkhorses.config import Settings
from darkhorses.store.engine import make_engine
from tests.checks.racing_rows import NOW, seed
from tests.service.conftest import MovableClock


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
