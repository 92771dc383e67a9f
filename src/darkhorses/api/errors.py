"""Errors raised by the Racing API client.

Each error is either *transient* (worth retrying: the same call may succeed later) or
*terminal* (retrying cannot help). The retry policy reads :attr:`ApiError.transient`, never
the message::

    ApiError
    ├── TransientError            retried, with backoff
    │   ├── RateLimited           429; carries Retry-After seconds when the API sends it
    │   ├── ServerError           5xx
    │   ├── Timeout               no answer in time
    │   ├── ConnectionLost        connection refused, reset or closed mid-body
    │   └── BadBody               truncated or invalid JSON in a 200
    └── TerminalError             raised at once
        ├── AuthFailed            401: wrong credentials or inactive account (with a hint)
        │   └── PlanRequired      401 "<Plan> Plan required": .plan names the plan
        ├── NotFound              404
        ├── InvalidRequest        422 (or another 4xx): .detail is the API's own detail
        └── PagingError           a walk that could not be completed without truncation

Messages name the endpoint and status, never credentials.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

_PLAN_RE = re.compile(r"\b(free|basic|standard|pro)\s+plan\s+required", re.IGNORECASE)


class ApiError(Exception):
    """Any failure talking to the Racing API."""

    transient: ClassVar[bool] = False

    def __init__(self, message: str, *, endpoint: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.endpoint = endpoint
        self.status = status


class TransientError(ApiError):
    """A failure that may pass: the call is retried."""

    transient = True


class RateLimited(TransientError):
    """429 Too Many Requests."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServerError(TransientError):
    """A 5xx answer."""


class Timeout(TransientError):
    """No complete answer within the timeout."""


class ConnectionLost(TransientError):
    """The connection failed or closed before the answer was complete."""


class BadBody(TransientError):
    """A 200 whose body is not valid JSON (for example truncated)."""


class TerminalError(ApiError):
    """A failure that retrying cannot fix."""


class AuthFailed(TerminalError):
    """401: the credentials were refused."""

    def __init__(self, message: str, *, hint: str = "", **kw: Any) -> None:
        super().__init__(f"{message} ({hint})" if hint else message, **kw)
        self.hint = hint


class PlanRequired(AuthFailed):
    """401 ``"<Plan> Plan required"``: the endpoint needs a higher plan."""

    def __init__(self, plan: str, *, endpoint: str = "", status: int | None = 401) -> None:
        self.plan = plan.capitalize()
        super().__init__(
            f"{self.plan} Plan required for {endpoint or 'this endpoint'}",
            hint="upgrade the account or lower RACING_API_PLAN",
            endpoint=endpoint,
            status=status,
        )

    def __repr__(self) -> str:
        return f"PlanRequired({self.plan!r})"


class NotFound(TerminalError):
    """404: no such path or id."""


class InvalidRequest(TerminalError):
    """422 (or another client error): the API refused the parameters."""

    def __init__(self, message: str, *, detail: Any = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.detail = detail


class PagingError(TerminalError):
    """A page walk could not cover its range without truncation."""


def _detail(body: bytes) -> Any:
    """The API's ``detail`` (or slowapi's ``error``) from an error body, else the raw text."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body[:200].decode("utf-8", "replace").strip()
    if isinstance(data, dict):
        return data.get("detail", data.get("error", data))
    return data


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header given in seconds (dates are ignored)."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return max(0.0, seconds)


def error_for_status(
    status: int, body: bytes, *, endpoint: str, retry_after: str | None = None
) -> ApiError:
    """The typed error for a non-2xx answer."""
    detail = _detail(body)
    text = detail if isinstance(detail, str) else json.dumps(detail)[:300]
    where = f"{endpoint}: HTTP {status}"
    if status == 429:
        return RateLimited(
            f"{where} rate limited ({text})",
            retry_after=_retry_after(retry_after),
            endpoint=endpoint,
            status=status,
        )
    if status >= 500:
        return ServerError(f"{where} server error", endpoint=endpoint, status=status)
    if status == 401:
        match = _PLAN_RE.search(text or "")
        if match:
            return PlanRequired(match.group(1), endpoint=endpoint)
        return AuthFailed(
            f"{where} authentication failed ({text})",
            hint="check RACING_API_USERNAME, RACING_API_PASSWORD and that the account is active",
            endpoint=endpoint,
            status=status,
        )
    if status == 404:
        return NotFound(f"{where} not found ({text})", endpoint=endpoint, status=status)
    return InvalidRequest(
        f"{where} invalid request: {text}", detail=detail, endpoint=endpoint, status=status
    )
