"""The rate limiter: one per process, shared by every thread, job and client.

Each call takes a slot in its endpoint class's bucket (free 1/s, racecard lists 2/s, the rest
5/s) and in the global bucket, both sliding-window logs from pyrate-limiter. A window is the
limit's interval plus a safety margin, so that latency jitter between us and the server does
not put more calls than the limit into any one-second window as the server counts them; and
calls are spaced evenly through the window rather than sent in bursts, which keeps that
jitter small.

By default the buckets live in memory. Several processes on one account share one budget by
passing ``postgres_url``: the buckets are then pyrate-limiter's PostgreSQL buckets, one table
per class, with the database's clock.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping

from pyrate_limiter import AbstractBucket, InMemoryBucket, PostgresBucket, Rate, RateItem

from darkhorses.api.plans import RateClass

# Added to every one-second window; covers scheduling and network jitter.
DEFAULT_MARGIN_S = 0.025
# Calls are at least this share of (window / limit) apart.
SPACING_SHARE = 0.75
GLOBAL = "global"


def window_rate(per_second: float, margin_s: float = DEFAULT_MARGIN_S) -> Rate:
    """A pyrate-limiter rate admitting at most ``per_second`` calls per second, with margin."""
    if per_second <= 0:
        raise ValueError(f"a rate must be positive, got {per_second}")
    if per_second >= 1:
        limit, interval_s = math.floor(per_second), 1.0
    else:
        limit, interval_s = 1, 1.0 / per_second
    return Rate(limit, round((interval_s + margin_s) * 1000))


def paced_rates(per_second: float, margin_s: float = DEFAULT_MARGIN_S) -> list[Rate]:
    """The window rate plus a near-even spacing between calls.

    Spacing keeps calls from leaving in bursts: a burst is what the network and the server
    delay unevenly, and uneven delays are what could crowd a window at the far end.
    """
    window = window_rate(per_second, margin_s)
    # A little under the window's even share, so the window (not wake-up delays) sets the pace.
    spacing_ms = int(window.interval / window.limit * SPACING_SHARE)
    if window.limit == 1 or spacing_ms < 1:  # nothing to space, or finer than the clock
        return [window]
    return [Rate(1, spacing_ms), window]


class RateLimiter:
    """Blocks each call until its class and the global cap allow it."""

    def __init__(
        self,
        rates: Mapping[str, float],
        global_rate: float,
        *,
        margin_s: float = DEFAULT_MARGIN_S,
        postgres_url: str | None = None,
    ) -> None:
        self.rates = dict(rates)
        self.global_rate = global_rate
        self.margin_s = margin_s
        self._lock = threading.Lock()
        self._pool = None
        self._buckets: dict[str, AbstractBucket] = {}
        all_rates = {**self.rates, GLOBAL: global_rate}
        if postgres_url:
            from psycopg_pool import ConnectionPool

            # psycopg wants a plain libpq URL, not SQLAlchemy's driver-qualified one.
            conninfo = postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)
            self._pool = ConnectionPool(conninfo, min_size=1, max_size=4, open=True)
            for name, per_second in all_rates.items():
                self._buckets[name] = PostgresBucket(
                    self._pool, f"darkhorses_api_{name}", paced_rates(per_second, margin_s)
                )
        else:
            for name, per_second in all_rates.items():
                self._buckets[name] = InMemoryBucket(paced_rates(per_second, margin_s))

    @classmethod
    def from_api_settings(cls, api: object, *, postgres_url: str | None = None) -> RateLimiter:
        """The limiter for ``settings.api`` (its rate_* settings)."""
        return cls(
            {
                "free": api.rate_free,  # type: ignore[attr-defined]
                "racecards": api.rate_racecards,  # type: ignore[attr-defined]
                "default": api.rate_default,  # type: ignore[attr-defined]
            },
            api.rate_global,  # type: ignore[attr-defined]
            postgres_url=postgres_url,
        )

    def acquire(self, rate_class: RateClass | str, timeout_s: float | None = None) -> float:
        """Wait for a slot; returns the seconds waited. Raises TimeoutError past ``timeout_s``."""
        bucket = self._buckets[rate_class]
        glob = self._buckets[GLOBAL]
        start = time.monotonic()
        while True:
            with self._lock:
                wait_ms = self._try_both(rate_class, bucket, glob)
            if wait_ms == 0:
                return time.monotonic() - start
            if timeout_s is not None and time.monotonic() - start + wait_ms / 1000 > timeout_s:
                raise TimeoutError(f"rate limiter: no slot for {rate_class} in {timeout_s}s")
            time.sleep(wait_ms / 1000)

    @staticmethod
    def _try_both(name: str, bucket: AbstractBucket, glob: AbstractBucket) -> int:
        """Take a slot in the class bucket then the global one; else the ms to wait.

        A class slot taken when the global cap then refuses is left spent: that only makes
        the limiter more cautious, whereas an item recorded earlier than its call is sent
        would let a window overfill.
        """
        item = RateItem(name, bucket.now())
        if not bucket.put(item):
            return max(1, int(bucket.waiting(item)))  # type: ignore[arg-type]
        gitem = RateItem(GLOBAL, glob.now())
        if not glob.put(gitem):
            return max(1, int(glob.waiting(gitem)))  # type: ignore[arg-type]
        for b, it in ((bucket, item), (glob, gitem)):
            # Keep the logs short: drop items older than the longest window.
            b.leak(it.timestamp)
        return 0

    def close(self) -> None:
        """Release the database pool, when there is one."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None


_shared: dict[tuple[object, ...], RateLimiter] = {}
_shared_lock = threading.Lock()


def shared_limiter(api: object, *, postgres_url: str | None = None) -> RateLimiter:
    """The process-wide limiter of one account (base URL and user) and rate configuration."""
    key = (
        getattr(api, "base_url", ""),
        getattr(api, "username", ""),
        api.rate_free,  # type: ignore[attr-defined]
        api.rate_racecards,  # type: ignore[attr-defined]
        api.rate_default,  # type: ignore[attr-defined]
        api.rate_global,  # type: ignore[attr-defined]
        postgres_url,
    )
    with _shared_lock:
        if key not in _shared:
            _shared[key] = RateLimiter.from_api_settings(api, postgres_url=postgres_url)
        return _shared[key]
