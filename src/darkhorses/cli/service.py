"""`darkhorses run`: the long-running service (scheduler + HTTP endpoints)."""

from __future__ import annotations

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

    try:
        settings = load_settings(config)
        if host is not None or port is not None:
            service = settings.service.model_copy(
                update={k: v for k, v in (("host", host), ("port", port)) if v is not None}
            )
            settings = settings.model_copy(update={"service": service})
        configure_logging(settings)
    except (ConfigError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(run_service(settings))


def register(app: typer.Typer) -> None:
    """Add the ``run`` command to the main application."""
    app.command("run")(run)
