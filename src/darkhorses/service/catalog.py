"""The jobs the service schedules: one place mapping each schedule name to its callable.

A job callable has the shape ``fn(settings, *, engine, client, clock) -> JobReport``; one that
also accepts ``stop`` gets a :class:`threading.Event` set on shutdown, and should finish its
current unit of work and return when it is set; one that accepts ``run_id`` gets its
``dh_runs`` id. Entries are dotted paths, imported when the
service starts, so a job whose module is absent is reported and left out rather than breaking
the service.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping
from typing import Any

from darkhorses.config import Settings
from darkhorses.service.schedule import timings
from darkhorses.service.scheduler import JobFunc, JobSpec

log = logging.getLogger(__name__)

# Schedule name -> "module:function".
JOBS: dict[str, str] = {
    "masters": "darkhorses.jobs.masters:run",
    "racecards": "darkhorses.jobs.racecards:run",
    "results": "darkhorses.jobs.results:run",
    "results_nightly": "darkhorses.jobs.results:reconcile",
    "enrich": "darkhorses.jobs.enrich:run",
    # One capture cycle; it takes the run id so its statistics row points at the run.
    "odds_live": "darkhorses.jobs.odds_live:run_cycle",
    "odds_final": "darkhorses.jobs.odds_final:run",
    "odds_fill": "darkhorses.jobs.odds_fill:run",
    "stats": "darkhorses.service.stats_job:run",
}


def load(path: str) -> Callable[..., Any]:
    """Import ``module:function``."""
    module, _, attr = path.partition(":")
    func: Callable[..., Any] = getattr(importlib.import_module(module), attr)
    return func


def default_specs(
    settings: Settings, jobs: Mapping[str, str | JobFunc] | None = None
) -> list[JobSpec]:
    """Job specs for every scheduled job whose callable is available."""
    table = timings(settings.service.schedule, settings.service.timezone)
    specs: list[JobSpec] = []
    if jobs is None:
        jobs = {**JOBS, **settings.service.jobs}
    for name, target in jobs.items():
        timing = table.get(name)
        if timing is None:
            log.info("job %s is disabled in the schedule", name)
            continue
        try:
            func = load(target) if isinstance(target, str) else target
        except (ImportError, AttributeError) as exc:
            log.warning("job %s is not available (%s); not scheduled", name, exc)
            continue
        specs.append(JobSpec.from_timing(name, func, timing))
    return specs
