"""The sandbox as an ASGI application: a world plus options in, the Racing API out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from darkhorses.sandbox.accounts import DEFAULT_ACCOUNTS, Account, Accounts
from darkhorses.sandbox.clock import SandboxClock
from darkhorses.sandbox.collector import Freezer
from darkhorses.sandbox.control import control_routes
from darkhorses.sandbox.faults import FaultInjector, FaultSpec
from darkhorses.sandbox.limits import RateLimiter, RateLimits
from darkhorses.sandbox.routes import api_routes
from darkhorses.sandbox.state import SandboxState
from darkhorses.sandbox.traffic import ApiTraffic, TransportCapture
from darkhorses.sandbox.world.contract import WorldContract

# The API compresses bodies larger than this when the client accepts gzip.
GZIP_MINIMUM_SIZE = 1000
# zlib level 1: a third of level 6's time on a day of results or pro cards (30 ms -> 10 ms for
# 850 kB of results), bodies about a third larger: loopback bytes are cheap, CPU is not.
GZIP_LEVEL = 1


@dataclass(frozen=True)
class SandboxOptions:
    """How a sandbox behaves; the defaults are the real API's (limits on, no faults)."""

    accounts: Sequence[Account] = DEFAULT_ACCOUNTS
    limits: RateLimits | None = field(default_factory=RateLimits)
    faults: FaultSpec | None = None
    now: datetime | None = None
    speed: float | None = None
    # Freeze what survives each request out of the garbage collector's scans (process-wide:
    # only for a process that serves nothing but the sandbox, as ``darkhorses sandbox``).
    freeze_gc: bool = False


class SandboxApp:
    """The ASGI callable; ``state`` gives in-process access to clock, counters and world."""

    def __init__(self, world: WorldContract, options: SandboxOptions) -> None:
        self.state = SandboxState(
            world=world,
            clock=SandboxClock(options.now, options.speed),
            accounts=Accounts(options.accounts),
            limiter=RateLimiter(options.limits) if options.limits else None,
            faults=FaultInjector(options.faults) if options.faults else None,
            region_codes=frozenset(r["region_code"] for r in world.regions()),
            freezer=Freezer() if options.freeze_gc else None,
        )
        routes = api_routes(self.state)
        starlette = Starlette(
            routes=[*routes, *control_routes(self.state)],
            exception_handlers={HTTPException: _http_error},
            middleware=[
                Middleware(
                    GZipMiddleware, minimum_size=GZIP_MINIMUM_SIZE, compresslevel=GZIP_LEVEL
                ),
                Middleware(ApiTraffic, state=self.state, routes=routes),
            ],
        )
        self._app = TransportCapture(starlette)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)


async def _http_error(request: Request, exc: Exception) -> Response:
    """404 / 405 from routing, with FastAPI's JSON body."""
    assert isinstance(exc, HTTPException)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def create_app(world: WorldContract, options: SandboxOptions | None = None) -> SandboxApp:
    """The sandbox's ASGI app for ``world``."""
    return SandboxApp(world, options or SandboxOptions())
