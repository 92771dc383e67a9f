"""The sync plans: daily, weekly, monthly, all, or chosen entities, over chosen days.

- daily: racecards (today .. +days_ahead) and results (-days_back .. today), then the
  enrichment of the horses they brought in;
- weekly: a results reconciliation over the last ``weekly_days`` days, then enrichment of
  every incomplete horse, failures retried;
- monthly: masters (regions, courses, bookmakers);
- all: everything above.

A run is one ``dh_runs`` row (job ``sync``) with the merged counts of its parts.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any, Literal

from darkhorses.jobs.context import JobContext
from darkhorses.jobs.enrich import enrich_horses
from darkhorses.jobs.masters import sync_masters
from darkhorses.jobs.racecards import sync_racecards
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.jobs.results import sync_results
from darkhorses.jobs.runs import close_run, open_run

log = logging.getLogger("darkhorses.jobs")

Mode = Literal["daily", "weekly", "monthly", "all", "entities"]
ENTITIES = ("courses", "bookmakers", "racecards", "results", "horses")
Enrich = Literal["brought", "all"] | None


class PlanError(ValueError):
    """Sync options that contradict each other or name unknown things."""


@dataclass(frozen=True)
class SyncPlan:
    """What one sync run does."""

    courses: bool = False
    bookmakers: bool = False
    racecards: tuple[date, date] | None = None
    results: tuple[date, date] | None = None
    enrich: Enrich = None

    def describe(self) -> dict[str, Any]:
        """JSON-ready, for the run log."""
        out = asdict(self)
        for key in ("racecards", "results"):
            if out[key]:
                out[key] = [d.isoformat() for d in out[key]]
        return out


def build_plan(
    mode: Mode,
    today: date,
    *,
    entities: list[str] | None = None,
    day: date | None = None,
    start: date | None = None,
    end: date | None = None,
    days_ahead: int = 2,
    days_back: int = 1,
    weekly_days: int = 7,
    racecards_only: bool = False,
    results_only: bool = False,
    test: bool = False,
) -> SyncPlan:
    """The plan for the options of ``darkhorses sync``."""
    if racecards_only and results_only:
        raise PlanError("--racecards-only and --results-only exclude each other")
    if day is not None and (start is not None or end is not None):
        raise PlanError("give --date or --from/--to, not both")
    if start is None or end is None:  # one end given: that one day
        start = end = start or end
    if start is not None and end is not None and start > end:
        raise PlanError(f"--from {start} is after --to {end}")
    if days_ahead < 0 or days_back < 0:
        raise PlanError("--days-ahead and --days-back must not be negative")
    fixed: tuple[date, date] | None = None
    if day is not None:
        fixed = (day, day)
    elif start is not None and end is not None:
        fixed = (start, end)
    if test:
        fixed = fixed or (today, today)
        fixed = (fixed[0], fixed[0])  # a quick run: one day
    cards = fixed or (today, today + timedelta(days=days_ahead))
    results = fixed or (today - timedelta(days=days_back), today)
    weekly = fixed or (today - timedelta(days=weekly_days - 1), today)

    if mode == "entities":
        unknown = sorted(set(entities or []) - set(ENTITIES))
        if unknown or not entities:
            raise PlanError(
                f"unknown entities {', '.join(unknown)}; choose from {', '.join(ENTITIES)}"
                if unknown
                else f"--entities needs at least one of {', '.join(ENTITIES)}"
            )
        chosen = set(entities)
        return SyncPlan(
            courses="courses" in chosen,
            bookmakers="bookmakers" in chosen,
            racecards=cards if "racecards" in chosen else None,
            results=results if "results" in chosen else None,
            enrich="all" if "horses" in chosen else None,
        )
    if mode == "daily":
        return SyncPlan(
            racecards=None if results_only else cards,
            results=None if racecards_only else results,
            enrich=None if (racecards_only or results_only) else "brought",
        )
    if mode == "weekly":
        return SyncPlan(results=weekly, enrich="all")
    if mode == "monthly":
        return SyncPlan(courses=True, bookmakers=True)
    if mode == "all":
        return SyncPlan(
            courses=True,
            bookmakers=True,
            racecards=None if results_only else cards,
            results=None if racecards_only else results,
            enrich="all",
        )
    raise PlanError(f"unknown sync mode {mode!r}")


def run_sync(ctx: JobContext, plan: SyncPlan, *, job: str = "sync") -> JobReport:
    """Run ``plan``; the run is logged in ``dh_runs`` unless it is a dry run."""
    started = ctx.clock.now()
    report = JobReport(job, started_at=started)
    calls = ctx.api_calls()
    if not ctx.dry_run:
        ctx.run_id = open_run(ctx.engine, job, started, trigger=ctx.trigger, params=plan.describe())
    try:
        if plan.courses or plan.bookmakers:
            report.merge(sync_masters(ctx, courses=plan.courses, bookmakers=plan.bookmakers))
        if plan.racecards:
            report.merge(sync_racecards(ctx, *plan.racecards))
        if plan.results:
            report.merge(sync_results(ctx, *plan.results))
        if plan.enrich == "brought":
            report.merge(enrich_horses(ctx, ctx.brought_horses, retry_failed=True))
        elif plan.enrich == "all":
            report.merge(enrich_horses(ctx, retry_failed=True))
    except Exception as exc:  # the run log and exit code must say so; the cause is re-raised
        report.errors.append(f"{exc.__class__.__name__}: {exc}")
        report.status = RunStatus.FAILED
        raise
    finally:
        report.job = job
        report.api_calls = ctx.api_calls() - calls
        report.finished_at = ctx.clock.now()
        if ctx.run_id is not None:
            try:
                close_run(ctx.engine, ctx.run_id, report)
            except Exception:  # never hide the run's own outcome behind a logging failure
                log.exception("could not complete the run log")
    return report
