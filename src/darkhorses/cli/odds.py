"""`darkhorses odds`: live price capture, prices N minutes before the off, final odds."""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from darkhorses.cli.sync import fail, finish, parse_day, settings_or_exit
from darkhorses.jobs.report import JobReport

odds_app = typer.Typer(
    help="Bookmaker odds: live capture with full price history, prices before the off, "
    "final odds with returns.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the odds commands to the main application."""
    app.add_typer(odds_app, name="odds")


@contextmanager
def _context(with_client: bool = True) -> Iterator[Any]:
    """An open job context; database and API problems end the command with one clear line."""
    import sqlalchemy as sa

    from darkhorses.api import ApiError
    from darkhorses.jobs.context import JobContext
    from darkhorses.store.engine import DatabaseURLError, redact_url

    settings = settings_or_exit()
    try:
        with JobContext.open(settings, with_client=with_client) as ctx:
            yield ctx
    except DatabaseURLError as exc:
        fail(str(exc))
    except sa.exc.SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        fail(f"database {redact_url(settings.database.url)}: {reason}")
    except ApiError as exc:
        fail(str(exc))


def _recorded(ctx: Any, job: str, work: Callable[[int], JobReport]) -> JobReport:
    """Run ``work(run_id)`` as one ``dh_runs`` row."""
    from darkhorses.jobs.runs import close_run, open_run

    run_id = open_run(ctx.engine, job, ctx.clock.now(), trigger=ctx.trigger, params={})
    report = work(run_id)
    report.finished_at = report.finished_at or ctx.clock.now()
    close_run(ctx.engine, run_id, report)
    return report


@odds_app.command()
def live(
    once: bool = typer.Option(False, "--once", help="Run one cycle and exit."),
    as_json: bool = typer.Option(False, "--json", help="Print the cycle's report as JSON."),
) -> None:
    """Capture bookmaker prices: today's cards once per cycle, at a cadence set by the next off.

    Each price change becomes a row of ra_odds_history; ra_odds_live holds the current price.
    Without --once it runs until interrupted (Ctrl-C or SIGTERM ends it after the cycle).
    """
    from darkhorses.jobs.odds_live import JOB, run_cycle

    with _context() as ctx:

        def cycle(run_id: int) -> JobReport:
            return run_cycle(
                ctx.settings, engine=ctx.engine, client=ctx.api, clock=ctx.clock, run_id=run_id
            )

        if once:
            report = _recorded(ctx, JOB, cycle)
            finish(report, notes=[], as_json=as_json)
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        console = Console(stderr=True)
        while not stop.is_set():
            report = _recorded(ctx, JOB, cycle)
            wait = report.counts.get("next_run_in_s") or ctx.settings.odds.cadence_5m_s
            line = (
                f"{report.started_at:%H:%M:%S} {report.status.value}: "
                f"{report.counts['prices_seen']:,} prices, "
                f"{report.counts['prices_changed']:,} changed, "
                f"{report.counts['prices_new']:,} new; next in {wait}s"
            )
            if as_json:
                typer.echo(json.dumps(report.as_dict(), default=str))
            else:
                console.print(line, highlight=False)
            stop.wait(wait)


@odds_app.command("at")
def odds_at(
    minutes_before: float = typer.Option(
        10, "--minutes-before", help="Minutes before the off (e.g. 10, 60, 0.5)."
    ),
    day: str | None = typer.Option(None, "--date", help="Race date YYYY-MM-DD (default today)."),
    race_id: str | None = typer.Option(None, "--race", help="Only this race (rac_...)."),
    as_json: bool = typer.Option(False, "--json", help="Every bookmaker's price, as JSON."),
) -> None:
    """Each runner's price N minutes before the off: per bookmaker, and the best."""
    import sqlalchemy as sa

    from darkhorses.store.odds_queries import best_prices, prices_before_off
    from darkhorses.store.schema.racing import ra_mst_races, ra_mst_runners

    if minutes_before < 0:
        fail("--minutes-before must be 0 or more", code=2)
    with _context(with_client=False) as ctx:
        wanted = parse_day(day, "--date") or (None if race_id else ctx.clock.today_uk())
        with ctx.engine.begin() as conn:
            prices = prices_before_off(
                conn, minutes_before, day=wanted, race_ids=[race_id] if race_id else None
            )
            race_ids = sorted({p.race_id for p in prices})
            runners = ra_mst_runners
            names = {
                (r.race_id, r.horse_id): r.horse
                for r in conn.execute(
                    sa.select(runners.c.race_id, runners.c.horse_id, runners.c.horse).where(
                        runners.c.race_id.in_(race_ids)
                    )
                )
            }
            courses = dict(
                conn.execute(
                    sa.select(ra_mst_races.c.id, ra_mst_races.c.course).where(
                        ra_mst_races.c.id.in_(race_ids)
                    )
                ).all()
            )
    best = best_prices(prices)
    if as_json:
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for p in prices:
            entry = out.setdefault(
                (p.race_id, p.horse_id),
                {
                    "race_id": p.race_id,
                    "course": courses.get(p.race_id),
                    "off_dt": p.off_dt.isoformat(),
                    "horse_id": p.horse_id,
                    "horse": names.get((p.race_id, p.horse_id)),
                    "minutes_before": minutes_before,
                    "best": None,
                    "bookmakers": {},
                },
            )
            entry["bookmakers"][p.bookmaker_id] = {
                "fractional": p.fractional,
                "decimal": str(p.decimal) if p.decimal is not None else None,
                "sp": p.is_sp,
                "withdrawn": p.is_withdrawn,
                "since": p.changed_at.isoformat(),
            }
        for key, b in best.items():
            out[key]["best"] = {
                "decimal": str(b.decimal),
                "fractional": b.fractional,
                "bookmaker_id": b.bookmaker_id,
            }
        typer.echo(json.dumps(list(out.values()), indent=2))
        return
    _print_best(prices, best, names, courses, minutes_before)


def _print_best(
    prices: list[Any],
    best: dict[tuple[str, str], Any],
    names: dict[Any, str],
    courses: dict[str, str],
    minutes_before: float,
) -> None:
    from darkhorses.transform.values import UK

    console = Console()
    if not prices:
        console.print(f"No prices recorded {minutes_before:g} minutes before any off.")
        return
    table = Table(title=f"Prices {minutes_before:g} minutes before the off")
    for column in ("off", "course", "horse", "best", "decimal", "bookmaker", "books"):
        table.add_column(column)
    seen: set[tuple[str, str]] = set()
    for p in prices:
        key = (p.race_id, p.horse_id)
        if key in seen:
            continue
        seen.add(key)
        b = best.get(key)
        table.add_row(
            p.off_dt.astimezone(UK).strftime("%H:%M"),
            courses.get(p.race_id) or p.race_id,
            names.get(key) or p.horse_id,
            (b.fractional or "") if b else "-",
            str(b.decimal.normalize()) if b else "-",
            b.bookmaker_id if b else "-",
            str(b.bookmakers) if b else "0",
        )
    console.print(table)


@odds_app.command()
def final(
    day: str | None = typer.Option(
        None, "--date", help="Race date YYYY-MM-DD (default: yesterday and today)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Final odds of races with a result: SP, BSP, market summary and 1-unit returns."""
    from darkhorses.jobs.odds_final import JOB, compute_final_odds

    with _context(with_client=False) as ctx:
        wanted = parse_day(day, "--date")
        today = ctx.clock.today_uk()
        days: list[date] = [wanted] if wanted else [today - timedelta(days=1), today]

        def work(_run_id: int) -> JobReport:
            return compute_final_odds(ctx.engine, days, ctx.clock)

        report = _recorded(ctx, JOB, work)
    finish(report, notes=[], as_json=as_json)


@odds_app.command()
def fill(
    day: str | None = typer.Option(None, "--date", help="Race date YYYY-MM-DD (default today)."),
    max_calls: int | None = typer.Option(
        None, "--max-calls", help="API calls to spend (default: odds.fill_max_calls)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Pro: replace finished races' polled prices with their minute-level price history."""
    from darkhorses.jobs.odds_fill import JOB, fill_day

    with _context() as ctx:
        wanted = parse_day(day, "--date") or ctx.clock.today_uk()
        budget = ctx.settings.odds.fill_max_calls if max_calls is None else max_calls

        def work(_run_id: int) -> JobReport:
            return fill_day(ctx.engine, ctx.api, wanted, ctx.clock, budget)

        report = _recorded(ctx, JOB, work)
    finish(report, notes=[], as_json=as_json)
