"""Odds fixtures: a migrated database, settings pointing at a sandbox, a client for them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa

from darkhorses.api import RacingApiClient
from darkhorses.config import Settings
from darkhorses.jobs import odds_live
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine

# The client's own limiter must not slow an accelerated day against a sandbox without limits.
FAST_API = {"rate_free": 1000.0, "rate_racecards": 1000.0, "rate_default": 1000.0}


@pytest.fixture(autouse=True)
def _fresh_capture_state() -> Iterator[None]:
    """Each test starts without the previous test's in-process capture state."""
    odds_live._cache.clear()
    yield
    odds_live._cache.clear()


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """A migrated, empty database on the backend under test."""
    eng = make_engine(db_url)
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


SettingsFor = Callable[..., Settings]


@pytest.fixture
def settings_for(db_url: str) -> SettingsFor:
    """``settings_for(base_url, plan="pro", regions=("ire",), now=None, **odds)``."""

    def build(
        base_url: str,
        plan: str = "pro",
        regions: tuple[str, ...] = ("ire",),
        now: datetime | None = None,
        **odds: Any,
    ) -> Settings:
        return Settings(
            api={
                "base_url": base_url,
                "username": plan,
                "password": plan,
                "plan": plan,
                "rate_global": 1000.0,
                **FAST_API,
            },
            database={"url": db_url},
            sync={"regions": list(regions)},
            odds=odds,
            now=now,
        )

    return build


@pytest.fixture
def client_for() -> Iterator[Callable[[Settings, sa.Engine], RacingApiClient]]:
    """``client_for(settings, engine)``: an API client, closed at the end of the test."""
    made: list[RacingApiClient] = []

    def build(settings: Settings, engine: sa.Engine) -> RacingApiClient:
        client = RacingApiClient.from_settings(settings, engine)
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()
