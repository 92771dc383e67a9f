"""Sandbox fixtures: the sandbox served over real HTTP on a free loopback port.

``sandbox`` is a running sandbox with the real API's behaviour (rate limits on, no faults) and
its clock fixed at :data:`DEFAULT_NOW`; ``sandbox_factory(**options)`` starts others, e.g.
``sandbox_factory(limits=False, faults="500=0.2,seed=3", now="2025-06-01T12:00:00+01:00")``.
Both are torn down at the end of the test. Worlds are built once per seed per session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
import pytest

from darkhorses.sandbox.accounts import DEFAULT_ACCOUNTS, Account
from darkhorses.sandbox.app import SandboxApp, SandboxOptions, create_app
from darkhorses.sandbox.clock import parse_instant
from darkhorses.sandbox.faults import FaultSpec
from darkhorses.sandbox.limits import RateLimits
from darkhorses.sandbox.server import serve

# A Tuesday in October 2025: the day the reference samples were captured; mid-afternoon, so
# some of the day's results are out and the rest of its races are still to run.
DEFAULT_NOW = "2025-10-14T15:00:00+01:00"


@dataclass
class RunningSandbox:
    """A sandbox being served: its base URL, and helpers that talk to it over HTTP."""

    base_url: str
    app: SandboxApp
    seed: int
    _clients: dict[str | None, httpx.Client] = field(default_factory=dict, repr=False)

    def client(self, plan: str = "pro", **kwargs: Any) -> httpx.Client:
        """An HTTP client logged in as the default account of ``plan`` (user = password)."""
        kwargs.setdefault("timeout", 30.0)
        return httpx.Client(base_url=self.base_url, auth=(plan, plan), **kwargs)

    def get(self, path: str, plan: str | None = "pro", **kwargs: Any) -> httpx.Response:
        """One GET as ``plan`` (``None``: no credentials), on a kept-alive connection."""
        if plan not in self._clients:
            auth = (plan, plan) if plan else None
            self._clients[plan] = httpx.Client(base_url=self.base_url, auth=auth, timeout=30.0)
        return self._clients[plan].get(path, **kwargs)

    def close(self) -> None:
        """Close the kept-alive connections."""
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def stats(self) -> dict[str, Any]:
        """The request counters (``GET /_sandbox/stats``)."""
        return httpx.get(self.base_url + "/_sandbox/stats").raise_for_status().json()

    def reset(self) -> None:
        """Zero the counters, rate-limit windows and fault sequence."""
        httpx.post(self.base_url + "/_sandbox/reset").raise_for_status()

    def set_clock(self, now: str | datetime | None, speed: float | None = None) -> dict[str, Any]:
        """Fix the clock (or run it at ``speed`` from ``now``); ``None`` for real time."""
        value = now.isoformat() if isinstance(now, datetime) else now
        response = httpx.post(
            self.base_url + "/_sandbox/clock", json={"now": value, "speed": speed}
        )
        return response.raise_for_status().json()

    def advance(self, seconds: float) -> dict[str, Any]:
        """Move the clock on by ``seconds``."""
        response = httpx.post(self.base_url + "/_sandbox/clock", json={"advance_s": seconds})
        return response.raise_for_status().json()

    def set_faults(self, spec: str) -> dict[str, Any]:
        """Switch faults to ``spec`` (``""``: none) while running."""
        response = httpx.post(self.base_url + "/_sandbox/faults", json={"spec": spec})
        return response.raise_for_status().json()


SandboxFactory = Callable[..., RunningSandbox]


@pytest.fixture(scope="session")
def sandbox_worlds() -> Callable[[int], Any]:
    """``world(seed)``: the session's one world per seed."""
    from darkhorses.sandbox.world import World

    cache: dict[int, Any] = {}

    def world(seed: int) -> Any:
        if seed not in cache:
            cache[seed] = World(seed)
        return cache[seed]

    return world


@pytest.fixture
def sandbox_factory(sandbox_worlds: Callable[[int], Any]) -> Iterator[SandboxFactory]:
    """Start sandboxes with options; each is stopped when the test ends."""
    with ExitStack() as stack:

        def start(
            *,
            seed: int = 1,
            now: str | datetime | None = DEFAULT_NOW,
            speed: float | None = None,
            limits: bool | RateLimits = True,
            retry_after: bool = False,
            faults: str | FaultSpec | None = None,
            accounts: tuple[Account, ...] = DEFAULT_ACCOUNTS,
        ) -> RunningSandbox:
            if limits is True:
                limits = RateLimits(retry_after=retry_after)
            options = SandboxOptions(
                accounts=accounts,
                limits=limits or None,
                faults=FaultSpec.parse(faults) if isinstance(faults, str) else faults,
                now=parse_instant(now) if isinstance(now, str) else now,
                speed=speed,
            )
            app = create_app(sandbox_worlds(seed), options)
            base_url = stack.enter_context(serve(app))
            running = RunningSandbox(base_url, app, seed)
            stack.callback(running.close)
            return running

        yield start


@pytest.fixture
def sandbox(sandbox_factory: SandboxFactory) -> RunningSandbox:
    """A running sandbox: seed 1, limits on, no faults, clock fixed at ``DEFAULT_NOW``."""
    return sandbox_factory()


def sample_ids(running: RunningSandbox, day: str = "2025-10-14") -> dict[str, str]:
    """Real ids from the sandbox's world: a GB race of ``day`` with a runner, and its people.

    Keys: race_id, horse_id, jockey_id, trainer_id, owner_id, sire_id, dam_id, damsire_id,
    course_id.
    """
    with running.client("pro") as client:
        cards = client.get(
            "/v1/racecards/pro", params={"date": day, "region_codes": "gb"}
        ).raise_for_status()
    for card in cards.json()["racecards"]:
        for runner in card["runners"]:
            if runner["number"] != "NR" and runner["sire_id"] and runner["dam_id"]:
                ids = {"race_id": card["race_id"], "course_id": card["course_id"]}
                for key in ("horse_id", "jockey_id", "trainer_id", "owner_id"):
                    ids[key] = runner[key]
                for key in ("sire_id", "dam_id", "damsire_id"):
                    ids[key] = runner[key]
                return ids
    raise AssertionError(f"no GB runner found on {day}")
