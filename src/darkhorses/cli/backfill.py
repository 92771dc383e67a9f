"""`darkhorses backfill`: years of racecards and results, resumable, at the API's allowed pace."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from darkhorses.cli.sync import USAGE, fail, finish, parse_day, settings_or_exit
from darkhorses.config import Settings

log = logging.getLogger("darkhorses.backfill")


class _RateColumn(ProgressColumn):
    """Days per second, as rich measures it."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.2f}/s")


@contextmanager
def backfill_progress(enabled: bool, every: int) -> Iterator[Callable[[str, int, int], None]]:
    """A ``(what, done, total)`` callback: a bar with rate and ETA on a terminal, else a log
    line every ``every`` units."""
    console = Console(stderr=True)
    if enabled and console.is_terminal:
        columns = (
            TextColumn("{task.description:<8}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            tasks: dict[str, Any] = {}

            def draw(what: str, done: int, total: int) -> None:
                if what not in tasks:
                    tasks[what] = progress.add_task(what, total=total)
                progress.update(tasks[what], completed=done, total=total)

            yield draw
        return
    started: dict[str, tuple[float, int]] = {}

    def line(what: str, done: int, total: int) -> None:
        now = time.monotonic()
        since, first = started.setdefault(what, (now, done - 1))
        if done % max(1, every) and done != total:
            return
        rate = (done - first) / (now - since) if now > since else 0.0
        eta = timedelta(seconds=round((total - done) / rate)) if rate else "unknown"
        log.info("backfill %s: %d/%d (%.2f/s, ETA %s)", what, done, total, rate, eta)

    yield line


def backfill(
    start: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD."),
    end: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (default today)."),
    what: str | None = typer.Option(
        None, "--what", help="Any of results,racecards,enrich (default all three)."
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Carry on the last backfill with its own --from/--to/--what."
    ),
    check_status: bool = typer.Option(
        False,
        "--check-status",
        help="Say days done and remaining, API calls needed and the time they take; fetch nothing.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Fill the database (DATABASE_URL) with history, one day at a time.

    Progress is kept in the database: running the same command again resumes it. Before it
    starts it says what the plan lets it cover. Exit codes: 0 success, 3 partial (some days
    failed or records were quarantined), 1 failure, 2 bad options.
    """
    from darkhorses.jobs.backfill_plan import BackfillPlanError, parse_what

    settings = settings_or_exit()
    try:
        kinds = parse_what(what)
    except BackfillPlanError as exc:
        fail(str(exc), USAGE)
    options = {
        "from": parse_day(start, "--from"),
        "to": parse_day(end, "--to"),
        "what": kinds if what else None,
    }
    with _context(settings) as ctx:
        plan = _plan(ctx, options, resume=resume)
        if check_status:
            _print_status(ctx, plan, as_json=as_json)
            raise typer.Exit(0)
        _announce(plan)
        _run(ctx, plan, as_json=as_json)


@contextmanager
def _context(settings: Settings) -> Iterator[Any]:
    """The job context; database and API trouble end the command with one clear line."""
    import sqlalchemy as sa

    from darkhorses.api.errors import ApiError
    from darkhorses.jobs.context import JobContext
    from darkhorses.store.engine import DatabaseURLError, redact_url

    try:
        with JobContext.open(settings, trigger="cli") as ctx:
            yield ctx
    except DatabaseURLError as exc:
        fail(str(exc))
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        fail(f"database {redact_url(settings.database.url)}: {reason}")
    except ApiError as exc:
        fail(f"The Racing API: {exc}")


def _plan(ctx: Any, options: dict[str, Any], *, resume: bool) -> Any:
    """The backfill plan from the options, or from the last backfill with ``--resume``."""
    from darkhorses.jobs.backfill import last_request
    from darkhorses.jobs.backfill_plan import BackfillPlanError, build_plan, parse_what

    today = ctx.clock.today_uk()
    if resume:
        last = last_request(ctx.engine)
        if last is None:
            fail("no backfill to resume: start one with --from", USAGE)
        assert last is not None
        options = {
            "from": options["from"] or date.fromisoformat(last["from"]),
            "to": options["to"] or date.fromisoformat(last["to"]),
            "what": options["what"] or parse_what(",".join(last["what"])),
        }
    first = options["from"] or date.fromisoformat(ctx.settings.backfill.start)
    try:
        return build_plan(
            ctx.api.plan,
            first,
            options["to"] or today,
            today,
            options["what"] or parse_what(None),
            historic=ctx.api.historic_addon,
        )
    except BackfillPlanError as exc:
        fail(str(exc), USAGE)


def _announce(plan: Any) -> None:
    """Say what the run will and will not cover, before it starts."""
    err = Console(stderr=True, highlight=False)
    err.print(f"backfill {plan.start} to {plan.end} on the {plan.plan} plan")
    for line in plan.covered:
        err.print(f"  will cover  {line}")
    for line in plan.not_covered:
        err.print(f"  not covered {line}")


def _run(ctx: Any, plan: Any, *, as_json: bool) -> None:
    from darkhorses.jobs.backfill import run_backfill

    every = ctx.settings.backfill.log_every_days
    with backfill_progress(not as_json, every) as progress:
        ctx.progress = progress
        report = run_backfill(ctx, plan)
    finish(report, notes=list(ctx.notes), as_json=as_json)


def _print_status(ctx: Any, plan: Any, *, as_json: bool) -> None:
    from darkhorses.jobs.backfill import backfill_status

    status = backfill_status(ctx, plan)
    if as_json:
        typer.echo(json.dumps(status.as_dict(), indent=2))
        return
    console = Console(highlight=False)
    table = Table(title=f"backfill {plan.start} to {plan.end} ({plan.plan} plan)")
    for column in ("kind", "days", "done", "empty", "failed", "remaining", "API calls needed"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind in status.kinds:
        table.add_row(
            kind.kind,
            *(f"{n:,}" for n in (kind.days, kind.done, kind.empty, kind.failed, kind.remaining)),
            f"{status.needed.calls.get(kind.kind, 0):,}",
        )
    if status.horses_to_enrich is not None:
        horses = status.horses_to_enrich
        table.add_row("enrich", "", "", "", "", f"{horses:,} horses", f"{horses:,}")
    console.print(table)
    for line in plan.not_covered:
        console.print(f"not covered: {line}")
    total = sum(status.needed.calls.values())
    duration = timedelta(seconds=round(status.needed.seconds))
    console.print(f"API calls needed: {total:,}; at the plan's rate that takes {duration}")
    if status.horses_to_enrich is not None:
        console.print("(horses counted so far; days still to fetch will bring more)")


def register(app: typer.Typer) -> None:
    """Add ``backfill`` to the main application."""
    app.command("backfill")(backfill)
