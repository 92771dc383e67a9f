"""Racecards: every race and runner of the configured regions for a range of days.

One day's cards (all pages) are one unit of work: fetched, archived, validated, transformed
and written in one transaction. The richest tier the plan allows is used; below Pro only
today and tomorrow exist, and the days skipped are said.
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


def sync_racecards(ctx: JobContext, start: date, end: date) -> JobReport:
    """Fetch and store the cards of each day in [start, end] the plan allows."""
    report = JobReport("racecards", started_at=ctx.clock.now())
    calls = ctx.api_calls()
    try:
        plan = ctx.api.plan
    except ApiError as exc:
        report.fail(f"racecards: {exc}")
        report.status = RunStatus.FAILED
        return report
    todo, skipped = window.card_days(plan, start, end, ctx.clock.today_uk())
    if skipped:
        ctx.note(skipped)
        report.count("racecard_days_skipped", len(list(window.days(start, end))) - len(todo))
    failed = 0
    for done, day in enumerate(todo, 1):
        try:
            page = ctx.api.racecards(day, ctx.regions)
        except ApiError as exc:
            failed += 1
            report.fail(f"racecards {day}: {exc}")
            continue
        report.count("racecard_pages", page.pages)
        report.count("races_fetched", len(page.items))
        report.count("racecard_days")
        rows = ingest.card_rows(page.items, page.tier, regions=ctx.regions, source=page.endpoint)
        if not land(ctx, rows, report, unit=f"racecards {day}", source="cards"):
            failed += 1
        if page.lacks:
            ctx.note(f"racecards: the {page.tier} tier lacks {len(page.lacks)} Pro field(s)")
        ctx.progress("racecards", done, len(todo))
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
    """The service's entry point: today to ``sync.days_ahead`` days ahead."""
    ctx = JobContext(settings, engine, client, clock, trigger="schedule")
    today = clock.today_uk()
    return sync_racecards(ctx, today, today + timedelta(days=settings.sync.days_ahead))
