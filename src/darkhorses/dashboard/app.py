"""The dashboard's routes: server-rendered pages and the JSON behind each under ``/api/``.

Pages: ``/`` (overview), ``/usage`` (API), ``/backfill``, ``/today``, ``/race/{race_id}``.
JSON: ``/api/overview``, ``/api/usage``, ``/api/backfill``, ``/api/today``,
``/api/race/{race_id}``. Every query runs read-only (:mod:`darkhorses.dashboard.readonly`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import jinja2
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.dashboard import charts, timefmt, views
from darkhorses.dashboard.readonly import read_only
from darkhorses.dashboard.security import guarded
from darkhorses.store.engine import redact_url

log = logging.getLogger(__name__)

STATIC_PATH = "/dashboard-static"
# Seconds between automatic reloads: the race pages move faster than the rest.
REFRESH_S = {"overview": 60, "usage": 120, "backfill": 60, "today": 30, "race": 30}

CounterSource = Callable[[], dict[str, Any] | None]


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON-ready: {type(value).__name__}")


class DataResponse(JSONResponse):
    """JSON with times as ISO 8601 (UTC) and decimals as numbers."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, default=_default, ensure_ascii=False).encode("utf-8")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("darkhorses.dashboard", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        uk_time=timefmt.uk_time,
        uk_datetime=timefmt.uk_datetime,
        utc=timefmt.utc_datetime,
        duration=timefmt.duration,
        age_s=lambda s: timefmt.age(None if s is None else timedelta(seconds=s)),
        num=lambda n: "—" if n is None else f"{n:,}",
        price=lambda d: "—" if d is None else f"{float(d):.2f}",
    )
    env.globals.update(
        sparkline=charts.sparkline,
        line_chart=charts.line_chart,
        bar=charts.bar,
        hourly_bars=charts.hourly_bars,
        Series=charts.Series,
        static=STATIC_PATH,
    )
    return env


def database_label(url: str) -> str:
    """Which database, without user name or password."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return "database"
    return redact_url(parsed.set(username=None, password=None))


class Dashboard:
    """Renders the pages of one database."""

    def __init__(
        self,
        engine: sa.Engine,
        settings: Settings,
        *,
        clock: Clock | None = None,
        client_counters: CounterSource | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = clock or Clock(settings.now)
        self.client_counters = client_counters
        self.env = _environment()
        self.db_label = database_label(settings.database.url)

    # -- data -----------------------------------------------------------------------------

    def data(self, page: str, **params: Any) -> dict[str, Any] | None:
        """The page's data (None: no such race)."""
        now = self.clock.now()
        with read_only(self.engine) as conn:
            if page == "overview":
                return views.overview(conn, self.settings, now)
            if page == "usage":
                counters = self.client_counters() if self.client_counters else None
                return views.api_usage(conn, self.settings, now, counters)
            if page == "backfill":
                return views.backfill_progress(conn, self.settings, now)
            if page == "today":
                return views.today(conn, now)
            if page == "race":
                return views.race_page(conn, params["race_id"], now)
        raise KeyError(page)

    def html(self, page: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
        template = self.env.get_template(f"{page}.html")
        body = template.render(
            page=page,
            data=data,
            refresh_s=REFRESH_S.get(page, 60),
            database=self.db_label,
            now=data.get("now") or self.clock.now(),
        )
        return HTMLResponse(body, status_code=status)

    # -- endpoints ------------------------------------------------------------------------

    def page(self, name: str) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            params = dict(request.path_params)
            try:
                data = await run_in_threadpool(self.data, name, **params)
            except sa.exc.SQLAlchemyError as exc:
                log.warning("dashboard: %s failed (%s)", name, type(exc).__name__)
                return self.html(
                    "error",
                    {"message": f"The database did not answer ({type(exc).__name__})."},
                    503,
                )
            if data is None:
                return self.html("error", {"message": "No such race in the database."}, 404)
            return self.html(name, data)

        return endpoint

    def api(self, name: str) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            params = dict(request.path_params)
            try:
                data = await run_in_threadpool(self.data, name, **params)
            except sa.exc.SQLAlchemyError as exc:
                log.warning("dashboard: %s failed (%s)", name, type(exc).__name__)
                return DataResponse(
                    {"error": f"database unavailable ({type(exc).__name__})"}, status_code=503
                )
            if data is None:
                return DataResponse({"error": "no such race"}, status_code=404)
            return DataResponse(data)

        return endpoint


def dashboard_routes(
    engine: sa.Engine,
    settings: Settings,
    *,
    clock: Clock | None = None,
    client_counters: CounterSource | None = None,
) -> list[BaseRoute]:
    """The dashboard's routes, to add to a Starlette app (``Service(routes=...)``).

    ``client_counters`` (e.g. ``client.metrics.snapshot``) adds the running client's retries,
    429s and limiter waits to the API page. With ``settings.dashboard.token`` set, every
    route asks for it.
    """
    board = Dashboard(engine, settings, clock=clock, client_counters=client_counters)
    token = settings.dashboard.token
    pages = {"overview": "/", "usage": "/usage", "backfill": "/backfill", "today": "/today"}
    routes: list[BaseRoute] = []
    for name, path in pages.items():
        routes.append(Route(path, guarded(board.page(name), token), name=f"dashboard-{name}"))
        api_path = "/api/overview" if name == "overview" else f"/api{path}"
        routes.append(
            Route(api_path, guarded(board.api(name), token), name=f"dashboard-api-{name}")
        )
    routes.append(
        Route("/race/{race_id}", guarded(board.page("race"), token), name="dashboard-race")
    )
    routes.append(
        Route("/api/race/{race_id}", guarded(board.api("race"), token), name="dashboard-api-race")
    )
    routes.append(
        Mount(
            STATIC_PATH,
            app=StaticFiles(packages=[("darkhorses.dashboard", "static")]),
            name="dashboard-static",
        )
    )
    return routes


def create_app(engine: sa.Engine, settings: Settings, *, clock: Clock | None = None) -> Starlette:
    """The dashboard alone (``darkhorses dashboard``)."""
    return Starlette(routes=dashboard_routes(engine, settings, clock=clock))
