"""Client metrics: calls by endpoint and status, retries, limiter wait, bytes received.

:class:`ClientMetrics` is thread-safe and cheap; run reports read :meth:`ClientMetrics.snapshot`.
The service exposes the same numbers to Prometheus with :class:`PrometheusCollector`, which
reads a snapshot at scrape time (so nothing is registered globally by the client itself).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector


class ClientMetrics:
    """Counters of one client (or several sharing it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: Counter[tuple[str, str]] = Counter()
        self._retries: Counter[str] = Counter()
        self._bytes: Counter[str] = Counter()
        self._limiter_wait_s = 0.0

    def call(self, endpoint: str, status: int | str, nbytes: int = 0) -> None:
        """Record one HTTP exchange (status, or an error name such as ``timeout``)."""
        with self._lock:
            self._calls[(endpoint, str(status))] += 1
            self._bytes[endpoint] += nbytes

    def retry(self, endpoint: str) -> None:
        """Record one retry of a call to ``endpoint``."""
        with self._lock:
            self._retries[endpoint] += 1

    def waited(self, seconds: float) -> None:
        """Record time spent waiting for the rate limiter."""
        with self._lock:
            self._limiter_wait_s += seconds

    def snapshot(self) -> dict[str, Any]:
        """Plain numbers for run reports: totals plus per-endpoint detail."""
        with self._lock:
            calls: dict[str, dict[str, int]] = {}
            for (endpoint, status), n in sorted(self._calls.items()):
                calls.setdefault(endpoint, {})[status] = n
            return {
                "calls": sum(self._calls.values()),
                "retries": sum(self._retries.values()),
                "bytes": sum(self._bytes.values()),
                "limiter_wait_s": round(self._limiter_wait_s, 3),
                "by_endpoint": calls,
                "retries_by_endpoint": dict(self._retries),
            }


class PrometheusCollector(Collector):
    """Exposes a :class:`ClientMetrics` to a prometheus-client registry."""

    def __init__(self, metrics: ClientMetrics) -> None:
        self._metrics = metrics

    def collect(self) -> Iterator[CounterMetricFamily]:
        snap = self._metrics.snapshot()
        calls = CounterMetricFamily(
            "darkhorses_api_calls",
            "Racing API calls by endpoint and status",
            labels=["endpoint", "status"],
        )
        for endpoint, statuses in snap["by_endpoint"].items():
            for status, n in statuses.items():
                calls.add_metric([endpoint, status], n)
        yield calls
        retries = CounterMetricFamily(
            "darkhorses_api_retries", "Racing API retries by endpoint", labels=["endpoint"]
        )
        for endpoint, n in snap["retries_by_endpoint"].items():
            retries.add_metric([endpoint], n)
        yield retries
        yield CounterMetricFamily(
            "darkhorses_api_limiter_wait_seconds",
            "Time spent waiting for the rate limiter",
            value=snap["limiter_wait_s"],
        )
        yield CounterMetricFamily(
            "darkhorses_api_received_bytes", "Response bytes received", value=snap["bytes"]
        )
