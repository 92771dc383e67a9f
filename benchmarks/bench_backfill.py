"""Backfill: how close to the API's allowed rate it runs, and how it scales over years.

- Rate use: with the sandbox's limits on and the client at the plan's rates, the wall time of
  a backfill against (API calls ÷ allowed rate). Target: at most 1.05.
- A long results backfill with the sandbox's limits off (and the client opened up to match):
  wall time, runners per second and peak RSS, on SQLite and PostgreSQL. Each run is its own
  ``darkhorses backfill`` process, so its peak RSS is its own; 1 year against the long range
  shows whether memory depends on the range's length (target: below 200 MB and flat).

``DARKHORSES_BENCH_BACKFILL_YEARS`` sets the long range (default 10).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from benchmarks.harness import Bench, stopwatch
from darkhorses.config import Settings

NOW = "2025-10-14T15:00:00+01:00"
TODAY = date(2025, 10, 14)
OPEN_RATES = {"rate_free": 1000, "rate_racecards": 1000, "rate_default": 1000, "rate_global": 1000}
RATE_DAYS = 100  # results days fetched at the plan's rate
PROFILE_DAYS = (date(2025, 10, 10), date(2025, 10, 11))  # whose horses get profiles
RSS_TARGET_MB = 200


def _settings(base_url: str, db_url: str, *, open_rates: bool) -> Settings:
    return Settings(
        api={
            "base_url": base_url,
            "username": "historic",
            "password": "historic",
            "plan": "pro",
            "historic_addon": True,
            **(OPEN_RATES if open_rates else {}),
        },
        database={"url": db_url},
        sync={"regions": ["ire"]},  # small days: the sandbox answers well within the rate
        now=NOW,
    )


def _backfill(settings: Settings, start: date, end: date, what: tuple[str, ...]) -> Any:
    """Run a backfill in this process; (report, seconds)."""
    from darkhorses.jobs.backfill import run_backfill
    from darkhorses.jobs.backfill_plan import build_plan
    from darkhorses.jobs.context import JobContext

    with JobContext.open(settings) as ctx:
        plan = build_plan("pro", start, end, TODAY, what, historic=True)
        with stopwatch() as elapsed:
            report = run_backfill(ctx, plan)
    return report, elapsed()


def _rate_use(bench: Bench, base_url: str, tmp: Path) -> None:
    """Results days, then the profiles of the horses met, at the plan's rates."""
    import httpx

    settings = _settings(base_url, f"sqlite:///{tmp / 'rate.db'}", open_rates=False)
    rate = min(settings.api.rate_default, settings.api.rate_global)
    first = TODAY - timedelta(days=RATE_DAYS)
    days, days_s = _backfill(settings, first, TODAY - timedelta(days=1), ("results",))
    bench.figure(
        f"rate use: {RATE_DAYS} results days at {rate:g}/s",
        days_s,
        "s",
        baseline=days.api_calls / rate,
        baseline_name="API calls ÷ allowed rate",
        target="ratio <= 1.05",
        note=f"{days.api_calls} calls",
    )
    # Profiles of the horses met on two days (a fresh database, so they are few).
    settings = _settings(base_url, f"sqlite:///{tmp / 'enrich.db'}", open_rates=False)
    _backfill(settings, PROFILE_DAYS[0], PROFILE_DAYS[1], ("results",))
    horses, horses_s = _backfill(settings, PROFILE_DAYS[0], PROFILE_DAYS[1], ("enrich",))
    bench.figure(
        f"rate use: horse profiles at {rate:g}/s",
        horses_s,
        "s",
        baseline=horses.api_calls / rate,
        baseline_name="API calls ÷ allowed rate",
        target="ratio <= 1.05",
        note=f"{horses.api_calls} calls",
    )
    stats = httpx.get(base_url + "/_sandbox/stats", timeout=10).json()
    bench.figure(
        "rate use: requests the sandbox refused (429)",
        stats["by_status"].get("429", 0),
        "requests",
        target="0",
        note=f"of {stats['requests']}; peak per second by class: {stats['peak_per_second']}",
    )


@contextmanager
def _postgres(admin: str) -> Iterator[str]:
    url = make_url(admin).set(drivername="postgresql+psycopg")
    name = f"dh_bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def _command() -> list[str]:
    script = Path(sys.executable).with_name("darkhorses")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from darkhorses.cli import main; main()"]


def _process_backfill(base_url: str, db_url: str, start: date, end: date) -> dict[str, Any]:
    """``darkhorses backfill`` in a fresh process: its report, wall time and peak RSS."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RACING_API_", "DARKHORSES_"))}
    env.update(
        {
            "DATABASE_URL": db_url,
            "RACING_API_BASE_URL": base_url,
            "RACING_API_USERNAME": "historic",
            "RACING_API_PASSWORD": "historic",
            "RACING_API_PLAN": "pro",
            "DARKHORSES_API_HISTORIC_ADDON": "true",
            "DARKHORSES_NOW": NOW,
            "LOG_LEVEL": "WARNING",
            **{f"DARKHORSES_API_{k.upper()}": str(v) for k, v in OPEN_RATES.items()},
        }
    )
    args = ["backfill", "--from", str(start), "--to", str(end), "--what", "results", "--json"]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen([*_command(), *args], env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"backfill exited {process.returncode}: {err.read()[-2000:]}")
        report = json.loads(out.read())
    return {"report": report, "seconds": seconds, "rss_mb": usage.ru_maxrss / 1024.0}


def _long_range(bench: Bench, base_url: str, db_url: str, backend: str, years: int) -> float:
    """A ``years``-year results backfill into an empty database; its peak RSS."""
    start = TODAY - timedelta(days=round(365.25 * years))
    run = _process_backfill(base_url, db_url, start, TODAY - timedelta(days=1))
    print(f"{years}-year {backend}: {run['seconds']:.0f} s, {run['rss_mb']:.0f} MB", flush=True)
    runners = sum(run["report"]["rows"].get("ra_mst_runners", {}).values())
    days = run["report"]["counts"].get("results_days", 0)
    bench.figure(
        f"{years}-year results backfill into {backend}: wall time",
        run["seconds"],
        "s",
        note=f"{days} days, {runners} runners, {run['report']['api_calls']} calls, sandbox incl.",
    )
    bench.figure(
        f"{years}-year results backfill into {backend}: runners per second",
        runners / run["seconds"],
        "runners/s",
    )
    return float(run["rss_mb"])


def _memory(bench: Bench, base_url: str, db_url: Any, backend: str, years: int) -> None:
    """Peak RSS of a 1-year and a ``years``-year backfill, each in its own process."""
    with db_url() as short_url:
        short = _long_range(bench, base_url, short_url, backend, 1)
    with db_url() as long_url:
        long = _long_range(bench, base_url, long_url, backend, years)
    print(f"peak RSS {backend}: 1 year {short:.0f} MB, {years} years {long:.0f} MB", flush=True)
    bench.figure(
        f"{years}-year results backfill into {backend}: peak RSS",
        long,
        "MB",
        baseline=short,
        baseline_name="1-year backfill",
        target=f"< {RSS_TARGET_MB} MB, ratio ~1.0",
    )


@contextmanager
def _sandbox(*, limits: bool) -> Iterator[str]:
    """``darkhorses sandbox`` in its own process (so it shares no CPU lock with the client)."""
    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = ["sandbox", "--port", str(port), "--now", NOW, *([] if limits else ["--no-limits"])]
    process = subprocess.Popen(
        [*_command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(base_url + "/_sandbox/stats", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the sandbox did not start") from None
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def run(bench: Bench) -> None:
    years = int(os.environ.get("DARKHORSES_BENCH_BACKFILL_YEARS", "10"))
    with _sandbox(limits=True) as base_url, tempfile.TemporaryDirectory() as tmp:
        _rate_use(bench, base_url, Path(tmp))

    with _sandbox(limits=False) as base_url, tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(1000))

        @contextmanager
        def sqlite_url() -> Iterator[str]:
            yield f"sqlite:///{Path(tmp) / f'long{next(counter)}.db'}"

        _memory(bench, base_url, sqlite_url, "SQLite", years)
        if bench.postgres_url:
            admin = bench.postgres_url

            @contextmanager
            def postgres_url() -> Iterator[str]:
                with _postgres(admin) as url:
                    yield url

            _memory(bench, base_url, postgres_url, "PostgreSQL", years)
