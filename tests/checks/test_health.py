"""`health`: each check fails when its condition is broken on purpose and passes when repaired."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from darkhorses.checks.health import (
    check_api,
    check_config,
    check_database,
    check_error_rate,
    check_jobs,
    check_migrations,
    run_health,
)
from darkhorses.checks.result import Status
from darkhorses.config import Settings
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine
from tests.checks.racing_rows import record_run
from tests.jobs.conftest import FAST_RATES

RATES = {k.removeprefix("DARKHORSES_API_").lower(): float(v) for k, v in FAST_RATES.items()}
SECRET = "pa55-w0rd-never-shown"


def test_config_masks_secrets_and_names_a_bad_schedule() -> None:
    settings = Settings(
        api={"username": "punter", "password": SECRET},
        database={"url": f"postgresql://dh:{SECRET}@db.example.com:5432/racing"},
        service={"alert_webhook": f"https://hooks.example.com/{SECRET}"},
    )
    check = check_config(settings)
    assert check.status is Status.OK
    assert SECRET not in json.dumps(check.as_dict())
    assert check.details["api_password"] == "***" and check.details["api_username"] == "punter"
    assert check.details["database"] == "postgresql://dh:***@db.example.com:5432/racing"

    broken = settings.model_copy(
        update={
            "service": settings.service.model_copy(
                update={"schedule": {"stats": {"cron": {"minute": 61}}}}
            )
        }
    )
    check = check_config(broken)
    assert check.status is Status.FAIL and "service.schedule.stats.cron" in check.message


def test_without_credentials_the_api_check_is_skipped_and_said() -> None:
    settings = Settings()
    assert check_config(settings).status is Status.WARN
    check = check_api(settings)
    assert check.status is Status.SKIP and "RACING_API_USERNAME" in check.message


def test_api_reachable_with_its_plan_and_refused_or_unreachable(sandbox) -> None:
    good = Settings(
        api={"base_url": sandbox.base_url, "username": "standard", "password": "standard", **RATES}
    )
    check = check_api(good)
    assert check.status is Status.OK and check.details["plan"] == "standard"
    assert "plan standard (detected)" in check.message

    refused = good.model_copy(
        update={"api": good.api.model_copy(update={"password": SecretStr(SECRET)})}
    )
    check = check_api(refused)
    assert check.status is Status.FAIL and "credentials refused" in check.message
    assert SECRET not in check.message

    gone = good.model_copy(
        update={"api": good.api.model_copy(update={"base_url": "http://127.0.0.1:9"})}
    )
    check = check_api(gone)
    assert check.status is Status.FAIL and "unreachable" in check.message


def test_database_stopped_fails_and_recovers(backend, db_url, engine, tmp_path, request) -> None:
    assert check_database(engine).status is Status.OK
    if backend == "sqlite":
        moved = tmp_path.parent / f"{tmp_path.name}-detached"
        shutil.move(tmp_path, moved)  # the volume goes away
        engine.dispose()
        try:
            check = check_database(engine)
        finally:
            shutil.move(moved, tmp_path)
    else:
        admin = sa.create_engine(
            request.getfixturevalue("postgres_admin_url"), isolation_level="AUTOCOMMIT"
        )
        name = make_url(db_url).database
        with admin.connect() as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"
                ),
                {"d": name},
            )
        try:
            check = check_database(engine)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            admin.dispose()
    assert check.status is Status.FAIL and "unreachable" in check.message
    assert check_database(engine).status is Status.OK


def test_migrations_behind_fail_until_upgraded(empty_db_url) -> None:
    engine = make_engine(empty_db_url)
    try:
        check = check_migrations(engine)
        assert check.status is Status.FAIL and "darkhorses db upgrade" in check.message
        migrate.upgrade(engine)
        assert check_migrations(engine).status is Status.OK
    finally:
        engine.dispose()


def _jobs(engine, settings, clock) -> dict[str, object]:
    with engine.connect() as conn:
        return {c.name: c for c in check_jobs(conn, settings, clock.now())}


def test_a_job_failing_runs_in_a_row_fails_until_it_succeeds(engine, settings, clock) -> None:
    assert _jobs(engine, settings, clock)["job:results"].status is Status.SKIP  # never run
    record_run(engine, "results", clock.now(), ["ra_mst_races"])
    for _ in range(2):
        clock.advance(minutes=15)
        record_run(engine, "results", clock.now(), [], failed=True)
    assert _jobs(engine, settings, clock)["job:results"].status is Status.WARN
    clock.advance(minutes=15)
    record_run(engine, "results", clock.now(), [], failed=True)
    check = _jobs(engine, settings, clock)["job:results"]
    assert check.status is Status.FAIL and "failed 3 runs in a row" in check.message
    clock.advance(minutes=15)
    record_run(engine, "results", clock.now(), ["ra_mst_races"])
    assert _jobs(engine, settings, clock)["job:results"].status is Status.OK


def test_an_overdue_job_warns(engine, settings, clock) -> None:
    # The clock stands at 18:00 UTC (19:00 UK): racecards last ran at 12:05 UK, 16:05 missed.
    record_run(engine, "racecards", clock.now() - timedelta(hours=7), ["ra_mst_races"])
    check = _jobs(engine, settings, clock)["job:racecards"]
    assert check.status is Status.WARN and "overdue" in check.message
    record_run(engine, "racecards", clock.now() - timedelta(hours=2, minutes=50), [])
    assert _jobs(engine, settings, clock)["job:racecards"].status is Status.OK


@pytest.mark.parametrize(("failed", "status"), [(0, Status.OK), (2, Status.WARN), (6, Status.FAIL)])
def test_error_rate_over_the_latest_runs(engine, settings, clock, failed, status) -> None:
    for n in range(10):
        record_run(engine, "odds_live", clock.now(), [], failed=n < failed)
        clock.advance(minutes=1)
    with engine.connect() as conn:
        check = check_error_rate(conn, settings)
    assert check.status is status and check.figure == failed * 10
    assert f"{failed} of the latest 10 runs failed" == check.message


def test_health_without_a_database_skips_what_needs_it(tmp_path, clock) -> None:
    settings = Settings(database={"url": "postgresql://dh:x@127.0.0.1:9/none"})
    engine = make_engine(settings.database.url)
    checks = {c.name: c for c in run_health(settings, engine, clock=clock)}
    engine.dispose()
    assert checks["database"].status is Status.FAIL
    assert (
        checks["migrations"].status is Status.SKIP and "unreachable" in checks["migrations"].message
    )
