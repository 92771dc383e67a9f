"""`darkhorses replay`: rebuild the tables from the raw archive, with no API call."""

from __future__ import annotations

import typer

from darkhorses.cli.sync import fail, finish, parse_day, progress_display, settings_or_exit


def replay(
    since: str | None = typer.Option(
        None, "--since", help="Only bodies first fetched on or after this day, YYYY-MM-DD."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Read and transform, write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Re-apply every archived API response to the tables (DATABASE_URL); zero API calls."""
    import sqlalchemy as sa

    from darkhorses.jobs.context import JobContext
    from darkhorses.jobs.replay import replay as run_replay
    from darkhorses.store.engine import DatabaseURLError, redact_url

    day = parse_day(since, "--since")
    settings = settings_or_exit()
    try:
        with JobContext.open(settings, dry_run=dry_run, with_client=False) as ctx:
            with progress_display(not as_json) as progress:
                ctx.progress = progress
                report = run_replay(ctx, day)
            notes = ctx.notes
    except DatabaseURLError as exc:
        fail(str(exc))
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        fail(f"database {redact_url(settings.database.url)}: {reason}")
    finish(report, notes=notes, as_json=as_json, dry_run=dry_run)


def register(app: typer.Typer) -> None:
    """Add ``replay`` to the main application."""
    app.command("replay")(replay)
