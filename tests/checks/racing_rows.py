"""A small, sound racing database for the check tests: every quality check passes on it.

One Irish course, two bookmakers (fixed and exchange), four horses, a finished race (three ran:
a winner, the 6/4 favourite second, one pulled up; one non-runner) and tomorrow's card with a
complete book from each bookmaker; and the runs that wrote them an hour before ``NOW``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.service import runs
from darkhorses.store.schema import metadata

NOW = datetime(2025, 10, 14, 18, 0, tzinfo=UTC)
TODAY = date(2025, 10, 14)
TOMORROW = TODAY + timedelta(days=1)


def _race(race_id: str, day: date, off_hour: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": race_id,
        "course_id": "crs_1",
        "course": "Leopardstown",
        "date": day,
        "off_time": f"{off_hour - 12}:30",
        "off_dt": datetime(day.year, day.month, day.day, off_hour, 30, tzinfo=UTC),
        "race_name": f"Race {race_id}",
        "region": "IRE",
        "type": "Flat",
        **extra,
    }


def _runner(race_id: str, horse_id: str, number: int | None, **extra: Any) -> dict[str, Any]:
    return {
        "race_id": race_id,
        "horse_id": horse_id,
        "horse": f"Horse {horse_id[-1]}",
        "number": number,
        "jockey_id": f"jky_{horse_id[-1]}",
        "trainer_id": f"trn_{horse_id[-1]}",
        "is_non_runner": number is None,
        **extra,
    }


def _result(runner: dict[str, Any]) -> dict[str, Any]:
    return {
        "race_id": runner["race_id"],
        "horse_id": runner["horse_id"],
        "date": TODAY,
        "off_dt": datetime(2025, 10, 14, 14, 30, tzinfo=UTC),
        "region": "IRE",
        "course_id": "crs_1",
        "course": "Leopardstown",
        "horse": runner["horse"],
        "position": runner["position"],
        "position_raw": runner["position_raw"],
        "sp": runner["sp"],
        "sp_dec": runner["sp_dec"],
        "is_favourite": runner["is_favourite"],
    }


def _price(race_id: str, horse_id: str, bookmaker_id: str, decimal: float) -> dict[str, Any]:
    return {
        "race_id": race_id,
        "horse_id": horse_id,
        "bookmaker_id": bookmaker_id,
        "race_date": TOMORROW,
        "decimal": decimal,
        "first_observed_at": NOW - timedelta(hours=2),
        "observed_at": NOW - timedelta(hours=1),
    }


FINISHED = [
    _runner(
        "rac_1", "hrs_1", 1, position=1, position_raw="1", sp="2/1", sp_dec=3.0, is_favourite=False
    ),
    _runner(
        "rac_1",
        "hrs_2",
        2,
        position=2,
        position_raw="2",
        sp="6/4F",
        sp_dec=2.5,
        is_favourite=True,
        favourite_mark="F",
    ),
    _runner(
        "rac_1",
        "hrs_3",
        3,
        position=None,
        position_raw="PU",
        sp="5/1",
        sp_dec=6.0,
        is_favourite=False,
    ),
    _runner("rac_1", "hrs_4", None),
]

ROWS: dict[str, list[dict[str, Any]]] = {
    "ra_mst_courses": [
        {"id": "crs_1", "name": "Leopardstown", "region_code": "IRE", "region": "Ireland"}
    ],
    "ra_mst_bookmakers": [
        {"id": "bet365", "name": "Bet365", "type": "fixed"},
        {"id": "betfair-exchange", "name": "Betfair Exchange", "type": "exchange"},
    ],
    "ra_mst_horses": [
        {"id": f"hrs_{n}", "name": f"Horse {n}", "region": "IRE", "dob": date(2020, 4, n)}
        for n in range(1, 5)
    ],
    "ra_mst_jockeys": [{"id": f"jky_{n}", "name": f"Jockey {n}"} for n in range(1, 5)],
    "ra_mst_trainers": [{"id": f"trn_{n}", "name": f"Trainer {n}"} for n in range(1, 5)],
    "ra_mst_races": [
        _race("rac_1", TODAY, 14, field_size=3, has_result=True),
        _race("rac_2", TOMORROW, 15, field_size=2, has_result=False),
    ],
    "ra_mst_runners": [
        *FINISHED,
        _runner("rac_2", "hrs_1", 1),
        _runner("rac_2", "hrs_2", 2),
    ],
    "ra_mst_race_results": [_result(r) for r in FINISHED if r["number"] is not None],
    "ra_odds_live": [
        _price("rac_2", "hrs_1", "bet365", 1.6),
        _price("rac_2", "hrs_2", "bet365", 2.4),
        _price("rac_2", "hrs_1", "betfair-exchange", 1.9),
        _price("rac_2", "hrs_2", "betfair-exchange", 2.1),
    ],
}

# Which run wrote which tables (freshness reads the run log for tables without a write time).
WRITERS = {
    "masters": ["ra_mst_courses", "ra_mst_bookmakers"],
    "racecards": ["ra_mst_races", "ra_mst_runners", "ra_mst_horses"],
    "results": ["ra_mst_races", "ra_mst_runners", "ra_mst_race_results"],
}


def record_run(
    engine: sa.Engine, job: str, at: datetime, tables: list[str], *, failed: bool = False
) -> None:
    """A finished run of ``job`` at ``at`` that wrote ``tables``."""
    report = JobReport(job=job, finished_at=at)
    for name in tables:
        report.add_rows(name, {"unchanged": 1})
    if failed:
        report.fail("the API said no")
        report.status = RunStatus.FAILED
    with engine.begin() as conn:
        runs.finish_run(conn, runs.start_run(conn, job, at), report)


def seed(engine: sa.Engine) -> None:
    """Write the sound database."""
    with engine.begin() as conn:
        for name, rows in ROWS.items():
            table = metadata.tables[name]
            columns = {c for row in rows for c in row}
            conn.execute(sa.insert(table), [{c: row.get(c) for c in columns} for row in rows])
    for job, tables in WRITERS.items():
        record_run(engine, job, NOW - timedelta(hours=1), tables)
