"""What a backfill covers on each plan, decided before it starts; what the rest costs."""

from __future__ import annotations

from datetime import date

import pytest

from darkhorses.jobs.backfill_plan import (
    BackfillPlanError,
    build_plan,
    estimate,
    parse_what,
)

TODAY = date(2025, 10, 14)
ALL = ("results", "racecards", "enrich")


def test_standard_results_reach_back_365_days_and_say_so() -> None:
    plan = build_plan("standard", date(2015, 1, 1), TODAY, TODAY, ALL, historic=False)

    assert plan.days["results"][0] == date(2024, 10, 14)
    assert plan.days["results"][-1] == TODAY
    assert len(plan.days["results"]) == 366
    assert plan.days["racecards"] == []
    assert plan.enrich
    said = " ".join(plan.not_covered)
    assert "results reach back to 2024-10-14" in said
    assert "racecards: past days need the Pro plan" in said


def test_pro_with_the_historical_add_on_reaches_1988_and_cards_start_2023_01_23() -> None:
    plan = build_plan("pro", date(1980, 1, 1), TODAY, TODAY, ALL, historic=True)

    assert plan.days["results"][0] == date(1988, 1, 1)
    assert plan.days["racecards"][0] == date(2023, 1, 23)
    assert plan.days["racecards"][-1] == TODAY
    assert any("racecards: 2023-01-23 to 2025-10-14" in line for line in plan.covered)
    assert any("1988-01-01" in line for line in plan.not_covered)


def test_pro_without_the_add_on_has_a_year_of_results() -> None:
    plan = build_plan("pro", date(2023, 1, 1), TODAY, TODAY, ("results",), historic=False)

    assert plan.days["results"][0] == date(2024, 10, 14)
    assert "racecards" not in plan.days
    assert not plan.enrich


def test_future_days_have_no_results_and_a_basic_plan_no_profiles() -> None:
    plan = build_plan("basic", date(2025, 10, 1), date(2025, 10, 20), TODAY, ALL, historic=False)

    assert plan.days["results"] == [TODAY]
    assert not plan.enrich
    assert any("enrich: horse profiles need a Standard plan" in n for n in plan.not_covered)
    assert any("6 future day(s)" in n for n in plan.not_covered)


def test_what_is_parsed_strictly() -> None:
    assert parse_what(None) == ALL
    assert parse_what("enrich, results") == ("results", "enrich")
    with pytest.raises(BackfillPlanError, match="unknown --what odds"):
        parse_what("results,odds")
    with pytest.raises(BackfillPlanError, match="after"):
        build_plan("pro", TODAY, date(2025, 1, 1), TODAY, ALL, historic=False)


def test_the_estimate_uses_the_plan_rates_and_the_global_cap() -> None:
    rates = {"racecards": 2.0, "default": 5.0, "global": 5.0}

    # Cards alone go at 2/s; results at 5/s; together they share the global 5/s.
    assert estimate({"racecards": 100}, rates).seconds == 50
    assert estimate({"results": 100}, rates).seconds == 20
    assert estimate({"racecards": 100, "results": 100}, rates).seconds == 50
    assert estimate({"racecards": 50, "results": 200}, rates).seconds == 50
    # Profiles come after the days.
    assert estimate({"results": 100, "enrich": 50}, rates).seconds == 30
