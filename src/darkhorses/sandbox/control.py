"""``/_sandbox/*``: counters, clock, faults and reset, for tests and drills (no auth)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from darkhorses.sandbox.clock import parse_instant
from darkhorses.sandbox.faults import FaultInjector, FaultSpec, FaultSpecError
from darkhorses.sandbox.state import SandboxState


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        raise ValueError("the body must be a JSON object") from None
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def control_routes(state: SandboxState) -> list[Route]:
    """The control routes of one sandbox."""

    async def stats(request: Request) -> JSONResponse:
        return JSONResponse(state.counters.snapshot())

    async def reset(request: Request) -> JSONResponse:
        state.reset()
        return JSONResponse({"reset": True})

    async def clock(request: Request) -> JSONResponse:
        if request.method == "POST":
            try:
                body = await _json_body(request)
                if "advance_s" in body:
                    state.clock.advance(float(body["advance_s"]))
                else:
                    now = body.get("now")
                    speed = body.get("speed")
                    state.clock.set(
                        parse_instant(now) if now else None,
                        float(speed) if speed is not None else None,
                    )
            except (TypeError, ValueError) as exc:
                return JSONResponse({"detail": f"bad clock setting: {exc}"}, status_code=422)
        return JSONResponse(state.clock.describe())

    async def faults(request: Request) -> JSONResponse:
        if request.method == "POST":
            try:
                spec = str((await _json_body(request)).get("spec") or "")
                state.faults = FaultInjector(FaultSpec.parse(spec)) if spec else None
            except (ValueError, FaultSpecError) as exc:
                return JSONResponse({"detail": str(exc)}, status_code=422)
        if state.faults is None:
            return JSONResponse({"faults": None})
        spec_now = state.faults.spec
        return JSONResponse(
            {
                "faults": spec_now.rates,
                "seed": spec_now.seed,
                "slow_s": spec_now.slow_s,
                "paths": list(spec_now.paths),
            }
        )

    async def health(request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "ok": True,
                "seed": state.world.seed,
                "limits": state.limiter is not None,
                "faults": state.faults is not None,
            }
        )

    return [
        Route("/_sandbox/stats", stats, methods=["GET"]),
        Route("/_sandbox/reset", reset, methods=["POST"]),
        Route("/_sandbox/clock", clock, methods=["GET", "POST"]),
        Route("/_sandbox/faults", faults, methods=["GET", "POST"]),
        Route("/_sandbox/health", health, methods=["GET"]),
    ]
