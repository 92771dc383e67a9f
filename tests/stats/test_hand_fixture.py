"""A hand-built fixture whose figures were worked out by hand: dead heat, non-runner, pulled-up,
joint favourites, an Evens SP, a missing SP, an Irish race without class, Good To Soft going."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal as D
from typing import Any

import pytest
import sqlalchemy as sa

from darkhorses.clock import Clock
from darkhorses.config import StatsSettings
from darkhorses.stats.compute import compute
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine
from darkhorses.store.schema import metadata
from darkhorses.store.writer import upsert
from tests.stats.conftest import module_database

AS_OF = date(2025, 3, 25)
SETTINGS = StatsSettings(min_bucket_runs=2, min_combo_runs=2)
T = metadata.tables


def _race(
    rid: str,
    day: date,
    hour: int,
    course: str,
    region: str,
    kind: str,
    klass: Any,
    yards: int,
    going: str,
    surface: str,
    time: Any,
) -> dict[str, Any]:
    return {
        "id": rid,
        "date": day,
        "off_dt": datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
        "course_id": course,
        "region": region,
        "type": kind,
        "race_class": klass,
        "distance_y": yards,
        "going": going,
        "surface": surface,
        "winning_time_s": time,
    }


RACES = [
    _race(
        "rac_1",
        date(2025, 3, 1),
        13,
        "crs_a",
        "GB",
        "Flat",
        "Class 4",
        1320,
        "Good To Soft",
        "Turf",
        D("75.00"),
    ),
    _race(
        "rac_2",
        date(2025, 3, 10),
        14,
        "crs_b",
        "IRE",
        "Hurdle",
        None,
        3520,
        "Yielding",
        "Turf",
        D("240.00"),
    ),
    _race(
        "rac_3",
        date(2025, 3, 20),
        15,
        "crs_a",
        "GB",
        "Flat",
        "Class 6",
        1430,
        "Standard To Slow",
        "AW",
        D("90.00"),
    ),
    _race(
        "rac_4", date(2025, 4, 1), 16, "crs_a", "GB", "Flat", "Class 4", 1320, "Good", "Turf", None
    ),
]


def _runner(
    race: str,
    horse: str,
    jockey: str,
    trainer: str,
    owner: str,
    raw: str | None,
    sp: str | None,
    sp_dec: str | None,
    bsp: str | None = None,
) -> dict[str, Any]:
    position = int(raw.rstrip("=")) if raw and raw.rstrip("=").isdigit() else None
    status = None if raw is None else ("finished" if position else raw)
    return {
        "race_id": race,
        "horse_id": horse,
        "jockey_id": jockey,
        "trainer_id": trainer,
        "owner_id": owner,
        "position_raw": raw,
        "position": position,
        "position_status": status,
        "is_dead_heat": bool(raw and raw.endswith("=")),
        "is_non_runner": raw == "NR",
        "sp": sp,
        "sp_dec": D(sp_dec) if sp_dec else None,
        "bsp": D(bsp) if bsp else None,
        "is_favourite": bool(sp and sp.endswith(("F", "J"))),
    }


RUNNERS = [
    _runner("rac_1", "hrs_1", "jky_1", "trn_1", "own_1", "1=", "2/1", "3.00"),  # dead heat
    _runner("rac_1", "hrs_2", "jky_2", "trn_1", "own_1", "1=", "4/1", "5.00"),  # dead heat
    _runner("rac_1", "hrs_3", "jky_3", "trn_2", "own_2", "3", "EvensJ", "2.00"),  # joint fav
    _runner("rac_1", "hrs_4", "jky_4", "trn_2", "own_2", "4", "EvensJ", "2.00"),  # joint fav
    _runner("rac_1", "hrs_5", "jky_5", "trn_2", "own_2", "NR", None, None),  # non-runner
    _runner("rac_2", "hrs_1", "jky_1", "trn_1", "own_1", "PU", "5/1", "6.00"),  # pulled up
    _runner("rac_2", "hrs_3", "jky_3", "trn_2", "own_2", "1", "EvensF", "2.00"),
    _runner("rac_2", "hrs_6", "jky_2", "trn_1", "own_3", "2", None, None),  # missing SP
    _runner("rac_2", "hrs_4", "jky_4", "trn_2", "own_2", "3", "3/1", "4.00"),
    _runner("rac_3", "hrs_1", "jky_1", "trn_1", "own_1", "2", "5/2", "3.50", "4.20"),
    _runner("rac_3", "hrs_2", "jky_2", "trn_1", "own_1", "1", "3/1", "4.00", "5.50"),
    _runner("rac_3", "hrs_5", "jky_3", "trn_2", "own_2", "3", "7/1", "8.00", "9.00"),
    _runner("rac_4", "hrs_1", "jky_1", "trn_1", "own_1", None, None, None),  # still to run
    _runner("rac_4", "hrs_2", "jky_2", "trn_1", "own_1", None, None, None),
]
HORSES = [
    {"id": h, "sire_id": s, "dam_id": d, "damsire_id": ds}
    for h, s, d, ds in (
        ("hrs_1", "sir_1", "dam_1", "dsi_1"),
        ("hrs_2", "sir_1", "dam_2", "dsi_1"),
        ("hrs_3", "sir_2", "dam_3", "dsi_2"),
        ("hrs_4", "sir_2", "dam_4", "dsi_1"),
        ("hrs_5", "sir_1", "dam_5", "dsi_2"),
    )
]


def _filled(url: str) -> sa.Engine:
    eng = make_engine(url)
    migrate.upgrade(eng)
    with eng.begin() as conn:
        upsert(conn, T["ra_mst_races"], RACES)
        upsert(conn, T["ra_mst_horses"], HORSES)
        upsert(conn, T["ra_mst_runners"], RUNNERS)
    return eng


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """The fixture in a fresh database of its own (for tests that change it)."""
    eng = _filled(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def computed(request: pytest.FixtureRequest, tmp_path_factory: Any) -> Iterator[sa.Engine]:
    """The fixture with its statistics computed, shared by the tests that only read."""
    with module_database(request, tmp_path_factory) as url:
        eng = _filled(url)
        try:
            _compute(eng)
            yield eng
        finally:
            eng.dispose()


def _compute(engine: sa.Engine, full: bool = True) -> dict[str, int]:
    clock = Clock(datetime(2025, 3, 25, 12, tzinfo=UTC))
    report = compute(engine, "all", full, AS_OF, settings=SETTINGS, clock=clock)
    assert report.status.value == "success", report.errors
    return dict(report.counts)


def _row(engine: sa.Engine, table: str, **key: Any) -> dict[str, Any]:
    t = T[table]
    with engine.connect() as conn:
        row = conn.execute(sa.select(t).filter_by(**key)).mappings().one()
    return dict(row)


def _check(row: dict[str, Any], expected: dict[str, Any]) -> None:
    assert {k: row[k] for k in expected} == expected


def _zeros(prefixes: list[str]) -> dict[str, int]:
    return {f"{p}_{n}": 0 for p in prefixes for n in ("runs", "wins", "seconds", "thirds")}


def test_jockeys(computed: sa.Engine) -> None:
    engine = computed
    j = {j: _row(engine, "ra_mst_jockeys", id=j) for j in ("jky_1", "jky_2", "jky_3", "jky_4")}
    _check(
        j["jky_1"],
        {
            "total_rides": 3,
            "total_wins": 1,
            "total_places": 2,
            "total_seconds": 1,
            "total_thirds": 0,
            "win_rate": D("0.3333"),
            "place_rate": D("0.6667"),
            "ae_index": D("1.2727"),
            "profit_loss_1u": D("-1.50"),
            "last_ride_date": date(2025, 3, 20),
            "last_win_date": date(2025, 3, 1),
            "days_since_last_ride": 5,
            "days_since_last_win": 24,
            "recent_14d_rides": 1,
            "recent_14d_wins": 0,
            "recent_14d_win_rate": D("0.0000"),
            "recent_14d_ae": D("0.0000"),
            "recent_30d_rides": 3,
            "recent_30d_wins": 1,
            "recent_30d_win_rate": D("0.3333"),
            "recent_30d_ae": D("1.2727"),
            "stats_as_of": AS_OF,
        },
    )
    _check(
        j["jky_2"],
        {
            "total_rides": 3,
            "total_wins": 2,
            "total_places": 3,
            "total_seconds": 1,
            "win_rate": D("0.6667"),
            "place_rate": D("1.0000"),
            "ae_index": D("4.4444"),
            "profit_loss_1u": D("4.50"),
            "days_since_last_win": 5,
            "recent_14d_ae": D("4.0000"),
        },
    )
    _check(
        j["jky_3"],
        {
            "total_rides": 3,
            "total_thirds": 2,
            "ae_index": D("0.8889"),
            "profit_loss_1u": D("-1.00"),
            "last_win_date": date(2025, 3, 10),
        },
    )
    _check(
        j["jky_4"],
        {
            "total_rides": 2,
            "total_wins": 0,
            "ae_index": D("0.0000"),
            "profit_loss_1u": D("-2.00"),
            "last_win_date": None,
            "days_since_last_win": None,
            "recent_14d_rides": 0,
            "recent_14d_win_rate": None,
            "recent_14d_ae": None,
        },
    )
    with engine.connect() as conn:  # a non-runner's jockey has no ride
        assert (
            conn.execute(sa.text("SELECT count(*) FROM ra_mst_jockeys WHERE id = 'jky_5'")).scalar()
            == 0
        )


def test_trainers_and_owners(computed: sa.Engine) -> None:
    engine = computed
    _check(
        _row(engine, "ra_mst_trainers", id="trn_1"),
        {
            "total_runners": 6,
            "total_wins": 3,
            "total_seconds": 2,
            "total_thirds": 0,
            "total_places": 5,
            "win_rate": D("0.5000"),
            "place_rate": D("0.8333"),
            "ae_index": D("2.4277"),
            "profit_loss_1u": D("3.00"),
        },
    )
    _check(
        _row(engine, "ra_mst_trainers", id="trn_2"),
        {"total_runners": 5, "total_wins": 1, "ae_index": D("0.5333")},
    )
    _check(_row(engine, "ra_mst_owners", id="own_1"), {"total_runners": 5, "total_horses": 2})
    _check(_row(engine, "ra_mst_owners", id="own_2"), {"total_runners": 5, "total_horses": 3})


def test_sire(computed: sa.Engine) -> None:
    engine = computed
    good_to_soft = {"runs": 3, "wins": 2, "ae": 2.8571}
    _check(
        _row(engine, "ra_mst_sires", id="sir_1"),
        {
            "total_progeny": 3,
            "total_runners": 6,
            "total_wins": 3,
            "total_places_2nd": 1,
            "total_places_3rd": 1,
            "overall_win_percent": D("50.0000"),
            "overall_ae_index": D("2.2047"),
            "profit_loss_1u": D("2.00"),
            "best_class": "Class 4",
            "best_class_ae": D("3.7500"),
            "best_distance": "Flat up to 6f",
            "best_distance_ae": D("3.7500"),
            "class_1_name": "Class 6",
            "class_1_runners": 3,
            "class_1_wins": 1,
            "class_1_win_percent": D("33.3333"),
            "class_1_ae": D("1.5135"),
            "class_2_name": "Class 4",
            "class_2_runners": 2,
            "class_2_wins": 2,
            "class_2_win_percent": D("100.0000"),
            "class_2_ae": D("3.7500"),
            "class_3_name": "Irish (no class)",
            "class_3_runners": 1,
            "class_3_wins": 0,
            "class_3_win_percent": D("0.0000"),
            "class_3_ae": D("0.0000"),
            "distance_1_name": "Flat 7f-1m",
            "distance_1_runners": 3,
            "distance_2_name": "Flat up to 6f",
            "distance_2_ae": D("3.7500"),
            "distance_3_name": "Jumps up to 2m3f",
            "distance_3_runners": 1,
            "going_breakdown": {
                "good_to_soft": good_to_soft,
                "standard_to_slow": {"runs": 3, "wins": 1, "ae": 1.5135},
            },
            "surface_breakdown": {
                "turf": good_to_soft,
                "all_weather": {"runs": 3, "wins": 1, "ae": 1.5135},
            },
            "data_quality_score": D("1.0000"),
        },
    )


def test_combinations(computed: sa.Engine) -> None:
    engine = computed
    _check(
        _row(engine, "ra_entity_combinations", jockey_id="jky_2", trainer_id="trn_1"),
        {
            "runs": 3,
            "wins": 2,
            "seconds": 1,
            "thirds": 0,
            "places": 3,
            "win_percent": D("66.667"),
            "place_percent": D("100.000"),
            "ae_index": D("4.4444"),
            "profit_loss_1u": D("4.50"),
            "profit_loss_bsp_1u": D("4.50"),
            "first_run_date": date(2025, 3, 1),
            "last_run_date": date(2025, 3, 20),
            "last_win_date": date(2025, 3, 20),
        },
    )
    _check(
        _row(engine, "ra_entity_combinations", jockey_id="jky_4", trainer_id="trn_2"),
        {
            "runs": 2,
            "wins": 0,
            "thirds": 1,
            "place_percent": D("50.000"),
            "profit_loss_1u": D("-2.00"),
            "profit_loss_bsp_1u": None,
            "last_win_date": None,
        },
    )
    with engine.connect() as conn:
        pairs = conn.execute(sa.text("SELECT count(*) FROM ra_entity_combinations")).scalar()
    assert pairs == 4  # jky_1/trn_1, jky_2/trn_1, jky_3/trn_2, jky_4/trn_2


def test_distance_and_venue(computed: sa.Engine) -> None:
    engine = computed
    _check(
        _row(
            engine,
            "ra_performance_by_distance",
            entity_type="horse",
            entity_id="hrs_1",
            distance_y=1320,
        ),
        {
            "distance_band": "Flat up to 6f",
            "runs": 1,
            "wins": 1,
            "win_percent": D("100.000"),
            "ae_index": D("3.0000"),
            "profit_loss_1u": D("0.50"),
            "profit_loss_bsp_1u": None,
            "best_winning_time_s": D("75.00"),
            "avg_winning_time_s": D("75.00"),
            "last_winning_time_s": D("75.00"),
            "going_breakdown": {"good_to_soft": {"runs": 1, "wins": 1, "ae": 3.0}},
        },
    )
    _check(
        _row(
            engine,
            "ra_performance_by_venue",
            entity_type="jockey",
            entity_id="jky_1",
            course_id="crs_a",
        ),
        {
            "runs": 2,
            "wins": 1,
            "seconds": 1,
            "thirds": 0,
            "places": 2,
            "win_percent": D("50.000"),
            "place_percent": D("100.000"),
            "ae_index": D("1.6154"),
            "profit_loss_1u": D("-0.50"),
            "profit_loss_bsp_1u": D("-1.00"),
            "first_run_date": date(2025, 3, 1),
            "last_run_date": date(2025, 3, 20),
            "last_win_date": date(2025, 3, 1),
            "best_winning_time_s": D("75.00"),
            "going_breakdown": {
                "good_to_soft": {"runs": 1, "wins": 1, "ae": 3.0},
                "standard_to_slow": {"runs": 1, "wins": 0, "ae": 0.0},
            },
        },
    )


def test_runner_statistics_are_point_in_time(computed: sa.Engine) -> None:
    engine = computed
    goings = [
        f"going_{g}"
        for g in (
            "firm",
            "good_to_firm",
            "good",
            "good_to_soft",
            "soft",
            "heavy",
            "standard",
            "standard_to_slow",
            "slow",
        )
    ]
    everything = [
        "career",
        "course",
        "course_distance",
        "distance",
        *goings,
        "all_weather",
        "jumps",
        "jockey",
        "last_10",
        "last_12_months",
    ]

    def counts(prefix: str, runs: int, wins: int, seconds: int, thirds: int) -> dict[str, int]:
        return dict(
            zip(
                (f"{prefix}_{n}" for n in ("runs", "wins", "seconds", "thirds")),
                (runs, wins, seconds, thirds),
                strict=True,
            )
        )

    h1 = {
        **_zeros(everything),
        **counts("career", 3, 1, 1, 0),
        **counts("course", 2, 1, 1, 0),
        **counts("course_distance", 1, 1, 0, 0),
        **counts("distance", 1, 1, 0, 0),
        **counts("going_good_to_soft", 2, 1, 0, 0),
        **counts("going_standard_to_slow", 1, 0, 1, 0),
        **counts("all_weather", 1, 0, 1, 0),
        **counts("jumps", 1, 0, 0, 0),
        **counts("jockey", 3, 1, 1, 0),
        **counts("last_10", 3, 1, 1, 0),
        **counts("last_12_months", 3, 1, 1, 0),
        "last_raced_date": date(2025, 3, 20),
        "last_won_date": date(2025, 3, 1),
        "days_since_last_run": 12,
        "min_winning_distance_y": 1320,
        "max_winning_distance_y": 1320,
        "race_date": date(2025, 4, 1),
    }
    _check(_row(engine, "ra_runner_statistics", race_id="rac_4", horse_id="hrs_1"), h1)
    h2 = {
        **_zeros(everything),
        **counts("career", 2, 2, 0, 0),
        **counts("course", 2, 2, 0, 0),
        **counts("course_distance", 1, 1, 0, 0),
        **counts("distance", 1, 1, 0, 0),
        **counts("going_good_to_soft", 1, 1, 0, 0),
        **counts("going_standard_to_slow", 1, 1, 0, 0),
        **counts("all_weather", 1, 1, 0, 0),
        **counts("jockey", 2, 2, 0, 0),
        **counts("last_10", 2, 2, 0, 0),
        **counts("last_12_months", 2, 2, 0, 0),
        "last_won_date": date(2025, 3, 20),
        "days_since_last_run": 12,
        "min_winning_distance_y": 1320,
        "max_winning_distance_y": 1430,
    }
    _check(_row(engine, "ra_runner_statistics", race_id="rac_4", horse_id="hrs_2"), h2)
    # The non-runner of race 1 is no run: hrs_5 comes to race 3 with no record.
    debut = {**_zeros(everything), "last_raced_date": None, "days_since_last_run": None}
    _check(_row(engine, "ra_runner_statistics", race_id="rac_3", horse_id="hrs_5"), debut)
    _check(_row(engine, "ra_runner_statistics", race_id="rac_1", horse_id="hrs_1"), debut)


@pytest.mark.parametrize("full", [True, False], ids=["full", "incremental"])
def test_an_amended_result_changes_the_affected_rows_on_the_next_run(
    engine: sa.Engine, full: bool
) -> None:
    _compute(engine)
    before = _row(engine, "ra_runner_statistics", race_id="rac_1", horse_id="hrs_1")
    with engine.begin() as conn:  # the stewards reverse the placings of race 3
        upsert(
            conn,
            T["ra_mst_runners"],
            [
                {"race_id": "rac_3", "horse_id": "hrs_1", "position": 1, "position_raw": "1"},
                {"race_id": "rac_3", "horse_id": "hrs_2", "position": 2, "position_raw": "2"},
            ],
        )
    counts = _compute(engine, full)
    # Incrementally: the two runners' race (all its runners) and nothing else is read again.
    assert counts.get("incremental", 0) == (not full)
    assert counts.get("runners_refreshed", 3) == 3
    _check(
        _row(engine, "ra_mst_jockeys", id="jky_1"),
        {"total_wins": 2, "total_seconds": 0, "profit_loss_1u": D("2.00")},
    )
    _check(_row(engine, "ra_mst_jockeys", id="jky_2"), {"total_wins": 1, "total_seconds": 2})
    _check(
        _row(engine, "ra_mst_trainers", id="trn_1"), {"total_wins": 3, "profit_loss_1u": D("2.50")}
    )
    _check(_row(engine, "ra_mst_sires", id="sir_1"), {"total_wins": 3, "profit_loss_1u": D("1.50")})
    _check(
        _row(engine, "ra_runner_statistics", race_id="rac_4", horse_id="hrs_1"),
        {"career_wins": 2, "last_won_date": date(2025, 3, 20)},
    )
    assert _row(engine, "ra_runner_statistics", race_id="rac_1", horse_id="hrs_1") == before


def test_no_caps_an_entity_with_more_than_1000_runs_counts_every_run(engine: sa.Engine) -> None:
    n = 1_234
    races = [
        _race(
            f"rac_x{i}",
            date(2024, 1, 1),
            12,
            "crs_z",
            "GB",
            "Flat",
            "Class 5",
            1760,
            "Good",
            "Turf",
            None,
        )
        for i in range(n)
    ]
    runners = [
        _runner(
            f"rac_x{i}",
            f"hrs_x{i}",
            "jky_busy",
            "trn_busy",
            "own_busy",
            "1" if i % 4 == 0 else "2",
            "3/1",
            "4.00",
        )
        for i in range(n)
    ]
    with engine.begin() as conn:
        upsert(conn, T["ra_mst_races"], races)
        upsert(conn, T["ra_mst_runners"], runners)
    _compute(engine)
    _check(
        _row(engine, "ra_mst_jockeys", id="jky_busy"),
        {
            "total_rides": n,
            "total_wins": 309,
            "total_seconds": n - 309,
            "ae_index": D("1.0016"),
        },
    )
    _check(
        _row(engine, "ra_entity_combinations", jockey_id="jky_busy", trainer_id="trn_busy"),
        {"runs": n, "wins": 309},
    )
