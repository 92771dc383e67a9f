"""`darkhorses run`: the long-running service (scheduler + HTTP endpoints)."""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from darkhorses.config import ConfigError, load_settings


def run(
    config: Path | None = typer.Option(
        None, "--config", "-c", help="YAML settings file (sections as top-level keys)."
    ),
    host: str | None = typer.Option(
        None, "--host", help="Interface to bind (default 127.0.0.1; 0.0.0.0 for all)."
    ),
    port: int | None = typer.Option(None, "--port", help="HTTP port (default $PORT or 8080)."),
) -> None:
    """Run every job on its schedule, with /healthz, /readyz, /metrics and /api/status."""
    from darkhorses.logs import configure_logging
    from darkhorses.service.runner import run_service
    from darkhorses.service.schedule import timings

    try:
        settings = load_settings(config)
        if host is not None or port is not None:
            service = settings.service.model_copy(
                update={k: v for k, v in (("host", host), ("port", port)) if v is not None}
            )
            settings = settings.model_copy(update={"service": service})
        timings(settings.service.schedule, settings.service.timezone)
        configure_logging(settings)
    except (ConfigError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        code = run_service(settings)
    except Exception:
        # Through the log, so the traceback is redacted like every other record.
        logging.getLogger("darkhorses.service").critical("the service stopped", exc_info=True)
        code = 1
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add the ``run`` command to the main application."""
    app.command("run")(run)
