"""Live odds: the time to process one cycle of a full day's prices.

A full day is the sandbox world's GB and IRE cards of 2025-10-14 (51 races, 470 runners,
28 bookmakers: about 13,000 prices). Processing is everything after the HTTP body is read:
reading the cards into models, parsing every price, comparing with the stored prices and
writing the changes in one transaction. Measured for the first cycle (every price new) and
for a cycle where 5% of the prices changed, with the previous state held in the process (the
running capture) and read back from the database (a fresh process).
"""

from __future__ import annotations

import copy
import random
import tempfile
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.harness import Bench, stopwatch
from darkhorses.api.models.validate import validate_races
from darkhorses.jobs.odds_live import CardPricesSlice, stored_prices_since, write_prices
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine, normalize_url
from darkhorses.transform.odds import LIVE_CARD, card_prices
from darkhorses.transform.values import UK

DAY = date(2025, 10, 14)
NOW = datetime(2025, 10, 14, 9, 0, tzinfo=UK)
CHANGED_SHARE = 0.05
TARGET = "< 1 s"


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


def _cycle(engine: sa.Engine, items: list[dict[str, Any]], now: datetime, known: Any) -> int:
    cards, _ = validate_races(items, CardPricesSlice, source="bench")
    prices = card_prices(cards, not_off_at=now)
    with engine.begin() as conn:
        previous = known if known is not None else stored_prices_since(conn, now.date())
        changes = write_prices(conn, prices, now, LIVE_CARD, previous=previous)
    return len(changes.history_rows)


def _measure(bench: Bench, backend: str, url: str, items: list[dict[str, Any]]) -> None:
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        prices = sum(len(r["odds"]) for c in items for r in c["runners"])
        with stopwatch() as elapsed:
            written = _cycle(engine, items, NOW, {})
        first = elapsed()
        bench.figure(
            f"{backend}: first cycle, full day ({prices:,} prices, {written:,} new)",
            round(first, 3),
            "s",
            target=TARGET,
        )
        later = NOW + timedelta(minutes=5)
        changed, n = _with_changes(items, CHANGED_SHARE, later, seed=7)
        with engine.connect() as conn:
            held = stored_prices_since(conn, DAY)
        with stopwatch() as elapsed:
            written = _cycle(engine, changed, later, held)
        warm = elapsed()
        assert written == n, (written, n)
        bench.figure(
            f"{backend}: cycle with 5% changed ({n:,} changes), state held in process",
            round(warm, 3),
            "s",
            target=TARGET,
        )
        # The same again from a fresh process: the state is read back from the database.
        latest = later + timedelta(minutes=5)
        again, m = _with_changes(changed, CHANGED_SHARE, latest, seed=8)
        with stopwatch() as elapsed:
            written = _cycle(engine, again, latest, None)
        assert written == m, (written, m)
        bench.figure(
            f"{backend}: cycle with 5% changed ({m:,} changes), state read from the database",
            round(elapsed(), 3),
            "s",
            baseline=warm,
            baseline_name="state held in process",
            target=TARGET,
        )
    finally:
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
