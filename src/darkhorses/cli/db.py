"""`darkhorses db` commands: upgrade the schema, show where a database stands, step back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

db_app = typer.Typer(
    help="The database schema: upgrade it, show its revision, downgrade it.",
    no_args_is_help=True,
)

_URL_HELP = "Database URL (default: DATABASE_URL, else sqlite:///darkhorses.db)."


def register(app: typer.Typer) -> None:
    """Add the db commands to the main application."""
    app.add_typer(db_app, name="db")


def _database_url(url: str | None) -> str:
    if url:
        return url
    from darkhorses.config import ConfigError, load_settings

    try:
        return load_settings().database.url
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


@contextmanager
def _reported(url: str) -> Iterator[None]:
    """Turn database failures into one clear line (password hidden) and exit code 1."""
    import sqlalchemy as sa

    from darkhorses.store.engine import DatabaseURLError, redact_url

    try:
        yield
    except DatabaseURLError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        typer.echo(f"error: database {redact_url(url)}: {reason}", err=True)
        raise typer.Exit(1) from None


@db_app.command()
def upgrade(
    revision: str = typer.Argument("head", help="Target revision (default: the newest)."),
    url: str | None = typer.Option(None, "--url", help=_URL_HELP),
) -> None:
    """Apply the schema migrations up to REVISION (the newest by default)."""
    from darkhorses.store import migrate
    from darkhorses.store.engine import redact_url

    url = _database_url(url)
    with _reported(url):
        before = migrate.current(url)
        migrate.upgrade(url, revision)
        after = migrate.current(url)
    if before == after:
        typer.echo(f"{redact_url(url)}: already at {after}")
    else:
        typer.echo(f"{redact_url(url)}: upgraded {before or 'empty'} -> {after}")


@db_app.command()
def current(
    url: str | None = typer.Option(None, "--url", help=_URL_HELP),
    check: bool = typer.Option(False, "--check", help="Exit 1 unless at the newest revision."),
) -> None:
    """Show the database's schema revision and the newest one this version ships."""
    from darkhorses.store import migrate
    from darkhorses.store.engine import redact_url

    url = _database_url(url)
    with _reported(url):
        rev = migrate.current(url)
    head = migrate.head()
    state = "up to date" if rev == head else "needs `darkhorses db upgrade`"
    typer.echo(f"{redact_url(url)}: revision {rev or 'none'} (newest {head}): {state}")
    if check and rev != head:
        raise typer.Exit(1)


@db_app.command()
def downgrade(
    revision: str = typer.Argument(..., help="Target revision: an id, -1 for one step, or base."),
    url: str | None = typer.Option(None, "--url", help=_URL_HELP),
    yes: bool = typer.Option(False, "--yes", help="Do it: a downgrade may drop tables and data."),
) -> None:
    """Undo schema migrations down to REVISION (drops what later steps added)."""
    from darkhorses.store import migrate
    from darkhorses.store.engine import redact_url

    url = _database_url(url)
    if not yes:
        typer.echo(
            "error: a downgrade can drop tables and their data; add --yes to go on", err=True
        )
        raise typer.Exit(2)
    with _reported(url):
        migrate.downgrade(url, revision)
        after = migrate.current(url)
    typer.echo(f"{redact_url(url)}: now at {after or 'base (empty)'}")
