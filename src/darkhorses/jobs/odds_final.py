"""Final odds: one ``ra_odds_historical`` row per runner of each race with a result.

Reads the runners' results (``ra_mst_runners``: position, SP, BSP, non-runner) and the race's
pre-off prices (``ra_odds_history``), computes the figures with
:func:`darkhorses.transform.odds.final_odds`, and writes only the rows whose figures changed,
one transaction per race day: running it twice writes nothing the second time. Races before
the odds era still get their SP and BSP figures; their price columns stay empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs.report import JobReport
from darkhorses.store.schema.odds import ra_odds_historical, ra_odds_history
from darkhorses.store.schema.racing import ra_mst_races, ra_mst_runners
from darkhorses.store.writer import upsert
from darkhorses.transform.odds import (
    PriceObservation,
    RunnerOutcome,
    final_odds,
    is_exchange,
)

JOB = "odds_final"
# Figures compared to decide whether a stored row needs rewriting (not the computed time).
_IGNORED = frozenset({"computed_at"})


def _races(conn: sa.Connection, day: date) -> list[sa.Row[Any]]:
    r = ra_mst_races
    query = (
        sa.select(r.c.id, r.c.date, r.c.off_dt)
        .where(r.c.date == day, r.c.has_result.is_(True))
        .order_by(r.c.off_dt, r.c.id)
    )
    return list(conn.execute(query))


def _runners(conn: sa.Connection, race_ids: list[str]) -> dict[str, list[RunnerOutcome]]:
    t = ra_mst_runners
    out: dict[str, list[RunnerOutcome]] = {}
    for start in range(0, len(race_ids), 500):
        query = sa.select(
            t.c.race_id,
            t.c.horse_id,
            t.c.position,
            t.c.is_non_runner,
            t.c.sp,
            t.c.sp_dec,
            t.c.is_favourite,
            t.c.bsp,
        ).where(t.c.race_id.in_(race_ids[start : start + 500]))
        for row in conn.execute(query):
            out.setdefault(row.race_id, []).append(
                RunnerOutcome(
                    horse_id=row.horse_id,
                    position=row.position,
                    is_non_runner=bool(row.is_non_runner),
                    sp=row.sp,
                    sp_dec=row.sp_dec,
                    is_favourite=row.is_favourite,
                    bsp=row.bsp,
                )
            )
    return out


def _observations(conn: sa.Connection, day: date) -> dict[str, list[PriceObservation]]:
    h = ra_odds_history
    query = sa.select(
        h.c.race_id,
        h.c.horse_id,
        h.c.bookmaker_id,
        h.c.bookmaker,
        h.c.changed_at,
        h.c.decimal,
        h.c.ew_places,
        h.c.ew_denom,
    ).where(h.c.race_date == day)
    exchange: dict[str, bool] = {}
    out: dict[str, list[PriceObservation]] = {}
    for row in conn.execute(query):
        name = row.bookmaker or row.bookmaker_id
        if name not in exchange:
            exchange[name] = is_exchange(name)
        out.setdefault(row.race_id, []).append(
            PriceObservation(
                horse_id=row.horse_id,
                bookmaker_id=row.bookmaker_id,
                changed_at=row.changed_at,
                decimal=row.decimal,
                ew_places=row.ew_places,
                ew_denom=row.ew_denom,
                is_exchange=exchange[name],
            )
        )
    return out


def _stored(conn: sa.Connection, day: date) -> dict[tuple[str, str], dict[str, Any]]:
    t = ra_odds_historical
    rows = conn.execute(sa.select(t).where(t.c.race_date == day)).mappings()
    return {(r["race_id"], r["horse_id"]): dict(r) for r in rows}


def _differs(row: dict[str, Any], stored: dict[str, Any] | None) -> bool:
    if stored is None:
        return True
    return any(stored.get(k) != v for k, v in row.items() if k not in _IGNORED)


def final_odds_day(conn: sa.Connection, day: date, now: datetime, report: JobReport) -> int:
    """Compute and store the final odds of one race day; returns the rows written."""
    races = _races(conn, day)
    if not races:
        return 0
    runners = _runners(conn, [r.id for r in races])
    prices = _observations(conn, day)
    stored = _stored(conn, day)
    rows: list[dict[str, Any]] = []
    for race in races:
        field = runners.get(race.id, [])
        if not field:
            report.count("races_without_runners")
            continue
        for row in final_odds(race.id, race.date, race.off_dt, field, prices.get(race.id, []), now):
            if _differs(row, stored.get((row["race_id"], row["horse_id"]))):
                rows.append(row)
        report.count("races")
        report.count("runners", len(field))
    counts = upsert(conn, ra_odds_historical, rows, update_nulls=True)
    report.add_rows(ra_odds_historical.name, counts.as_dict())
    return counts.changed


def compute_final_odds(engine: sa.Engine, days: Iterable[date], clock: Clock) -> JobReport:
    """Final odds for each of ``days`` (one transaction per day)."""
    report = JobReport(job=JOB, started_at=clock.now())
    for day in days:
        with engine.begin() as conn:
            final_odds_day(conn, day, clock.now(), report)
    report.finished_at = clock.now()
    return report


def run(settings: Settings, *, engine: sa.Engine, client: Any = None, clock: Clock) -> JobReport:
    """The service's entry point: yesterday's and today's races (no API calls)."""
    today = clock.today_uk()
    return compute_final_odds(engine, [today - timedelta(days=1), today], clock)
