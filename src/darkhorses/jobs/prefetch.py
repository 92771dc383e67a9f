"""Fetch-ahead: fetch the next units of work on threads while the current one is written.

The fetch threads share the API client and so its rate limiter: the limiter, not the writer,
sets the pace. At most ``ahead`` units are fetched or waiting at any time, so memory stays the
same however many units there are; results come back in the order the units were given.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Fetched(Generic[T, R]):
    """One unit and what fetching it gave: a value or the exception it raised."""

    unit: T
    value: R | None = None
    error: Exception | None = None


def prefetch(
    units: Iterable[T], fetch: Callable[[T], R], *, workers: int = 4, ahead: int = 8
) -> Generator[Fetched[T, R], None, None]:
    """``fetch(unit)`` for every unit on ``workers`` threads, yielded in the units' order.

    Closing the iterator early cancels what has not started; what has started finishes.
    """
    if workers < 1 or ahead < 1:
        raise ValueError(f"workers and ahead must be at least 1 (got {workers}, {ahead})")
    ahead = max(ahead, workers)
    source = iter(units)
    pending: deque[tuple[T, Future[R]]] = deque()
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="darkhorses-fetch")
    exhausted = False

    def fill() -> None:
        nonlocal exhausted
        while not exhausted and len(pending) < ahead:
            try:
                unit = next(source)
            except StopIteration:
                exhausted = True
                return
            pending.append((unit, pool.submit(fetch, unit)))

    try:
        fill()
        while pending:
            unit, future = pending.popleft()
            try:
                fetched: Fetched[T, R] = Fetched(unit, value=future.result())
            except Exception as exc:  # handed to the caller, who records it against the unit
                fetched = Fetched(unit, error=exc)
            del future
            fill()
            yield fetched
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
