"""``darkhorses health``: is the service able to do its job right now?

Configuration (secrets masked), API reachability and plan (one cheap call; skipped without
credentials), database, migrations, each job's last success, and the error rate of the latest
runs. The run log times are real time, so the clock here is real time too.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import httpx
import sqlalchemy as sa

from darkhorses.api.errors import ApiError, AuthFailed
from darkhorses.api.redact import safe_url
from darkhorses.checks.result import Check, Status
from darkhorses.clock import Clock
from darkhorses.config import DEFAULT_BASE_URL, ConfigError, Settings
from darkhorses.jobs.report import RunStatus
from darkhorses.service import runs
from darkhorses.service.schedule import Timing, timings
from darkhorses.store import migrate
from darkhorses.store.engine import redact_url

MASK = "***"
# The error rate is judged only over at least this many finished runs.
MIN_RUNS_JUDGED = 10
# How far back to look for a job's scheduled fire times (masters run monthly).
_LOOKBACK = (timedelta(days=2), timedelta(days=70))


def masked_config(settings: Settings) -> dict[str, Any]:
    """The settings a person checks first, secrets masked."""
    api = settings.api
    return {
        "database": redact_url(settings.database.url),
        "api_base_url": safe_url(api.base_url),
        "api_username": api.username or None,
        "api_password": MASK if api.password.get_secret_value() else None,
        "api_plan": api.plan,
        "regions": [r.upper() for r in settings.sync.regions],
        "timezone": settings.service.timezone,
        "alert_webhook": MASK if settings.service.alert_webhook else None,
        "log_format": settings.logging.format,
    }


def check_config(settings: Settings) -> Check:
    """The settings hold together: schedule, regions, credentials for the real API."""
    shown = masked_config(settings)
    try:
        timings(settings.service.schedule, settings.service.timezone)
    except ConfigError as exc:
        return Check("config", Status.FAIL, str(exc), None, "", shown)
    if not settings.sync.regions:
        return Check("config", Status.FAIL, "sync.regions is empty", None, "", shown)
    if not has_credentials(settings) and settings.api.base_url.rstrip("/") == DEFAULT_BASE_URL:
        message = "no API credentials: set RACING_API_USERNAME and RACING_API_PASSWORD"
        return Check("config", Status.WARN, message, None, "", shown)
    return Check("config", Status.OK, f"valid; database {shown['database']}", None, "", shown)


def has_credentials(settings: Settings) -> bool:
    """Both a username and a password are configured."""
    return bool(settings.api.username and settings.api.password.get_secret_value())


def check_api(settings: Settings, *, transport: httpx.BaseTransport | None = None) -> Check:
    """One cheap call (``/v1/courses/regions``), then the plan: as configured, or probed."""
    from darkhorses.api.client import RacingApiClient

    if not has_credentials(settings):
        message = "skipped: no API credentials (RACING_API_USERNAME / RACING_API_PASSWORD)"
        return Check("api", Status.SKIP, message)
    # A health check answers quickly: few retries, a short timeout.
    api = settings.api.model_copy(update={"retry_attempts": 2, "retry_timeout_s": 15.0})
    quick = settings.model_copy(update={"api": api})
    started = time.perf_counter()
    try:
        with RacingApiClient.from_settings(quick, None, transport=transport) as client:
            client.regions()
            plan = client.plan
    except AuthFailed as exc:
        return Check("api", Status.FAIL, f"credentials refused: {exc}", None, "ms")
    except ApiError as exc:
        return Check("api", Status.FAIL, f"unreachable: {exc}", None, "ms")
    ms = round((time.perf_counter() - started) * 1000)
    how = "detected" if settings.api.plan == "auto" else "configured"
    message = f"reachable at {safe_url(settings.api.base_url)}; plan {plan} ({how})"
    return Check("api", Status.OK, message, ms, "ms", {"plan": plan})


def check_database(engine: sa.Engine) -> Check:
    """The database answers."""
    where = redact_url(engine.url)
    started = time.perf_counter()
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        message = f"unreachable: {where}: {reason[0] if reason else type(exc).__name__}"
        return Check("database", Status.FAIL, message, None, "ms")
    ms = round((time.perf_counter() - started) * 1000)
    return Check("database", Status.OK, f"reachable: {where}", ms, "ms")


def check_migrations(engine: sa.Engine) -> Check:
    """The schema is at the newest revision shipped."""
    at, newest = migrate.current(engine), migrate.head()
    details = {"current": at, "head": newest}
    if at == newest:
        return Check("migrations", Status.OK, f"current ({at})", None, "", details)
    message = f"at {at or 'nothing'}, newest is {newest}: run `darkhorses db upgrade`"
    return Check("migrations", Status.FAIL, message, None, "", details)


def expected_since(timing: Timing, now: datetime) -> datetime | None:
    """A success is overdue when none started after the trigger's second-latest fire time."""
    if timing.adaptive is not None:
        return now - timedelta(seconds=2 * timing.adaptive[1])
    for window in _LOOKBACK:
        fires: list[datetime] = []
        previous, cursor = None, now - window
        while True:
            nxt = timing.trigger.get_next_fire_time(previous, cursor)
            if nxt is None or nxt > now:
                break
            fires.append(nxt)
            previous, cursor = nxt, nxt + timedelta(microseconds=1)
        if len(fires) >= 2:
            return fires[-2]
    return None


def check_jobs(conn: sa.Connection, settings: Settings, now: datetime) -> list[Check]:
    """Each job's last success: every scheduled job, and any other job the run log knows."""
    schedule = timings(settings.service.schedule, settings.service.timezone)
    last = runs.last_runs(conn)
    out: list[Check] = []
    for job in sorted(set(schedule) | set(last)):
        if job not in last:
            out.append(Check(f"job:{job}", Status.SKIP, "never run", None, "h"))
            continue
        out.append(_job_check(conn, settings, job, schedule.get(job), last[job], now))
    return out


def _job_check(
    conn: sa.Connection,
    settings: Settings,
    job: str,
    timing: Timing | None,
    latest: runs.RunRecord,
    now: datetime,
) -> Check:
    """Fails after ``alert_after_failures`` failures running; warns when overdue or failing."""
    name = f"job:{job}"
    threshold = settings.service.alert_after_failures
    success = runs.last_success(conn, job)
    failures = runs.consecutive_failures(conn, job, limit=max(threshold, 1) * 10)
    ended = (success.finished_at or success.started_at) if success else None
    age_h = round((now - ended).total_seconds() / 3600, 2) if ended else None
    details: dict[str, Any] = {
        "last_success": ended.isoformat() if ended else None,
        "consecutive_failures": failures,
        "last_status": latest.status,
    }
    if threshold > 0 and failures >= threshold:
        since = f"last success {ended:%Y-%m-%d %H:%M} UTC" if ended else "never succeeded"
        message = f"failed {failures} runs in a row ({since}): {(latest.error or '')[:200]}"
        return Check(name, Status.FAIL, message, age_h, "h", details)
    if success is None:
        return Check(name, Status.WARN, "never succeeded", None, "h", details)
    when = f"last success {success.started_at:%Y-%m-%d %H:%M} UTC"
    due = expected_since(timing, now) if timing is not None else None
    if due is not None and success.started_at < due:
        message = f"{when}: overdue (expected a run since {due:%Y-%m-%d %H:%M %Z})"
        return Check(name, Status.WARN, message, age_h, "h", details)
    if latest.status == RunStatus.FAILED.value:
        return Check(name, Status.WARN, f"{when}; the latest run failed", age_h, "h", details)
    return Check(name, Status.OK, when, age_h, "h", details)


def check_error_rate(conn: sa.Connection, settings: Settings) -> Check:
    """The share of failed runs among the latest ``service.health_runs`` finished runs."""
    conf = settings.service
    table = runs.runs_table()
    latest = (
        sa.select(table.c.status)
        .where(table.c.status != runs.RUNNING)
        .order_by(table.c.id.desc())
        .limit(conf.health_runs)
        .subquery()
    )
    failed = sa.func.sum(sa.case((latest.c.status == RunStatus.FAILED.value, 1), else_=0))
    total, bad = conn.execute(sa.select(sa.func.count(), failed).select_from(latest)).one()
    if not total:
        return Check("error_rate", Status.SKIP, "no finished runs yet", None, "%")
    rate = (bad or 0) / total
    message = f"{bad or 0} of the latest {total} runs failed"
    if total < min(MIN_RUNS_JUDGED, conf.health_runs):
        # A rate over a handful of runs says little; the per-job checks cover a new service.
        message += f" (too few to judge; {MIN_RUNS_JUDGED} needed)"
        return Check("error_rate", Status.OK, message, round(rate * 100, 1), "%", {"runs": total})
    status = Status.OK
    if rate > conf.error_rate_warn:
        status = Status.WARN
    if rate > conf.error_rate_fail:
        status = Status.FAIL
    return Check("error_rate", status, message, round(rate * 100, 1), "%", {"runs": total})


def run_health(
    settings: Settings,
    engine: sa.Engine,
    *,
    clock: Clock | None = None,
    transport: httpx.BaseTransport | None = None,
) -> list[Check]:
    """Every health check; those needing the database are skipped when it is unreachable."""
    now = (clock or Clock()).now()
    checks = [check_config(settings), check_api(settings, transport=transport)]
    database = check_database(engine)
    checks.append(database)
    if database.status is Status.FAIL:
        for name in ("migrations", "jobs", "error_rate"):
            checks.append(Check(name, Status.SKIP, "skipped: the database is unreachable"))
        return checks
    migrations = check_migrations(engine)
    checks.append(migrations)
    if migrations.details.get("current") is None:
        checks.append(Check("jobs", Status.SKIP, "skipped: the database has no schema yet"))
        return checks
    with engine.connect() as conn:
        checks += check_jobs(conn, settings, now)
        checks.append(check_error_rate(conn, settings))
    return checks
