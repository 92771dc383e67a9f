"""`darkhorses import FILE...`: store saved API response bodies."""

from __future__ import annotations

from pathlib import Path

import typer

from darkhorses.cli.sync import fail, finish, progress_display, settings_or_exit


def import_(
    files: list[Path] = typer.Argument(..., help="JSON files: response bodies or captures."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Read and transform, write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Import saved API responses (racecards, results, horses, courses, regions, searches).

    The kind of each file is read from its shape; the same transforms, region filter and
    quarantine apply as for fetched data. No API call is made.
    """
    import sqlalchemy as sa

    from darkhorses.jobs.context import JobContext
    from darkhorses.jobs.importer import import_files
    from darkhorses.store.engine import DatabaseURLError, redact_url

    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        fail(f"no such file: {', '.join(missing)}", 2)
    settings = settings_or_exit()
    try:
        with JobContext.open(settings, dry_run=dry_run, with_client=False) as ctx:
            with progress_display(not as_json and len(files) > 20) as progress:
                ctx.progress = progress
                report = import_files(ctx, files)
            notes = ctx.notes
    except DatabaseURLError as exc:
        fail(str(exc))
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        fail(f"database {redact_url(settings.database.url)}: {reason}")
    finish(report, notes=notes, as_json=as_json, dry_run=dry_run)


def register(app: typer.Typer) -> None:
    """Add ``import`` to the main application."""
    app.command("import")(import_)
