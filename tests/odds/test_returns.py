"""Final odds and 1-unit returns against hand-computed cases, pure and stored."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from darkhorses.clock import Clock
from darkhorses.jobs.odds_final import compute_final_odds
from darkhorses.store.schema.odds import ra_odds_historical, ra_odds_history
from darkhorses.store.schema.racing import ra_mst_races, ra_mst_runners
from darkhorses.store.writer import upsert
from darkhorses.transform.odds import (
    PriceObservation,
    RunnerOutcome,
    favourite_ranks,
    final_odds,
    place_return,
    win_return,
)

D = Decimal
OFF = datetime(2025, 10, 14, 13, 30, tzinfo=UTC)
DAY = date(2025, 10, 14)
NOW = datetime(2025, 10, 14, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("odds", "position", "places", "denom", "expected"),
    [
        # 10/1 placed third, three places at 1/5: 1 + 10/5 = 3.
        (D("11"), 3, 3, 5, D("3")),
        # 10/1 second, two places at 1/4: 1 + 10/4 = 3.5.
        (D("11"), 2, 2, 4, D("3.5")),
        # 10/1 fourth, four places at 1/4 (big handicap): 3.5; fifth of four places: 0.
        (D("11"), 4, 4, 4, D("3.5")),
        (D("11"), 5, 4, 4, D("0")),
        # 10/1 third with only two places paid at 1/4: 0.
        (D("11"), 3, 2, 4, D("0")),
        # 6/4 second, three places at 1/5: 1 + 1.5/5 = 1.3.
        (D("2.5"), 2, 3, 5, D("1.3")),
    ],
)
def test_place_returns(odds, position, places, denom, expected):
    assert place_return(odds, position, 1, places, denom) == expected
    assert win_return(odds, position, 1) == D(0)


def test_win_returns_and_dead_heats():
    assert win_return(D("3.75"), 1, 1) == D("3.75")  # 11/4 winner
    assert win_return(D("6"), 1, 2) == D("3")  # 5/1 dead heat for first: half the stake
    assert win_return(D("6"), 2, 1) == 0
    assert win_return(None, 1, 1) is None
    # Two dead-heat for third with three places at 1/5 (10/1): half the place stake.
    assert place_return(D("11"), 3, 2, 3, 5) == D("1.5")
    # Two dead-heat for second with three places: both fully placed.
    assert place_return(D("11"), 2, 2, 3, 5) == D("3")


def _runner(horse: str, position: int | None, sp: str, sp_dec: str | None, **kw) -> RunnerOutcome:
    return RunnerOutcome(
        horse_id=horse,
        position=position,
        is_non_runner=kw.get("nr", False),
        sp=sp,
        sp_dec=D(sp_dec) if sp_dec else None,
        is_favourite=kw.get("fav"),
        bsp=D(kw["bsp"]) if "bsp" in kw else None,
    )


def _race() -> tuple[list[RunnerOutcome], list[PriceObservation]]:
    runners = [
        _runner("hrs_win", 1, "11/4J", "3.75", fav=True, bsp="4.1"),
        _runner("hrs_jf", 2, "11/4J", "3.75", fav=True),
        _runner("hrs_third", 3, "10/1", "11"),
        _runner("hrs_lost", 4, "20/1", "21"),
        _runner("hrs_pu", None, "33/1", "34"),
        _runner("hrs_nr", None, "", None, nr=True),
    ]
    t0 = OFF - timedelta(hours=18)
    t1 = OFF - timedelta(minutes=20)
    obs = [
        PriceObservation("hrs_win", "bet365", t0, D("3.5"), 3, 5),
        PriceObservation("hrs_win", "coral", t0, D("4.0"), 3, 5),
        PriceObservation("hrs_win", "bet365", t1, D("4.5"), 3, 5),
        PriceObservation("hrs_win", "betfair-exchange", t1, D("5.2"), None, None, True),
        # After the off: ignored.
        PriceObservation("hrs_win", "coral", OFF + timedelta(minutes=1), D("9"), 3, 5),
        PriceObservation("hrs_third", "bet365", t0, D("12"), 3, 5),
        PriceObservation("hrs_third", "coral", t1, D("13"), 3, 5),
    ]
    return runners, obs


def test_final_odds_rows_match_hand_computed_figures():
    runners, obs = _race()
    rows = {r["horse_id"]: r for r in final_odds("rac_1", DAY, OFF, runners, obs, NOW)}
    win, jf, third, lost, pu, nr = (rows[h] for h in [r.horse_id for r in runners])

    assert (win["ew_places"], win["ew_denom"], win["runners"]) == (3, 5, 5)
    # Winner at 11/4: win 3.75, place 1 + 2.75/5 = 1.55, each way 5.30.
    assert (win["sp_win_return"], win["sp_place_return"], win["sp_ew_return"]) == (
        D("3.7500"),
        D("1.5500"),
        D("5.3000"),
    )
    # Best price: bet365's last pre-off 4.5 (the exchange's 5.2 is not a fixed-odds price).
    assert (win["best_price"], win["best_price_bookmaker_id"]) == (D("4.500"), "bet365")
    assert (win["best_win_return"], win["best_place_return"]) == (D("4.5000"), D("1.7000"))
    assert win["best_ew_return"] == D("6.2000")
    # first (mean of the two opening prices), last, min, max, mean over pre-off observations.
    assert (win["first_price"], win["last_price"]) == (D("3.750"), D("4.850"))
    assert (win["min_price"], win["max_price"], win["mean_price"]) == (
        D("3.500"),
        D("5.200"),
        D("4.300"),
    )
    assert (win["price_observations"], win["bookmakers"], win["bsp"]) == (4, 3, D("4.100"))

    # Joint favourites share rank 1; the next is third in the market.
    assert (win["favourite_rank"], jf["favourite_rank"], third["favourite_rank"]) == (1, 1, 3)
    assert jf["sp_win_return"] == 0 and jf["sp_place_return"] == D("1.5500")
    # Third at 10/1: place 1 + 10/5 = 3; at best price 13: 1 + 12/5 = 3.4.
    assert (third["sp_win_return"], third["sp_place_return"], third["sp_ew_return"]) == (
        D("0.0000"),
        D("3.0000"),
        D("3.0000"),
    )
    assert third["best_place_return"] == D("3.4000")
    # Loser, pulled up: nothing back. Non-runner: stakes returned (1, 1 and 2 each way).
    for loser in (lost, pu):
        assert (loser["sp_win_return"], loser["sp_place_return"], loser["sp_ew_return"]) == (
            D(0),
            D(0),
            D(0),
        )
    assert (nr["sp_win_return"], nr["sp_place_return"], nr["sp_ew_return"]) == (
        D(1),
        D(1),
        D(2),
    )
    assert nr["favourite_rank"] is None and nr["is_non_runner"] is True
    assert lost["best_price"] is None and lost["best_win_return"] is None


def test_favourite_ranks_ignore_non_runners():
    runners, _ = _race()
    ranks = favourite_ranks(runners)
    assert ranks == {"hrs_win": 1, "hrs_jf": 1, "hrs_third": 3, "hrs_lost": 4, "hrs_pu": 5}


def test_final_odds_job_is_stored_and_idempotent(engine):
    runners, obs = _race()
    with engine.begin() as conn:
        upsert(
            conn, ra_mst_races, [{"id": "rac_1", "date": DAY, "off_dt": OFF, "has_result": True}]
        )
        upsert(
            conn,
            ra_mst_runners,
            [
                {
                    "race_id": "rac_1",
                    "horse_id": r.horse_id,
                    "position": r.position,
                    "is_non_runner": r.is_non_runner,
                    "sp": r.sp,
                    "sp_dec": r.sp_dec,
                    "is_favourite": r.is_favourite,
                    "bsp": r.bsp,
                }
                for r in runners
            ],
            update_nulls=True,
        )
        upsert(
            conn,
            ra_odds_history,
            [
                {
                    "race_id": "rac_1",
                    "horse_id": o.horse_id,
                    "bookmaker_id": o.bookmaker_id,
                    "bookmaker": "Betfair Exchange" if o.is_exchange else o.bookmaker_id.title(),
                    "changed_at": o.changed_at,
                    "race_date": DAY,
                    "decimal": o.decimal,
                    "ew_places": o.ew_places,
                    "ew_denom": o.ew_denom,
                    "observed_at": o.changed_at,
                    "source": "live_card",
                }
                for o in obs
            ],
        )
    first = compute_final_odds(engine, [DAY], Clock(NOW))
    assert first.rows["ra_odds_historical"]["inserted"] == 6
    again = compute_final_odds(engine, [DAY], Clock(NOW + timedelta(hours=1)))
    assert sum(again.rows["ra_odds_historical"].values()) == 0
    with engine.connect() as conn:
        stored = {
            r.horse_id: r
            for r in conn.execute(
                sa.select(ra_odds_historical).where(ra_odds_historical.c.race_id == "rac_1")
            )
        }
    assert stored["hrs_win"].sp_ew_return == D("5.3")
    assert stored["hrs_win"].best_price_bookmaker_id == "bet365"
    assert stored["hrs_third"].sp_place_return == D("3")
    assert stored["hrs_nr"].sp_ew_return == D("2")
    assert (stored["hrs_win"].favourite_rank, stored["hrs_jf"].favourite_rank) == (1, 1)
    assert stored["hrs_win"].computed_at == NOW
