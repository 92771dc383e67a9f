"""A database filled the way the service fills it: a sandbox sync, live odds on a stepped
clock, results, final odds, statistics and a short backfill, all over HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
import stamina

from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs import odds_final, odds_live
from darkhorses.jobs.backfill import run_backfill
from darkhorses.jobs.backfill_plan import build_plan as build_backfill_plan
from darkhorses.jobs.context import JobContext
from darkhorses.jobs.runs import close_run, open_run
from darkhorses.jobs.stats import compute_stats
from darkhorses.jobs.sync import SyncPlan, run_sync
from darkhorses.transform.values import UK

DAY = date(2025, 10, 14)
# Live capture cycles, UK time: each one a sandbox clock step and one odds_live run.
CAPTURES = tuple(
    datetime(2025, 10, 14, h, m, tzinfo=UK) for h, m in ((12, 40), (13, 30), (14, 20), (14, 50))
)
# The dashboard looks at the day at this instant: some results in, races still to run.
NOW = datetime(2025, 10, 14, 15, 0, tzinfo=UK)
BACKFILL = (date(2025, 10, 1), date(2025, 10, 3))
FAILING = (date(2025, 10, 4), date(2025, 10, 5))
FAST_API = {
    "rate_free": 1000.0,
    "rate_racecards": 1000.0,
    "rate_default": 1000.0,
    "rate_global": 1000.0,
}


@dataclass
class Filled:
    """What the fill did, for the tests to check against."""

    url: str
    cycles: int


def settings_for(base_url: str, db_url: str, now: datetime, regions: tuple[str, ...]) -> Settings:
    """Settings of a pro account on the sandbox, its clock fixed at ``now``."""
    return Settings(
        api={"base_url": base_url, "username": "pro", "password": "pro", "plan": "pro", **FAST_API},
        database={"url": db_url},
        sync={"regions": list(regions)},
        now=now,
    )


def _logged(engine: sa.Engine, report: Any, job: str) -> None:
    """Record a job's report in the run log, as the scheduler does."""
    run_id = open_run(engine, job, report.started_at, trigger="schedule", params={})
    close_run(engine, run_id, report)


def fill(
    sandbox: Any,
    db_url: str,
    *,
    regions: tuple[str, ...] = ("ire",),
    captures: tuple[datetime, ...] = CAPTURES,
    extras: bool = True,
    failed_backfill: bool = False,
) -> Filled:
    """Fill ``db_url`` from ``sandbox`` (a running sandbox whose clock the fill steps).

    ``extras`` adds final odds, statistics and a three-day results backfill;
    ``failed_backfill`` then backfills two more days while the API answers only errors.
    """
    sandbox.set_clock(captures[0])
    settings = settings_for(sandbox.base_url, db_url, captures[0], regions)
    odds_live._cache.clear()
    ctx = JobContext.open(settings, trigger="schedule")
    try:
        engine, client = ctx.engine, ctx.client
        assert client is not None
        run_sync(
            ctx,
            SyncPlan(
                courses=True,
                bookmakers=True,
                racecards=(DAY, DAY + timedelta(days=1)),
                results=(DAY - timedelta(days=1), DAY),
            ),
        )
        for now in captures:
            sandbox.set_clock(now)
            report = odds_live.run_cycle(settings, engine=engine, client=client, clock=Clock(now))
            _logged(engine, report, "odds_live")
        sandbox.set_clock(NOW)
        ctx.clock = Clock(NOW)
        run_sync(ctx, SyncPlan(results=(DAY, DAY)), job="results")
        if not extras:
            return Filled(db_url, len(captures))
        _logged(engine, odds_final.compute_final_odds(engine, [DAY], Clock(NOW)), "odds_final")
        compute_stats(engine, settings, Clock(NOW), trigger="schedule")
        plan = build_backfill_plan("pro", *BACKFILL, DAY, ("results",), historic=False)
        run_backfill(ctx, plan)
        if failed_backfill:
            sandbox.set_faults("500=1.0")
            with stamina.set_testing(True, attempts=2, cap=True):
                plan = build_backfill_plan("pro", *FAILING, DAY, ("results",), historic=False)
                run_backfill(ctx, plan)
            sandbox.set_faults("")
    finally:
        ctx.close()
        odds_live._cache.clear()
    return Filled(db_url, len(captures))
