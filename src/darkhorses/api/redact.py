"""Keeping credentials out of logs, errors and the archive."""

from __future__ import annotations

from collections.abc import Iterable

import httpx

# Query parameter names that may carry a secret; their values are never kept.
SECRET_PARAMS = frozenset({"password", "username", "api_key", "apikey", "key", "token", "auth"})
MASK = "***"


def safe_params(params: Iterable[tuple[str, object]]) -> list[list[str]]:
    """Parameters as ``[[name, value], ...]`` strings, secret-looking values masked."""
    return [[name, MASK if name.lower() in SECRET_PARAMS else str(value)] for name, value in params]


def safe_url(url: str | httpx.URL) -> str:
    """A URL without user info or secret-looking query values."""
    parsed = httpx.URL(str(url))
    if parsed.userinfo:
        parsed = parsed.copy_with(username=None, password=None)
    if parsed.params:
        masked = [
            (k, MASK if k.lower() in SECRET_PARAMS else v) for k, v in parsed.params.multi_items()
        ]
        parsed = parsed.copy_with(params=masked)
    return str(parsed)
