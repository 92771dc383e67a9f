"""Starlette routes for the API endpoints: auth, plan, rate limit, parameters, handler."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkhorses.sandbox.clock import UK
from darkhorses.sandbox.collector import gc_paused
from darkhorses.sandbox.context import Call
from darkhorses.sandbox.endpoints import ENDPOINTS, Endpoint
from darkhorses.sandbox.errors import ApiError
from darkhorses.sandbox.limits import too_many_body
from darkhorses.sandbox.pages import JsonText
from darkhorses.sandbox.params import parse_params
from darkhorses.sandbox.state import SandboxState

ARRIVED_KEY = "darkhorses.arrived"
UNAUTHENTICATED = {"WWW-Authenticate": "Basic"}


def error_response(error: ApiError) -> JSONResponse:
    """The error as FastAPI writes it."""
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


def _handler(
    endpoint: Endpoint, state: SandboxState, world_lock: threading.Lock
) -> Callable[[Request], Awaitable[Response]]:
    def build(call: Call) -> Response:
        # One request at a time inside the world (its caches are not thread-safe); rendering
        # the JSON happens outside the lock.
        with world_lock, gc_paused():
            body: Any = endpoint.handler(call)
            if state.freezer is not None:
                state.freezer.after_request()
        if isinstance(body, JsonText):
            return Response(body.text.encode(), media_type=JSONResponse.media_type)
        return JSONResponse(body)

    async def handle(request: Request) -> Response:
        try:
            account = state.accounts.authenticate(request.headers.get("authorization"))
            if account is None:
                sent = "authorization" in request.headers
                detail = "Invalid credentials" if sent else "Not authenticated"
                raise ApiError(401, detail, UNAUTHENTICATED)
            if not account.allows(endpoint.plan):
                raise ApiError(401, f"{endpoint.plan.title()} Plan required")
            if state.limiter is not None:
                wait = state.limiter.check(
                    account.username,
                    endpoint.rate_class,
                    request.scope.get(ARRIVED_KEY, time.monotonic()),
                )
                if wait is not None:
                    limits = state.limiter.limits
                    body = too_many_body(limits.per_second(endpoint.rate_class), limits.window_s)
                    headers = {}
                    if limits.retry_after:
                        headers["Retry-After"] = str(max(1, math.ceil(wait)))
                    return JSONResponse(body, status_code=429, headers=headers)
            path = {name: request.path_params[name] for name in endpoint.path_params}
            parsed = parse_params(request.query_params.multi_items(), endpoint.params, path)
            now = state.clock.now()
            call = Call(
                world=state.world,
                region_codes=state.region_codes,
                now=now,
                today=now.astimezone(UK).date(),
                account=account,
                params=parsed,
                path=path,
            )
            # Generating a day takes a while: off the event loop, so arrivals keep being
            # timestamped (and rate-limited) when they come, not when the loop frees up.
            return await run_in_threadpool(build, call)
        except ApiError as error:
            return error_response(error)

    return handle


def api_routes(state: SandboxState) -> list[Route]:
    """One route per endpoint, in the table's order."""
    world_lock = threading.Lock()
    return [
        Route(ep.path, _handler(ep, state, world_lock), methods=["GET"], name=ep.path)
        for ep in ENDPOINTS
    ]
