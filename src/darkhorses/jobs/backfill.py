"""Backfill: years of racecards and results, one day at a time, resumable from the database.

One kind's day is one unit of work: fetched (all pages), validated, transformed and written in
one transaction together with its ``dh_backfill_days`` row, so a crash never loses a day nor
counts one twice, and running the same backfill again carries on where it stopped. Days are
fetched ahead on threads sharing the client's rate limiter (see :mod:`darkhorses.jobs.prefetch`)
while one writer lands them in day order: the API's rate limit sets the pace. A day that fails
is recorded with its error, tried again at the end of the run and on the next run, and never
stops the others. The horses met then get their profiles (:mod:`darkhorses.jobs.enrich`).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast

import sqlalchemy as sa

from darkhorses.api.client import Page
from darkhorses.api.errors import ApiError, AuthFailed
from darkhorses.api.models import RACECARD_TIERS, validate_races
from darkhorses.jobs import backfill_days, enrich, ingest
from darkhorses.jobs.backfill_plan import (
    DAY_KINDS,
    ENRICH,
    RACECARDS,
    RESULTS,
    BackfillPlan,
    Estimate,
    estimate,
)
from darkhorses.jobs.context import JobContext
from darkhorses.jobs.landing import land
from darkhorses.jobs.odds_live import record_card_prices
from darkhorses.jobs.prefetch import Fetched, prefetch
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.jobs.runs import close_run, open_run
from darkhorses.store.schema.ops import dh_checkpoints
from darkhorses.store.writer import upsert

log = logging.getLogger("darkhorses.jobs.backfill")

JOB = "backfill"
CHECKPOINT = "backfill"
ENRICH_CHUNK = 100  # horses handed to one enrichment call


@dataclass(frozen=True, order=True)
class Unit:
    """One kind's day: the unit of work."""

    day: date
    kind: str

    def __str__(self) -> str:
        return f"{self.kind} {self.day}"


class BackfillStopped(Exception):
    """No later call can succeed (credentials or plan refused): the run stops."""


class UnitNotStored(Exception):
    """A fetched day could not be written; it is recorded as failed and tried again."""


# -- the run ---------------------------------------------------------------------------------


def run_backfill(ctx: JobContext, plan: BackfillPlan) -> JobReport:
    """Fetch and store every day of ``plan`` not done yet, then enrich the horses met.

    The run is one ``dh_runs`` row; the request is kept in ``dh_checkpoints`` so that
    ``backfill --resume`` can repeat it.
    """
    started = ctx.clock.now()
    report = JobReport(JOB, started_at=started)
    calls = ctx.api_calls()
    save_request(ctx, plan)
    ctx.run_id = open_run(ctx.engine, JOB, started, trigger=ctx.trigger, params=plan.describe())
    for line in plan.not_covered:
        ctx.note(line)
    try:
        with _small_sqlite_cache(ctx.engine, ctx.settings.backfill.sqlite_cache_mb):
            _run(ctx, plan, report)
    except BackfillStopped as exc:
        report.fail(str(exc))
        report.status = RunStatus.FAILED
    except (Exception, KeyboardInterrupt) as exc:  # the run log must say so; then re-raised
        report.errors.append(exc.__class__.__name__ + (f": {exc}" if str(exc) else ""))
        report.status = RunStatus.FAILED
        raise
    finally:
        report.api_calls = ctx.api_calls() - calls
        report.finished_at = ctx.clock.now()
        try:
            close_run(ctx.engine, ctx.run_id, report)
        except Exception:  # never hide the run's own outcome behind a logging failure
            log.exception("could not complete the run log")
    return report


def _run(ctx: JobContext, plan: BackfillPlan, report: JobReport) -> None:
    """The days not done yet, the failed ones once more, then the horses met."""
    units = pending_units(ctx.engine, plan)
    report.count("units_to_do", len(units))
    failed = _run_units(ctx, units, report, label="days")
    if failed:
        log.info("backfill: trying %d failed day(s) again", len(failed))
        failed = _run_units(ctx, [unit for unit, _ in failed], report, label="retry")
    for unit, error in failed:
        report.fail(f"{unit}: {error}")
    if plan.enrich:
        report.merge(_enrich(ctx))


def pending_units(engine: sa.Engine, plan: BackfillPlan) -> list[Unit]:
    """The units of ``plan`` not finished yet, oldest day first, cards before results."""
    units: list[Unit] = []
    with engine.connect() as conn:
        for kind in DAY_KINDS:
            days = plan.days.get(kind) or []
            units.extend(Unit(day, kind) for day in backfill_days.todo(conn, kind, days))
    rank = {kind: i for i, kind in enumerate(DAY_KINDS)}
    units.sort(key=lambda u: (u.day, rank[u.kind]))
    return units


def _run_units(
    ctx: JobContext, units: list[Unit], report: JobReport, *, label: str
) -> list[tuple[Unit, str]]:
    """Fetch ahead and land ``units`` in order; the ones that failed, with their error."""
    conf = ctx.settings.backfill
    failed: list[tuple[Unit, str]] = []
    fetched = prefetch(
        units,
        lambda unit: fetch_unit(ctx, unit),
        workers=conf.fetch_workers,
        ahead=conf.fetch_ahead,
    )
    try:
        for done, item in enumerate(fetched, 1):
            error = _fetch_error(item) or _land_or_error(ctx, item, report)
            if error is not None:
                log.warning("backfill %s failed: %s", item.unit, error)
                with ctx.engine.begin() as conn:
                    backfill_days.mark(
                        conn, item.unit.kind, item.unit.day, backfill_days.FAILED,
                        now=ctx.clock.now(), error=error,
                    )  # fmt: skip
                failed.append((item.unit, error))
                report.count("day_failures")
            ctx.progress(label, done, len(units))
    finally:
        fetched.close()
    return failed


def fetch_unit(ctx: JobContext, unit: Unit) -> Page:
    """All pages of one kind's day (runs on a fetch thread)."""
    if unit.kind == RESULTS:
        return ctx.api.results_day(unit.day, ctx.regions)
    return ctx.api.racecards(unit.day, ctx.regions)


def _fetch_error(item: Fetched[Unit, Page]) -> str | None:
    if item.error is None:
        return None
    if isinstance(item.error, AuthFailed):  # PlanRequired included
        raise BackfillStopped(f"{item.unit}: {item.error}") from item.error
    if not isinstance(item.error, ApiError):
        log.debug("backfill %s: unexpected error", item.unit, exc_info=item.error)
    return f"{item.error.__class__.__name__}: {item.error}"


def _land_or_error(ctx: JobContext, item: Fetched[Unit, Page], report: JobReport) -> str | None:
    """Land one fetched unit; the error text when it could not be stored."""
    assert item.value is not None
    try:
        land_unit(ctx, item.unit, item.value, report)
    except (sa.exc.OperationalError, sa.exc.InterfaceError):
        raise  # the database itself is unreachable: recording the failure would fail too
    except Exception as exc:  # one bad day must not stop the others; it is retried
        log.debug("backfill %s: could not store", item.unit, exc_info=True)
        return f"{exc.__class__.__name__}: {exc}"
    return None


def land_unit(ctx: JobContext, unit: Unit, page: Page, report: JobReport) -> None:
    """Write one fetched day and mark it done, in one transaction."""
    day_report = JobReport(unit.kind)
    source = "cards" if unit.kind == RACECARDS else "results"
    if unit.kind == RACECARDS:
        rows = ingest.card_rows(page.items, page.tier, regions=ctx.regions, source=page.endpoint)
    else:
        rows = ingest.results_rows(page.items, page.tier, regions=ctx.regions, source=page.endpoint)
    with ctx.engine.begin() as conn:
        # The day's own context: its transaction, and no horses collected across the run.
        unit_ctx = replace(ctx, engine=cast(sa.Engine, _InTransaction(conn)), brought_horses=set())
        if not land(unit_ctx, rows, day_report, unit=f"backfill {unit}", source=source):
            # Said in the day report; raising rolls the whole day back, progress row included.
            raise UnitNotStored(day_report.errors[-1] if day_report.errors else str(unit))
        if unit.kind == RACECARDS and page.items and page.tier in ("pro", "standard"):
            cards, _refused = validate_races(
                page.items, RACECARD_TIERS[page.tier], source=page.endpoint
            )  # refused cards were quarantined by the landing above
            record_card_prices(
                conn, cards, observed_at=ctx.clock.now(), regions=ctx.regions, report=day_report
            )
        written = sum(sum(outcome.values()) for outcome in day_report.rows.values())
        backfill_days.mark(
            conn,
            unit.kind,
            unit.day,
            backfill_days.DONE if page.items else backfill_days.EMPTY,
            now=ctx.clock.now(),
            api_calls=page.pages,
            rows=written,
        )
    report.merge(day_report)
    report.count(f"{unit.kind}_days")
    report.count(f"{unit.kind}_pages", page.pages)


@contextmanager
def _small_sqlite_cache(engine: sa.Engine, megabytes: int) -> Iterator[None]:
    """Keep each SQLite connection's page cache to ``megabytes`` while the backfill runs."""
    if engine.dialect.name != "sqlite":
        yield
        return

    def shrink(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA cache_size = -{int(megabytes) * 1024}")
        finally:
            cursor.close()

    sa.event.listen(engine, "checkout", shrink)
    try:
        yield
    finally:
        sa.event.remove(engine, "checkout", shrink)


class _InTransaction:
    """An engine stand-in whose ``begin()`` hands out an already open connection.

    ``land`` writes a unit in a transaction of its own; the backfill needs the day's progress
    row in that same transaction, so it lends ``land`` its own.
    """

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    @contextmanager
    def begin(self) -> Iterator[sa.Connection]:
        yield self._conn

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn.engine, name)


# -- enrichment ------------------------------------------------------------------------------


class _OneWriterAtATime:
    """An engine whose write transactions run one at a time.

    Profiles are fetched on several threads; their writes share sire and dam rows, so they
    take turns rather than risk deadlocking each other.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()

    @contextmanager
    def begin(self) -> Iterator[sa.Connection]:
        with self._lock, self._engine.begin() as conn:
            yield conn

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


def _enrich(ctx: JobContext) -> JobReport:
    """A profile for every horse that still lacks one, fetched on ``enrich_workers`` threads."""
    report = JobReport(ENRICH, started_at=ctx.clock.now())
    try:
        plan = ctx.api.plan
    except ApiError as exc:
        report.fail(f"enrich: {exc}")
        return report
    with ctx.engine.connect() as conn:
        todo = enrich.incomplete(conn, plan, None, retry_failed=True)
    report.count("horses_met_without_profile", len(todo))
    if not todo:
        return report
    settings = ctx.settings.model_copy(deep=True)
    settings.sync.enrich_limit = max(settings.sync.enrich_limit, ENRICH_CHUNK)
    shared = replace(
        ctx,
        settings=settings,
        engine=cast(sa.Engine, _OneWriterAtATime(ctx.engine)),
        brought_horses=set(),
        notes=[],
    )
    chunks = [todo[i : i + ENRICH_CHUNK] for i in range(0, len(todo), ENRICH_CHUNK)]
    done = 0
    workers = max(1, ctx.settings.backfill.enrich_workers)
    with ThreadPoolExecutor(workers, thread_name_prefix="darkhorses-enrich") as pool:
        results = pool.map(lambda ids: enrich.enrich_horses(shared, ids), chunks)
        for chunk, part in zip(chunks, results, strict=True):
            report.merge(part)
            done += len(chunk)
            ctx.progress(ENRICH, done, len(todo))
    return report


# -- the request, and where it stands ---------------------------------------------------------


def save_request(ctx: JobContext, plan: BackfillPlan) -> None:
    """Keep the backfill's options, so ``--resume`` can run it again without them."""
    state = {"from": plan.start.isoformat(), "to": plan.end.isoformat(), "what": list(plan.what)}
    with ctx.engine.begin() as conn:
        upsert(
            conn,
            dh_checkpoints,
            [{"name": CHECKPOINT, "state": state, "updated_at": ctx.clock.now()}],
        )


def last_request(engine: sa.Engine) -> dict[str, Any] | None:
    """The options of the last backfill started, or None."""
    query = sa.select(dh_checkpoints.c.state).where(dh_checkpoints.c.name == CHECKPOINT)
    with engine.connect() as conn:
        state = conn.execute(query).scalar_one_or_none()
    return dict(state) if state else None


@dataclass(frozen=True)
class BackfillStatus:
    """Days done and remaining by kind, horses to enrich, calls and time still needed."""

    plan: BackfillPlan
    kinds: list[backfill_days.KindStatus]
    horses_to_enrich: int | None
    needed: Estimate

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.describe(),
            "kinds": [k.as_dict() for k in self.kinds],
            "horses_to_enrich": self.horses_to_enrich,
            "api_calls_needed": self.needed.calls,
            "api_calls_needed_total": sum(self.needed.calls.values()),
            "seconds_needed": round(self.needed.seconds, 1),
        }


def backfill_status(ctx: JobContext, plan: BackfillPlan) -> BackfillStatus:
    """Where the backfill of ``plan`` stands, read from the database (no API call)."""
    kinds = []
    calls: dict[str, int] = {}
    horses: int | None = None
    with ctx.engine.connect() as conn:
        for kind in DAY_KINDS:
            if kind not in plan.days:
                continue
            status = backfill_days.kind_status(conn, kind, plan.days[kind])
            kinds.append(status)
            calls[kind] = math.ceil(status.remaining * status.calls_per_day)
        if plan.enrich:
            horses = len(enrich.incomplete(conn, plan.plan, None, retry_failed=True))
            calls[ENRICH] = horses
    api = ctx.settings.api
    rates = {
        "racecards": api.rate_racecards,
        "default": api.rate_default,
        "global": api.rate_global,
    }
    return BackfillStatus(plan, kinds, horses, estimate(calls, rates))
