"""`darkhorses demo`: the whole pipeline against the built-in sandbox, into a local SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from darkhorses.cli.sync import progress_display, report_table, settings_or_exit

if TYPE_CHECKING:  # the job pulls in the whole sandbox: load it only when the demo runs
    from darkhorses.jobs.demo import DemoResult

SHOW_MEETINGS = 8
SHOW_WINNERS = 12


def demo(
    database: Path = typer.Option(
        Path("darkhorses-demo.db"), "--database", help="SQLite file to fill (created if absent)."
    ),
    seed: int = typer.Option(1, "--seed", help="Sandbox world seed (same seed, same racing)."),
    enrich: int = typer.Option(
        60, "--enrich", help="Horse profiles to fetch at most (the API allows 5 per second)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Run the sandbox in-process and sync masters, cards, results and horses into SQLite.

    No credentials, no network: a local copy of The Racing API answers, with its real rate
    limits. Takes well under a minute.
    """
    from darkhorses.jobs.demo import run_demo, summary_dict

    settings_or_exit()
    console = Console()
    if not as_json:
        console.print(f"darkhorses demo: sandbox in-process, database [bold]{database}[/]")
    with progress_display(not as_json) as progress:
        result = run_demo(database, seed=seed, enrich_limit=enrich, progress=progress)
    if as_json:
        typer.echo(json.dumps(summary_dict(result), indent=2, default=str))
    else:
        print_summary(result, console)
    raise typer.Exit(result.report.exit_code)


def print_summary(result: DemoResult, console: Console) -> None:
    """Today's cards, yesterday's winners, what was stored, what it cost."""
    console.print()
    console.rule(f"Today's racing, {result.today:%A %d %B %Y} (UK times)")
    for n, (course, races) in enumerate(sorted(result.meetings.items())):
        if n == SHOW_MEETINGS:
            console.print(f"... and {len(result.meetings) - SHOW_MEETINGS} more meetings")
            break
        offs = "  ".join(r.off for r in races)
        runners = sum(r.runners for r in races)
        console.print(f"[bold]{course}[/] ({len(races)} races, {runners} runners): {offs}")
    if not result.meetings:
        console.print("no racing today")
    console.print()
    winners = Table(title="Yesterday's winners", title_justify="left")
    for column in ("course", "off", "winner", "SP", "jockey", "trainer"):
        winners.add_column(column, justify="right" if column == "SP" else "left")
    for w in result.winners[:SHOW_WINNERS]:
        winners.add_row(w.course, w.off, w.horse, w.sp, w.jockey, w.trainer)
    console.print(winners)
    if len(result.winners) > SHOW_WINNERS:
        console.print(f"... and {len(result.winners) - SHOW_WINNERS} more winners")
    console.print()
    stored = Table(title="In the database", title_justify="left")
    stored.add_column("table")
    stored.add_column("rows", justify="right")
    for name, count in result.table_rows.items():
        stored.add_row(name, f"{count:,}")
    console.print(stored)
    console.print(report_table(result.report))
    for note in result.notes:
        console.print(f"note: {note}", highlight=False)
    for error in result.report.errors[:10]:
        console.print(f"[red]problem[/]: {error}", highlight=False)
    console.print(
        f"{result.report.api_calls} API calls, {result.seconds:.1f} s. "
        f"Explore it: sqlite3 {result.database}",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the main application."""
    app.command("demo")(demo)
