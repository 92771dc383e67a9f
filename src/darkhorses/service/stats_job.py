"""The statistics as the scheduler runs them.

``darkhorses.jobs.stats:run`` records its own ``dh_runs`` row, as a one-shot command must; under
the scheduler, which records every run itself, that would log each statistics run twice. This
entry point computes the same statistics and leaves the recording to the scheduler.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs.report import JobReport
from darkhorses.stats.compute import compute


def run(settings: Settings, *, engine: sa.Engine, clock: Clock, **_: Any) -> JobReport:
    """Every statistic as of today (UK calendar), in one transaction."""
    return compute(engine, "all", True, None, settings=settings.stats, clock=clock)
