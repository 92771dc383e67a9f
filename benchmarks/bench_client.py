"""The API client: its overhead per call, and how close it runs to the rate limit.

- Overhead: the same request through the client (limiter, retry wrapper, parsing, metrics) and
  through a bare httpx client, against a sandbox with no limits, in the same run.
- Rate: four threads calling a 5/s endpoint class through the client, against a sandbox
  enforcing the same limit; the steady-state rate as a share of the limit (target >= 95%),
  with the sandbox's 429 count as a note (it must be zero).
"""

from __future__ import annotations

import statistics
import threading
import time

import httpx

from benchmarks.harness import Bench
from darkhorses.api.client import RacingApiClient
from darkhorses.api.limiter import RateLimiter
from darkhorses.clock import Clock
from darkhorses.sandbox.app import SandboxOptions, create_app
from darkhorses.sandbox.clock import parse_instant
from darkhorses.sandbox.server import serve
from darkhorses.sandbox.world import World

NOW = parse_instant("2025-10-14T15:00:00+01:00")
SPEC = {"free": 1.0, "racecards": 2.0, "default": 5.0}
UNLIMITED = {"free": 1e6, "racecards": 1e6, "default": 1e6}
CALLS = 300
RATE_WARMUP_S = 2.0
RATE_MEASURE_S = 12.0


def _client(base_url: str, rates: dict[str, float], global_rate: float) -> RacingApiClient:
    return RacingApiClient(
        base_url,
        "pro",
        "pro",
        plan="pro",
        limiter=RateLimiter(rates, global_rate),
        clock=Clock(NOW),
    )


def _per_call_ms(fn, calls: int) -> float:
    """Median milliseconds per call over ``calls`` calls (after a short warm-up)."""
    for _ in range(10):
        fn()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _overhead(bench: Bench, world: World) -> None:
    app = create_app(world, SandboxOptions(now=NOW, limits=None))
    with serve(app) as base_url:
        path, params = "/v1/courses", [("region_codes", "ire")]
        with httpx.Client(base_url=base_url, auth=("pro", "pro")) as raw:
            raw_ms = _per_call_ms(lambda: raw.get(path, params=params).json(), CALLS)
        with _client(base_url, UNLIMITED, 1e6) as client:
            client_ms = _per_call_ms(lambda: client.get(path, params), CALLS)
    bench.figure(
        "call latency through the client",
        client_ms,
        "ms",
        baseline=raw_ms,
        baseline_name="bare httpx",
        note=f"median of {CALLS} GET /v1/courses, sandbox without limits",
    )
    bench.figure("client overhead per call", client_ms - raw_ms, "ms", target="small vs latency")


def _limiter_cost(bench: Bench) -> None:
    limiter = RateLimiter(UNLIMITED, 1e6)
    n = 20_000
    start = time.perf_counter()
    for _ in range(n):
        limiter.acquire("default")
    bench.figure("limiter acquire, uncontended", (time.perf_counter() - start) / n * 1e6, "us")


def _rate_share(bench: Bench, world: World) -> None:
    app = create_app(world, SandboxOptions(now=NOW))  # the spec's limits, enforced
    with serve(app) as base_url, _client(base_url, SPEC, SPEC["default"]) as client:
        horse = client.racecards(NOW.date(), region_codes=["gb"]).items[0]["runners"][0]
        stop = time.monotonic() + RATE_WARMUP_S + RATE_MEASURE_S + 1.0
        done: list[float] = []
        lock = threading.Lock()

        def work() -> None:
            while time.monotonic() < stop:
                client.horse(horse["horse_id"])  # a 5/s endpoint
                with lock:
                    done.append(time.monotonic())

        started = time.monotonic()
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stats = httpx.get(base_url + "/_sandbox/stats").json()
    begin = started + RATE_WARMUP_S
    measured = sorted(t for t in done if begin <= t < begin + RATE_MEASURE_S)
    # Whole windows only: from one call to the call a whole number of windows later.
    limit = int(SPEC["default"])
    span = (len(measured) - 1) // limit * limit
    achieved = span / (measured[span] - measured[0])
    bench.figure(
        "achieved rate, share of the limit",
        100 * achieved / SPEC["default"],
        "%",
        target=">= 95%",
        note=(
            f"{achieved:.2f}/s of {SPEC['default']:.0f}/s, 4 threads, "
            f"sandbox 429s: {stats['by_status'].get('429', 0)}, "
            f"peak per second: {stats['peak_per_second'].get('pro/default')}"
        ),
    )


def run(bench: Bench) -> None:
    world = World(1)
    _limiter_cost(bench)
    _overhead(bench, world)
    _rate_share(bench, world)
