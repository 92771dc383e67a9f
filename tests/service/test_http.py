"""HTTP endpoints over real HTTP: /healthz, /readyz, /metrics, /api/status."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import httpx
import pytest
import sqlalchemy as sa
from apscheduler.triggers.date import DateTrigger
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from darkhorses.config import Settings
from darkhorses.service.http import create_app
from darkhorses.service.metrics import SERIES
from darkhorses.service.runner import Service
from darkhorses.service.scheduler import JobSpec
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine
from tests.service.conftest import free_port
from tests.service.jobs_for_tests import quick


@pytest.fixture
def service(settings: Settings, engine: sa.Engine):
    conf = settings.service.model_copy(update={"port": free_port()})
    svc = Service(
        settings.model_copy(update={"service": conf}),
        engine=engine,
        specs=[JobSpec("quick", quick, DateTrigger(datetime(2030, 1, 1, tzinfo=UTC)))],
    )
    svc.setup()
    svc.start_http()
    yield svc, f"http://127.0.0.1:{conf.port}"
    svc.close()


def test_status_shows_the_last_runs(service) -> None:
    svc, url = service
    assert httpx.get(f"{url}/healthz").json() == {"status": "ok"}
    before = httpx.get(f"{url}/api/status").json()
    assert before["jobs"][0]["job"] == "quick" and before["jobs"][0]["last_run"] is None
    svc.scheduler.run_once("quick")
    status = httpx.get(f"{url}/api/status").json()
    [job] = status["jobs"]
    assert job["last_run"]["status"] == "success"
    assert job["last_run"]["api_calls"] == 2
    assert job["last_run"]["rows"] == {"ra_mst_races": {"inserted": 3, "unchanged": 7}}
    assert job["next_run_at"].startswith("2030-01-01")
    assert status["alerts"] == [] and status["timezone"] == "Europe/London"


def test_metrics_parse_as_prometheus_text(service) -> None:
    svc, url = service
    svc.scheduler.run_once("quick")
    response = httpx.get(f"{url}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(response.text)}
    assert set(SERIES) <= families.keys()
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for f in families.values()
        for s in f.samples
    }
    assert samples[("darkhorses_job_runs_total", (("job", "quick"), ("status", "success")))] >= 1
    key = ("darkhorses_rows_written_total", (("outcome", "inserted"), ("table", "ra_mst_races")))
    assert samples[key] >= 3
    assert samples[("darkhorses_job_last_success_timestamp_seconds", (("job", "quick"),))] > 0
    assert samples[("darkhorses_job_duration_seconds_count", (("job", "quick"),))] >= 1


def _get_ready(url: str) -> httpx.Response:
    return httpx.get(f"{url}/readyz", timeout=30)


def test_readyz_waits_for_migrations(empty_db_url: str, serve) -> None:
    engine = make_engine(empty_db_url)
    url = serve(create_app(engine))
    response = _get_ready(url)
    assert response.status_code == 503 and response.json()["migrations"] == "pending"
    migrate.upgrade(engine)
    assert _get_ready(url).status_code == 200
    engine.dispose()


def test_readyz_follows_the_database_sqlite(tmp_path, serve) -> None:
    volume = tmp_path / "volume"
    engine = make_engine(f"sqlite:///{volume / 'darkhorses.db'}")
    migrate.upgrade(engine)
    url = serve(create_app(engine))
    assert _get_ready(url).json() == {
        "status": "ready",
        "database": "ok",
        "migrations": "current",
    }
    shutil.move(volume, tmp_path / "detached")  # the volume goes away
    engine.dispose()  # and with it every open connection
    response = _get_ready(url)
    assert response.status_code == 503 and response.json()["database"] == "unreachable"
    shutil.move(tmp_path / "detached", volume)
    assert _get_ready(url).status_code == 200
    engine.dispose()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_readyz_follows_the_database_postgresql(db_url: str, postgres_admin_url, serve):
    engine = make_engine(db_url)
    url = serve(create_app(engine))
    assert _get_ready(url).status_code == 200
    name = make_url(db_url).database
    admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # The database refuses connections and drops the ones it has: as if stopped.
        conn.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        conn.execute(
            sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
            {"d": name},
        )
    try:
        response = _get_ready(url)
        assert response.status_code == 503 and response.json()["database"] == "unreachable"
        assert httpx.get(f"{url}/healthz").status_code == 200  # the process itself is fine
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    assert _get_ready(url).status_code == 200
    engine.dispose()
    admin.dispose()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_dashboard_is_served_only_where_it_is_safe(settings, engine, caplog) -> None:
    from darkhorses.service.runner import dashboard_routes

    assert dashboard_routes(settings, engine, lambda: None)  # loopback: served
    exposed = settings.model_copy(
        update={"service": settings.service.model_copy(update={"host": "0.0.0.0"})}
    )
    assert dashboard_routes(exposed, engine, lambda: None) == []
    assert "dashboard not served" in caplog.text and "DARKHORSES_DASHBOARD_TOKEN" in caplog.text
    guarded = exposed.model_copy(
        update={"dashboard": exposed.dashboard.model_copy(update={"token": SecretStr("t0ken")})}
    )
    assert dashboard_routes(guarded, engine, lambda: None)
