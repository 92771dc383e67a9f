"""The pages and their JSON over HTTP, on SQLite and PostgreSQL, from rows the jobs write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from darkhorses.api.models.validate import Quarantined
from darkhorses.jobs import backfill_days
from darkhorses.jobs.backfill_plan import build_plan
from darkhorses.jobs.quarantine import write_quarantine
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.jobs.runs import close_run, open_run
from darkhorses.service.alerts import Alerter
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine
from darkhorses.store.schema.racing import ra_mst_races, ra_mst_runners
from tests.dashboard.conftest import dashboard_settings, serve_dashboard
from tests.dashboard.fill import NOW

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    eng = make_engine(db_url)
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def dashboard(db_url: str, engine: sa.Engine) -> Iterator[httpx.Client]:
    with serve_dashboard(db_url) as base_url, httpx.Client(base_url=base_url) as client:
        yield client


def log_run(
    engine: sa.Engine,
    job: str,
    ended_ago: timedelta,
    *,
    rows: dict[str, dict[str, int]] | None = None,
    status: RunStatus = RunStatus.SUCCESS,
    error: str | None = None,
    api_calls: int = 0,
    params: dict[str, Any] | None = None,
) -> None:
    """A finished run in the log, as a job records it."""
    finished = NOW - ended_ago
    report = JobReport(job, started_at=finished - timedelta(seconds=12), finished_at=finished)
    for table, outcome in (rows or {}).items():
        report.add_rows(table, outcome)
    report.status = status
    report.api_calls = api_calls
    if error:
        report.errors.append(error)
    run_id = open_run(engine, job, report.started_at, trigger="schedule", params=params or {})
    close_run(engine, run_id, report)


def table_state(client: httpx.Client, name: str) -> dict[str, Any]:
    tables = client.get("/api/overview").raise_for_status().json()["tables"]
    return next(t for t in tables if t["table"] == name)


def test_table_freshness_turns_amber_then_red_past_its_threshold(engine, dashboard):
    # ra_mst_races: threshold 30 h, amber past 22.5 h; written only by logged runs.
    with engine.begin() as conn:
        conn.execute(
            sa.insert(ra_mst_races),
            [{"id": f"rac_{i}", "date": date(2025, 10, 14), "has_result": False} for i in range(7)],
        )
    assert table_state(dashboard, "ra_mst_races")["state"] == "red"  # never written
    written = {"ra_mst_races": {"inserted": 7}}
    for hours, state in ((31, "red"), (25, "amber"), (10, "green")):
        log_run(engine, "sync", timedelta(hours=hours), rows=written)
        entry = table_state(dashboard, "ra_mst_races")
        assert entry["state"] == state, hours
        assert entry["age_s"] == hours * 3600
        html = dashboard.get("/").text
        assert f'data-table="ra_mst_races" data-state="{state}"' in html
    assert entry["rows"] == 7 and entry["rows_exact"] is True
    assert table_state(dashboard, "ra_mst_courses")["state"] == "red"
    assert table_state(dashboard, "dh_locks")["state"] == "none"


def test_overview_shows_jobs_failures_quarantine_and_alerts(engine, dashboard):
    log_run(
        engine,
        "results",
        timedelta(hours=2),
        api_calls=14,
        rows={"ra_mst_runners": {"inserted": 40, "updated": 2}},
    )
    log_run(
        engine,
        "results",
        timedelta(hours=1),
        status=RunStatus.FAILED,
        error="ApiError: 503 from /v1/results",
    )
    with engine.begin() as conn:
        write_quarantine(
            conn,
            [
                Quarantined("/v1/results", f"rac_{i}:hrs_{i}", "position: not a number", {})
                for i in range(3)
            ]
            + [Quarantined("/v1/racecards/pro", "rac_9", "off_dt: missing", {})],
            now=NOW,
        )
    Alerter(engine, dashboard_settings("sqlite://")).raise_alert(
        "job_failed:results", "job_failures", "darkhorses: job results has failed 3 runs in a row"
    )
    data = dashboard.get("/api/overview").raise_for_status().json()
    (job,) = data["jobs"]
    assert (job["job"], job["status"], job["error"]) == (
        "results",
        "failed",
        "ApiError: 503 from /v1/results",
    )
    assert data["failures"][0]["error"] == "ApiError: 503 from /v1/results"
    assert data["quarantine"]["open"] == 4
    assert data["quarantine"]["top_reasons"][0] == {
        "source": "/v1/results",
        "reason": "position: not a number",
        "records": 3,
    }
    assert [a["key"] for a in data["alerts"]] == ["job_failed:results"]
    html = dashboard.get("/").text
    for text in ("ApiError: 503 from /v1/results", "position: not a number", "failed 3 runs"):
        assert text in html
    assert '<strong id="quarantine-open">4</strong>' in html


def test_backfill_figures_per_year_with_rate_and_eta(engine, dashboard):
    start, end = date(2024, 12, 1), date(2025, 1, 31)
    plan = build_plan("pro", start, end, NOW.date(), ("results",), historic=False)
    assert len(plan.days["results"]) == 62
    log_run(engine, "backfill", timedelta(hours=1), params=plan.describe())
    done_at = NOW - timedelta(minutes=30)
    with engine.begin() as conn:
        for i in range(10):
            backfill_days.mark(conn, "results", start + timedelta(days=i), "done", now=done_at)
        for i in (10, 11):
            backfill_days.mark(conn, "results", start + timedelta(days=i), "empty", now=done_at)
        backfill_days.mark(conn, "results", date(2024, 12, 13), "failed", now=done_at, error="x")
        for i in range(5):
            backfill_days.mark(
                conn, "results", date(2025, 1, 1) + timedelta(days=i), "done", now=done_at
            )
    data = dashboard.get("/api/backfill").raise_for_status().json()
    years = {y["year"]: y for y in data["years"]}
    assert years[2024] == {
        "kind": "results",
        "year": 2024,
        "days": 31,
        "done": 10,
        "empty": 2,
        "failed": 1,
        "remaining": 19,
    }
    assert (years[2025]["done"], years[2025]["remaining"]) == (5, 26)
    assert data["totals"]["remaining"] == 45
    assert data["rate_days_per_hour"] == 17.0  # 17 days finished within the last hour
    eta = datetime.fromisoformat(data["eta"])
    assert abs(eta - (NOW + timedelta(hours=45 / 17))) < timedelta(seconds=1)
    html = dashboard.get("/backfill").text
    assert 'data-figure="remaining">19<' in html
    assert 'title="failed: 1"' in html


def test_data_is_escaped_in_every_page(engine, dashboard):
    off = NOW + timedelta(minutes=20)
    with engine.begin() as conn:
        conn.execute(
            sa.insert(ra_mst_races).values(
                id="rac_x",
                date=NOW.date(),
                off_dt=off,
                course=SCRIPT,
                race_name=SCRIPT,
                has_result=False,
            )
        )
        conn.execute(
            sa.insert(ra_mst_runners).values(
                race_id="rac_x", horse_id="hrs_x", horse=SCRIPT, number=1
            )
        )
    for path in ("/today", "/race/rac_x"):
        html = dashboard.get(path).raise_for_status().text
        assert SCRIPT not in html
        assert ESCAPED in html
    data = dashboard.get("/api/race/rac_x").json()
    assert data["runners"][0]["horse"] == SCRIPT
    assert dashboard.get("/api/race/rac_x").headers["content-type"].startswith("application/json")


def test_an_unknown_race_is_a_404_page_and_json(dashboard):
    page = dashboard.get("/race/rac_missing")
    assert page.status_code == 404 and "No such race" in page.text
    assert dashboard.get("/api/race/rac_missing").status_code == 404


def test_api_usage_counts_calls_per_hour_and_names_what_the_plan_cannot_reach(db_url, engine):
    log_run(engine, "odds_live", timedelta(minutes=10), api_calls=7)
    log_run(engine, "odds_live", timedelta(minutes=20), api_calls=5)
    log_run(engine, "sync", timedelta(hours=3, minutes=10), api_calls=40)
    log_run(engine, "sync", timedelta(hours=50), api_calls=999)  # outside the 48 hours
    with serve_dashboard(db_url, api={"plan": "basic"}) as base_url:
        data = httpx.get(base_url + "/api/usage").raise_for_status().json()
        page = httpx.get(base_url + "/usage").text
    assert data["plan"] == "basic"
    assert data["calls"]["total"] == 52
    assert data["calls"]["by_job"] == {"odds_live": 12, "sync": 40}
    hours = {h["hour"]: h["calls"] for h in data["calls"]["hours"]}
    assert len(hours) == 48
    assert hours["2025-10-14T13:00:00+00:00"] == 12  # 14:40 and 14:50 UK
    assert hours["2025-10-14T10:00:00+00:00"] == 40
    needs = {e["endpoint"]: e["needs"] for e in data["cannot_reach"]}
    assert needs["/v1/odds/{race_id}/{horse_id}"] == "pro"
    assert needs["/v1/results"] == "standard"
    assert "runner.odds" in data["card_fields_missing"]
    assert "<code>/v1/odds/{race_id}/{horse_id}</code> needs pro" in page
