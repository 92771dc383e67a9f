"""Plans: the minimum plan and rate class of each endpoint, tiers and what they lack."""

from __future__ import annotations

import itertools

import pytest

from darkhorses.api import plans


@pytest.mark.parametrize(
    ("path", "plan", "rate_class"),
    [
        ("/v1/courses", "free", "free"),
        ("/v1/courses/regions", "free", "free"),
        ("/v1/racecards/free", "free", "free"),
        ("/v1/results/today/free", "free", "free"),
        ("/v1/racecards/basic", "basic", "racecards"),
        ("/v1/racecards/summaries", "basic", "default"),
        ("/v1/results/today", "basic", "default"),
        ("/v1/racecards/standard", "standard", "racecards"),
        ("/v1/racecards/big-races", "standard", "racecards"),
        ("/v1/racecards/rac_1/standard", "standard", "default"),
        ("/v1/results", "standard", "default"),
        ("/v1/results/rac_1", "standard", "default"),
        ("/v1/horses/search", "standard", "default"),
        ("/v1/horses/hrs_1/standard", "standard", "default"),
        ("/v1/racecards/pro", "pro", "racecards"),
        ("/v1/racecards/rac_1/pro", "pro", "default"),
        ("/v1/odds/rac_1/hrs_1", "pro", "default"),
        ("/v1/horses/hrs_1/pro", "pro", "default"),
        ("/v1/jockeys/jky_1/results", "pro", "default"),
        ("/v1/damsires/dsi_1/results", "pro", "default"),
    ],
)
def test_endpoint_plan_and_rate_class(path: str, plan: str, rate_class: str) -> None:
    assert plans.required_plan(path) == plan
    assert plans.rate_class(path) == rate_class


def test_higher_plans_include_lower_ones() -> None:
    for low, high in itertools.combinations(plans.PLANS, 2):
        assert plans.allows(high, low)
        assert not plans.allows(low, high)


def test_results_endpoint_is_the_richest_allowed() -> None:
    assert plans.results_endpoint("pro", today=False) == ("/v1/results", "standard")
    assert plans.results_endpoint("standard", today=True) == ("/v1/results", "standard")
    assert plans.results_endpoint("basic", today=True) == ("/v1/results/today", "basic")
    assert plans.results_endpoint("free", today=True) == ("/v1/results/today/free", "free")
    assert plans.results_endpoint("basic", today=False) is None


def test_lower_tiers_lack_more_fields() -> None:
    for lacks in (plans.CARD_LACKS, plans.RESULT_LACKS):
        assert lacks["pro"] <= lacks["standard"] <= lacks["basic"] <= lacks["free"]
    assert "runner.odds" in plans.CARD_LACKS["basic"]
    assert "runner.odds.history" in plans.CARD_LACKS["standard"]
    assert "runner.sp" in plans.RESULT_LACKS["free"]


def test_auto_plan_is_probed_once() -> None:
    probes: list[int] = []

    def probe() -> plans.Tier:
        probes.append(1)
        return "standard"

    resolver = plans.PlanResolver("auto", probe)
    assert resolver.plan == "standard"
    assert resolver.plan == "standard"
    assert len(probes) == 1
    assert plans.PlanResolver("basic", probe).plan == "basic"
    assert len(probes) == 1
