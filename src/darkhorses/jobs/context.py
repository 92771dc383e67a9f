"""What every job runs with: settings, database, API client, clock, and the run's own state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from darkhorses.api.client import RacingApiClient
from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine

# Progress callback: (what, done, total) -> None. Jobs call it once per unit of work.
Progress = Callable[[str, int, int], None]


def _no_progress(_what: str, _done: int, _total: int) -> None:
    return None


@dataclass
class JobContext:
    """One run's tools and what it learns on the way.

    ``dry_run`` makes every job fetch and transform but write nothing. ``brought_horses``
    collects the horses this run's cards and results wrote, so a daily sync enriches only
    those. ``notes`` are things a person should read (days skipped for the plan, ...).
    """

    settings: Settings
    engine: sa.Engine
    client: RacingApiClient | None
    clock: Clock
    dry_run: bool = False
    trigger: str = "cli"
    run_id: int | None = None
    progress: Progress = _no_progress
    brought_horses: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    _owns: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        dry_run: bool = False,
        trigger: str = "cli",
        upgrade: bool = True,
        with_client: bool = True,
        engine: sa.Engine | None = None,
        client: RacingApiClient | None = None,
    ) -> JobContext:
        """Connect to the database (upgraded to the newest schema) and build the client.

        A dry run's client archives nothing: a dry run writes no row anywhere.
        """
        owns: list[Any] = []
        if engine is None:
            engine = make_engine(settings.database.url, settings=settings)
            owns.append(engine)
        if upgrade:
            migrate.upgrade(engine)
        if client is None and with_client:
            client = RacingApiClient.from_settings(settings, None if dry_run else engine)
            owns.append(client)
        return cls(
            settings=settings,
            engine=engine,
            client=client,
            clock=Clock(settings.now),
            dry_run=dry_run,
            trigger=trigger,
            _owns=owns,
        )

    @property
    def regions(self) -> list[str]:
        """The configured regions (codes as the API's filters take them: gb, ire)."""
        return [r.lower() for r in self.settings.sync.regions]

    @property
    def api(self) -> RacingApiClient:
        """The API client (jobs that fetch need one)."""
        if self.client is None:
            raise RuntimeError("this job needs an API client")
        return self.client

    def api_calls(self) -> int:
        """HTTP requests the client has made so far."""
        return int(self.client.metrics.snapshot()["calls"]) if self.client else 0

    def note(self, message: str) -> None:
        """Something a person should read at the end of the run."""
        if message not in self.notes:
            self.notes.append(message)

    def close(self) -> None:
        """Close what this context opened (not what it was given)."""
        for thing in reversed(self._owns):
            if isinstance(thing, sa.Engine):
                thing.dispose()
            else:
                thing.close()
        self._owns.clear()

    def __enter__(self) -> JobContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
