"""How fast the sandbox serves a year of data over real HTTP, with rate limits off.

A year of ``/v1/results`` fetched as a client should (one day per call, paged by 100) and a
year of ``/v1/racecards/pro`` (one call per day), from a freshly built world, as a backfill
meets it. The sandbox must never be what limits a pipeline benchmark.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

import httpx

from benchmarks.harness import Bench, stopwatch
from darkhorses.sandbox.app import SandboxOptions, create_app
from darkhorses.sandbox.clock import parse_instant
from darkhorses.sandbox.server import serve

NOW = "2025-10-14T23:00:00+01:00"
FIRST_DAY = date(2024, 10, 14)
YEAR = 365
# Days walked; fewer than a year (DARKHORSES_BENCH_DAYS) gives a quicker, extrapolated figure.
DAYS = int(os.environ.get("DARKHORSES_BENCH_DAYS", str(YEAR)))


def _results_year(client: httpx.Client) -> tuple[int, int, int]:
    """(requests, races, bytes) for a year of results, day by day, paged by 100."""
    requests = races = size = 0
    for offset in range(DAYS):
        day = (FIRST_DAY + timedelta(days=offset)).isoformat()
        skip, total = 0, 1
        while skip < total:
            response = client.get(
                "/v1/results",
                params={"start_date": day, "end_date": day, "limit": 100, "skip": skip},
            ).raise_for_status()
            page = response.json()
            requests += 1
            size += len(response.content)
            total = page["total"]
            races += len(page["results"])
            skip += 100
    return requests, races, size


def _cards_year(client: httpx.Client) -> tuple[int, int, int]:
    """(requests, races, bytes) for a year of pro racecards, one day per call."""
    requests = races = size = 0
    for offset in range(DAYS):
        day = (FIRST_DAY + timedelta(days=offset)).isoformat()
        response = client.get("/v1/racecards/pro", params={"date": day}).raise_for_status()
        requests += 1
        size += len(response.content)
        races += len(response.json()["racecards"])
    return requests, races, size


def run(bench: Bench) -> None:
    from darkhorses.sandbox.world import World

    options = SandboxOptions(limits=None, now=parse_instant(NOW))
    with (
        serve(create_app(World(1), options)) as base_url,
        httpx.Client(base_url=base_url, auth=("pro", "pro"), timeout=120) as client,
    ):
        for label, walk, limit in (
            ("results", _results_year, 5),
            ("racecards/pro", _cards_year, 2),
        ):
            with stopwatch() as elapsed:
                requests, races, size = walk(client)
            seconds = elapsed()
            per_year = YEAR / DAYS
            bench.figure(
                f"{label}, day by day: requests/s",
                requests / seconds,
                "req/s",
                target=f"> {limit} req/s (the API's own limit)",
                note=f"{DAYS} days: {requests} requests, {races} races, {size / 1e6:.0f} MB",
            )
            bench.figure(
                f"{label}: seconds per year",
                seconds * per_year,
                "s",
                baseline=requests * per_year / limit,
                baseline_name="at the API's rate limit",
                note=f"measured over {DAYS} days" if DAYS != YEAR else None,
            )
