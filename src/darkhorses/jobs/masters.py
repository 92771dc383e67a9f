"""Masters: regions, the courses of the configured regions, and the bookmakers seed list."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from darkhorses.api.client import RacingApiClient
from darkhorses.api.errors import ApiError
from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs import ingest
from darkhorses.jobs.context import JobContext
from darkhorses.jobs.landing import land
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.transform import Rows, seed_rows


def sync_masters(ctx: JobContext, *, courses: bool = True, bookmakers: bool = True) -> JobReport:
    """Fetch regions and courses (2 calls) and store them with the bookmakers seed list."""
    report = JobReport("masters", started_at=ctx.clock.now())
    calls = ctx.api_calls()
    rows = Rows()
    if courses:
        try:
            regions = ctx.api.regions()
            rows.merge(ingest.region_list_rows(regions.body, source=regions.endpoint))
            page = ctx.api.courses(ctx.regions)
            rows.merge(ingest.courses_rows(page.items, regions=ctx.regions, source=page.endpoint))
            report.count("courses_fetched", len(page.items))
        except ApiError as exc:
            report.fail(f"masters: {exc}")
    if bookmakers:
        for row in seed_rows():
            rows.add("ra_mst_bookmakers", row)
    if not land(ctx, rows, report, unit="masters"):
        report.status = RunStatus.FAILED
    ctx.progress("masters", 1, 1)
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
    """The service's entry point: courses, regions and bookmakers."""
    ctx = JobContext(settings, engine, client, clock, trigger="schedule")
    return sync_masters(ctx)
