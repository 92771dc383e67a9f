"""The Racing API: client, rate limiter, retries, paging, payload models and raw archive."""

from darkhorses.api.client import Fetched, Page, RacingApiClient
from darkhorses.api.errors import (
    ApiError,
    AuthFailed,
    BadBody,
    ConnectionLost,
    InvalidRequest,
    NotFound,
    PagingError,
    PlanRequired,
    RateLimited,
    ServerError,
    TerminalError,
    Timeout,
    TransientError,
)
from darkhorses.api.limiter import RateLimiter, shared_limiter
from darkhorses.api.metrics import ClientMetrics

__all__ = [
    "ApiError",
    "AuthFailed",
    "BadBody",
    "ClientMetrics",
    "ConnectionLost",
    "Fetched",
    "InvalidRequest",
    "NotFound",
    "Page",
    "PagingError",
    "PlanRequired",
    "RacingApiClient",
    "RateLimited",
    "RateLimiter",
    "ServerError",
    "TerminalError",
    "Timeout",
    "TransientError",
    "shared_limiter",
]
