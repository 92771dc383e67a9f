"""`darkhorses dashboard`: the status pages alone, read-only against ``DATABASE_URL``."""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from darkhorses.config import ConfigError, load_settings

log = logging.getLogger("darkhorses.dashboard")


def dashboard(
    config: Path | None = typer.Option(
        None, "--config", "-c", help="YAML settings file (sections as top-level keys)."
    ),
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Interface to bind; anything but loopback needs DARKHORSES_DASHBOARD_TOKEN.",
    ),
    port: int = typer.Option(8081, "--port", help="HTTP port."),
) -> None:
    """Serve the status dashboard (overview, API, backfill, today, races) read-only."""
    import uvicorn

    from darkhorses.dashboard import TokenRequired, check_exposure, create_app
    from darkhorses.logs import configure_logging
    from darkhorses.store.engine import DatabaseURLError, make_engine, redact_url

    try:
        settings = load_settings(config)
        check_exposure(host, settings.dashboard.token)
        configure_logging(settings)
        engine = make_engine(settings.database.url, settings=settings)
    except (ConfigError, TokenRequired, DatabaseURLError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    app = create_app(engine, settings)
    log.info("dashboard of %s on http://%s:%d", redact_url(settings.database.url), host, port)
    try:
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, lifespan="off")
    finally:
        engine.dispose()


def register(app: typer.Typer) -> None:
    """Add the ``dashboard`` command to the main application."""
    app.command("dashboard")(dashboard)
