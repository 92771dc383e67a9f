"""Clients of the sandbox for the API tests: real HTTP on loopback, no sleeping in retries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import stamina

from darkhorses.api.client import RacingApiClient
from darkhorses.api.limiter import RateLimiter
from darkhorses.api.retry import RetryPolicy
from darkhorses.clock import Clock
from darkhorses.sandbox.clock import parse_instant
from tests.plugins.sandbox import DEFAULT_NOW, RunningSandbox

# The spec's limits: free endpoints, racecard lists, everything else; and the global cap.
SPEC_RATES = {"free": 1.0, "racecards": 2.0, "default": 5.0}
UNLIMITED = {"free": 1000.0, "racecards": 1000.0, "default": 1000.0}

ClientFactory = Callable[..., RacingApiClient]


@pytest.fixture(autouse=True)
def retries_without_waiting() -> Iterator[None]:
    """Retries happen as in production, minus the backoff sleeps."""
    with stamina.set_testing(True, attempts=10, cap=True):
        yield


@pytest.fixture
def api_client() -> Iterator[ClientFactory]:
    """``api_client(sandbox, user, password=user, **options)``: a client closed after the test."""
    clients: list[RacingApiClient] = []

    def make(
        running: RunningSandbox,
        user: str = "pro",
        password: str | None = None,
        *,
        plan: str = "auto",
        rates: dict[str, float] | None = None,
        global_rate: float | None = None,
        now: str = DEFAULT_NOW,
        **kwargs: Any,
    ) -> RacingApiClient:
        rates = rates or SPEC_RATES
        limiter = RateLimiter(rates, global_rate or max(rates.values()))
        client = RacingApiClient(
            running.base_url,
            user,
            user if password is None else password,
            plan=plan,
            limiter=limiter,
            retry=kwargs.pop("retry", RetryPolicy(attempts=10, timeout_s=60)),
            clock=Clock(parse_instant(now)),
            **kwargs,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
