"""Which days and entities each ``sync`` option set covers (no network, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from darkhorses.jobs.sync import PlanError, SyncPlan, build_plan
from darkhorses.jobs.window import card_days, result_days

TODAY = date(2025, 10, 14)


def d(day: int, month: int = 10) -> date:
    return date(2025, month, day)


def test_daily_is_cards_ahead_results_back_and_new_horses() -> None:
    plan = build_plan("daily", TODAY)
    assert plan == SyncPlan(racecards=(d(14), d(16)), results=(d(13), d(14)), enrich="brought")
    wider = build_plan("daily", TODAY, days_ahead=7, days_back=3)
    assert wider.racecards == (d(14), d(21)) and wider.results == (d(11), d(14))
    assert build_plan("daily", TODAY, racecards_only=True).results is None
    assert build_plan("daily", TODAY, results_only=True).racecards is None


def test_weekly_monthly_all_and_entities() -> None:
    assert build_plan("weekly", TODAY) == SyncPlan(results=(d(8), d(14)), enrich="all")
    assert build_plan("monthly", TODAY) == SyncPlan(courses=True, bookmakers=True)
    everything = build_plan("all", TODAY)
    assert everything.courses and everything.bookmakers and everything.enrich == "all"
    assert everything.racecards and everything.results
    chosen = build_plan("entities", TODAY, entities=["results", "horses"], day=d(1))
    assert chosen == SyncPlan(results=(d(1), d(1)), enrich="all")


def test_dates_test_runs_and_bad_combinations() -> None:
    ranged = build_plan("daily", TODAY, start=d(1), end=d(3))
    assert ranged.racecards == ranged.results == (d(1), d(3))
    assert build_plan("daily", TODAY, start=d(5)).results == (d(5), d(5))
    quick = build_plan("daily", TODAY, test=True)
    assert quick.racecards == quick.results == (TODAY, TODAY)
    for bad in (
        {"racecards_only": True, "results_only": True},
        {"day": d(1), "start": d(1)},
        {"start": d(3), "end": d(1)},
        {"days_ahead": -1},
    ):
        with pytest.raises(PlanError):
            build_plan("daily", TODAY, **bad)
    with pytest.raises(PlanError, match="ponies"):
        build_plan("entities", TODAY, entities=["ponies"])


def test_plan_windows_say_what_they_skip() -> None:
    days, note = card_days("pro", d(13), d(25), TODAY)
    assert days[0] == d(13) and days[-1] == d(21) and "4 day(s) skipped" in (note or "")
    days, note = card_days("basic", d(13), d(16), TODAY)
    assert days == [d(14), d(15)] and "today and tomorrow" in (note or "")
    days, note = result_days("basic", d(12), d(14), TODAY)
    assert days == [d(14)] and "today's results only" in (note or "")
    days, note = result_days("standard", d(13), d(15), TODAY)
    assert days == [d(13), d(14)] and "future" in (note or "")
    assert result_days("standard", date(2024, 1, 1), d(1), TODAY)[0][0] == date(2024, 10, 14)
