"""Live odds capture: one cycle fetches today's cards once and records every price change.

A cycle:

1. fetches today's racecards with odds (Pro, else Standard) in one call, and tomorrow's too
   when the last fetch of tomorrow is at least ``odds.tomorrow_every_s`` old;
2. reads every bookmaker price of the races not yet off (a race stops being captured at its
   off);
3. compares them with ``ra_odds_live`` (the copy this process kept from its last cycle, when
   no one wrote since; else read back) and writes, in one transaction, a ``ra_odds_history``
   row per new or changed price and a ``ra_odds_live`` row per key that moved; a card seen
   again unchanged writes nothing;
4. writes its ``ra_odds_statistics`` row and its state (``dh_checkpoints``: when tomorrow was
   last fetched, quiet cycles in a row), and reports the wait before the next cycle as
   ``counts["next_run_in_s"]`` (:mod:`darkhorses.jobs.odds_cadence`).

The cycle does not rewrite the card rows (races, runners): the racecards job owns them, and
the odds tables carry every id needed to join to them. :func:`record_card_prices` is the same
step for cards the backfill fetched for past days.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from darkhorses.api import ApiError, AuthFailed, PlanRequired, RacingApiClient
from darkhorses.api.models.base import ApiModel, Day, Flag, Instant, Text
from darkhorses.api.models.odds import BookmakerOdds
from darkhorses.api.models.validate import Quarantined, validate_races
from darkhorses.api.plans import allows
from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs.odds_cadence import Cadence, next_delay, tomorrow_due
from darkhorses.jobs.quarantine import write_quarantine
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.store.schema.odds import ra_odds_history, ra_odds_live, ra_odds_statistics
from darkhorses.store.schema.ops import dh_checkpoints
from darkhorses.store.schema.racing import ra_mst_bookmakers
from darkhorses.store.writer import upsert
from darkhorses.transform.bookmakers import bookmaker_type
from darkhorses.transform.odds import (
    HISTORICAL_CARD,
    LIVE_CARD,
    LIVE_COMPARED,
    QUOTE_FIELDS,
    CardPrices,
    Changes,
    Key,
    RunnerContext,
    RunnerReads,
    StoredPrice,
    card_prices,
    detect_changes,
)

log = logging.getLogger("darkhorses.jobs.odds_live")

JOB = "odds_live"
CHECKPOINT = "odds_live"
SOURCE = "odds_live"


# --- the slice of a racecard the capture reads ----------------------------------------------


class _Slice(ApiModel):
    # Only the fields below are read; the rest of the card is the racecards job's.
    model_config = ConfigDict(extra="ignore")


class CardQuote(BookmakerOdds):
    """A bookmaker's price on a card (standard ``odds[]``, pro ``odds[]`` without history)."""

    model_config = ConfigDict(extra="ignore")


class CardRunnerPrices(_Slice):
    """A runner's id, number ("NR" for a non-runner) and prices."""

    horse_id: Text = None
    number: Text = None
    odds: list[CardQuote] = Field(default_factory=list)


class _CardSlice(_Slice):
    race_id: Text = None
    date: Day = None
    off_dt: Instant = None
    region: Text = None
    is_abandoned: Flag = None


class CardPricesSlice(_CardSlice):
    """A racecard's id, date, off, region and abandonment, and its runners' prices."""

    runners: list[CardRunnerPrices] = Field(default_factory=list)


class PlainRunnerPrices(BaseModel):
    """:class:`CardRunnerPrices` whose quotes are objects of strings, kept as sent.

    :func:`~darkhorses.transform.odds.card_prices` reads such quotes itself (``""`` as
    missing), and the three fields read here are strings, so the runner's ~50 other fields
    need no pass turning ``""`` into ``None`` either.
    """

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    horse_id: str | None = None
    number: str | None = None
    odds: list[Any] = Field(default_factory=list)  # each an object of strings (checked)


class PlainCardPrices(_CardSlice):
    """:class:`CardPricesSlice` for cards whose quotes are all objects of strings."""

    runners: list[PlainRunnerPrices] = Field(default_factory=list)


CardsRead = list[CardPricesSlice] | list[PlainCardPrices]


def _plain_quotes(items: Sequence[Any]) -> bool:
    """True when every quote on the cards is an object whose fields are strings or missing."""
    for item in items:
        runners = item.get("runners") if isinstance(item, dict) else None
        if not isinstance(runners, list):
            continue
        for runner in runners:
            odds = runner.get("odds") if isinstance(runner, dict) else None
            if not isinstance(odds, list):
                continue
            for quote in odds:
                if type(quote) is not dict:
                    return False
                for value in map(quote.get, QUOTE_FIELDS):
                    if value is not None and type(value) is not str:
                        return False
    return True


def read_cards(items: Sequence[Any], source: str) -> tuple[CardsRead, list[Quarantined]]:
    """The prices of cards as sent (racecards with odds), bad records quarantined.

    A full day holds some 14,000 quotes. When all of them are plain objects of strings, as
    the API sends them, they are kept as they are (:class:`PlainCardPrices`) rather than each
    built into a model, which costs several times more than reading them; anything else (a
    number, a list, a quote that is no object) goes through :class:`CardPricesSlice`, which
    coerces or quarantines it as usual. Either way the same records are kept and refused.
    """
    if _plain_quotes(items):
        return validate_races(items, PlainCardPrices, source=source)
    return validate_races(items, CardPricesSlice, source=source)


# --- state between cycles --------------------------------------------------------------------


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass
class LiveState:
    """What a cycle needs to know about the cycles before it."""

    tomorrow_fetched_at: datetime | None = None
    quiet_cycles: int = 0
    # The latest cycle that wrote: tells an in-process copy of ra_odds_live whether it is current.
    last_cycle_at: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "tomorrow_fetched_at": iso(self.tomorrow_fetched_at),
            "quiet_cycles": self.quiet_cycles,
            "last_cycle_at": iso(self.last_cycle_at),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> LiveState:
        data = data or {}
        return cls(
            _instant(data.get("tomorrow_fetched_at")),
            int(data.get("quiet_cycles") or 0),
            _instant(data.get("last_cycle_at")),
        )


@dataclass
class _Held:
    """A running capture's copy of its state between cycles."""

    # The checkpoint's ``last_cycle_at`` once the cycle that made this copy committed.
    token: datetime
    day: date
    prices: dict[Key, StoredPrice]  # ra_odds_live's compared values, races from ``day`` on
    reads: dict[RunnerContext, RunnerReads]  # last cycle's quotes as written and as read


class _StateCache:
    """The last cycle's state per database, valid while no one else wrote.

    Reading 14,000 prices back every 10 seconds costs more than the rest of a cycle; a copy
    kept in the process is used only when the checkpoint shows that this process wrote last.
    A cycle takes the copy out and puts back its own only once it committed, so a failed
    cycle leaves nothing stale behind.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_db: dict[str, _Held] = {}

    def take(self, db: str) -> _Held | None:
        with self._lock:
            return self._by_db.pop(db, None)

    def put(self, db: str, held: _Held) -> None:
        with self._lock:
            self._by_db[db] = held

    def clear(self) -> None:
        with self._lock:
            self._by_db.clear()


_cache = _StateCache()


def load_state(conn: sa.Connection) -> LiveState:
    """The live capture's state (a fresh one when none was saved)."""
    found = conn.execute(
        sa.select(dh_checkpoints.c.state).where(dh_checkpoints.c.name == CHECKPOINT)
    ).scalar_one_or_none()
    return LiveState.from_json(found)


def save_state(conn: sa.Connection, state: LiveState, now: datetime) -> None:
    upsert(
        conn,
        dh_checkpoints,
        [{"name": CHECKPOINT, "state": state.as_json(), "updated_at": now}],
    )


# The key, the compared columns, then the two times a change needs.
_STATE_COLUMNS: tuple[str, ...] = ("race_id", "horse_id", "bookmaker_id", *LIVE_COMPARED)
_STATE_COLUMNS += ("price_changed_at", "first_observed_at")
_N = len(LIVE_COMPARED)


def _read_stored(conn: sa.Connection, where: sa.ColumnElement[bool]) -> dict[Key, StoredPrice]:
    """The ``ra_odds_live`` state of the rows matching ``where``.

    Times and dates are converted once per distinct value rather than once per row: a day's
    rows share a few hundred of them.
    """
    dialect = conn.dialect
    columns: list[Any] = []
    processors: list[Any] = []
    for name in _STATE_COLUMNS:
        column = ra_odds_live.c[name]
        process = column.type.dialect_impl(dialect).result_processor(dialect, None)
        processors.append(process)
        columns.append(column if process is None else sa.type_coerce(column, sa.types.NullType()))
    rows = conn.execute(sa.select(*columns).where(where)).all()
    if not rows:
        return {}
    by_column: list[Any] = list(zip(*rows, strict=True))
    for index, process in enumerate(processors):
        if process is not None:
            seen = {v: None if v is None else process(v) for v in set(by_column[index])}
            by_column[index] = map(seen.__getitem__, by_column[index])
    return {
        row[:3]: StoredPrice(row[3 : 3 + _N], row[3 + _N], row[4 + _N])
        for row in zip(*by_column, strict=True)
    }


def stored_prices(conn: sa.Connection, race_ids: Iterable[str]) -> dict[Key, StoredPrice]:
    """The ``ra_odds_live`` state of the given races."""
    ids = sorted(set(race_ids))
    out: dict[Key, StoredPrice] = {}
    for start in range(0, len(ids), 500):
        out.update(_read_stored(conn, ra_odds_live.c.race_id.in_(ids[start : start + 500])))
    return out


def stored_prices_since(conn: sa.Connection, first_day: date) -> dict[Key, StoredPrice]:
    """The ``ra_odds_live`` state of every race from ``first_day`` on."""
    return _read_stored(conn, ra_odds_live.c.race_date >= first_day)


def write_prices(
    conn: sa.Connection,
    prices: CardPrices,
    observed_at: datetime,
    source: str,
    report: JobReport | None = None,
    previous: Mapping[Key, StoredPrice] | None = None,
) -> Changes:
    """Detect changes against the stored prices and write them, in the caller's transaction.

    ``previous`` is the stored state when the caller holds it (read from the database if not).
    """
    if previous is None:
        previous = stored_prices(conn, prices.races)
    changes = detect_changes(prices.quotes.values(), previous, observed_at, source)
    # A price moving to SP or a dash must clear the stored number: NULLs are written.
    live = upsert(conn, ra_odds_live, changes.live_rows, update_nulls=True)
    history = upsert(conn, ra_odds_history, changes.history_rows, update_nulls=True)
    books = upsert(conn, ra_mst_bookmakers, _bookmaker_rows(prices))
    if report is not None:
        report.add_rows(ra_odds_live.name, live.as_dict())
        report.add_rows(ra_odds_history.name, history.as_dict())
        report.add_rows(ra_mst_bookmakers.name, books.as_dict())
    return changes


def _bookmaker_rows(prices: CardPrices) -> list[dict[str, Any]]:
    names = {q.bookmaker_id: q.bookmaker for q in prices.quotes.values()}
    return [{"id": i, "name": n, "type": bookmaker_type(n)} for i, n in sorted(names.items())]


def record_card_prices(
    conn: sa.Connection,
    cards: Sequence[Any],
    *,
    observed_at: datetime,
    regions: Iterable[str] | None = None,
    source: str = HISTORICAL_CARD,
    report: JobReport | None = None,
) -> Changes:
    """Store the prices on already validated cards (e.g. a past day's Pro cards).

    ``cards`` are validated standard or pro racecard models (or :class:`CardPricesSlice`).

    Each price is one observation at the API's ``updated`` time; the usual rules apply
    (a history row only for a new or changed price), so calling it twice writes nothing new.
    """
    prices = card_prices(cards, regions=regions)
    return write_prices(conn, prices, observed_at, source, report)


@dataclass
class Fetch:
    """Cards fetched in a cycle and what fetching them cost."""

    cards: list[CardPricesSlice | PlainCardPrices] = field(default_factory=list)
    api_calls: int = 0
    fetch_ms: int = 0
    quarantined: list[Quarantined] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed_days: set[date] = field(default_factory=set)


def fetch_cards(
    client: RacingApiClient, days: Sequence[date], regions: Sequence[str], report: JobReport
) -> Fetch:
    """The cards of ``days`` from the richest racecards with odds the plan allows."""
    if not allows(client.plan, "standard"):
        raise PlanRequired("standard", endpoint="/v1/racecards/standard (odds)")
    out = Fetch()
    started = time.perf_counter()
    calls_before = client.metrics.snapshot()["calls"]
    for day in days:
        try:
            page = client.racecards(day, region_codes=regions)
        except AuthFailed:
            raise  # bad credentials or plan: no later cycle can do better
        except ApiError as exc:
            message = f"racecards {day}: {exc}"
            log.warning("odds cycle: %s", message)
            out.errors.append(message)
            out.failed_days.add(day)
            report.fail(message)
            continue
        cards, bad = read_cards(page.items, page.endpoint)
        out.cards.extend(cards)
        out.quarantined.extend(bad)
        for record in bad:
            report.fail(f"quarantined {record.record_key}: {record.reason}")
    out.api_calls = client.metrics.snapshot()["calls"] - calls_before
    out.fetch_ms = round((time.perf_counter() - started) * 1000)
    return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a cycle builds and writes its rows.

    A cycle allocates tens of thousands of short-lived objects that form no cycles; each
    collection meanwhile would scan the capture's state held in memory again. Left off if
    it was off already (the writer pauses it the same way).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_cycle(
    settings: Settings,
    *,
    engine: sa.Engine,
    client: RacingApiClient,
    clock: Clock,
    run_id: int | None = None,
) -> JobReport:
    """One live capture cycle (see the module docstring)."""
    now = clock.now()
    report = JobReport(job=JOB, started_at=now)
    cadence = Cadence.from_settings(settings.odds)
    regions = [r.lower() for r in settings.sync.regions]
    with engine.connect() as conn:
        state = load_state(conn)
    today = clock.today_uk()
    days = [today]
    fetch_tomorrow = tomorrow_due(now, state.tomorrow_fetched_at, cadence)
    if fetch_tomorrow:
        days.append(today + timedelta(days=1))
    fetched = fetch_cards(client, days, regions, report)
    report.api_calls = fetched.api_calls
    if fetch_tomorrow and days[-1] not in fetched.failed_days:
        state.tomorrow_fetched_at = now
    started = time.perf_counter()
    db = engine.url.render_as_string(hide_password=True)
    with _gc_paused():
        held = _cache.take(db)
        prices = card_prices(
            fetched.cards, regions=regions, not_off_at=now, known=held.reads if held else None
        )
        known: dict[Key, StoredPrice] | None = None
        if held is not None and held.token == state.last_cycle_at:
            known = held.prices
            if held.day != today:
                known = {k: v for k, v in known.items() if v.values[0] >= today}
        with engine.begin() as conn:
            if known is None:
                known = stored_prices_since(conn, today)
            changes = write_prices(conn, prices, now, LIVE_CARD, report, previous=known)
            if changes.history_rows:
                state.quiet_cycles = 0
            elif not fetched.errors:
                state.quiet_cycles += 1
            delay = next_delay(now, prices.offs.values(), state.quiet_cycles, cadence)
            errors = fetched.errors
            stats = {
                "cycle_at": now,
                "races": len(prices.races),
                "runners": len(prices.runners),
                "bookmakers": len(prices.bookmakers),
                "prices_seen": len(prices.quotes),
                "prices_changed": len(changes.history_rows),
                "prices_new": changes.new,
                "withdrawals": changes.withdrawals,
                "api_calls": fetched.api_calls,
                "fetch_ms": fetched.fetch_ms,
                "process_ms": round((time.perf_counter() - started) * 1000),
                "errors": len(errors) + len(fetched.quarantined),
                "error": errors[-1] if errors else None,
                "next_delay_s": delay,
                "run_id": run_id,
            }
            write_quarantine(conn, fetched.quarantined, now=now, run_id=run_id)
            upsert(conn, ra_odds_statistics, [stats], update_nulls=True)
            state.last_cycle_at = now
            save_state(conn, state, now)
        known.update(changes.stored)
        _cache.put(db, _Held(now, today, known, prices.reads))
    if errors and not prices.quotes:
        report.status = RunStatus.FAILED
    report.count("races", len(prices.races))
    report.count("runners", len(prices.runners))
    report.count("prices_seen", len(prices.quotes))
    report.count("prices_new", changes.new)
    report.count("prices_changed", changes.changed)
    report.count("withdrawals", changes.withdrawals)
    report.count("races_off", prices.counters["races_off"])
    report.count("filtered_foreign", prices.counters["filtered_foreign"])
    report.count("quarantined", len(fetched.quarantined))
    report.count("tomorrow_fetched", int(fetch_tomorrow))
    report.count("next_run_in_s", delay)
    report.finished_at = clock.now()
    return report


def run(
    settings: Settings,
    *,
    engine: sa.Engine,
    client: RacingApiClient,
    clock: Clock,
) -> JobReport:
    """The service's entry point: one cycle; the scheduler waits ``next_run_in_s``."""
    return run_cycle(settings, engine=engine, client=client, clock=clock)
