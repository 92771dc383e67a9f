"""The rate limiter: per-class and global limits hold in every one-second window."""

from __future__ import annotations

import threading
import time

import pytest

from darkhorses.api.limiter import RateLimiter, paced_rates, window_rate


def _peak(stamps: list[float], window: float = 1.0) -> int:
    """Most timestamps inside any half-open window of ``window`` seconds."""
    stamps = sorted(stamps)
    return max(sum(1 for u in stamps if t <= u < t + window) for t in stamps)


def _hammer(limiter: RateLimiter, classes: list[str], calls: int) -> dict[str, list[float]]:
    stamps: dict[str, list[float]] = {c: [] for c in classes}
    lock = threading.Lock()

    def work(rate_class: str) -> None:
        for _ in range(calls):
            limiter.acquire(rate_class)
            with lock:
                stamps[rate_class].append(time.monotonic())

    threads = [threading.Thread(target=work, args=(c,)) for c in classes for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return stamps


def test_window_rate_adds_the_margin() -> None:
    rate = window_rate(5, margin_s=0.025)
    assert (rate.limit, rate.interval) == (5, 1025)
    slow = window_rate(0.5, margin_s=0)
    assert (slow.limit, slow.interval) == (1, 2000)
    with pytest.raises(ValueError):
        window_rate(0)


def test_calls_are_spaced_through_the_window() -> None:
    spacing, window = paced_rates(5, margin_s=0.025)
    assert (spacing.limit, spacing.interval) == (1, 153)  # 3/4 of an even share
    assert (window.limit, window.interval) == (5, 1025)
    (only,) = paced_rates(1, margin_s=0.025)
    assert (only.limit, only.interval) == (1, 1025)


def test_class_limit_holds_across_threads() -> None:
    limiter = RateLimiter({"default": 10, "free": 1}, global_rate=50)
    stamps = _hammer(limiter, ["default", "default"], calls=8)["default"]
    assert len(stamps) == 32
    assert _peak(stamps) <= 10


def test_global_cap_holds_across_classes() -> None:
    limiter = RateLimiter({"a": 10, "b": 10}, global_rate=10)
    stamps = _hammer(limiter, ["a", "b"], calls=6)
    both = stamps["a"] + stamps["b"]
    assert len(both) == 24
    assert _peak(both) <= 10


def test_acquire_gives_up_after_its_timeout() -> None:
    limiter = RateLimiter({"free": 1}, global_rate=5)
    limiter.acquire("free")
    with pytest.raises(TimeoutError):
        limiter.acquire("free", timeout_s=0.1)


def test_processes_share_one_budget_through_postgresql(new_postgres_db: str) -> None:
    db_url = new_postgres_db
    first = RateLimiter({"default": 5}, global_rate=5, postgres_url=db_url)
    second = RateLimiter({"default": 5}, global_rate=5, postgres_url=db_url)
    try:
        stamps: list[float] = []
        lock = threading.Lock()

        def work(limiter: RateLimiter) -> None:
            for _ in range(6):
                limiter.acquire("default")
                with lock:
                    stamps.append(time.monotonic())

        threads = [threading.Thread(target=work, args=(lim,)) for lim in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(stamps) == 12
        # One shared budget of 5/s grants 12 permits over three windows (>= 2 s from first to
        # last); two separate budgets would finish in about one second.
        assert max(stamps) - min(stamps) >= 1.9
    finally:
        first.close()
        second.close()
