"""The ``run`` process: upgrade the database, start the scheduler and the HTTP server (with the
status dashboard), and on SIGTERM (or Ctrl-C) let running jobs finish their unit of work,
release locks and exit 0."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Any

import sqlalchemy as sa
import uvicorn
from apscheduler.triggers.interval import IntervalTrigger
from starlette.routing import BaseRoute

from darkhorses.api.client import RacingApiClient
from darkhorses.api.metrics import ClientMetrics
from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.service import metrics
from darkhorses.service.alerts import Alerter
from darkhorses.service.catalog import default_specs
from darkhorses.service.http import create_app
from darkhorses.service.locks import JobLocks
from darkhorses.service.scheduler import JobScheduler, JobSpec, wait_for
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine

log = logging.getLogger(__name__)

ALL_INTERFACES = {"0.0.0.0", "::", ""}
STALENESS_EVERY_MIN = 15


def make_client(settings: Settings, engine: sa.Engine) -> RacingApiClient:
    """The Racing API client the jobs share (one rate limiter for the whole process)."""
    client_metrics = ClientMetrics()
    metrics.watch_client(client_metrics)
    return RacingApiClient.from_settings(settings, engine, metrics=client_metrics)


def _engine_for(settings: Settings) -> sa.Engine:
    return make_engine(settings.database.url, settings=settings)


class Service:
    """Scheduler + HTTP server for one process; :meth:`serve` blocks until stopped.

    ``routes`` adds pages to the HTTP app (the dashboard) beside the service endpoints.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        specs: Sequence[JobSpec] | None = None,
        engine: sa.Engine | None = None,
        client: Any = None,
        routes: Sequence[BaseRoute] = (),
    ) -> None:
        self.settings = settings
        self.routes = routes
        self.engine = engine or _engine_for(settings)
        self.clock = Clock(settings.now)
        self.client = client
        self._specs = specs
        self.stopping = threading.Event()
        self.locks = JobLocks(
            self.engine,
            mode=settings.service.lock_mode,
            ttl_s=settings.service.lock_ttl_s,
            lock_dir=settings.service.lock_dir,
            url=settings.database.url,
        )
        # Lock expiry and alerts run on real time, even when jobs run on a fixed clock.
        self.alerter = Alerter(self.engine, settings)
        self.scheduler = JobScheduler(
            settings,
            engine=self.engine,
            locks=self.locks,
            client=client,
            clock=self.clock,
            alerter=self.alerter,
        )
        self.server: uvicorn.Server | None = None

    def setup(self) -> None:
        """Upgrade the schema and register the jobs."""
        if self.settings.service.upgrade_on_start:
            migrate.upgrade(self.engine)
        specs = self._specs if self._specs is not None else default_specs(self.settings)
        if self.client is None and specs:
            self.client = self.scheduler.client = make_client(self.settings, self.engine)
        for spec in specs:
            self.scheduler.add(spec)
        self.scheduler.add_internal(
            "staleness",
            self._check_staleness,
            IntervalTrigger(minutes=STALENESS_EVERY_MIN, timezone=self.scheduler.timezone),
        )
        log.info("scheduled jobs: %s", ", ".join(sorted(self.scheduler.specs)) or "none")

    def _check_staleness(self) -> None:
        try:
            self.alerter.check_staleness()
        except sa.exc.SQLAlchemyError as exc:
            log.warning("staleness check failed: %s", type(exc).__name__)

    def _status(self) -> dict[str, Any]:
        status = self.scheduler.status()
        status["alerts"] = self.alerter.active()
        return status

    def start_http(self) -> None:
        """Serve the endpoints on a background thread; raise if the port cannot be bound."""
        conf = self.settings.service
        if conf.host in ALL_INTERFACES:
            log.warning("HTTP bound to all interfaces (%s:%d)", conf.host or "*", conf.port)
        app = create_app(self.engine, status=self._status, routes=self.routes)
        config = uvicorn.Config(
            app, host=conf.host, port=conf.port, log_config=None, lifespan="off", access_log=False
        )
        self.server = server = uvicorn.Server(config)
        # Off the main thread uvicorn installs no signal handlers; this process owns them.
        thread = threading.Thread(target=server.run, name="http", daemon=True)
        thread.start()
        if not wait_for(lambda: server.started or not thread.is_alive(), timeout_s=30):
            raise RuntimeError("HTTP server did not start")
        if not server.started:
            raise RuntimeError(f"HTTP server could not listen on {conf.host}:{conf.port}")
        self._http_thread = thread
        log.info("HTTP on http://%s:%d", conf.host, conf.port)

    def request_stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        """Begin a graceful stop (the SIGTERM/SIGINT handler)."""
        if signum is not None:
            log.info("received %s: finishing current work", signal.Signals(signum).name)
        self.scheduler.stop.set()
        self.stopping.set()

    def serve(self, *, http: bool = True) -> int:
        """Run until asked to stop; returns the exit code."""
        self.setup()
        if http:
            self.start_http()
        self.scheduler.start()
        log.info("darkhorses service running (timezone %s)", self.scheduler.timezone)
        while not self.stopping.wait(1.0):
            pass
        return self.close()

    def close(self) -> int:
        """Stop the scheduler (waiting for running jobs), the HTTP server and the pools."""
        self.scheduler.shutdown(wait=True)
        if self.server is not None:
            self.server.should_exit = True
            self._http_thread.join(timeout=10)
        self.locks.close()
        close_client = getattr(self.client, "close", None)
        if callable(close_client):
            close_client()
        self.engine.dispose()
        log.info("darkhorses service stopped")
        return 0


def dashboard_routes(
    settings: Settings, engine: sa.Engine, counters: Callable[[], dict[str, Any] | None]
) -> list[BaseRoute]:
    """The status dashboard's pages, when they may be served here.

    Bound beyond loopback without ``dashboard.token`` they are left out (with a warning) rather
    than refusing to start: the health endpoints and the jobs matter more.
    """
    from darkhorses.dashboard import TokenRequired, check_exposure
    from darkhorses.dashboard import dashboard_routes as routes

    try:
        check_exposure(settings.service.host, settings.dashboard.token)
    except TokenRequired as exc:
        log.warning("dashboard not served: %s", exc)
        return []
    return routes(engine, settings, client_counters=counters)


def run_service(settings: Settings) -> int:
    """The ``darkhorses run`` process."""
    engine = _engine_for(settings)
    holder: list[Service] = []

    def counters() -> dict[str, Any] | None:
        client = holder[0].client if holder else None
        return client.metrics.snapshot() if client is not None else None

    service = Service(settings, engine=engine, routes=dashboard_routes(settings, engine, counters))
    holder.append(service)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, service.request_stop)
    return service.serve()
