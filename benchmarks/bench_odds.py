"""Live odds: the time to process one cycle of a full day's prices.

A full day is the sandbox world's GB and IRE cards of 2025-10-14 (51 races, 470 runners,
28 bookmakers: about 13,000 prices). A cycle is the live capture job's own
:func:`~darkhorses.jobs.odds_live.run_cycle`, given the cards as the API client hands them
over (decoded JSON, no HTTP): reading the cards, parsing every price, comparing with the
stored prices, writing the changes, the cycle's statistics and its checkpoint in one
transaction. Measured for the first cycle (every price new), for a cycle where 5% of the prices
changed, with the previous state held in the process (the running capture) and read back from
the database (a fresh process), and for a cycle where nothing changed. Each figure's note
gives this process's CPU time for the cycle and the load average, as the machine may be shared.
"""

from __future__ import annotations

import copy
import os
import random
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa

from benchmarks.harness import Bench
from darkhorses.api.client import Page
from darkhorses.api.metrics import ClientMetrics
from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs import odds_live
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine, normalize_url
from darkhorses.transform.values import UK

DAY = date(2025, 10, 14)
NOW = datetime(2025, 10, 14, 9, 0, tzinfo=UK)
CHANGED_SHARE = 0.05
TARGET = "< 1 s"
ENDPOINT = "/v1/racecards/pro"


def _day_cards() -> list[dict[str, Any]]:
    from darkhorses.sandbox.world import World

    world = World(1)
    refs = [r for r in world.races_on(DAY) if r.region in ("GB", "IRE")]
    return [world.racecard(r.race_id, "pro", NOW) for r in refs]


def _with_changes(
    items: list[dict[str, Any]], share: float, at: datetime, seed: int
) -> tuple[list[dict[str, Any]], int]:
    """A copy of the cards where ``share`` of the prices moved, stamped ``at``."""
    changed = copy.deepcopy(items)
    quotes = [
        q
        for card in changed
        for r in card["runners"]
        if r["number"] != "NR"
        for q in r["odds"]
        if q["decimal"].replace(".", "").isdigit()
    ]
    picked = random.Random(seed).sample(quotes, round(len(quotes) * share))
    stamp = at.astimezone(UK).strftime("%Y-%m-%d %H:%M:%S")
    for quote in picked:
        whole = round(float(quote["decimal"])) + 1
        quote["fractional"] = f"{whole - 1}/1"
        quote["decimal"] = str(whole)
        quote["updated"] = stamp
    return changed, len(picked)


class _CardsClient:
    """Hands over prepared cards as :class:`~darkhorses.api.RacingApiClient` would (Pro plan)."""

    plan = "pro"

    def __init__(self) -> None:
        self.metrics = ClientMetrics()
        self.cards: list[dict[str, Any]] = []

    def racecards(self, day: date, region_codes: Any = None, course_ids: Any = None) -> Page:
        self.metrics.call(ENDPOINT, 200)
        items = self.cards if day == DAY else []  # tomorrow: no cards yet
        return Page(items, len(items), ENDPOINT, "pro")


def _cycle(
    settings: Settings, engine: sa.Engine, client: _CardsClient, now: datetime
) -> tuple[int, float, str]:
    """One capture cycle at ``now``: history rows written, seconds, and a note on the run."""
    started, cpu = time.perf_counter(), time.process_time()
    report = odds_live.run_cycle(
        settings, engine=engine, client=cast(Any, client), clock=Clock(now)
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.counts["quarantined"] == 0 and report.api_calls >= 1
    note = f"cpu {cpu:.3f} s (this process); load average {os.getloadavg()[0]:.2f}"
    return report.rows.get("ra_odds_history", {}).get("inserted", 0), round(elapsed, 3), note


def _measure(bench: Bench, backend: str, url: str, items: list[dict[str, Any]]) -> None:
    engine = make_engine(url)
    settings = Settings(database={"url": url}, sync={"regions": ["gb", "ire"]})
    client = _CardsClient()
    odds_live._cache.clear()
    try:
        migrate.upgrade(engine)
        prices = sum(len(r["odds"]) for c in items for r in c["runners"])
        client.cards = items
        written, first, note = _cycle(settings, engine, client, NOW)
        assert written == prices, (written, prices)
        name = f"{backend}: first cycle, full day ({prices:,} prices, {written:,} new)"
        bench.figure(name, first, "s", target=TARGET, note=note)

        later = NOW + timedelta(minutes=5)
        client.cards, n = _with_changes(items, CHANGED_SHARE, later, seed=7)
        written, warm, note = _cycle(settings, engine, client, later)
        assert written == n, (written, n)
        name = f"{backend}: cycle with 5% changed ({n:,} changes), state held in process"
        bench.figure(name, warm, "s", target=TARGET, note=note)

        # The same again from a fresh process: the state is read back from the database.
        latest = later + timedelta(minutes=5)
        client.cards, m = _with_changes(client.cards, CHANGED_SHARE, latest, seed=8)
        odds_live._cache.clear()
        written, fresh, note = _cycle(settings, engine, client, latest)
        assert written == m, (written, m)
        bench.figure(
            f"{backend}: cycle with 5% changed ({m:,} changes), state read from the database",
            fresh,
            "s",
            baseline=warm,
            baseline_name="state held in process",
            target=TARGET,
            note=note,
        )

        # Nothing changed since: nothing is written.
        written, quiet, note = _cycle(settings, engine, client, latest + timedelta(seconds=10))
        assert written == 0, written
        name = f"{backend}: cycle with nothing changed, state held in process"
        bench.figure(name, quiet, "s", target=TARGET, note=note)
    finally:
        odds_live._cache.clear()
        engine.dispose()


def run(bench: Bench) -> None:
    items = _day_cards()
    with tempfile.TemporaryDirectory() as tmp:
        _measure(bench, "SQLite", f"sqlite:///{Path(tmp) / 'bench_odds.db'}", items)
    if bench.postgres_url:
        admin = sa.create_engine(normalize_url(bench.postgres_url), isolation_level="AUTOCOMMIT")
        name = f"dh_bench_odds_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            url = normalize_url(bench.postgres_url).set(database=name)
            _measure(bench, "PostgreSQL", url.render_as_string(hide_password=False), items)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
