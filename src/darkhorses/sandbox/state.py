"""The running sandbox's parts, shared by the API routes, the middleware and the control routes."""

from __future__ import annotations

from dataclasses import dataclass, field

from darkhorses.sandbox.accounts import Accounts
from darkhorses.sandbox.clock import SandboxClock
from darkhorses.sandbox.collector import Freezer
from darkhorses.sandbox.counters import Counters
from darkhorses.sandbox.faults import FaultInjector
from darkhorses.sandbox.limits import RateLimiter, RateLimits
from darkhorses.sandbox.world.contract import WorldContract


@dataclass
class SandboxState:
    """World, clock, accounts, limits, faults and counters of one sandbox."""

    world: WorldContract
    clock: SandboxClock
    accounts: Accounts
    limiter: RateLimiter | None
    faults: FaultInjector | None
    counters: Counters = field(default_factory=Counters)
    region_codes: frozenset[str] = frozenset()
    freezer: Freezer | None = None  # set when the process serves nothing but the sandbox

    @property
    def limits(self) -> RateLimits:
        """The limits in force, or the documented ones when limiting is off (for 429 bodies)."""
        return self.limiter.limits if self.limiter else RateLimits()

    def reset(self) -> None:
        """Zero the counters, the rate-limit windows and the fault sequence."""
        self.counters.reset()
        if self.limiter:
            self.limiter = RateLimiter(self.limiter.limits)
        if self.faults:
            self.faults.reset()
