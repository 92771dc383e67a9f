"""Rate limits per account and endpoint class, and the counters that prove compliance."""

from __future__ import annotations

import httpx

from darkhorses.sandbox.counters import Counters
from darkhorses.sandbox.limits import RateLimits
from tests.plugins.sandbox import RunningSandbox, SandboxFactory


def _burst(running: RunningSandbox, path: str, n: int, plan: str = "pro") -> list[httpx.Response]:
    with running.client(plan) as client:
        return [client.get(path) for _ in range(n)]


def test_a_burst_beyond_the_limit_gets_429_with_the_vendor_body(sandbox: RunningSandbox) -> None:
    # /v1/courses is a 1-per-second endpoint: the second call in the same second is refused.
    first, second = _burst(sandbox, "/v1/courses", 2)
    assert first.status_code == 200
    assert second.status_code == 429
    assert second.json() == {"error": "Rate limit exceeded: 1 per 1 second"}
    assert "retry-after" not in second.headers


def test_retry_after_is_sent_when_configured(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(retry_after=True)
    responses = _burst(running, "/v1/courses", 2)
    assert responses[1].status_code == 429
    assert responses[1].headers["retry-after"] == "1"


# A minute-long window: the bursts below fall inside it however slowly the machine runs.
SLOW_WINDOW = {"window_s": 60.0}


def test_limits_are_per_endpoint_class(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=RateLimits(free=1, racecards=2, default=5, **SLOW_WINDOW))
    statuses = [r.status_code for r in _burst(running, "/v1/racecards/basic?limit=1", 3)]
    assert statuses == [200, 200, 429]
    assert running.get("/v1/racecards/pro?limit=1").json() == {
        "error": "Rate limit exceeded: 2 per 60 second"
    }
    # Another class of the same account is unaffected, up to its own limit.
    statuses = [r.status_code for r in _burst(running, "/v1/results/today?limit=1", 6)]
    assert statuses == [200] * 5 + [429]


def test_limits_are_per_account(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=RateLimits(free=1, **SLOW_WINDOW))
    assert [r.status_code for r in _burst(running, "/v1/courses", 2, "pro")] == [200, 429]
    assert running.get("/v1/courses", plan="basic").status_code == 200


def test_no_limits_means_no_429(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=False)
    assert {r.status_code for r in _burst(running, "/v1/courses", 10)} == {200}


def test_counters_show_calls_statuses_and_peak_rate(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=RateLimits(free=1, racecards=2, default=5, **SLOW_WINDOW))
    _burst(running, "/v1/courses", 3)
    running.get("/v1/results", params={"limit": "0"})
    running.get("/v1/nowhere")
    stats = running.stats()
    assert stats["requests"] == 5
    assert stats["by_endpoint"] == {"/v1/courses": 3, "/v1/results": 1, "unmatched": 1}
    assert stats["by_status"] == {"200": 1, "404": 1, "422": 1, "429": 2}
    assert stats["by_endpoint_status"]["/v1/courses"] == {"200": 1, "429": 2}
    # How many of the three fell in one second depends on the machine's speed.
    assert 1 <= stats["peak_per_second"]["pro/free"] <= 3
    assert sum(stats["per_second"].values()) == 5
    running.reset()
    assert running.stats()["requests"] == 0
    # Reset also empties the rate-limit windows.
    assert running.get("/v1/courses").status_code == 200


def test_control_routes_are_not_counted(sandbox: RunningSandbox) -> None:
    sandbox.stats()
    sandbox.set_clock("2025-10-14T16:00:00+01:00")
    assert sandbox.stats()["requests"] == 0


def test_peak_rate_is_counted_over_sliding_one_second_windows() -> None:
    counters = Counters()
    for at in (10.0, 10.5, 10.9, 11.95, 12.0, 12.05):
        counters.record("/v1/results", 200, "pro", "default", at=at)
    counters.record("/v1/courses", 200, "pro", "free", at=10.0)
    peaks = counters.snapshot()["peak_per_second"]
    # 10.9, 11.95 - no; 11.95, 12.0, 12.05 - three within one second; 10.0..10.9 - three.
    assert peaks == {"pro/default": 3, "pro/free": 1}
    counters.record("/v1/results", 200, "pro", "default", at=12.5)
    assert counters.snapshot()["peak_per_second"]["pro/default"] == 4
