"""Retry policy: transient errors retried within bounds, terminal ones raised at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stamina

from darkhorses.api.errors import (
    ApiError,
    BadBody,
    ConnectionLost,
    InvalidRequest,
    NotFound,
    PlanRequired,
    RateLimited,
    ServerError,
    Timeout,
)
from darkhorses.api.retry import RetryPolicy, backoff_hook, call_with_retries


@pytest.fixture(autouse=True)
def no_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=5, cap=True):
        yield


def _failing(errors: list[Exception], calls: list[int]):
    def fn() -> str:
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return "ok"

    return fn


@pytest.mark.parametrize(
    "error",
    [
        ServerError("boom", status=503),
        RateLimited("slow down", status=429),
        Timeout("late"),
        ConnectionLost("reset"),
        BadBody("truncated"),
    ],
)
def test_transient_errors_are_retried(error: ApiError) -> None:
    calls: list[int] = []
    retries: list[int] = []
    result = call_with_retries(
        _failing([error, error], calls), RetryPolicy(attempts=5), on_retry=retries.append
    )
    assert result == "ok"
    assert len(calls) == 3
    assert retries == [2, 3]


@pytest.mark.parametrize(
    "error",
    [PlanRequired("pro"), NotFound("gone", status=404), InvalidRequest("bad", status=422)],
)
def test_terminal_errors_are_never_retried(error: ApiError) -> None:
    calls: list[int] = []
    with pytest.raises(type(error)):
        call_with_retries(_failing([error, error], calls), RetryPolicy(attempts=5))
    assert len(calls) == 1


def test_attempts_are_bounded() -> None:
    calls: list[int] = []
    errors: list[Exception] = [ServerError("boom", status=500) for _ in range(10)]
    with pytest.raises(ServerError):
        call_with_retries(_failing(errors, calls), RetryPolicy(attempts=3))
    assert len(calls) == 3


def test_retry_after_sets_the_wait() -> None:
    hook = backoff_hook(RetryPolicy(retry_after_cap_s=30))
    assert hook(RateLimited("x", retry_after=2.5)) == 2.5
    assert hook(RateLimited("x", retry_after=500)) == 30
    assert hook(RateLimited("x")) is True
    assert hook(ServerError("x")) is True
    assert hook(NotFound("x")) is False
    assert hook(ValueError("not ours")) is False
