"""`darkhorses stats`: statistics computed in SQL over every row, written as JSON files."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from darkhorses.cli.sync import fail, settings_or_exit

stats_app = typer.Typer(
    help="Statistics computed in SQL over all rows: odds capture, final odds, and more.",
    invoke_without_command=True,
)


def register(app: typer.Typer) -> None:
    """Add the stats commands to the main application."""
    app.add_typer(stats_app, name="stats")


@stats_app.callback()
def stats(
    ctx: typer.Context,
    json_dir: Path | None = typer.Option(
        None,
        "--json-dir",
        help="Write odds_live.json, odds_historical.json and odds_combined.json here.",
        file_okay=False,
        dir_okay=True,
    ),
) -> None:
    """Odds statistics: live capture, final odds and both together (JSON)."""
    if ctx.invoked_subcommand is not None:
        return
    import sqlalchemy as sa

    from darkhorses.clock import Clock
    from darkhorses.jobs.odds_stats import combined_stats, write_json
    from darkhorses.store import migrate
    from darkhorses.store.engine import DatabaseURLError, make_engine, redact_url

    settings = settings_or_exit()
    try:
        engine = make_engine(settings.database.url, settings=settings)
        try:
            migrate.upgrade(engine)
            if json_dir is None:
                with engine.connect() as conn:
                    typer.echo(json.dumps(combined_stats(conn), indent=2, default=str))
                return
            paths = write_json(engine, json_dir, Clock(settings.now).now())
        finally:
            engine.dispose()
    except DatabaseURLError as exc:
        fail(str(exc))
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        fail(f"database {redact_url(settings.database.url)}: {reason}")
    except OSError as exc:
        fail(f"cannot write to {json_dir}: {exc.strerror or exc}")
    for name, path in paths.items():
        typer.echo(f"{name}: {path}")
