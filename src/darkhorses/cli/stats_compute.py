"""`darkhorses stats compute` and `darkhorses stats show`: the racing statistics.

``compute`` recomputes them in the database; ``show`` prints one sire, dam, damsire, jockey,
trainer, owner or horse with its breakdowns, and with ``--going`` / ``--distance`` /
``--course`` / ``--class`` the record of just those runs, e.g.
``darkhorses stats show sire Frankel --going soft --distance 2m``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from darkhorses.cli.stats import stats_app
from darkhorses.cli.sync import USAGE, fail, finish, parse_day, settings_or_exit

KINDS = ("sire", "dam", "damsire", "jockey", "trainer", "owner", "horse")


def register(app: typer.Typer) -> None:
    """The commands join the ``stats`` group on import; nothing more to add."""
    return None


@contextmanager
def _engine() -> Iterator[tuple[Any, Any]]:
    """Settings and an engine on the upgraded database; database trouble exits with 1."""
    import sqlalchemy as sa

    from darkhorses.store import migrate
    from darkhorses.store.engine import DatabaseURLError, make_engine, redact_url

    settings = settings_or_exit()
    try:
        engine = make_engine(settings.database.url, settings=settings)
    except DatabaseURLError as exc:
        fail(str(exc))
    try:
        migrate.upgrade(engine)
        yield settings, engine
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        fail(f"database {redact_url(settings.database.url)}: {reason}")
    finally:
        engine.dispose()


@stats_app.command("compute")
def compute_command(
    what: str = typer.Option(
        "all",
        "--what",
        help="all, or a comma list of pedigree,people,combos,distance,venue,runners.",
    ),
    full: bool = typer.Option(
        False,
        "--full",
        help="Recompute everything; by default only what changed since the last run.",
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Count runs up to this date, YYYY-MM-DD (default: today, UK)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the run report as JSON."),
) -> None:
    """Bring the racing statistics in the database up to date with the stored results."""
    from darkhorses.clock import Clock
    from darkhorses.jobs.stats import compute_stats
    from darkhorses.stats.compute import UnknownPart, parts

    try:
        parts(what)
    except UnknownPart as exc:
        fail(str(exc), USAGE)
    day = parse_day(as_of, "--as-of")
    with _engine() as (settings, engine):
        clock = Clock(settings.now)
        report = compute_stats(engine, settings, clock, what=what, full=full, as_of=day)
    notes = [f"as of {(day or clock.today_uk()).isoformat()}"]
    if report.counts.get("incremental"):
        notes.append(f"incremental: {report.counts.get('changes_read', 0):,} logged changes")
    elif report.counts.get("full_recompute"):
        notes.append("full recompute")
    finish(report, notes=notes, as_json=as_json)


@stats_app.command("show")
def show_command(
    kind: str = typer.Argument(..., help=f"One of {', '.join(KINDS)}."),
    name_or_id: str = typer.Argument(..., help="An id (sir_..., jky_...) or a name."),
    going: str | None = typer.Option(
        None, "--going", help="Only runs on this going bucket: soft, good_to_soft, ..."
    ),
    distance: str | None = typer.Option(
        None, "--distance", help="Only runs over this distance to the furlong: 2m, 7f, 1m4f."
    ),
    course: str | None = typer.Option(
        None, "--course", help="Only runs at this course id or name."
    ),
    race_class: str | None = typer.Option(None, "--class", help="Only runs in this class: 4."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Show one entity's statistics and breakdowns, or its record on chosen runs."""
    from darkhorses.stats.show import EntityNotFound, FilterError, Filters, describe

    if kind not in KINDS:
        fail(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}", USAGE)
    try:
        filters = Filters.parse(
            going=going, distance=distance, course=course, race_class=race_class
        )
    except FilterError as exc:
        fail(str(exc), USAGE)
    with _engine() as (_settings, engine):
        try:
            shown = describe(engine, kind, name_or_id, filters)
        except EntityNotFound as exc:
            fail(str(exc))
    if as_json:
        typer.echo(json.dumps(shown, indent=2, default=str))
        return
    _print(shown)


# Breakdown columns printed in tables, with their headings.
_SHOWN = {
    "bucket": "bucket",
    "distance_band": "band",
    "distance_y": "yards",
    "course_id": "course",
    "jockey_id": "jockey",
    "trainer_id": "trainer",
    "runs": "runs",
    "wins": "wins",
    "places": "placed",
    "win_percent": "win %",
    "ae_index": "A/E",
    "ae": "A/E",
    "profit_loss_1u": "P/L",
    "last_win_date": "last win",
}
_LABELS = {"bucket", "distance_band", "course_id", "jockey_id", "trainer_id", "last_win_date"}


def _print(shown: dict[str, Any]) -> None:
    console = Console()
    entity = shown["entity"]
    title = f"{shown['kind']} {entity.get('name') or ''} ({entity['id']})".replace("  ", " ")
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in entity.items():
        if value is not None and not isinstance(value, dict):
            table.add_row(key, str(value))
    console.print(table)
    for name, rows in shown["breakdowns"].items():
        if not rows:
            continue
        # A terminal has room for the figures people compare; --json carries every column.
        columns = [c for c in rows[0] if c in _SHOWN] or list(rows[0])
        part = Table(title=name.replace("_", " "), title_justify="left")
        for column in columns:
            numeric = column not in _LABELS
            part.add_column(_SHOWN.get(column, column), justify="right" if numeric else "left")
        for row in rows:
            part.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
        console.print(part)
    if shown.get("filtered") is not None:
        record = shown["filtered"]
        part = Table(title=f"runs where {shown['filters']}", title_justify="left")
        for column in record:
            part.add_column(column, justify="right")
        part.add_row(*("" if v is None else str(v) for v in record.values()))
        console.print(part)
