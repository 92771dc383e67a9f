"""Prometheus series of the service, on one registry served at ``/metrics``.

Job series (runs, durations, last success, rows written, API calls per job) are fed by the
scheduler from each run's :class:`JobReport`. The API client's own counters (calls by endpoint
and status, retries, rate-limiter waits) are read from its :class:`ClientMetrics` at scrape
time, through :func:`watch_client`.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from darkhorses.api.metrics import ClientMetrics, PrometheusCollector
from darkhorses.jobs.report import JobReport

REGISTRY = CollectorRegistry(auto_describe=True)

JOB_API_CALLS = Counter(
    "darkhorses_job_api_calls",
    "Racing API requests made, by job (from run reports).",
    ["job"],
    registry=REGISTRY,
)
ROWS_WRITTEN = Counter(
    "darkhorses_rows_written",
    "Rows written by jobs, by table and outcome (inserted, updated, unchanged, ...).",
    ["table", "outcome"],
    registry=REGISTRY,
)
JOB_RUNS = Counter(
    "darkhorses_job_runs",
    "Job runs, by job and final status.",
    ["job", "status"],
    registry=REGISTRY,
)
JOB_DURATION = Histogram(
    "darkhorses_job_duration_seconds",
    "Wall time of job runs.",
    ["job"],
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200),
    registry=REGISTRY,
)
JOB_LAST_SUCCESS = Gauge(
    "darkhorses_job_last_success_timestamp_seconds",
    "Unix time of each job's last successful (or partial) run.",
    ["job"],
    registry=REGISTRY,
)
JOB_SKIPPED = Counter(
    "darkhorses_job_skipped",
    "Triggers skipped because another process held the job's lock or had already run it.",
    ["job"],
    registry=REGISTRY,
)
ALERTS = Counter(
    "darkhorses_alerts",
    "Alerts raised, by kind (job_failures, stale_table).",
    ["kind"],
    registry=REGISTRY,
)

# Metric families in the exposition from the start (as a Prometheus parser names them).
SERIES = (
    "darkhorses_api_calls",
    "darkhorses_api_retries",
    "darkhorses_api_limiter_wait_seconds",
    "darkhorses_job_api_calls",
    "darkhorses_rows_written",
    "darkhorses_job_runs",
    "darkhorses_job_duration_seconds",
    "darkhorses_job_last_success_timestamp_seconds",
)


def observe_run(report: JobReport, duration_s: float) -> None:
    """Fold one finished run into the job, row and API-call series."""
    JOB_RUNS.labels(report.job, report.status.value).inc()
    JOB_DURATION.labels(report.job).observe(max(duration_s, 0.0))
    JOB_API_CALLS.labels(report.job).inc(report.api_calls)
    for table, outcomes in report.rows.items():
        for outcome, n in outcomes.items():
            ROWS_WRITTEN.labels(table, outcome).inc(n)
    if report.status.value != "failed" and report.finished_at is not None:
        JOB_LAST_SUCCESS.labels(report.job).set(report.finished_at.timestamp())


class _ClientSeries(Collector):
    """The API client's own counters (calls, retries, limiter wait), read at scrape time."""

    def __init__(self) -> None:
        self.source = ClientMetrics()

    def collect(self) -> Iterator[Metric]:
        yield from PrometheusCollector(self.source).collect()


_CLIENT_SERIES = _ClientSeries()
REGISTRY.register(_CLIENT_SERIES)


def watch_client(client_metrics: ClientMetrics) -> None:
    """Expose this client's counters (the process shares one client) at ``/metrics``."""
    _CLIENT_SERIES.source = client_metrics


def exposition() -> bytes:
    """The registry in Prometheus text format."""
    return generate_latest(REGISTRY)
