"""Alerts: N failures running, stale tables, cooldown, webhook POSTs of Slack-style JSON."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from pydantic import SecretStr

from darkhorses.config import Settings
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.service import runs
from darkhorses.service.alerts import Alerter
from darkhorses.store.schema import metadata


def _settings(db_url: str, webhook_url: str | None, **service: object) -> Settings:
    conf = {"alert_after_failures": 3, "alert_cooldown_s": 3600, **service}
    if webhook_url:
        conf["alert_webhook"] = webhook_url
    return Settings(database={"url": db_url}, service=conf)


def _record(engine: sa.Engine, clock, job: str, status: RunStatus) -> None:
    report = JobReport(job=job, status=status, finished_at=clock.now())
    if status is RunStatus.FAILED:
        report.errors.append("HTTP 503 from the API")
    with engine.begin() as conn:
        run_id = runs.start_run(conn, job, clock.now())
        runs.finish_run(conn, run_id, report)


def test_alert_after_n_failures_with_cooldown(engine, db_url, clock, webhook, caplog) -> None:
    alerter = Alerter(engine, _settings(db_url, webhook.url), clock=clock)
    with caplog.at_level(logging.ERROR, logger="darkhorses.service.alerts"):
        for _ in range(2):
            _record(engine, clock, "results", RunStatus.FAILED)
            assert alerter.check_job("results") is None
        assert webhook.posts == [] and caplog.records == []

        _record(engine, clock, "results", RunStatus.FAILED)
        alert = alerter.check_job("results")
    assert alert is not None and alert.key == "job_failed:results"
    assert len(webhook.posts) == 1
    assert webhook.posts[0]["content_type"] == "application/json"
    # (The prefix is the product name, which a test database may also use as its password.)
    assert webhook.posts[0]["json"]["text"].endswith(
        ": job results has failed 3 runs in a row; last error: HTTP 503 from the API"
    )
    assert list(webhook.posts[0]["json"]) == ["text"]
    assert [r.levelname for r in caplog.records] == ["ERROR"]

    # Still failing within the cooldown: counted, not re-sent.
    clock.advance(minutes=30)
    _record(engine, clock, "results", RunStatus.FAILED)
    assert alerter.check_job("results") is None
    assert len(webhook.posts) == 1
    # After the cooldown it is sent again.
    clock.advance(minutes=31)
    _record(engine, clock, "results", RunStatus.FAILED)
    assert alerter.check_job("results") is not None
    assert "failed 5 runs in a row" in webhook.posts[-1]["json"]["text"]
    [active] = alerter.active()
    assert active["key"] == "job_failed:results" and active["count"] == 3

    # A success resolves it, with an all-clear.
    _record(engine, clock, "results", RunStatus.SUCCESS)
    assert alerter.check_job("results") is None
    assert webhook.posts[-1]["json"]["text"].endswith(": job results is running again")
    assert alerter.active() == []
    # Partial runs are not failures.
    for _ in range(3):
        _record(engine, clock, "results", RunStatus.PARTIAL)
    assert alerter.check_job("results") is None
    assert len(webhook.posts) == 3


def test_stale_table_alerts_and_resolves(engine, db_url, clock, webhook) -> None:
    settings = _settings(db_url, webhook.url, stale_after_h={"dh_checkpoints": 6})
    alerter = Alerter(engine, settings, clock=clock)
    [alert] = alerter.check_staleness()  # never written
    assert alert.key == "stale:dh_checkpoints" and "never written" in alert.text
    table = metadata.tables["dh_checkpoints"]
    with engine.begin() as conn:
        conn.execute(sa.insert(table).values(name="x", state={}, updated_at=clock.now()))
    assert alerter.check_staleness() == []
    assert webhook.posts[-1]["json"]["text"].endswith(": table dh_checkpoints is fresh again")
    clock.advance(hours=5, minutes=59)
    assert alerter.check_staleness() == []
    clock.advance(minutes=2)
    [alert] = alerter.check_staleness()
    assert "threshold 6 h" in alert.text
    assert len(webhook.posts) == 3
    clock.advance(minutes=10)  # still stale, within the cooldown
    assert alerter.check_staleness() == []
    assert len(webhook.posts) == 3


def test_without_a_webhook_the_alert_is_an_error_log(engine, db_url, clock, caplog) -> None:
    alerter = Alerter(engine, _settings(db_url, None, alert_after_failures=1), clock=clock)
    _record(engine, clock, "masters", RunStatus.FAILED)
    with caplog.at_level(logging.ERROR):
        assert alerter.check_job("masters") is not None
    assert "job masters has failed 1 run in a row" in caplog.text


def test_a_broken_webhook_does_not_break_the_service(engine, db_url, clock, caplog) -> None:
    url = "http://127.0.0.1:9/hooks/secret-token"
    alerter = Alerter(engine, _settings(db_url, url, alert_after_failures=1), clock=clock)
    _record(engine, clock, "masters", RunStatus.FAILED)
    with caplog.at_level(logging.WARNING):
        assert alerter.check_job("masters") is not None
    assert "alert webhook failed: ConnectError" in caplog.text
    assert "secret-token" not in caplog.text


def test_table_age_comes_from_the_runs_that_wrote_it(engine, db_url, clock, webhook) -> None:
    settings = _settings(db_url, webhook.url, stale_after_h={"ra_mst_races": 30})
    alerter = Alerter(engine, settings, clock=clock)
    [alert] = alerter.check_staleness()
    assert alert.key == "stale:ra_mst_races" and "never written" in alert.text
    # A failed run does not refresh a table; a successful one does, even if nothing changed.
    for status, rows in ((RunStatus.FAILED, 3), (RunStatus.SUCCESS, 0)):
        report = JobReport(job="racecards", status=status, finished_at=clock.now())
        report.add_rows("ra_mst_races", {"inserted": rows, "unchanged": 5})
        with engine.begin() as conn:
            runs.finish_run(conn, runs.start_run(conn, "racecards", clock.now()), report)
        clock.advance(hours=2)
    assert alerter.check_staleness() == []  # written 2 hours ago
    clock.advance(hours=27, minutes=59)
    assert alerter.check_staleness() == []
    clock.advance(minutes=2)
    [alert] = alerter.check_staleness()
    assert "last written" in alert.text and "threshold 30 h" in alert.text


def test_alert_text_carries_no_secret(engine, db_url, clock, webhook) -> None:
    settings = _settings(db_url, webhook.url, alert_after_failures=1)
    settings.api.password = SecretStr("hunter2-secret")
    alerter = Alerter(engine, settings, clock=clock)
    report = JobReport(job="results", status=RunStatus.FAILED, finished_at=clock.now())
    report.errors.append("401 for user:hunter2-secret at https://u:hunter2-secret@api")
    with engine.begin() as conn:
        runs.finish_run(conn, runs.start_run(conn, "results", clock.now()), report)
    alert = alerter.check_job("results")
    assert alert is not None and "hunter2-secret" not in alert.text
    assert "hunter2-secret" not in webhook.posts[0]["json"]["text"]
    assert "hunter2-secret" not in str(alerter.active())
