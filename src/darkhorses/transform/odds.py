"""Bookmaker prices -> rows: live prices, price changes, and final odds with 1-unit returns.

Pure: no I/O and no clock; the caller passes the observation time and the previous state.

- :func:`card_prices` reads every bookmaker price on racecards (standard or pro) into
  :class:`PriceQuote` values keyed by (race, horse, bookmaker).
- :func:`detect_changes` compares them with what was stored before: a history row for each
  price that is new or different, a live row for each key whose price, terms, times or off
  moved, and nothing at all for a price seen again unchanged.
- :func:`final_odds` turns one race's results and pre-race price history into
  ``ra_odds_historical`` rows: SP, favourite rank, BSP, the market summary and the returns.

Definitions (``docs/odds.md``): a *price observation* is one bookmaker's quote on one runner as
a card (or the odds endpoint) shows it, timed by the API's ``updated`` (or ``changed_at``); a
*change* is an observation whose quote (fractional and decimal as written) differs from the
previous one stored for that key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple

from darkhorses.transform.bookmakers import EXCHANGE, bookmaker_id, bookmaker_type
from darkhorses.transform.names import clean_name
from darkhorses.transform.racecards import race_date
from darkhorses.transform.regions import allowed_regions, region_code
from darkhorses.transform.values import (
    UK,
    is_missing,
    parse_decimal_odds,
    parse_fractional,
    parse_int,
    to_utc,
)

Key = tuple[str, str, str]
Row = dict[str, Any]

LIVE_CARD = "live_card"
HISTORICAL_CARD = "historical_card"
ODDS_HISTORY = "odds_history"

PRICE_SCALE = Decimal("0.001")
MONEY_SCALE = Decimal("0.0001")

# Columns of a live row whose change makes the row worth rewriting.
LIVE_COMPARED = (
    "race_date",
    "off_dt",
    "bookmaker",
    "fractional_raw",
    "decimal_raw",
    "ew_places",
    "ew_denom",
    "api_updated_at",
)


# --- one quote --------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def parse_updated(raw: str | None) -> datetime | None:
    """The API's ``updated`` ("2025-10-13 14:11:07", UK clock, no offset) as a UTC instant.

    An ISO value with an offset is accepted too; anything unreadable is ``None`` (the caller
    falls back to its own observation time).
    """
    if is_missing(raw):
        return None
    assert raw is not None
    text = raw.strip().replace("T", " ")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UK)
    return to_utc(moment)


@dataclass(frozen=True)
class ParsedPrice:
    """A quote's parse: the raw strings kept beside the numbers."""

    fractional: str | None
    decimal: Decimal | None
    fractional_raw: str | None
    decimal_raw: str | None
    is_sp: bool
    is_withdrawn: bool


@lru_cache(maxsize=8192)
def parse_price(
    fractional_raw: str | None, decimal_raw: str | None, *, non_runner: bool = False
) -> ParsedPrice:
    """Read one quote: "11/4" and "3.75"; "4" means 4/1; "SP"; "-" (withdrawn on a non-runner).

    A quote that cannot be read keeps its raw strings with no numbers, so nothing is lost.
    """
    frac_text = None if fractional_raw is None else fractional_raw.strip() or None
    dec_text = None if decimal_raw is None else decimal_raw.strip() or None
    is_sp = any(t is not None and t.upper() == "SP" for t in (frac_text, dec_text))
    dashed = is_missing(frac_text) and is_missing(dec_text)
    fractional = None
    decimal = None
    if not is_sp and not dashed:
        try:
            parsed = parse_fractional(frac_text)
        except ValueError:
            parsed = None
        try:
            decimal = parse_decimal_odds(dec_text)
        except ValueError:
            decimal = None
        if parsed is not None and parsed.decimal is not None:
            fractional = _normal_fraction(frac_text, decimal)
        if decimal is None and parsed is not None:
            decimal = parsed.decimal
    return ParsedPrice(
        fractional=fractional,
        decimal=decimal,
        fractional_raw=frac_text,
        decimal_raw=dec_text,
        is_sp=is_sp,
        is_withdrawn=dashed and non_runner,
    )


def _normal_fraction(text: str | None, decimal: Decimal | None) -> str | None:
    """ "11/4" stays, "4" becomes "4/1", "Evens" becomes "1/1".

    The exchange writes decimal odds in the fractional field ("3.95" beside decimal "3.95"):
    that is no fraction, so ``None``.
    """
    if text is None:
        return None
    cleaned = text.strip().replace(" ", "")
    if cleaned.lower().startswith("ev"):
        return "1/1"
    if "/" in cleaned:
        return cleaned
    if "." in cleaned or (decimal is not None and Decimal(cleaned) == decimal):
        return None
    return f"{cleaned}/1"


class PriceQuote(NamedTuple):
    """One bookmaker's current quote on one runner, as a card shows it.

    A named tuple: a full day's card holds some 14,000 of them, built every cycle.
    """

    race_id: str
    horse_id: str
    bookmaker_id: str
    bookmaker: str
    race_date: date
    off_dt: datetime | None
    price: ParsedPrice
    ew_places: int | None
    ew_denom: int | None
    api_updated_at: datetime | None

    @property
    def key(self) -> Key:
        return (self.race_id, self.horse_id, self.bookmaker_id)


# What a quote is read from, as the card writes it.
QUOTE_FIELDS = ("bookmaker", "fractional", "decimal", "ew_places", "ew_denom", "updated")
_quote_text = attrgetter(*QUOTE_FIELDS)

# What a runner's quotes are read in: (race_id, horse_id, race_date, off_dt, non-runner).
RunnerContext = tuple[str, str, date, datetime | None, bool]
# A runner's quotes as written (QUOTE_FIELDS values, in card order) and as read (``None`` for
# a quote without a bookmaker), from one call of card_prices to the next.
RunnerReads = tuple[list[tuple[Any, ...]], list["PriceQuote | None"]]


@dataclass
class CardPrices:
    """Every price on a set of cards, with what was counted on the way."""

    quotes: dict[Key, PriceQuote] = field(default_factory=dict)
    races: set[str] = field(default_factory=set)
    runners: set[tuple[str, str]] = field(default_factory=set)
    bookmakers: set[str] = field(default_factory=set)
    offs: dict[str, datetime] = field(default_factory=dict)
    counters: Counter[str] = field(default_factory=Counter)
    # Each runner's quotes as written and as read: pass it as ``known`` to the next call.
    reads: dict[RunnerContext, RunnerReads] = field(default_factory=dict)


def card_prices(
    cards: Iterable[Any],
    *,
    regions: Iterable[str] | None = None,
    not_off_at: datetime | None = None,
    known: Mapping[RunnerContext, RunnerReads] | None = None,
) -> CardPrices:
    """Every bookmaker price on ``cards`` of the configured regions.

    ``cards`` are racecard models with odds: standard or pro cards, or any model with their
    ``race_id``, ``date``, ``off_dt``, ``region`` and runners' ``horse_id``, ``number``, ``odds``.
    A quote in ``odds`` is a model with the :data:`QUOTE_FIELDS`, or the API's object itself
    when its values are all strings or missing (``""`` reads as missing either way).

    Abandoned races are left out, and with ``not_off_at`` so are races whose off is at or
    before it (counted as ``races_off``): a race stops being captured at its off.

    ``known`` is a previous result's ``reads``: a quote written exactly as before, at the same
    place on the same runner of the same race, is taken from it rather than read again (a
    running capture sees some 14,000 quotes a cycle, nearly all of them as they were).
    """
    wanted = allowed_regions(regions)
    out = CardPrices()
    reads = out.reads
    quotes = out.quotes
    bookmakers = out.bookmakers
    reuse = known or {}
    for card in cards:
        if region_code(card.region) not in wanted:
            out.counters["filtered_foreign"] += 1
            continue
        if is_missing(card.race_id) or (card.date is None and card.off_dt is None):
            out.counters["skipped_no_id"] += 1
            continue
        if getattr(card, "is_abandoned", None):
            out.counters["abandoned"] += 1
            continue
        off_dt = to_utc(card.off_dt)
        if not_off_at is not None and off_dt is not None and off_dt <= not_off_at:
            out.counters["races_off"] += 1
            continue
        day = race_date(card.date, card.off_dt)
        assert day is not None
        race_id = str(card.race_id)
        if off_dt is not None:
            out.offs[race_id] = off_dt
        for runner in card.runners:
            odds = getattr(runner, "odds", None) or []
            if is_missing(runner.horse_id) or not odds:
                continue
            horse_id = str(runner.horse_id)
            non_runner = (runner.number or "").strip().upper() == "NR"
            context = (race_id, horse_id, day, off_dt, non_runner)
            texts = [
                tuple(map(q.get, QUOTE_FIELDS)) if type(q) is dict else _quote_text(q) for q in odds
            ]
            before = reuse.get(context)
            if before is not None and before[0] == texts:
                parsed = before[1]
            else:
                old_texts, old_parsed = before or ([], [])
                held = len(old_texts)
                parsed = [
                    old_parsed[i]
                    if i < held and old_texts[i] == text
                    else _read_quote(context, text)
                    for i, text in enumerate(texts)
                ]
            reads[context] = (texts, parsed)
            priced = False
            for quote in parsed:
                if quote is None:
                    out.counters["skipped_no_bookmaker"] += 1
                    continue
                quotes[quote[:3]] = quote  # its key
                bookmakers.add(quote.bookmaker_id)
                priced = True
            if priced:
                out.races.add(race_id)
                out.runners.add((race_id, horse_id))
    return out


def _read_quote(context: RunnerContext, text: tuple[Any, ...]) -> PriceQuote | None:
    """One quote as written, read in its runner's context; ``None`` without a bookmaker."""
    race_id, horse_id, day, off_dt, non_runner = context
    book, frac, dec, places, denom, updated = text
    name, book_id = bookmaker_of(book)
    if name is None or book_id is None:
        return None
    return PriceQuote(
        race_id,
        horse_id,
        book_id,
        name,
        day,
        off_dt,
        _price(frac, dec, non_runner),
        _small_int(places),
        _small_int(denom),
        parse_updated(updated),
    )


@lru_cache(maxsize=8192)
def _price(frac: str | None, dec: str | None, non_runner: bool) -> ParsedPrice:
    return parse_price(frac, dec, non_runner=non_runner)


@lru_cache(maxsize=1024)
def bookmaker_of(raw: str | None) -> tuple[str | None, str | None]:
    """(display name, canonical id) of a bookmaker as written; ``None`` for a blank name."""
    name = clean_name(raw)
    if name is None or not bookmaker_id(name):
        return None, None
    return name, bookmaker_id(name)


@lru_cache(maxsize=256)
def _small_int(raw: str | None) -> int | None:
    try:
        return parse_int(raw)
    except ValueError:
        return None


# --- change detection ---------------------------------------------------------------------------


class StoredPrice(NamedTuple):
    """What ``ra_odds_live`` holds for a key: enough to tell whether a quote is news."""

    values: tuple[Any, ...]  # the LIVE_COMPARED columns, in order
    price_changed_at: datetime | None
    first_observed_at: datetime | None = None
    # The quote last found to hold ``values`` (not from the database): meeting this very
    # quote again (card_prices reuses unchanged ones) needs no comparison.
    quote: PriceQuote | None = None


def stored_price(row: Mapping[str, Any] | Any) -> StoredPrice:
    """A :class:`StoredPrice` from a ``ra_odds_live`` row (all compared columns selected)."""
    return StoredPrice(
        tuple(row[c] for c in LIVE_COMPARED), row["price_changed_at"], row["first_observed_at"]
    )


@dataclass
class Changes:
    """Rows to write for one set of observations, and what they mean."""

    live_rows: list[Row] = field(default_factory=list)
    history_rows: list[Row] = field(default_factory=list)
    # What ``ra_odds_live`` holds for each key seen once the rows are stored (written or not).
    stored: dict[Key, StoredPrice] = field(default_factory=dict)
    new: int = 0
    changed: int = 0
    withdrawals: int = 0


def _compared(quote: PriceQuote) -> tuple[Any, ...]:
    p = quote.price
    return (
        quote.race_date,
        quote.off_dt,
        quote.bookmaker,
        p.fractional_raw,
        p.decimal_raw,
        quote.ew_places,
        quote.ew_denom,
        quote.api_updated_at,
    )


def detect_changes(
    quotes: Iterable[PriceQuote],
    previous: Mapping[Key, StoredPrice],
    observed_at: datetime,
    source: str = LIVE_CARD,
) -> Changes:
    """The live and history rows for ``quotes`` given the ``previous`` stored prices.

    A history row is written when a key is new or its quote (as written) differs; its
    ``changed_at`` is the API's ``updated`` of the observation (our ``observed_at`` when the
    API gave none, or when it repeats the time of the previous change). A live row is written
    when anything compared changed, so re-observing the same card writes nothing.
    """
    out = Changes()
    # Times go to the database in UTC: converting once here spares it per row.
    if observed_at.tzinfo is None:
        raise ValueError(f"timestamp without a UTC offset: {observed_at.isoformat()}")
    observed_at = observed_at.astimezone(UTC)
    get = previous.get
    stored = out.stored
    for quote in quotes:
        key = quote[:3]
        before = get(key)
        if before is not None and before.quote is quote:
            continue
        now_values = _compared(quote)
        if before is not None and before.values == now_values:
            stored[key] = StoredPrice(
                before.values, before.price_changed_at, before.first_observed_at, quote
            )
            continue
        p = quote.price
        if before is None:
            out.new += 1
            first_observed = observed_at
            price_changed_at = None
            price_moved = True
        else:
            # Carried on every row (a NOT NULL column), unchanged once set.
            first_observed = before.first_observed_at or observed_at
            price_changed_at = before.price_changed_at
            price_moved = before.values[3:5] != now_values[3:5]
        # The columns both tables carry; the history row is this one, completed.
        row: Row = {
            "race_id": quote.race_id,
            "horse_id": quote.horse_id,
            "bookmaker_id": quote.bookmaker_id,
            "race_date": quote.race_date,
            "bookmaker": quote.bookmaker,
            "fractional": p.fractional,
            "decimal": p.decimal,
            "fractional_raw": p.fractional_raw,
            "decimal_raw": p.decimal_raw,
            "is_sp": p.is_sp,
            "is_withdrawn": p.is_withdrawn,
            "ew_places": quote.ew_places,
            "ew_denom": quote.ew_denom,
            "observed_at": observed_at,
        }
        live: Row = {
            **row,
            "off_dt": quote.off_dt,
            "api_updated_at": quote.api_updated_at,
            "first_observed_at": first_observed,
        }
        if price_moved:
            changed_at = quote.api_updated_at or observed_at
            if price_changed_at is not None and changed_at <= price_changed_at:
                # Keys must not collide with the previous change's row.
                changed_at = max(observed_at, price_changed_at + timedelta(seconds=1))
            price_changed_at = live["price_changed_at"] = changed_at
            row["changed_at"] = changed_at
            row["source"] = source
            out.history_rows.append(row)
            if before is not None:
                out.changed += 1
            if p.is_withdrawn and (before is None or not _was_withdrawn(before)):
                out.withdrawals += 1
        out.live_rows.append(live)
        stored[key] = StoredPrice(now_values, price_changed_at, first_observed, quote)
    return out


def _was_withdrawn(before: StoredPrice) -> bool:
    frac, dec = before.values[3], before.values[4]
    return is_missing(frac) and is_missing(dec)


# --- final odds and returns ---------------------------------------------------------------------


@dataclass(frozen=True)
class RunnerOutcome:
    """A runner's result as ``ra_mst_runners`` holds it."""

    horse_id: str
    position: int | None
    is_non_runner: bool
    sp: str | None = None
    sp_dec: Decimal | None = None
    is_favourite: bool | None = None
    bsp: Decimal | None = None


@dataclass(frozen=True)
class PriceObservation:
    """One stored pre-race price (a ``ra_odds_history`` row)."""

    horse_id: str
    bookmaker_id: str
    changed_at: datetime
    decimal: Decimal | None
    ew_places: int | None = None
    ew_denom: int | None = None
    is_exchange: bool = False


def is_exchange(bookmaker: str) -> bool:
    """True for a betting exchange (no each-way terms, not a fixed-odds price)."""
    return bookmaker_type(bookmaker) == EXCHANGE


def win_return(odds: Decimal | None, position: int | None, dead_heat: int) -> Decimal | None:
    """Return of 1 unit to win at decimal ``odds``, stake included.

    Dead heat for first between ``dead_heat`` horses: the stake is divided among them, so
    the return is ``odds / dead_heat``.
    """
    if odds is None:
        return None
    if position != 1:
        return Decimal(0)
    return odds / max(dead_heat, 1)


def place_return(
    odds: Decimal | None,
    position: int | None,
    dead_heat: int,
    places: int | None,
    denom: int | None,
) -> Decimal | None:
    """Return of 1 unit on the place part of an each-way bet, stake included.

    Place odds are ``1 + (odds - 1) / denom``, paid within ``places``. When ``dead_heat`` horses
    tie for a position that straddles the last place paid, the stake is divided in proportion
    to the places left: a dead heat for third of two horses with three places paid returns
    half.
    """
    if odds is None or places is None or denom is None or places < 1 or denom < 1:
        return None
    if position is None or position > places:
        return Decimal(0)
    ties = max(dead_heat, 1)
    share = Decimal(min(ties, places - position + 1)) / ties
    return (1 + (odds - 1) / denom) * share


def favourite_ranks(runners: Sequence[RunnerOutcome]) -> dict[str, int]:
    """Rank in the SP market among runners: 1 = shortest; ties share a rank (1, 1, 3)."""
    priced = sorted(
        (r.sp_dec, r.horse_id) for r in runners if not r.is_non_runner and r.sp_dec is not None
    )
    ranks: dict[str, int] = {}
    for index, (price, horse) in enumerate(priced):
        earlier = priced[index - 1] if index else None
        ranks[horse] = ranks[earlier[1]] if earlier and earlier[0] == price else index + 1
    return ranks


def _q(value: Decimal | None, scale: Decimal) -> Decimal | None:
    return None if value is None else value.quantize(scale, ROUND_HALF_UP)


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def each_way_terms(observations: Iterable[PriceObservation]) -> tuple[int | None, int | None]:
    """The terms most fixed-odds books quoted (latest observation of each), ties to the first."""
    latest: dict[str, PriceObservation] = {}
    for obs in observations:
        if obs.is_exchange or obs.ew_places is None or obs.ew_denom is None:
            continue
        held = latest.get(obs.bookmaker_id)
        if held is None or obs.changed_at >= held.changed_at:
            latest[obs.bookmaker_id] = obs
    if not latest:
        return None, None
    votes = Counter((o.ew_places, o.ew_denom) for o in latest.values())
    return votes.most_common(1)[0][0]


def market_summary(observations: Sequence[PriceObservation]) -> Row:
    """First, last, min, max and mean pre-race decimal price and the best price of one runner."""
    priced = [o for o in observations if o.decimal is not None]
    row: Row = {
        "first_price": None,
        "first_price_at": None,
        "last_price": None,
        "last_price_at": None,
        "min_price": None,
        "max_price": None,
        "mean_price": None,
        "price_observations": len(priced),
        "bookmakers": len({o.bookmaker_id for o in priced}),
        "best_price": None,
        "best_price_bookmaker_id": None,
    }
    if not priced:
        return row
    first_at = min(o.changed_at for o in priced)
    last_at = max(o.changed_at for o in priced)
    decimals = [o.decimal for o in priced if o.decimal is not None]
    row["first_price_at"] = first_at
    row["first_price"] = _mean([o.decimal for o in priced if o.changed_at == first_at])  # type: ignore[misc]
    row["last_price_at"] = last_at
    row["last_price"] = _mean([o.decimal for o in priced if o.changed_at == last_at])  # type: ignore[misc]
    row["min_price"] = min(decimals)
    row["max_price"] = max(decimals)
    row["mean_price"] = _mean(decimals)
    # Best price: each fixed-odds book's last pre-off quote; a later SP or dash clears it.
    latest: dict[str, PriceObservation] = {}
    for obs in observations:
        if obs.is_exchange:
            continue
        held = latest.get(obs.bookmaker_id)
        if held is None or obs.changed_at >= held.changed_at:
            latest[obs.bookmaker_id] = obs
    offers = sorted(
        ((-o.decimal, o.bookmaker_id) for o in latest.values() if o.decimal is not None),
    )
    if offers:
        row["best_price"] = -offers[0][0]
        row["best_price_bookmaker_id"] = offers[0][1]
    return row


def final_odds(
    race_id: str,
    race_day: date,
    off_dt: datetime | None,
    runners: Sequence[RunnerOutcome],
    observations: Sequence[PriceObservation],
    computed_at: datetime,
) -> list[Row]:
    """``ra_odds_historical`` rows for one race with a result.

    ``observations`` are the race's stored prices; only those before the off count. Returns
    are for 1 unit, stake included: win, the place part, and each way (2 units staked), at SP
    and at the best price. A non-runner's stakes come back (1, 1 and 2). Dead heats divide the
    stake (see :func:`win_return`, :func:`place_return`).
    """
    pre_off = [o for o in observations if off_dt is None or o.changed_at < off_dt]
    by_horse: dict[str, list[PriceObservation]] = {}
    for obs in pre_off:
        by_horse.setdefault(obs.horse_id, []).append(obs)
    places, denom = each_way_terms(pre_off)
    ran = [r for r in runners if not r.is_non_runner]
    ties = Counter(r.position for r in ran if r.position is not None)
    ranks = favourite_ranks(runners)
    rows: list[Row] = []
    for runner in runners:
        summary = market_summary(by_horse.get(runner.horse_id, []))
        row: Row = {
            "race_id": race_id,
            "horse_id": runner.horse_id,
            "race_date": race_day,
            "off_dt": off_dt,
            "position": runner.position,
            "is_non_runner": runner.is_non_runner,
            "dead_heat_count": ties.get(runner.position, 1) if runner.position else 1,
            "runners": len(ran),
            "sp": runner.sp,
            "sp_dec": _q(runner.sp_dec, PRICE_SCALE),
            "is_favourite": runner.is_favourite,
            "favourite_rank": ranks.get(runner.horse_id),
            "bsp": _q(runner.bsp, PRICE_SCALE),
            **summary,
            "ew_places": places,
            "ew_denom": denom,
        }
        for prefix, odds in (("sp", runner.sp_dec), ("best", summary["best_price"])):
            win, place = _returns(runner, odds, row["dead_heat_count"], places, denom)
            row[f"{prefix}_win_return"] = _q(win, MONEY_SCALE)
            row[f"{prefix}_place_return"] = _q(place, MONEY_SCALE)
            row[f"{prefix}_ew_return"] = (
                None if win is None or place is None else _q(win + place, MONEY_SCALE)
            )
        for column in ("first_price", "last_price", "min_price", "max_price", "mean_price"):
            row[column] = _q(row[column], PRICE_SCALE)
        row["best_price"] = _q(row["best_price"], PRICE_SCALE)
        row["computed_at"] = computed_at
        rows.append(row)
    return rows


def _returns(
    runner: RunnerOutcome,
    odds: Decimal | None,
    dead_heat: int,
    places: int | None,
    denom: int | None,
) -> tuple[Decimal | None, Decimal | None]:
    if runner.is_non_runner:
        return Decimal(1), Decimal(1)
    return (
        win_return(odds, runner.position, dead_heat),
        place_return(odds, runner.position, dead_heat, places, denom),
    )
