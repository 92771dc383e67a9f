"""Request counters, read over HTTP at ``GET /_sandbox/stats``.

Counted per endpoint (route template), per status, per wall-clock second, and as the peak
number of requests any one account sent to one endpoint class within any sliding one-second
window: what a test compares with the rate limits.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from datetime import UTC, datetime

# Wall-clock seconds kept in ``per_second`` (older ones are dropped to bound memory).
PER_SECOND_KEEP = 3600


class Counters:
    """Thread-safe tallies of the API requests the sandbox answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self._requests = 0
        self._by_endpoint: Counter[str] = Counter()
        self._by_status: Counter[str] = Counter()
        self._by_endpoint_status: dict[str, Counter[str]] = {}
        self._per_second: Counter[int] = Counter()
        self._windows: dict[str, deque[float]] = {}
        self._peaks: dict[str, int] = {}
        self._started = time.time()

    def reset(self) -> None:
        """Start counting from zero."""
        with self._lock:
            self._clear()

    def record(
        self,
        endpoint: str,
        status: int,
        account: str = "",
        rate_class: str = "",
        at: float | None = None,
    ) -> None:
        """Count one answered request that arrived at ``at`` (``time.monotonic()``)."""
        now = time.monotonic() if at is None else at
        second = int(time.time() - (time.monotonic() - now))
        with self._lock:
            self._requests += 1
            self._by_endpoint[endpoint] += 1
            self._by_status[str(status)] += 1
            self._by_endpoint_status.setdefault(endpoint, Counter())[str(status)] += 1
            self._per_second[second] += 1
            if len(self._per_second) > PER_SECOND_KEEP:
                del self._per_second[min(self._per_second)]
            if account and rate_class:
                key = f"{account}/{rate_class}"
                window = self._windows.setdefault(key, deque())
                window.append(now)
                while window[0] <= now - 1.0:
                    window.popleft()
                self._peaks[key] = max(self._peaks.get(key, 0), len(window))

    def snapshot(self) -> dict[str, object]:
        """Everything counted so far, as JSON."""
        with self._lock:
            return {
                "requests": self._requests,
                "by_endpoint": dict(sorted(self._by_endpoint.items())),
                "by_status": dict(sorted(self._by_status.items())),
                "by_endpoint_status": {
                    k: dict(sorted(v.items())) for k, v in sorted(self._by_endpoint_status.items())
                },
                "per_second": {
                    datetime.fromtimestamp(s, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"): n
                    for s, n in sorted(self._per_second.items())
                },
                "max_per_second": max(self._per_second.values(), default=0),
                "peak_per_second": dict(sorted(self._peaks.items())),
                "since": datetime.fromtimestamp(self._started, UTC).isoformat(),
            }
