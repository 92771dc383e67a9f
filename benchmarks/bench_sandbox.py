"""How fast the sandbox serves a year of data over real HTTP, with rate limits off.

A year of ``/v1/results`` fetched as a client should (one day per call, paged by 100) and a
year of ``/v1/racecards/pro`` (one call per day), from a freshly started ``darkhorses
sandbox`` in its own process, as a backfill meets it (and as ``bench_backfill`` runs it). The
sandbox must never be what limits a pipeline benchmark: besides requests per second (which
include this process's own decoding), the sandbox's CPU time per request and per day is read
from its process, and its peak memory.

``DARKHORSES_BENCH_DAYS`` walks fewer days than a year (a quicker, extrapolated figure);
``DARKHORSES_BENCH_SANDBOX_YEARS=10`` adds a long walk of results, day by day, to show that
the sandbox's memory stays bounded however long the range (off by default: minutes).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx

from benchmarks.harness import Bench, stopwatch

NOW = "2025-10-14T23:00:00+01:00"
FIRST_DAY = date(2024, 10, 14)
YEAR = 365
# Days walked; fewer than a year (DARKHORSES_BENCH_DAYS) gives a quicker, extrapolated figure.
DAYS = int(os.environ.get("DARKHORSES_BENCH_DAYS", str(YEAR)))
LONG_YEARS = int(os.environ.get("DARKHORSES_BENCH_SANDBOX_YEARS", "0"))
START_TIMEOUT_S = 60.0
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Walk:
    """What one walk fetched."""

    requests: int = 0
    days: int = 0
    races: int = 0
    size: int = 0


def _results(client: httpx.Client, first: date, days: int, walk: Walk) -> None:
    """Results day by day, paged by 100."""
    for offset in range(days):
        day = (first + timedelta(days=offset)).isoformat()
        skip, total = 0, 1
        while skip < total:
            response = client.get(
                "/v1/results",
                params={"start_date": day, "end_date": day, "limit": 100, "skip": skip},
            ).raise_for_status()
            page = response.json()
            walk.requests += 1
            walk.size += len(response.content)
            total = page["total"]
            walk.races += len(page["results"])
            skip += 100
        walk.days += 1


def _cards(client: httpx.Client, first: date, days: int, walk: Walk) -> None:
    """Pro racecards, one call per day."""
    for offset in range(days):
        day = (first + timedelta(days=offset)).isoformat()
        response = client.get("/v1/racecards/pro", params={"date": day}).raise_for_status()
        walk.requests += 1
        walk.size += len(response.content)
        walk.races += len(response.json()["racecards"])
        walk.days += 1


def _command() -> list[str]:
    script = Path(sys.executable).with_name("darkhorses")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from darkhorses.cli import main; main()"]


class SandboxProcess:
    """A running ``darkhorses sandbox``: its URL, CPU time and memory as the kernel counts."""

    def __init__(self, process: subprocess.Popen[bytes], base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    def cpu_s(self) -> float:
        """User + system CPU seconds the sandbox process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def memory_mb(self, key: str = "VmHWM") -> float:
        """Peak (``VmHWM``) or current (``VmRSS``) resident memory, in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
        return float("nan")


@contextmanager
def _sandbox() -> Iterator[SandboxProcess]:
    """``darkhorses sandbox --no-limits`` in its own process, on a free port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    args = ["sandbox", "--port", str(port), "--now", NOW, "--seed", "1", "--no-limits"]
    process = subprocess.Popen(
        [*_command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                httpx.get(base_url + "/_sandbox/health", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the sandbox did not start") from None
                time.sleep(0.1)
        yield SandboxProcess(process, base_url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _timed(
    bench: Bench,
    sandbox: SandboxProcess,
    label: str,
    fetch: Callable[[Walk], None],
    limit: int,
) -> None:
    walk = Walk()
    cpu = sandbox.cpu_s()
    with stopwatch() as elapsed:
        fetch(walk)
    seconds, cpu = elapsed(), sandbox.cpu_s() - cpu
    per_year = YEAR / walk.days
    extrapolated = f"measured over {walk.days} days" if walk.days != YEAR else None
    bench.figure(
        f"{label}, day by day: requests/s",
        walk.requests / seconds,
        "req/s",
        target=f"> {limit} req/s (the API's own limit)",
        note=f"{walk.days} days: {walk.requests} requests, {walk.races} races, "
        f"{walk.size / 1e6:.0f} MB",
    )
    bench.figure(
        f"{label}: sandbox CPU per request",
        cpu / walk.requests * 1000,
        "ms",
        target=f"< {1000 / limit:.0f} ms",
        note="the sandbox process's own user + system time",
    )
    bench.figure(f"{label}: sandbox CPU per day", cpu / walk.days * 1000, "ms/day")
    bench.figure(
        f"{label}: seconds per year",
        seconds * per_year,
        "s",
        baseline=walk.requests * per_year / limit,
        baseline_name="at the API's rate limit",
        note=extrapolated,
    )


def _long_walk(bench: Bench) -> None:
    """Results day by day over ``LONG_YEARS`` years (historic account): memory stays flat."""
    first = FIRST_DAY - timedelta(days=YEAR * LONG_YEARS)
    yearly: list[str] = []
    with (
        _sandbox() as sandbox,
        httpx.Client(base_url=sandbox.base_url, auth=("historic", "historic"), timeout=120) as c,
    ):
        walk = Walk()
        for year in range(LONG_YEARS):
            _results(c, first + timedelta(days=YEAR * year), YEAR, walk)
            yearly.append(f"{sandbox.memory_mb('VmRSS'):.0f}")
        bench.figure(
            f"results over {LONG_YEARS} years, day by day: sandbox peak RSS",
            sandbox.memory_mb(),
            "MB",
            target="flat: bounded caches",
            note=f"RSS after each year (MB): {', '.join(yearly)}; {walk.requests} requests",
        )


def run(bench: Bench) -> None:
    with (
        _sandbox() as sandbox,
        httpx.Client(base_url=sandbox.base_url, auth=("pro", "pro"), timeout=120) as client,
    ):
        _timed(bench, sandbox, "results", lambda w: _results(client, FIRST_DAY, DAYS, w), 5)
        _timed(bench, sandbox, "racecards/pro", lambda w: _cards(client, FIRST_DAY, DAYS, w), 2)
        bench.figure(
            "sandbox peak RSS after both walks",
            sandbox.memory_mb(),
            "MB",
            note=f"{DAYS} days of results, then of pro racecards",
        )
    if LONG_YEARS:
        _long_walk(bench)
