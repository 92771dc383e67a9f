"""Retry policy: which errors are retried, how long to wait, when to give up.

Built on stamina: exponential backoff with jitter, bounded by attempts and total time; a 429
with ``Retry-After`` waits what the server asked. Terminal errors (401, 404, 422) are raised at
once. Tests switch waits off with ``stamina.set_testing(True, attempts=..., cap=True)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import stamina

from darkhorses.api.errors import ApiError, RateLimited

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. Defaults match ``settings.api`` (retry_attempts, retry_timeout_s)."""

    attempts: int = 8
    timeout_s: float = 120.0
    wait_initial_s: float = 0.5
    wait_max_s: float = 30.0
    wait_jitter_s: float = 1.0
    # Never wait longer than this for one Retry-After, whatever the server says.
    retry_after_cap_s: float = 60.0


def backoff_hook(policy: RetryPolicy) -> Callable[[Exception], bool | float]:
    """stamina's ``on=`` hook: False for terminal errors, Retry-After seconds, or True."""

    def decide(exc: Exception) -> bool | float:
        if not isinstance(exc, ApiError) or not exc.transient:
            return False
        if isinstance(exc, RateLimited) and exc.retry_after is not None:
            return min(exc.retry_after, policy.retry_after_cap_s)
        return True

    return decide


def call_with_retries(
    fn: Callable[[], T],
    policy: RetryPolicy,
    on_retry: Callable[[int], None] | None = None,
) -> T:
    """Call ``fn`` until it returns, a terminal error is raised, or the budget is spent.

    ``on_retry(attempt)`` is called before each attempt after the first.
    """
    for attempt in stamina.retry_context(
        on=backoff_hook(policy),
        attempts=policy.attempts,
        timeout=policy.timeout_s,
        wait_initial=policy.wait_initial_s,
        wait_max=policy.wait_max_s,
        wait_jitter=policy.wait_jitter_s,
    ):
        with attempt:
            if attempt.num > 1 and on_retry is not None:
                on_retry(attempt.num)
            return fn()
    raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover
