"""`darkhorses sync`: bring the database up to date from The Racing API.

Also holds what the other one-shot commands (import, replay, demo) share: loading settings,
the progress display, the summary table, ``--json`` output and the exit code.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from darkhorses.config import ConfigError, Settings, load_settings
from darkhorses.jobs.report import JobReport

log = logging.getLogger("darkhorses.cli")

USAGE = 2  # exit code for bad options


def settings_or_exit(**overrides: Any) -> Settings:
    """The settings, or a one-line error and exit code 2."""
    from darkhorses.logs import configure_logging

    try:
        settings = load_settings(**overrides)
        configure_logging(settings)
        # Schema upgrades run before every command; their step-by-step lines are noise here.
        logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.root.level))
    except (ConfigError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(USAGE) from None
    return settings


def parse_day(value: str | None, option: str) -> date | None:
    """A ``YYYY-MM-DD`` option value, or a usage error naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


@contextmanager
def progress_display(enabled: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A ``(what, done, total)`` callback drawing one rich bar per job on stderr."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda _what, _done, _total: None
        return
    columns = (
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        tasks: dict[str, Any] = {}

        def update(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = progress.add_task(what, total=total)
            progress.update(tasks[what], completed=done, total=total)

        yield update


def report_table(report: JobReport) -> Table:
    """Rows per table and outcome, as a rich table."""
    outcomes = sorted({o for c in report.rows.values() for o in c})
    preferred = [o for o in ("inserted", "updated", "unchanged", "would_write") if o in outcomes]
    outcomes = preferred + [o for o in outcomes if o not in preferred]
    table = Table(title=f"{report.job}: {report.status.value}", title_justify="left")
    table.add_column("table")
    for outcome in outcomes:
        table.add_column(outcome.replace("_", " "), justify="right")
    for name, counts in sorted(report.rows.items()):
        table.add_row(name, *(f"{counts.get(o, 0):,}" for o in outcomes))
    return table


def finish(report: JobReport, *, notes: list[str], as_json: bool, dry_run: bool = False) -> None:
    """Print the summary (or JSON) and leave with the report's exit code."""
    if as_json:
        data = report.as_dict()
        data["notes"] = notes
        data["dry_run"] = dry_run
        typer.echo(json.dumps(data, indent=2, default=str))
    else:
        console = Console()
        if dry_run:
            console.print("[bold]dry run[/]: nothing was written; this is what would be.")
        if report.rows:
            console.print(report_table(report))
        counts = ", ".join(f"{k} {v:,}" for k, v in sorted(report.counts.items()))
        if counts:
            console.print(counts, highlight=False)
        console.print(f"API calls: {report.api_calls:,}", highlight=False)
        for note in notes:
            console.print(f"note: {note}", highlight=False)
        for error in report.errors[:20]:
            console.print(f"[red]problem[/]: {error}", highlight=False)
        if len(report.errors) > 20:
            console.print(f"... and {len(report.errors) - 20} more problems")
    raise typer.Exit(report.exit_code)


def fail(message: str, code: int = 1) -> None:
    """One error line on stderr and the exit code."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def sync(
    daily: bool = typer.Option(False, "--daily", help="Racecards, results, new horses."),
    weekly: bool = typer.Option(
        False, "--weekly", help="Results of the last 7 days again, retry failed horses."
    ),
    monthly: bool = typer.Option(False, "--monthly", help="Regions, courses, bookmakers."),
    all_: bool = typer.Option(False, "--all", help="Everything: masters, cards, results, horses."),
    entities: bool = typer.Option(
        False,
        "--entities",
        help="Sync only the ENTITIES named after the options: courses bookmakers racecards "
        "results horses.",
    ),
    names: list[str] = typer.Argument(None, metavar="[ENTITIES]...", show_default=False),
    day: str | None = typer.Option(None, "--date", help="One day, YYYY-MM-DD."),
    start: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD."),
    end: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD."),
    days_ahead: int | None = typer.Option(None, "--days-ahead", help="Racecards to +N days."),
    days_back: int | None = typer.Option(None, "--days-back", help="Results from -N days."),
    racecards_only: bool = typer.Option(False, "--racecards-only", help="Daily: cards only."),
    results_only: bool = typer.Option(False, "--results-only", help="Daily: results only."),
    test: bool = typer.Option(False, "--test", help="A quick run: one day."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Fetch and transform, write nothing, say what would be written."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Bring the database up to date (DATABASE_URL) from The Racing API.

    Exit codes: 0 success, 3 partial (some records quarantined or days failed), 1 failure,
    2 bad options.
    """
    from darkhorses.clock import Clock
    from darkhorses.jobs.sync import PlanError, build_plan

    modes = [m for m, on in (("daily", daily), ("weekly", weekly), ("monthly", monthly),
                             ("all", all_), ("entities", entities)) if on]  # fmt: skip
    if len(modes) > 1:
        fail(f"choose one of --daily, --weekly, --monthly, --all, --entities (got {modes})", USAGE)
    if names and not entities:
        fail(f"unexpected arguments {' '.join(names)} (did you mean --entities?)", USAGE)
    mode = modes[0] if modes else "daily"
    chosen = [n.strip() for name in names or [] for n in name.split(",") if n.strip()]
    settings = settings_or_exit()
    try:
        plan = build_plan(
            mode,  # type: ignore[arg-type]
            Clock(settings.now).today_uk(),
            entities=chosen,
            day=parse_day(day, "--date"),
            start=parse_day(start, "--from"),
            end=parse_day(end, "--to"),
            days_ahead=settings.sync.days_ahead if days_ahead is None else days_ahead,
            days_back=settings.sync.days_back if days_back is None else days_back,
            weekly_days=settings.sync.weekly_days,
            racecards_only=racecards_only,
            results_only=results_only,
            test=test,
        )
    except PlanError as exc:
        fail(str(exc), USAGE)
    if test:
        settings.sync.enrich_limit = min(settings.sync.enrich_limit, 10)
    report = run_plan(settings, plan, dry_run=dry_run, show_progress=not as_json)
    finish(report[0], notes=report[1], as_json=as_json, dry_run=dry_run)


def run_plan(
    settings: Settings, plan: Any, *, dry_run: bool, show_progress: bool
) -> tuple[JobReport, list[str]]:
    """Open the database and client, run the plan, close; database trouble exits with 1."""
    import sqlalchemy as sa

    from darkhorses.jobs.context import JobContext
    from darkhorses.jobs.sync import run_sync
    from darkhorses.store.engine import DatabaseURLError, redact_url

    try:
        with (
            JobContext.open(settings, dry_run=dry_run) as ctx,
            progress_display(show_progress) as progress,
        ):
            ctx.progress = progress
            return run_sync(ctx, plan), ctx.notes
    except DatabaseURLError as exc:
        fail(str(exc))
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        fail(f"database {redact_url(settings.database.url)}: {reason}")
    except Exception as exc:  # one clear line rather than a traceback; the run log has it too
        log.debug("run failed", exc_info=True)
        fail(f"{exc.__class__.__name__}: {exc}")
    raise AssertionError("unreachable")


def register(app: typer.Typer) -> None:
    """Add ``sync`` to the main application."""
    app.command("sync")(sync)
