"""The job scheduler: APScheduler in Europe/London, job locks, the run log, one summary line.

Each trigger of a job goes through :meth:`JobScheduler.run_once`, which

1. takes the job's lock (another process holding it means the trigger is skipped);
2. skips the trigger if any process already ran the job since the trigger's fire time, so two
   replicas firing the same trigger run it once;
3. records the run in ``dh_runs``, calls the job, completes the row from its report;
4. logs one summary line (status, rows by table, counts, API calls), updates the metrics and
   the job-failure alert; and releases the lock.

Live odds run on an executor of their own, so a long job never delays them. Missed runs
coalesce into one. A job with a timeout is abandoned (recorded failed) when it overruns; its
lock is kept (and renewed) until its thread really ends.
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger

from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.service import metrics, runs
from darkhorses.service.locks import JobLock, JobLocks
from darkhorses.service.schedule import Timing, latest_fire_time

log = logging.getLogger(__name__)


class JobFunc(Protocol):
    """``fn(settings, *, engine, client, clock) -> JobReport``."""

    def __call__(
        self, settings: Settings, *, engine: sa.Engine, client: Any, clock: Clock
    ) -> JobReport: ...


@dataclass(frozen=True)
class JobSpec:
    """A scheduled job: its name, callable, trigger and how it runs."""

    name: str
    func: Callable[..., JobReport]
    trigger: BaseTrigger
    executor: str = "default"
    timeout_s: float | None = None
    # Jobs sharing a lock name never overlap (results and the nightly reconciliation).
    lock: str | None = None
    # (min_s, max_s): the job picks its next run via ``counts["next_run_in_s"]``.
    adaptive: tuple[float, float] | None = None

    @classmethod
    def from_timing(cls, name: str, func: Callable[..., JobReport], timing: Timing) -> JobSpec:
        return cls(
            name=name,
            func=func,
            trigger=timing.trigger,
            executor=timing.executor,
            timeout_s=timing.timeout_s,
            lock=timing.lock,
            adaptive=timing.adaptive,
        )

    @property
    def lock_name(self) -> str:
        return self.lock or self.name


def summary_line(report: JobReport, duration_s: float) -> str:
    """``racecards success in 3.2s: ra_mst_races inserted=3 updated=1; races=4; api_calls=5``."""
    parts = [
        f"{table} " + (" ".join(f"{k}={v}" for k, v in sorted(outcomes.items()) if v) or "0")
        for table, outcomes in sorted(report.rows.items())
    ]
    if report.counts:
        parts.append(" ".join(f"{k}={v}" for k, v in sorted(report.counts.items())))
    parts.append(f"api_calls={report.api_calls}")
    line = f"{report.job} {report.status.value} in {duration_s:.1f}s: " + "; ".join(parts)
    if report.errors:
        line += f"; errors={len(report.errors)} (first: {report.errors[0]})"
    return line


class JobScheduler:
    """Runs job specs on a ``BackgroundScheduler`` with locks, run records and alerts."""

    def __init__(
        self,
        settings: Settings,
        *,
        engine: sa.Engine,
        locks: JobLocks,
        client: Any = None,
        clock: Clock | None = None,
        alerter: Any = None,
        wall_clock: Clock | None = None,
        workers: int = 4,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.locks = locks
        self.client = client
        self.clock = clock or Clock(settings.now)
        self.alerter = alerter
        # Run records and trigger times are real time, even when jobs run on a fixed clock.
        self.wall = wall_clock or Clock()
        self.stop = threading.Event()
        self.specs: dict[str, JobSpec] = {}
        self.timezone = ZoneInfo(settings.service.timezone)
        self._grace = timedelta(seconds=settings.service.misfire_grace_s)
        self._scheduler = BackgroundScheduler(
            timezone=self.timezone,
            executors={
                "default": ThreadPoolExecutor(workers),
                "odds": ThreadPoolExecutor(1),
            },
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": settings.service.misfire_grace_s,
            },
        )

    # -- registry -------------------------------------------------------------------------

    def add(self, spec: JobSpec) -> None:
        """Schedule a job (replacing one of the same name)."""
        self.specs[spec.name] = spec
        self._scheduler.add_job(
            self._fire,
            trigger=spec.trigger,
            args=[spec.name],
            id=spec.name,
            name=spec.name,
            executor=spec.executor,
            replace_existing=True,
        )

    def add_internal(self, name: str, func: Callable[[], Any], trigger: BaseTrigger) -> None:
        """Schedule a housekeeping task (alert checks) that is not a job run."""
        self._scheduler.add_job(func, trigger=trigger, id=name, name=name, replace_existing=True)

    def start(self) -> None:
        self._scheduler.start()

    def shutdown(self, wait: bool = True) -> None:
        """Ask running jobs to stop after their unit of work, then stop the scheduler."""
        self.stop.set()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)

    def next_run_times(self) -> dict[str, datetime | None]:
        """Each job's next fire time (UTC), None when paused or not yet started."""
        out: dict[str, datetime | None] = {}
        for name, spec in self.specs.items():
            job = self._scheduler.get_job(name)
            nxt = getattr(job, "next_run_time", None) if job else None
            if nxt is None and not self._scheduler.running:
                nxt = spec.trigger.get_next_fire_time(None, self.wall.now())
            out[name] = nxt.astimezone(UTC) if nxt else None
        return out

    def status(self) -> dict[str, Any]:
        """Each job's last run and next fire time, JSON-ready."""
        with self.engine.connect() as conn:
            last = runs.last_runs(conn, list(self.specs))
        upcoming = self.next_run_times()
        jobs = [
            {
                "job": name,
                "executor": self.specs[name].executor,
                "next_run_at": _iso(upcoming.get(name)),
                "last_run": last[name].as_dict() if name in last else None,
            }
            for name in sorted(self.specs)
        ]
        return {"timezone": str(self.timezone), "running": self._scheduler.running, "jobs": jobs}

    # -- running ----------------------------------------------------------------------------

    def _fire(self, name: str) -> None:
        report = self.fire(name)
        spec = self.specs[name]
        if report is not None and spec.adaptive is not None:
            self._reschedule(spec, report)

    def fire(self, name: str) -> JobReport | None:
        """Run the trigger of ``name`` due now (by the wall clock); None when skipped."""
        spec = self.specs[name]
        now = self.wall.now()
        if spec.adaptive is None:
            scheduled = latest_fire_time(spec.trigger, now, self._grace)
        else:
            # An adaptive job moves its own next run, so its ticks differ between replicas:
            # a run by anyone within half the shortest cadence counts as this one.
            scheduled = now - timedelta(seconds=spec.adaptive[0] / 2)
        return self.run_once(name, scheduled_for=scheduled)

    def run_once(self, name: str, *, scheduled_for: datetime | None = None) -> JobReport | None:
        """Run one trigger of a job under its lock; None when skipped."""
        spec = self.specs[name]
        if self.stop.is_set():
            return None
        lock = self.locks.lock(spec.lock_name)
        if not lock.acquire():
            log.info("%s skipped: its lock is held by another process", name)
            metrics.JOB_SKIPPED.labels(name).inc()
            return None
        keeper: LockKeeper | None = None
        release_now = True
        try:
            if scheduled_for is not None and self._already_ran(name, scheduled_for):
                log.info("%s skipped: already run for %s", name, scheduled_for.isoformat())
                metrics.JOB_SKIPPED.labels(name).inc()
                return None
            started = self.wall.now()
            with self.engine.begin() as conn:
                run_id = runs.start_run(conn, name, started)
            keeper = LockKeeper(lock, self.settings.service.lock_ttl_s / 3)
            report, release_now = self._call(spec, keeper, run_id)
            report.started_at = report.started_at or started
            report.finished_at = self.wall.now()
            self._finish(run_id, report, (report.finished_at - started).total_seconds())
            return report
        finally:
            if release_now:
                if keeper is not None:
                    keeper.stop()
                lock.release()

    def _already_ran(self, name: str, since: datetime) -> bool:
        with self.engine.connect() as conn:
            return runs.ran_since(conn, name, since)

    def _call(self, spec: JobSpec, keeper: LockKeeper, run_id: int) -> tuple[JobReport, bool]:
        """The job's report, and whether the caller should release the lock now.

        A job that overruns its timeout is abandoned: recorded failed now, while its thread
        goes on holding the lock (still renewed) and gives it back when it really ends.
        """
        if spec.timeout_s is None:
            return self._invoke(spec, run_id), True
        box: list[JobReport] = []
        guard = threading.Lock()
        state = {"done": False, "abandoned": False}

        def target() -> None:
            try:
                box.append(self._invoke(spec, run_id))
            finally:
                with guard:
                    state["done"] = True
                    if state["abandoned"]:
                        keeper.stop()
                        keeper.lock.release()
                        log.info("%s: the abandoned run ended; lock released", spec.name)

        thread = threading.Thread(target=target, name=f"job-{spec.name}", daemon=True)
        thread.start()
        thread.join(spec.timeout_s)
        with guard:
            if state["done"]:
                return (box[0] if box else self._failed(spec, "ended without a report")), True
            state["abandoned"] = True
        log.error("%s timed out after %gs; abandoned", spec.name, spec.timeout_s)
        return self._failed(spec, f"timed out after {spec.timeout_s:g}s"), False

    def _invoke(self, spec: JobSpec, run_id: int | None = None) -> JobReport:
        kwargs: dict[str, Any] = {"engine": self.engine, "client": self.client, "clock": self.clock}
        if _accepts(spec.func, "stop"):
            kwargs["stop"] = self.stop
        if _accepts(spec.func, "run_id"):
            kwargs["run_id"] = run_id
        try:
            report = spec.func(self.settings, **kwargs)
        except Exception as exc:
            log.exception("%s failed", spec.name)
            return self._failed(spec, f"{type(exc).__name__}: {exc}")
        if not isinstance(report, JobReport):
            return self._failed(spec, f"returned {type(report).__name__}, not a JobReport")
        report.job = spec.name
        return report

    @staticmethod
    def _failed(spec: JobSpec, error: str) -> JobReport:
        report = JobReport(job=spec.name)
        report.errors.append(error)
        report.status = RunStatus.FAILED
        return report

    def _finish(self, run_id: int, report: JobReport, duration_s: float) -> None:
        with self.engine.begin() as conn:
            runs.finish_run(conn, run_id, report)
        level = logging.ERROR if report.status is RunStatus.FAILED else logging.INFO
        summary = report.as_dict()
        log.log(
            level,
            summary_line(report, duration_s),
            extra={
                "job": report.job,
                "status": report.status.value,
                "duration_s": round(duration_s, 3),
                "rows": summary["rows"],
                "counts": summary["counts"],
                "api_calls": report.api_calls,
            },
        )
        metrics.observe_run(report, duration_s)
        if self.alerter is not None:
            try:
                self.alerter.check_job(report.job)
            except Exception:
                log.exception("alert check for %s failed", report.job)

    def _reschedule(self, spec: JobSpec, report: JobReport) -> None:
        delay = adaptive_delay(spec, report)
        job = self._scheduler.get_job(spec.name)
        if delay is not None and job is not None:
            job.modify(next_run_time=datetime.now(self.timezone) + timedelta(seconds=delay))


def adaptive_delay(spec: JobSpec, report: JobReport) -> float | None:
    """Seconds until an adaptive job's next run: its own wish, kept within its bounds."""
    if spec.adaptive is None:
        return None
    wanted = report.counts.get("next_run_in_s")
    if not wanted:
        return None
    low, high = spec.adaptive
    return min(max(float(wanted), low), high)


class LockKeeper:
    """Renews an expiring lock in the background until stopped."""

    def __init__(self, lock: JobLock, every_s: float) -> None:
        self.lock = lock
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._renew, args=(every_s,), name=f"lock-{lock.name}", daemon=True
        )
        self._thread.start()

    def _renew(self, every_s: float) -> None:
        while not self._done.wait(every_s):
            try:
                self.lock.renew()
            except sa.exc.SQLAlchemyError as exc:
                log.warning("could not renew lock %s: %s", self.lock.name, type(exc).__name__)

    def stop(self) -> None:
        """Stop renewing (the holder releases the lock itself)."""
        self._done.set()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _accepts(func: Callable[..., Any], name: str) -> bool:
    try:
        return name in inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False


def wait_for(condition: Callable[[], bool], timeout_s: float, every_s: float = 0.05) -> bool:
    """Poll ``condition`` until true or ``timeout_s`` passes; used at shutdown and start."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(every_s)
    return True
