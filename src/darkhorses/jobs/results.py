"""Results: every race and runner of the configured regions, one day per call, paged.

One day of results is one unit of work. A race never seen on a card is created from its
result; a result that changes after it was stored is logged as an amendment.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from darkhorses.api.client import RacingApiClient
from darkhorses.api.errors import ApiError
from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs import ingest, window
from darkhorses.jobs.context import JobContext
from darkhorses.jobs.landing import land
from darkhorses.jobs.report import JobReport, RunStatus


def sync_results(ctx: JobContext, start: date, end: date, *, job: str = "results") -> JobReport:
    """Fetch and store the results of each day in [start, end] the plan allows."""
    report = JobReport(job, started_at=ctx.clock.now())
    calls = ctx.api_calls()
    try:
        plan = ctx.api.plan
    except ApiError as exc:
        report.fail(f"results: {exc}")
        report.status = RunStatus.FAILED
        return report
    todo, skipped = window.result_days(
        plan, start, end, ctx.clock.today_uk(), historic=ctx.api.historic_addon
    )
    if skipped:
        ctx.note(skipped)
    failed = 0
    for done, day in enumerate(todo, 1):
        try:
            page = ctx.api.results_day(day, ctx.regions)
        except ApiError as exc:
            failed += 1
            report.fail(f"results {day}: {exc}")
            continue
        report.count("results_pages", page.pages)
        report.count("results_fetched", len(page.items))
        report.count("results_days")
        rows = ingest.results_rows(page.items, page.tier, regions=ctx.regions, source=page.endpoint)
        if not land(ctx, rows, report, unit=f"results {day}", source="results"):
            failed += 1
        ctx.progress("results", done, len(todo))
    if todo and failed == len(todo):
        report.status = RunStatus.FAILED
    report.api_calls = ctx.api_calls() - calls
    report.finished_at = ctx.clock.now()
    return report


def run(
    settings: Settings,
    *,
    engine: sa.Engine,
    client: RacingApiClient,
    clock: Clock,
    **_: Any,
) -> JobReport:
    """The service's entry point: ``sync.days_back`` days back to today."""
    ctx = JobContext(settings, engine, client, clock, trigger="schedule")
    today = clock.today_uk()
    return sync_results(ctx, today - timedelta(days=settings.sync.days_back), today)


def reconcile(
    settings: Settings,
    *,
    engine: sa.Engine,
    client: RacingApiClient,
    clock: Clock,
    **_: Any,
) -> JobReport:
    """The nightly reconciliation: the last ``sync.weekly_days`` days of results again."""
    ctx = JobContext(settings, engine, client, clock, trigger="schedule")
    today = clock.today_uk()
    start = today - timedelta(days=settings.sync.weekly_days - 1)
    return sync_results(ctx, start, today, job="results_nightly")
