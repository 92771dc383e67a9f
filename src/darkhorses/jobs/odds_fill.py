"""Post-race fill: minute-level price movement from ``/v1/odds/{race_id}/{horse_id}`` (Pro).

The live capture sees the prices at the moments it polls; after the off, the odds endpoint
gives each bookmaker's whole path (for races from 2025-03-17). For each runner of a finished
race that the capture priced and that has not been filled yet, within a budget of API calls
(``odds.fill_max_calls``, 0 = off), the runner's polled rows are replaced by the endpoint's
complete pre-off history (``source`` = ``odds_history``), in one transaction per runner. A
filled runner is never fetched again; a runner whose answer holds no history keeps its rows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.api import ApiError, NotFound, RacingApiClient
from darkhorses.api.models.odds import RaceRunnerOdds
from darkhorses.api.plans import allows
from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs.report import JobReport
from darkhorses.store.schema.odds import ra_odds_history, ra_odds_live
from darkhorses.store.writer import upsert
from darkhorses.transform.odds import ODDS_HISTORY, bookmaker_of, parse_price
from darkhorses.transform.values import to_utc

JOB = "odds_fill"


def runners_to_fill(conn: sa.Connection, day: date, now: datetime) -> list[sa.Row[Any]]:
    """Runners of ``day`` the capture priced, off before ``now``, without the endpoint's path."""
    live, hist = ra_odds_live, ra_odds_history
    filled = (
        sa.select(hist.c.race_id, hist.c.horse_id)
        .where(hist.c.race_date == day, hist.c.source == ODDS_HISTORY)
        .distinct()
        .subquery()
    )
    query = (
        sa.select(
            live.c.race_id,
            live.c.horse_id,
            sa.func.min(live.c.off_dt).label("off_dt"),
            sa.func.max(sa.case((live.c.is_withdrawn.is_(True), 1), else_=0)).label("withdrawn"),
        )
        .outerjoin(
            filled,
            sa.and_(filled.c.race_id == live.c.race_id, filled.c.horse_id == live.c.horse_id),
        )
        .where(live.c.race_date == day, live.c.off_dt < now, filled.c.race_id.is_(None))
        .group_by(live.c.race_id, live.c.horse_id)
        .order_by(sa.func.min(live.c.off_dt), live.c.race_id, live.c.horse_id)
    )
    return list(conn.execute(query))


def history_rows(
    body: Any,
    race_id: str,
    horse_id: str,
    day: date,
    off_dt: datetime,
    non_runner: bool,
    observed_at: datetime,
) -> list[dict[str, Any]]:
    """``ra_odds_history`` rows from an odds-endpoint body: every pre-off change."""
    odds = RaceRunnerOdds.model_validate(body)
    rows: list[dict[str, Any]] = []
    for book in odds.odds:
        name, book_id = bookmaker_of(book.bookmaker)
        if name is None or book_id is None:
            continue
        places, denom = _int(book.ew_places), _int(book.ew_denom)
        for change in book.history:
            changed_at = to_utc(change.changed_at)
            if changed_at is None or changed_at >= off_dt:
                continue
            price = parse_price(change.fractional, change.decimal, non_runner=non_runner)
            rows.append(
                {
                    "race_id": race_id,
                    "horse_id": horse_id,
                    "bookmaker_id": book_id,
                    "changed_at": changed_at,
                    "race_date": day,
                    "bookmaker": name,
                    "fractional": price.fractional,
                    "decimal": price.decimal,
                    "fractional_raw": price.fractional_raw,
                    "decimal_raw": price.decimal_raw,
                    "is_sp": price.is_sp,
                    "is_withdrawn": price.is_withdrawn,
                    "ew_places": places,
                    "ew_denom": denom,
                    "observed_at": observed_at,
                    "source": ODDS_HISTORY,
                }
            )
    return rows


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.strip().isdigit() else None


def fill_day(
    engine: sa.Engine, client: RacingApiClient, day: date, clock: Clock, max_calls: int
) -> JobReport:
    """Fill up to ``max_calls`` runners of ``day`` (oldest off first)."""
    report = JobReport(job=JOB, started_at=clock.now())
    if max_calls <= 0 or not allows(client.plan, "pro"):
        report.count("skipped_no_budget_or_plan")
        return report
    now = clock.now()
    with engine.connect() as conn:
        todo = runners_to_fill(conn, day, now)
    calls_before = client.metrics.snapshot()["calls"]
    for runner in todo[:max_calls]:
        try:
            body = client.odds(runner.race_id, runner.horse_id).body
        except NotFound:
            report.count("not_found")
            continue
        except ApiError as exc:
            report.fail(f"odds {runner.race_id}/{runner.horse_id}: {exc}")
            continue
        rows = history_rows(
            body, runner.race_id, runner.horse_id, day, runner.off_dt, bool(runner.withdrawn), now
        )
        if not rows:
            report.count("without_history")
            continue
        h = ra_odds_history
        with engine.begin() as conn:
            # The endpoint's path holds every change the polls saw, at the API's own minute.
            replaced = conn.execute(
                sa.delete(h).where(
                    h.c.race_id == runner.race_id,
                    h.c.horse_id == runner.horse_id,
                    h.c.source != ODDS_HISTORY,
                )
            ).rowcount
            counts = upsert(conn, h, rows, update_nulls=True)
        report.add_rows(h.name, counts.as_dict())
        report.count("runners_filled")
        report.count("polled_rows_replaced", max(replaced or 0, 0))
    report.count("runners_left", max(len(todo) - max_calls, 0))
    report.api_calls = client.metrics.snapshot()["calls"] - calls_before
    report.finished_at = clock.now()
    return report


def run(
    settings: Settings, *, engine: sa.Engine, client: RacingApiClient, clock: Clock
) -> JobReport:
    """The service's entry point: today's finished races, within ``odds.fill_max_calls``."""
    return fill_day(engine, client, clock.today_uk(), clock, settings.odds.fill_max_calls)
