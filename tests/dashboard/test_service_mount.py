"""The dashboard mounted in the service's HTTP app, beside /healthz and /api/status."""

from __future__ import annotations

from pathlib import Path

import httpx

from darkhorses.api.metrics import ClientMetrics
from darkhorses.dashboard import dashboard_routes
from darkhorses.sandbox.server import serve
from darkhorses.service.http import create_app
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine
from tests.dashboard.conftest import dashboard_settings


def test_pages_live_beside_the_service_endpoints_with_the_clients_counters(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'svc.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    metrics = ClientMetrics()
    metrics.call("/v1/racecards/pro", 200)
    metrics.call("/v1/racecards/pro", 429)
    metrics.retry("/v1/racecards/pro")
    metrics.waited(1.5)
    routes = dashboard_routes(engine, dashboard_settings(url), client_counters=metrics.snapshot)
    app = create_app(engine, status=lambda: {"jobs": [], "alerts": []}, routes=routes)
    try:
        with serve(app) as base_url, httpx.Client(base_url=base_url) as client:
            assert client.get("/healthz").json() == {"status": "ok"}
            assert client.get("/api/status").json() == {"jobs": [], "alerts": []}
            assert client.get("/").status_code == 200
            usage = client.get("/api/usage").json()
            assert usage["client"]["retries"] == 1
            assert usage["client"]["by_endpoint"]["/v1/racecards/pro"] == {"200": 1, "429": 1}
            page = client.get("/usage").text
            assert "1 retries" in page and "1.5 s waiting for the rate limiter" in page
            assert "429 × 1" in page
    finally:
        engine.dispose()
