"""Client metrics: a snapshot for run reports and the same numbers for Prometheus."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest

from darkhorses.api.metrics import ClientMetrics, PrometheusCollector


def _sample() -> ClientMetrics:
    metrics = ClientMetrics()
    metrics.call("/v1/results", 200, 1000)
    metrics.call("/v1/results", 200, 500)
    metrics.call("/v1/results", 503)
    metrics.call("/v1/odds/{race_id}/{horse_id}", "timeout")
    metrics.retry("/v1/results")
    metrics.waited(0.25)
    return metrics


def test_snapshot_counts_calls_by_endpoint_and_status() -> None:
    snap = _sample().snapshot()
    assert snap["calls"] == 4
    assert snap["retries"] == 1
    assert snap["bytes"] == 1500
    assert snap["limiter_wait_s"] == 0.25
    assert snap["by_endpoint"]["/v1/results"] == {"200": 2, "503": 1}
    assert snap["by_endpoint"]["/v1/odds/{race_id}/{horse_id}"] == {"timeout": 1}


def test_prometheus_exposition() -> None:
    registry = CollectorRegistry()
    registry.register(PrometheusCollector(_sample()))
    text = generate_latest(registry).decode()
    assert 'darkhorses_api_calls_total{endpoint="/v1/results",status="200"} 2.0' in text
    assert 'darkhorses_api_retries_total{endpoint="/v1/results"} 1.0' in text
    assert "darkhorses_api_limiter_wait_seconds_total 0.25" in text
