"""ASGI middleware on the API paths: counts every request and injects the drawn fault."""

from __future__ import annotations

import asyncio
import json
import socket
import struct
import time
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from darkhorses.sandbox.endpoints import ENDPOINTS, Endpoint
from darkhorses.sandbox.faults import STATUS_FAULTS, Fault, drift, truncate
from darkhorses.sandbox.limits import too_many_body
from darkhorses.sandbox.routes import ARRIVED_KEY
from darkhorses.sandbox.state import SandboxState

TRANSPORT_KEY = "darkhorses.transport"
UNMATCHED = "unmatched"
# Status 0 in the counters: the connection was dropped without an answer.
DROPPED = 0

_GATEWAY_PAGE = (
    "<html><head><title>{code} {reason}</title></head><body><h1>{reason}</h1></body></html>"
)


class TransportCapture:
    """Outermost layer: remembers the server's transport so a fault can drop the connection."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # uvicorn's ``send`` is a bound method of the request cycle, which holds the transport.
            scope[TRANSPORT_KEY] = getattr(getattr(send, "__self__", None), "transport", None)
        await self.app(scope, receive, send)


class ApiTraffic:
    """Counts API requests and answers the ones a fault was drawn for."""

    def __init__(self, app: ASGIApp, state: SandboxState, routes: list[Route]) -> None:
        self.app = app
        self.state = state
        self._routes = list(zip(routes, ENDPOINTS, strict=True))

    def _endpoint(self, scope: Scope) -> Endpoint | None:
        for route, endpoint in self._routes:
            match, _ = route.matches(scope)
            if match is not Match.NONE:
                return endpoint
        return None

    def _account(self, scope: Scope) -> str:
        account = self.state.accounts.authenticate(Headers(scope=scope).get("authorization"))
        return account.username if account else ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        arrived = time.monotonic()
        scope[ARRIVED_KEY] = arrived
        endpoint = self._endpoint(scope)
        status = [DROPPED]

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        fault = self.state.faults.draw(scope["path"]) if self.state.faults else None
        try:
            if fault is None:
                await self.app(scope, receive, counting_send)
            else:
                await self._faulty(fault, endpoint, scope, receive, counting_send)
        finally:
            self.state.counters.record(
                endpoint.path if endpoint else UNMATCHED,
                status[0],
                self._account(scope),
                endpoint.rate_class if endpoint else "",
                arrived,
            )

    async def _faulty(
        self, fault: Fault, endpoint: Endpoint | None, scope: Scope, receive: Receive, send: Send
    ) -> None:
        spec = self.state.faults.spec if self.state.faults else None
        assert spec is not None
        name = fault.name
        if name in STATUS_FAULTS:
            await _status_response(name, endpoint, self.state, spec.retry_after_s)(
                scope, receive, send
            )
        elif name == "slow":
            await asyncio.sleep(spec.slow_s)
            await self.app(scope, receive, send)
        elif name == "reset":
            await _drop(scope, receive, send)
        else:
            await self._mangled(fault, scope, receive, send)

    async def _mangled(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request, then truncate or drift a successful JSON body."""
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, capture)
        start = messages[0]
        body = b"".join(m.get("body", b"") for m in messages[1:])
        content_type = Headers(raw=start["headers"]).get("content-type", "")
        if start["status"] == 200 and content_type.startswith("application/json"):
            if fault.name == "truncate":
                body = truncate(body, fault.rng)
            else:
                payload = drift(json.loads(body), fault.name, fault.rng)
                body = bytes(JSONResponse(payload).body)
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _status_response(
    name: str, endpoint: Endpoint | None, state: SandboxState, retry_after_s: int
) -> Response:
    code = STATUS_FAULTS[name]
    if code == 429:
        limit = state.limits.per_second(endpoint.rate_class if endpoint else "default")
        headers = {"Retry-After": str(retry_after_s)} if name == "429-retry-after" else {}
        return JSONResponse(too_many_body(limit), status_code=429, headers=headers)
    if code == 500:
        return PlainTextResponse("Internal Server Error", status_code=500)
    reason = {502: "Bad Gateway", 503: "Service Unavailable"}[code]
    return HTMLResponse(_GATEWAY_PAGE.format(code=code, reason=reason), status_code=code)


async def _drop(scope: Scope, receive: Receive, send: Send) -> None:
    """Reset the connection (RST) without answering."""
    transport: Any = scope.get(TRANSPORT_KEY)
    if transport is None:
        # No transport at hand: promise a body and stop short, which also breaks the connection.
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]}
        )
        await send({"type": "http.response.body", "body": b'{"', "more_body": True})
        raise ConnectionAbortedError("connection dropped by fault injection")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        # Linger 0: closing sends RST instead of FIN, as a real reset would.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    # Wait for the server to notice, so it does not try to answer the dropped request.
    while (await receive())["type"] != "http.disconnect":
        pass
