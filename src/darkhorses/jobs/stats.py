"""The stats job: bring the racing statistics up to date after each results sync.

Incremental by default (only the groups touched by runner, race and horse changes since the
last run are recomputed, see ``darkhorses.stats.compute``); ``full`` recomputes everything.

Statistics read only the database, so the job needs no API client. Its run is logged in
``dh_runs`` like every other job's.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import sqlalchemy as sa

from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.jobs.runs import close_run, open_run
from darkhorses.stats.compute import compute

log = logging.getLogger("darkhorses.jobs")


def compute_stats(
    engine: sa.Engine,
    settings: Settings,
    clock: Clock,
    *,
    what: str = "all",
    full: bool = False,
    as_of: date | None = None,
    trigger: str = "cli",
) -> JobReport:
    """Update ``what`` as of ``as_of`` (default: today on the UK calendar), logging the run:
    incrementally, or recomputing everything when ``full``."""
    started = clock.now()
    params = {"what": what, "full": full, "as_of": (as_of or clock.today_uk()).isoformat()}
    run_id = open_run(engine, "stats", started, trigger=trigger, params=params)
    report = JobReport("stats", started_at=started)
    try:
        report = compute(engine, what, full, as_of, settings=settings.stats, clock=clock)
    except Exception as exc:  # the run log must say so; the cause is re-raised
        report.errors.append(f"{exc.__class__.__name__}: {exc}")
        report.status = RunStatus.FAILED
        raise
    finally:
        report.finished_at = clock.now()
        try:
            close_run(engine, run_id, report)
        except Exception:  # never hide the run's own outcome behind a logging failure
            log.exception("could not complete the run log")
    return report


def run(settings: Settings, *, engine: sa.Engine, client: Any = None, clock: Clock) -> JobReport:
    """The scheduled entry point: every statistic as of today, incrementally."""
    return compute_stats(engine, settings, clock, trigger="schedule")
