"""Who may look: the token rule for the dashboard.

Bound to loopback the dashboard needs no token; bound to all interfaces it refuses to start
without ``DARKHORSES_DASHBOARD_TOKEN``. When a token is set every page and JSON endpoint asks
for it, as a bearer token or as the password of HTTP Basic (any user name).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
from collections.abc import Awaitable, Callable

from pydantic import SecretStr
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

Endpoint = Callable[[Request], Awaitable[Response]]

LOOPBACK_NAMES = {"localhost"}


class TokenRequired(ValueError):
    """The dashboard would be reachable from other machines without a token."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, token: SecretStr | None) -> None:
    """Raise :class:`TokenRequired` when ``host`` is not loopback and no token is set."""
    if not is_loopback(host) and not (token and token.get_secret_value()):
        raise TokenRequired(
            f"the dashboard on {host or '*'} would be reachable from other machines: "
            "set DARKHORSES_DASHBOARD_TOKEN, or bind 127.0.0.1"
        )


def presented_token(request: Request) -> str | None:
    """The token in the Authorization header (Bearer, or Basic's password), if any."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    scheme = scheme.lower()
    if scheme == "bearer":
        return value.strip()
    if scheme == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2]
    return None


def guarded(endpoint: Endpoint, token: SecretStr | None) -> Endpoint:
    """``endpoint``, answering 401 unless the request carries ``token`` (when one is set)."""
    secret = token.get_secret_value().encode() if token and token.get_secret_value() else None
    if secret is None:
        return endpoint

    async def check(request: Request) -> Response:
        given = presented_token(request)
        if given is not None and hmac.compare_digest(given.encode(), secret):
            return await endpoint(request)
        return PlainTextResponse(
            "authentication required",
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="darkhorses", charset="UTF-8"'},
        )

    return check
