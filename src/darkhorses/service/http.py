"""The service's HTTP endpoints (Starlette).

- ``/healthz``: the process is alive (always 200 while it serves).
- ``/readyz``: the database answers and its migrations are current: 200, else 503 with why.
- ``/metrics``: Prometheus text.
- ``/api/status``: each job's last run (from ``dh_runs``), next fire time and active alerts.

More routes (the dashboard) are added through ``routes``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from darkhorses.service import metrics
from darkhorses.store import migrate

log = logging.getLogger(__name__)

StatusProvider = Callable[[], dict[str, Any]]
SchemaCheck = Callable[[sa.Engine], bool]


@functools.cache
def _newest_revision() -> str:
    # Shipped with the code, so it cannot change while the process runs; reading the
    # migration scripts costs far more than the database query.
    return migrate.head()


def _schema_is_current(engine: sa.Engine) -> bool:
    return migrate.current(engine) == _newest_revision()


def create_app(
    engine: sa.Engine,
    *,
    status: StatusProvider | None = None,
    schema_check: SchemaCheck = _schema_is_current,
    routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """The Starlette app serving the service endpoints for ``engine``."""

    def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    # Plain functions: Starlette runs them in its thread pool, so a slow database never
    # blocks the event loop.
    def readyz(request: Request) -> Response:
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError as exc:
            log.warning("readiness: database unreachable (%s)", type(exc).__name__)
            return JSONResponse(
                {"status": "unavailable", "database": "unreachable"}, status_code=503
            )
        try:
            current = schema_check(engine)
        except sa.exc.SQLAlchemyError as exc:
            log.warning("readiness: migration check failed (%s)", type(exc).__name__)
            current = False
        if not current:
            return JSONResponse(
                {"status": "unavailable", "database": "ok", "migrations": "pending"},
                status_code=503,
            )
        return JSONResponse({"status": "ready", "database": "ok", "migrations": "current"})

    def metrics_endpoint(request: Request) -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    def api_status(request: Request) -> Response:
        if status is None:
            return JSONResponse({"jobs": []})
        try:
            return JSONResponse(status())
        except sa.exc.SQLAlchemyError as exc:
            return JSONResponse(
                {"error": f"database unavailable ({type(exc).__name__})"}, status_code=503
            )

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            Route("/api/status", api_status),
            *routes,
        ]
    )
