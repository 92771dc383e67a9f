"""The live cycle's shortcuts read, detect and write exactly what the plain path does.

Cards whose quotes are plain strings are read without a model per quote; quotes written as
before are taken from the previous cycle; the stored state is kept in the process between
cycles and read back narrowly. Each must give the same rows as reading everything afresh.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import pytest
import sqlalchemy as sa

from darkhorses.api.client import Page
from darkhorses.api.metrics import ClientMetrics
from darkhorses.api.models.validate import validate_races
from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.jobs import odds_live
from darkhorses.jobs.odds_live import (
    CardPricesSlice,
    PlainCardPrices,
    read_cards,
    run_cycle,
    stored_prices,
    stored_prices_since,
)
from darkhorses.store.schema.odds import ra_odds_history, ra_odds_live
from darkhorses.store.writer import upsert
from darkhorses.transform.bookmakers import bookmaker_id
from darkhorses.transform.odds import card_prices, detect_changes
from darkhorses.transform.values import UK

DAY = date(2025, 10, 14)
NOW = datetime(2025, 10, 14, 9, 0, tzinfo=UK)
BOOKS = ("Bet365", "William Hill", "Paddy Power", "Betfair Exchange")


def _stamp(at: datetime) -> str:
    return at.astimezone(UK).strftime("%Y-%m-%d %H:%M:%S")


def _cards(races: int = 3, runners: int = 5) -> list[dict[str, Any]]:
    """Cards as the API sends them (values all strings), a non-runner on each."""
    items = []
    for r in range(races):
        off = datetime(2025, 10, 14, 13 + r, 30, tzinfo=UK)
        field = []
        for h in range(runners):
            nr = h == runners - 1
            odds = []
            for b, book in enumerate(BOOKS):
                price = 2 + h + b
                odds.append(
                    {
                        "bookmaker": book,
                        "fractional": "-" if nr else f"{price - 1}/1",
                        "decimal": "-" if nr else str(price),
                        "ew_places": "" if book == "Betfair Exchange" else "3",
                        "ew_denom": "" if book == "Betfair Exchange" else "5",
                        "updated": _stamp(NOW - timedelta(minutes=30)),
                        "history": [],
                    }
                )
            field.append(
                {"horse_id": f"hrs_{r}_{h}", "number": "NR" if nr else str(h + 1), "odds": odds}
            )
        items.append(
            {
                "race_id": f"rac_{r}",
                "date": DAY.isoformat(),
                "off_dt": off.isoformat(),
                "region": "IRE" if r else "GB",
                "is_abandoned": False,
                "runners": field,
            }
        )
    # A quote without a bookmaker, and a foreign race: counted, never stored.
    items[0]["runners"][0]["odds"].append({"bookmaker": "", "fractional": "2/1", "decimal": "3"})
    items.append({**copy.deepcopy(items[1]), "race_id": "rac_fr", "region": "FR"})
    return items


def _move(items: list[dict[str, Any]], picks: list[tuple[int, int, int]], at: datetime) -> Any:
    """A copy of ``items`` where the quotes at (race, runner, bookmaker) lengthen, at ``at``."""
    moved = copy.deepcopy(items)
    for r, h, b in picks:
        quote = moved[r]["runners"][h]["odds"][b]
        price = int(quote["decimal"]) + 1
        quote.update(fractional=f"{price - 1}/1", decimal=str(price), updated=_stamp(at))
    return moved


def _same_prices(a: Any, b: Any) -> None:
    assert a.quotes == b.quotes and list(a.quotes) == list(b.quotes)
    assert (a.races, a.runners, a.bookmakers, a.offs) == (b.races, b.runners, b.bookmakers, b.offs)
    assert a.counters == b.counters


def test_plain_cards_read_as_the_models_read_them():
    items = _cards()
    cards, bad = read_cards(items, "test")
    assert cards and all(isinstance(c, PlainCardPrices) for c in cards) and not bad
    models, model_bad = validate_races(items, CardPricesSlice, source="test")
    assert not model_bad
    _same_prices(card_prices(cards, not_off_at=NOW), card_prices(models, not_off_at=NOW))
    prices = card_prices(cards)
    assert prices.counters["skipped_no_bookmaker"] == 1
    assert prices.counters["filtered_foreign"] == 1


@pytest.mark.parametrize(
    ("odd", "kept"),
    [
        ({"ew_places": 3}, True),  # a number: read as its text
        ({"decimal": 5.5}, True),
        ({"fractional": ["5/1"]}, False),  # not a string: the runner is quarantined
    ],
)
def test_odd_quotes_are_read_by_the_models(odd, kept):
    items = _cards()
    items[1]["runners"][2]["odds"][1].update(odd)
    cards, bad = read_cards(items, "test")
    models, model_bad = validate_races(items, CardPricesSlice, source="test")
    assert all(isinstance(c, CardPricesSlice) for c in cards)
    assert bad == model_bad and (not bad) == kept
    _same_prices(card_prices(cards), card_prices(models))


def test_quotes_written_as_before_are_taken_from_the_last_read():
    items = _cards()
    first = card_prices(read_cards(items, "t")[0])
    later = _move(items, [(0, 1, 2), (2, 0, 0)], NOW + timedelta(minutes=5))
    later[1]["off_dt"] = "2025-10-14T14:45:00+01:00"  # a race's off moved: its quotes too
    again = card_prices(read_cards(later, "t")[0], known=first.reads)
    _same_prices(again, card_prices(read_cards(later, "t")[0]))
    kept = [k for k, q in again.quotes.items() if first.quotes.get(k) is q]
    fresh = {k for k in again.quotes if k not in kept}
    moved_keys = {("rac_0", "hrs_0_1", "paddy-power"), ("rac_2", "hrs_2_0", "bet365")}
    assert fresh == moved_keys | {k for k in again.quotes if k[0] == "rac_1"}


def test_known_quotes_detect_the_same_changes_as_compared_ones():
    items = _cards()
    first = card_prices(read_cards(items, "t")[0])
    base = detect_changes(first.quotes.values(), {}, NOW)
    later = NOW + timedelta(minutes=5)
    moved = _move(items, [(0, 1, 2), (2, 0, 0)], later)
    moved[2]["runners"][1]["odds"][3]["updated"] = _stamp(later)  # touched, same price
    again = card_prices(read_cards(moved, "t")[0], known=first.reads)
    # The state as this process holds it (with the quotes) and as the database gives it.
    held = detect_changes(again.quotes.values(), base.stored, later)
    plain = {k: v._replace(quote=None) for k, v in base.stored.items()}
    read = detect_changes(again.quotes.values(), plain, later)
    assert held.history_rows == read.history_rows and len(held.history_rows) == 2
    assert held.live_rows == read.live_rows and len(held.live_rows) == 3
    assert held.history_rows[0]["observed_at"].tzinfo is UTC
    # Every key seen is confirmed with its quote, so the next cycle compares nothing.
    assert set(read.stored) == set(again.quotes)
    assert all(read.stored[k].quote is q for k, q in again.quotes.items())
    assert not detect_changes(again.quotes.values(), read.stored, later).live_rows


def test_the_stored_state_reads_back_as_written(engine):
    prices = card_prices(read_cards(_cards(), "t")[0])
    changes = detect_changes(prices.quotes.values(), {}, NOW)
    with engine.begin() as conn:
        upsert(conn, ra_odds_live, changes.live_rows, update_nulls=True)
    with engine.connect() as conn:
        since = stored_prices_since(conn, DAY)
        by_race = stored_prices(conn, ["rac_1", "rac_2"])
        none = stored_prices_since(conn, DAY + timedelta(days=1))
    expected = {k: v._replace(quote=None) for k, v in changes.stored.items()}
    assert since == expected and not none
    assert by_race == {k: v for k, v in expected.items() if k[0] in ("rac_1", "rac_2")}
    stamps = [t for v in since.values() for t in (*v.values[1:2], v.values[7], v[1], v[2])]
    assert all(t.tzinfo is not None and t.utcoffset() == timedelta(0) for t in stamps)
    # Read back, the state makes a repeated observation news to no one.
    assert not detect_changes(prices.quotes.values(), since, NOW).live_rows


class _CardsClient:
    """Hands over prepared cards as the API client would (Pro plan, one call a day)."""

    plan = "pro"

    def __init__(self) -> None:
        self.metrics = ClientMetrics()
        self.cards: list[dict[str, Any]] = []

    def racecards(self, day: date, region_codes: Any = None, course_ids: Any = None) -> Page:
        self.metrics.call("/v1/racecards/pro", 200)
        items = self.cards if day == DAY else []
        return Page(items, len(items), "/v1/racecards/pro", "pro")


def _history(engine: sa.Engine) -> list[tuple[Any, ...]]:
    h = ra_odds_history
    with engine.connect() as conn:
        query = sa.select(h.c.race_id, h.c.horse_id, h.c.bookmaker_id, h.c.decimal_raw)
        return sorted(tuple(r) for r in conn.execute(query))


@pytest.mark.parametrize("state", ["held", "read"])
def test_cycles_write_each_change_once_with_the_state_held_or_read(engine, db_url, state):
    settings = Settings(database={"url": db_url}, sync={"regions": ["gb", "ire"]})
    client = _CardsClient()
    items = _cards()
    steps = [
        (items, 0),
        (items, 0),  # seen again: nothing
        (_move(items, [(0, 0, 0), (1, 2, 3)], NOW + timedelta(minutes=1)), 2),
        (_move(items, [(0, 0, 0), (1, 2, 3)], NOW + timedelta(minutes=1)), 0),
        (_move(items, [(0, 0, 0), (2, 1, 1)], NOW + timedelta(minutes=2)), 2),  # one back
    ]
    last: dict[tuple[str, str, str], str] = {}
    expected = []
    for step, (cards, changes) in enumerate(steps):
        if state == "read":
            odds_live._cache.clear()  # a fresh process each time
        client.cards = cards
        at = NOW + timedelta(minutes=step)
        report = run_cycle(settings, engine=engine, client=cast(Any, client), clock=Clock(at))
        written = report.rows["ra_odds_history"]
        assert written["inserted"] == (changes if step else report.counts["prices_seen"])
        assert report.api_calls == 1 + report.counts["tomorrow_fetched"]
        for card in cards:
            for runner in card["runners"]:
                for quote in runner["odds"]:
                    key = (card["race_id"], runner["horse_id"], bookmaker_id(quote["bookmaker"]))
                    if card["region"] != "FR" and key[2] and last.get(key) != quote["decimal"]:
                        last[key] = quote["decimal"]
                        expected.append((*key, quote["decimal"]))
    # Every change of each key, once: none missing, none extra.
    assert _history(engine) == sorted(expected)


def test_a_failed_cycle_leaves_no_state_behind(engine, db_url, monkeypatch):
    settings = Settings(database={"url": db_url}, sync={"regions": ["gb", "ire"]})
    client = _CardsClient()
    client.cards = _cards()
    run_cycle(settings, engine=engine, client=cast(Any, client), clock=Clock(NOW))
    later = NOW + timedelta(minutes=1)
    client.cards = _move(client.cards, [(0, 0, 0)], later)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    with monkeypatch.context() as patch:
        patch.setattr(odds_live, "save_state", fail)
        with pytest.raises(RuntimeError):
            run_cycle(settings, engine=engine, client=cast(Any, client), clock=Clock(later))
    # Rolled back: the change is still news, and is written once.
    report = run_cycle(settings, engine=engine, client=cast(Any, client), clock=Clock(later))
    assert report.rows["ra_odds_history"]["inserted"] == 1
    again = run_cycle(
        settings,
        engine=engine,
        client=cast(Any, client),
        clock=Clock(later + timedelta(seconds=10)),
    )
    assert again.rows["ra_odds_history"]["inserted"] == 0
