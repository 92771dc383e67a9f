"""Enrichment: horses whose profile is still incomplete get one profile call.

A horse is incomplete when no profile was stored for it yet (``profile_status`` empty, or
``failed`` last time) and it lacks what the plan's richest profile gives: date of birth or
pedigree for Pro (``/v1/horses/{id}/pro``), pedigree for Standard (``/standard``). Horses met on
Pro racecards are complete already and cost nothing. A 404 marks the horse ``none`` (no
profile: never asked again); any other failure marks it ``failed``, retried on a later run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from darkhorses.api.client import RacingApiClient
from darkhorses.api.errors import ApiError, AuthFailed, NotFound
from darkhorses.api.plans import allows
from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs import ingest
from darkhorses.jobs.context import JobContext
from darkhorses.jobs.landing import land
from darkhorses.jobs.report import JobReport
from darkhorses.transform import Rows

BATCH = 50  # profiles written per transaction
RETRY = ("failed",)


def incomplete(
    conn: sa.Connection, plan: str, horse_ids: Iterable[str] | None, *, retry_failed: bool
) -> list[str]:
    """Ids of horses that need a profile, oldest-missing first, optionally among ``horse_ids``."""
    horses = sa.table(
        "ra_mst_horses",
        sa.column("id"),
        sa.column("dob"),
        sa.column("sire_id"),
        sa.column("dam_id"),
        sa.column("profile_status"),
    )
    lacking: sa.ColumnElement[bool] = sa.or_(horses.c.sire_id.is_(None), horses.c.dam_id.is_(None))
    if allows(plan, "pro"):
        lacking = sa.or_(lacking, horses.c.dob.is_(None))
    pending: sa.ColumnElement[bool] = horses.c.profile_status.is_(None)
    if retry_failed:
        pending = sa.or_(pending, horses.c.profile_status.in_(RETRY))
    query = sa.select(horses.c.id).where(pending, lacking).order_by(horses.c.id)
    if horse_ids is None:
        return list(conn.execute(query).scalars())
    wanted = sorted(set(horse_ids))
    found: list[str] = []
    for start in range(0, len(wanted), 500):
        part = query.where(horses.c.id.in_(wanted[start : start + 500]))
        found.extend(conn.execute(part).scalars())
    return found


def enrich_horses(
    ctx: JobContext, horse_ids: Iterable[str] | None = None, *, retry_failed: bool = True
) -> JobReport:
    """Fetch profiles of incomplete horses (of ``horse_ids``, or all), at most
    ``sync.enrich_limit`` per run."""
    report = JobReport("enrich", started_at=ctx.clock.now())
    calls = ctx.api_calls()
    try:
        plan = ctx.api.plan
    except ApiError as exc:
        report.fail(f"enrich: {exc}")
        return report
    if not allows(plan, "standard"):
        ctx.note(f"enrich: horse profiles need a Standard plan or better (this is {plan})")
        return report
    with ctx.engine.connect() as conn:
        todo = incomplete(conn, plan, horse_ids, retry_failed=retry_failed)
    limit = ctx.settings.sync.enrich_limit
    if len(todo) > limit:
        ctx.note(f"enrich: {len(todo) - limit} horse(s) left for a later run (limit {limit})")
        report.count("horses_deferred", len(todo) - limit)
        todo = todo[:limit]
    report.count("horses_to_enrich", len(todo))
    if ctx.dry_run:
        ctx.note(f"enrich: would fetch {len(todo)} horse profile(s)")
        return _done(ctx, report, calls)
    stopped = False
    for start in range(0, len(todo), BATCH):
        rows = Rows()
        for horse_id in todo[start : start + BATCH]:
            if not _fetch_one(ctx, horse_id, rows, report):
                stopped = True
                break
        land(ctx, rows, report, unit="enrich")
        ctx.progress("enrich", min(start + BATCH, len(todo)), len(todo))
        if stopped:
            break
    return _done(ctx, report, calls)


def _fetch_one(ctx: JobContext, horse_id: str, rows: Rows, report: JobReport) -> bool:
    """One profile into ``rows``; False when the run must stop (plan or credentials)."""
    now = ctx.clock.now()
    try:
        fetched = ctx.api.horse(horse_id)
    except NotFound:
        rows.add("ra_mst_horses", _status(horse_id, "none", now))
        report.count("horses_not_found")
        return True
    except AuthFailed as exc:  # PlanRequired included: no later call can succeed either
        report.fail(f"enrich: {exc}")
        return False
    except ApiError as exc:
        rows.add("ra_mst_horses", _status(horse_id, "failed", now))
        report.count("horses_failed")
        report.fail(f"enrich {horse_id}: {exc}")
        return True
    profile = ingest.profile_rows(
        [fetched.body], pro=fetched.tier == "pro", source=fetched.endpoint
    )
    for row in profile.rows("ra_mst_horses"):
        row["profile_checked_at"] = now
    rows.merge(profile)
    report.count("horses_enriched")
    return True


def _status(horse_id: str, status: str, now: Any) -> dict[str, Any]:
    return {"id": horse_id, "profile_status": status, "profile_checked_at": now}


def _done(ctx: JobContext, report: JobReport, calls: int) -> JobReport:
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
    """The service's entry point: every incomplete horse, failures retried."""
    ctx = JobContext(settings, engine, client, clock, trigger="schedule")
    return enrich_horses(ctx)
