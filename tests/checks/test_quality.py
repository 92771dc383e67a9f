"""`quality`: each check passes on sound data, fails when its condition is broken, passes again
when repaired; on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from darkhorses.checks.quality import run_quality
from darkhorses.checks.result import Status
from darkhorses.store.schema import metadata
from tests.checks.racing_rows import NOW, WRITERS, record_run

T = metadata.tables


def _statuses(engine, settings, clock) -> dict[str, Status]:
    return {c.name: c.status for c in run_quality(engine, settings, clock=clock)}


def test_sound_data_passes_every_check(seeded, settings, clock) -> None:
    checks = run_quality(seeded, settings, clock=clock)
    bad = [(c.name, c.message) for c in checks if c.status in (Status.WARN, Status.FAIL)]
    assert bad == []
    names = {c.name for c in checks}
    assert {"row_counts", "racing:one_winner", "racing:overround", "duplicates:courses"} <= names


def _update(
    table: str, where: dict[str, object], **values: object
) -> Callable[[sa.Connection], None]:
    t = T[table]

    def run(conn: sa.Connection) -> None:
        conn.execute(sa.update(t).where(*(t.c[k] == v for k, v in where.items())).values(**values))

    return run


def _insert(table: str, **values: object) -> Callable[[sa.Connection], None]:
    return lambda conn: conn.execute(sa.insert(T[table]).values(**values))


def _all(*steps: Callable[[sa.Connection], None]) -> Callable[[sa.Connection], None]:
    def run(conn: sa.Connection) -> None:
        for step in steps:
            step(conn)

    return run


def _delete(table: str, **where: object) -> Callable[[sa.Connection], None]:
    t = T[table]
    return lambda conn: conn.execute(sa.delete(t).where(*(t.c[k] == v for k, v in where.items())))


@dataclass(frozen=True)
class Case:
    check: str
    breaks: Callable[[sa.Connection], None]
    repairs: Callable[[sa.Connection], None]
    status: Status = Status.FAIL


R1H1 = {"race_id": "rac_1", "horse_id": "hrs_1"}
R1H2 = {"race_id": "rac_1", "horse_id": "hrs_2"}
CASES = {
    "required field blank": Case(
        "required:ra_mst_races",
        _update("ra_mst_races", {"id": "rac_1"}, race_name="  "),
        _update("ra_mst_races", {"id": "rac_1"}, race_name="Race rac_1"),
    ),
    "foreign race stored": Case(
        "regions:ra_mst_races",
        _update("ra_mst_races", {"id": "rac_2"}, region="FR"),
        _update("ra_mst_races", {"id": "rac_2"}, region="IRE"),
    ),
    "race without course": Case(
        "orphans:races_without_course",
        _update("ra_mst_races", {"id": "rac_2"}, course_id="crs_404"),
        _update("ra_mst_races", {"id": "rac_2"}, course_id="crs_1"),
    ),
    "runner without horse": Case(
        "orphans:runners_without_horse",
        _delete("ra_mst_horses", id="hrs_3"),
        _insert("ra_mst_horses", id="hrs_3", name="Horse 3", region="IRE"),
    ),
    "price from an unknown bookmaker": Case(
        "orphans:odds_without_bookmaker",
        _delete("ra_mst_bookmakers", id="bet365"),
        _insert("ra_mst_bookmakers", id="bet365", name="Bet365", type="fixed"),
    ),
    "course under a second id": Case(
        "duplicates:courses",
        _insert("ra_mst_courses", id="crs_9", name=" LEOPARDSTOWN", region_code="IRE"),
        _delete("ra_mst_courses", id="crs_9"),
    ),
    "bookmaker under a second id": Case(
        "duplicates:bookmakers",
        _insert("ra_mst_bookmakers", id="bet-365", name="Bet 365", type="fixed"),
        _delete("ra_mst_bookmakers", id="bet-365"),
    ),
    "saddle cloth used twice": Case(
        "duplicates:saddle_cloths",
        _update("ra_mst_runners", R1H2, number=1),
        _update("ra_mst_runners", R1H2, number=2),
    ),
    "two winners, no dead heat": Case(
        "racing:one_winner",
        _update("ra_mst_runners", R1H2, position=1, position_raw="1"),
        # A dead heat is a result, not an error.
        _update("ra_mst_runners", {"race_id": "rac_1", "position": 1}, is_dead_heat=True),
    ),
    "no winner": Case(
        "racing:one_winner",
        _update("ra_mst_runners", R1H1, position=None, position_raw="UR"),
        _update("ra_mst_runners", R1H1, position=1, position_raw="1"),
    ),
    "field does not add up": Case(
        "racing:field_size",
        _update("ra_mst_races", {"id": "rac_1"}, field_size=4),
        _update("ra_mst_races", {"id": "rac_1"}, field_size=3),
    ),
    "card field does not add up": Case(
        "racing:field_size",
        _delete("ra_mst_runners", race_id="rac_2", horse_id="hrs_2"),
        _insert("ra_mst_runners", race_id="rac_2", horse_id="hrs_2", horse="Horse 2", number=2),
    ),
    "runner without a position": Case(
        "racing:positions",
        _update("ra_mst_runners", {"race_id": "rac_1", "horse_id": "hrs_3"}, position_raw=None),
        _update("ra_mst_runners", {"race_id": "rac_1", "horse_id": "hrs_3"}, position_raw="PU"),
    ),
    "favourite mark on a longer price": Case(
        "racing:sp_favourites",
        _update("ra_mst_runners", R1H1, is_favourite=True),
        _update("ra_mst_runners", R1H1, is_favourite=False),
    ),
    "shortest price without the mark": Case(
        "racing:sp_favourites",
        _update("ra_mst_runners", R1H2, is_favourite=False),
        _update("ra_mst_runners", R1H2, is_favourite=True),
    ),
    "book far over 100%": Case(
        "racing:overround",
        _update("ra_odds_live", {"race_id": "rac_2", "bookmaker_id": "bet365"}, decimal=1.1),
        _all(
            _update("ra_odds_live", {"horse_id": "hrs_1", "bookmaker_id": "bet365"}, decimal=1.6),
            _update("ra_odds_live", {"horse_id": "hrs_2", "bookmaker_id": "bet365"}, decimal=2.4),
        ),
        Status.WARN,
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_broken_check_fails_and_passes_when_repaired(seeded, settings, clock, case) -> None:
    with seeded.begin() as conn:
        case.breaks(conn)
    broken = _statuses(seeded, settings, clock)
    assert broken[case.check] is case.status
    with seeded.begin() as conn:
        case.repairs(conn)
    assert _statuses(seeded, settings, clock)[case.check] is Status.OK


def test_a_stale_table_fails_until_written_again(seeded, settings, clock) -> None:
    assert _statuses(seeded, settings, clock)["freshness:ra_mst_races"] is Status.OK
    clock.advance(hours=30)  # the threshold for races is 30 hours; written 31 hours ago now
    check = {c.name: c for c in run_quality(seeded, settings, clock=clock)}[
        "freshness:ra_mst_races"
    ]
    assert check.status is Status.FAIL and check.figure == 31
    assert "threshold 30 h" in check.message
    # A failed run does not refresh it; a successful one does.
    record_run(seeded, "racecards", clock.now(), WRITERS["racecards"], failed=True)
    assert _statuses(seeded, settings, clock)["freshness:ra_mst_races"] is Status.FAIL
    record_run(seeded, "racecards", clock.now(), WRITERS["racecards"])
    assert _statuses(seeded, settings, clock)["freshness:ra_mst_races"] is Status.OK


def test_an_empty_database_warns(engine, settings, clock) -> None:
    checks = {c.name: c for c in run_quality(engine, settings, clock=clock)}
    assert checks["row_counts"].status is Status.WARN
    assert "ra_mst_races" in checks["row_counts"].message
    assert checks["freshness:ra_mst_races"].status is Status.WARN  # never written
    assert checks["racing:one_winner"].status is Status.OK  # nothing to judge is no error


def test_counts_cover_every_row(seeded, settings, clock) -> None:
    """No row cap: thousands of offending rows are all counted, a few shown."""
    runners = T["ra_mst_runners"]
    with seeded.begin() as conn:
        conn.execute(
            sa.insert(T["ra_mst_races"]),
            [
                {"id": f"rac_x{n}", "course_id": "crs_1", "date": NOW.date(), "region": "IRE"}
                for n in range(1500)
            ],
        )
        conn.execute(
            sa.insert(runners),
            [
                {"race_id": f"rac_x{n}", "horse_id": "hrs_1", "horse": "Horse 1"}
                for n in range(1500)
            ],
        )
    checks = {c.name: c for c in run_quality(seeded, settings, clock=clock)}
    required = checks["required:ra_mst_races"]
    assert required.status is Status.FAIL and required.figure == 1500
    assert len(required.details["examples"]) == 5
    assert required.details["missing"]["off_dt"] == 1500
