"""Bookmaker prices: a fair market that moves from the evening before to the off.

Each race has minute-aligned instants (sparse the evening before, dense near the off). At each
instant the runners' strengths have moved by a random walk that ends exactly at their
strengths at the off, which decide the result. A book reprices at some instants and not others;
its price is the fair price times its own margin with noise, on the fractional ladder
(decimal ladder for the exchange). Everything is a pure function of (seed, race, instant), so a
poller at any moments sees exactly the changes that ``history`` lists.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from json.encoder import encode_basestring as _q  # type: ignore[attr-defined]

from darkhorses.sandbox.world.formats import UK, iso_uk, plain_decimal, uk_stamp
from darkhorses.sandbox.world.races import Race
from darkhorses.sandbox.world.seeding import rng

BOOKMAKERS = (
    "Bet365",
    "William Hill",
    "Coral",
    "Betfred",
    "Boyle Sports",
    "Ladbrokes",
    "Unibet",
    "Bet Goodwin",
    "Bet Victor",
    "10 Bet",
    "BetMGM",
    "Grosvenor Sports",
    "Betway",
    "Virgin Bet",
    "talkSPORT BET",
    "Dragon Bet",
    "CopyBet",
    "PricedUp Bet",
    "Spreadex",
    "BresBet",
    "Star Sports",
    "7Bet",
    "BetTom",
    "Gentlemen Jim",
    "Midnite",
    "SportingIndex",
    "Quinn Bet",
    "Betfair Exchange",
)
EXCHANGE = "Betfair Exchange"
HISTORY_FROM = date(2025, 3, 17)
SIGMA = 0.8  # spread of strengths; sets how often favourites win (about a third)

_FRACTIONS = (
    (1, 10),
    (1, 8),
    (1, 6),
    (1, 5),
    (2, 9),
    (1, 4),
    (2, 7),
    (3, 10),
    (1, 3),
    (4, 11),
    (2, 5),
    (4, 9),
    (1, 2),
    (8, 15),
    (4, 7),
    (8, 13),
    (4, 6),
    (8, 11),
    (4, 5),
    (5, 6),
    (10, 11),
    (1, 1),
    (11, 10),
    (6, 5),
    (5, 4),
    (11, 8),
    (6, 4),
    (13, 8),
    (7, 4),
    (15, 8),
    (2, 1),
    (9, 4),
    (5, 2),
    (11, 4),
    (3, 1),
    (10, 3),
    (7, 2),
    (4, 1),
    (9, 2),
    (5, 1),
    (11, 2),
    (6, 1),
    (13, 2),
    (7, 1),
    (15, 2),
    (8, 1),
    (17, 2),
    (9, 1),
    (10, 1),
    (11, 1),
    (12, 1),
    (14, 1),
    (16, 1),
    (18, 1),
    (20, 1),
    (22, 1),
    (25, 1),
    (28, 1),
    (33, 1),
    (40, 1),
    (50, 1),
    (66, 1),
    (80, 1),
    (100, 1),
    (125, 1),
    (150, 1),
    (200, 1),
    (250, 1),
)
_FRACTION_DECIMALS = [1 + n / d for n, d in _FRACTIONS]
_MARGINS = tuple(0.84 + 0.1 * ((i * 7) % 11) / 10 for i in range(len(BOOKMAKERS) - 1))


def _exchange_ladder() -> list[float]:
    steps = (
        (2, 0.01),
        (3, 0.02),
        (4, 0.05),
        (6, 0.1),
        (10, 0.2),
        (20, 0.5),
        (30, 1),
        (50, 2),
        (100, 5),
        (1000, 10),
    )
    ladder, value = [], 1.01
    for top, step in steps:
        while value < top - 1e-9:
            ladder.append(round(value, 2))
            value += step
    ladder.append(1000.0)
    return ladder


_EXCHANGE_LADDER = _exchange_ladder()


def snap_fraction(decimal: float) -> int:
    """Index of the nearest fractional ladder price at or below ``decimal``."""
    index = bisect_left(_FRACTION_DECIMALS, decimal + 1e-9)
    return max(0, min(index - 1, len(_FRACTIONS) - 1))


def fraction_text(index: int) -> str:
    n, d = _FRACTIONS[index]
    return f"{n}/{d}"


def fraction_decimal(index: int) -> float:
    return _FRACTION_DECIMALS[index]


def exchange_price(decimal: float) -> float:
    index = bisect_left(_EXCHANGE_LADDER, decimal)
    return _EXCHANGE_LADDER[min(index, len(_EXCHANGE_LADDER) - 1)]


def each_way(declared: int, handicap: bool) -> tuple[str, str]:
    """(places, fraction denominator) by field size."""
    if declared <= 4:
        return "1", "1"
    if declared <= 7:
        return "2", "4"
    if handicap and declared >= 16:
        return "4", "4"
    if handicap and declared >= 12:
        return "3", "4"
    return "3", "5"


@dataclass(frozen=True)
class Quote:
    fractional: str
    decimal: str
    # the pair as the odds objects write it in JSON: '"fractional":"5/1","decimal":"6"'
    json: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        text = f'"fractional":{_q(self.fractional)},"decimal":{_q(self.decimal)}'
        object.__setattr__(self, "json", text)


_NO_PRICE = Quote("-", "-")
_SP = Quote("SP", "SP")
_FRACTION_QUOTES = tuple(
    Quote(fraction_text(i), plain_decimal(fraction_decimal(i))) for i in range(len(_FRACTIONS))
)
_EXCHANGE_QUOTES = {p: Quote(plain_decimal(p), plain_decimal(p)) for p in _EXCHANGE_LADDER}
_EXCHANGE_BOOK = len(BOOKMAKERS) - 1
_REPRICE_RATES = tuple(
    0.95 if b == _EXCHANGE_BOOK else 0.35 + 0.3 * ((b * 5) % 7) / 7 for b in range(len(BOOKMAKERS))
)
_TABLE = 4096


class Noise:
    """A world's fixed tables of normal and uniform draws, indexed by stable offsets.

    Indexing precomputed draws is far cheaper than seeding a generator per price, and keeps
    every price a pure function of (seed, race, runner, book, instant).
    """

    def __init__(self, seed: int) -> None:
        r = rng(seed, "noise-table", 0)
        self.normal = [r.gauss(0, 1) for _ in range(_TABLE)]
        self.uniform = [r.random() for _ in range(_TABLE)]
        self.spread = [math.exp(0.05 * n) for n in self.normal]  # a book's noise on a price


class Market:
    """The price path of one race (shown on cards for GB/IRE races only)."""

    def __init__(self, seed: int, race: Race, noise: Noise) -> None:
        self.seed = seed
        self.race = race
        self.noise = noise
        self.off = race.slot.off_dt
        r = rng(seed, "market", race.slot.race_id)
        self.minutes = self._instants(r)
        self._base = r.randrange(_TABLE)
        self.live = [i for i, e in enumerate(race.entries) if not e.non_runner]
        self._live_pos = {i: j for j, i in enumerate(self.live)}
        self._strengths = [race.entries[i].strength for i in self.live]
        books = len(BOOKMAKERS)
        k_count = len(self.minutes)
        late = [b for b in range(books - 1) if b >= 18 and r.random() < 0.12]
        self._first_priced = {b: max(0, k_count - r.randint(3, 8)) for b in late}
        self._seconds = r.randint(0, 59)
        self._offsets: dict[int, list[float]] = {k_count - 1: [0.0] * len(self.live)}
        self._tables: dict[int, list[list[Quote]]] = {}
        self._plans: dict[int, list[int]] = {}
        self._stamps: dict[int, str] = {}
        self._probs: dict[int, list[float]] = {}
        self.handicap = race.rating_band != "" or "Handicap" in race.name
        self.ew = each_way(len(race.entries), self.handicap)

    def _instants(self, r: random.Random) -> list[int]:
        """Minute-aligned instants as UTC epoch minutes, sparse early and dense near the off."""
        off_local = self.off.astimezone(UK)
        off = int(self.off.timestamp()) // 60
        midnight = (
            int(datetime(off_local.year, off_local.month, off_local.day, tzinfo=UK).timestamp())
            // 60
        )
        evening = midnight - 6 * 60  # 18:00 the day before
        minutes = [evening, *sorted(evening + m for m in r.sample(range(1, 240), 3))]
        cursor = midnight + 8 * 60
        while off - cursor > 1:
            minutes.append(cursor)
            left = off - cursor
            gap = 60 if left > 180 else 15 if left > 60 else 5 if left > 15 else 2
            cursor += max(1, gap + r.randint(-gap // 3, gap // 3))
        minutes.append(off - 1)
        cleaned: list[int] = []
        for m in minutes:
            if m < off and (not cleaned or m > cleaned[-1]):
                cleaned.append(m)
        return cleaned

    def moment(self, k: int) -> datetime:
        """Instant ``k`` as an aware datetime (UTC)."""
        return datetime.fromtimestamp(self.minutes[k] * 60, UTC)

    @property
    def opens(self) -> datetime:
        return self.moment(0)

    def _offset(self, k: int) -> list[float]:
        """Each live runner's drift from its strength at the off (a backward random walk)."""
        offsets = self._offsets
        found = offsets.get(k)
        if found is not None:
            return found
        # walk down from the nearest instant already known (a loop: cards reach instant 0)
        known = k + 1
        while known not in offsets:
            known += 1
        later = offsets[known]
        last = len(self.minutes) - 1
        normal = self.noise.normal
        for kk in range(known - 1, k - 1, -1):
            step = 0.06 if kk > last - 12 else 0.1
            base = self._base + kk * 61
            later = [o + step * normal[(base + j * 7) % _TABLE] for j, o in enumerate(later)]
            offsets[kk] = later
        return later

    def probabilities(self, k: int) -> list[float]:
        """Fair win probabilities of the live runners at instant ``k`` (kept per instant)."""
        found = self._probs.get(k)
        if found is None:
            found = self._probs[k] = self._fair(k)
        return found

    def _fair(self, k: int) -> list[float]:
        scores = [SIGMA * (s + o) for s, o in zip(self._strengths, self._offset(k), strict=True)]
        if not scores:
            return []
        top = max(scores)
        weights = [math.exp(x - top) for x in scores]
        total = sum(weights)
        return [w / total for w in weights]

    @cached_property
    def final_probabilities(self) -> list[float]:
        return self.probabilities(len(self.minutes) - 1)

    def _table(self, k: int) -> list[list[Quote]]:
        """Every book's price on every live runner if it repriced at instant ``k``."""
        table = self._tables.get(k)
        if table is not None:
            return table
        normal = self.noise.normal
        spread = self.noise.spread
        base = self._base + k * 131
        ladder = _FRACTION_DECIMALS
        quotes = _FRACTION_QUOTES
        top = len(quotes) - 1
        table = []
        for j, p in enumerate(self.probabilities(k)):
            against = 1 / max(p, 1e-4) - 1
            start = base + j * 29
            row = []
            for book, margin in enumerate(_MARGINS):
                offered = 1 + against * margin * spread[(start + book * 3) % _TABLE] + 1e-9
                index = bisect_left(ladder, offered) - 1
                row.append(quotes[0 if index < 0 else top if index > top else index])
            noise = normal[(start + _EXCHANGE_BOOK * 3) % _TABLE]
            row.append(_EXCHANGE_QUOTES[exchange_price((against + 1) * (1 + 0.03 * abs(noise)))])
            table.append(row)
        self._tables[k] = table
        return table

    def _repriced(self, book: int, k: int) -> int:
        """The latest instant at or before ``k`` at which ``book`` repriced."""
        if k == len(self.minutes) - 1:
            return k
        uniform = self.noise.uniform
        rate = _REPRICE_RATES[book]
        while k > 0 and uniform[(self._base + k * 17 + book * 11) % _TABLE] >= rate:
            k -= 1
        return k

    def _standing(self, k: int) -> list[int]:
        """For each book, the instant whose price stands at ``k`` (-1: not priced yet, SP).

        It depends on the instant only, so one list serves every runner of the race.
        """
        found = self._plans.get(k)
        if found is None:
            found = []
            for book in range(len(BOOKMAKERS)):
                first = self._first_priced.get(book)
                found.append(-1 if first is not None and k < first else self._repriced(book, k))
            self._plans[k] = found
        return found

    def quote(self, entry_index: int, book: int, k: int) -> Quote:
        """What ``book`` offers on one runner at instant ``k``."""
        j = self._live_pos.get(entry_index)
        if j is None:
            return _NO_PRICE
        kk = self._standing(k)[book]
        if kk < 0:
            return _SP
        table = self._tables.get(kk)
        if table is not None:
            return table[j][book]
        return self._cell(j, book, kk)

    def _cell(self, j: int, book: int, k: int) -> Quote:
        """One book's price on one live runner at instant ``k`` (one cell of ``_table``)."""
        against = 1 / max(self.probabilities(k)[j], 1e-4) - 1
        return self._price(against, self._base + k * 131 + j * 29, book)

    def _price(self, against: float, start: int, book: int) -> Quote:
        """A book's quote on fair odds-against ``against``, with its noise from ``start``."""
        if book == _EXCHANGE_BOOK:
            noise = self.noise.normal[(start + _EXCHANGE_BOOK * 3) % _TABLE]
            return _EXCHANGE_QUOTES[exchange_price((against + 1) * (1 + 0.03 * abs(noise)))]
        spread = self.noise.spread[(start + book * 3) % _TABLE]
        offered = 1 + against * _MARGINS[book] * spread + 1e-9
        index = bisect_left(_FRACTION_DECIMALS, offered) - 1
        return _FRACTION_QUOTES[min(max(index, 0), len(_FRACTION_QUOTES) - 1)]

    def quotes(self, entry_index: int, k: int) -> list[Quote]:
        """Every book's quote on one runner at instant ``k``, in bookmaker order."""
        j = self._live_pos.get(entry_index)
        if j is None:
            return [_NO_PRICE] * len(BOOKMAKERS)
        if k == len(self.minutes) - 1:
            return self._table(k)[j]
        tables = self._tables
        against_at: dict[int, float] = {}  # many books stand at the same instant
        row = []
        for book, kk in enumerate(self._standing(k)):
            if kk < 0:
                row.append(_SP)
                continue
            table = tables.get(kk)
            if table is not None:
                row.append(table[j][book])
                continue
            against = against_at.get(kk)
            if against is None:
                against = against_at[kk] = 1 / max(self.probabilities(kk)[j], 1e-4) - 1
            row.append(self._price(against, self._base + kk * 131 + j * 29, book))
        return row

    @cached_property
    def book_heads(self) -> list[tuple[str, str, str]]:
        """(bookmaker, each-way places, each-way denominator) per book; the exchange has none."""
        places, denom = self.ew
        return [
            (name, "", "") if name == EXCHANGE else (name, places, denom) for name in BOOKMAKERS
        ]

    def odds_json(self, entry_index: int, k: int, with_history: bool) -> str:
        """A runner's card ``odds`` at instant ``k`` as JSON text (the renderer's odds list)."""
        updated = f',"updated":{_q(self.updated(k))}' + (',"history":[]}' if with_history else "}")
        heads = self._odds_heads
        return (
            "["
            + ",".join(
                [
                    head + quote.json + tail + updated
                    for (head, tail), quote in zip(heads, self.quotes(entry_index, k), strict=True)
                ]
            )
            + "]"
        )

    @cached_property
    def _odds_heads(self) -> list[tuple[str, str]]:
        """Per book, the JSON around its quote: '{"bookmaker":..,' and ',"ew_places":..'."""
        return [
            ('{"bookmaker":' + _q(name) + ",", f',"ew_places":{_q(places)},"ew_denom":{_q(denom)}')
            for name, places, denom in self.book_heads
        ]

    def instant_at(self, now: datetime) -> int | None:
        """The latest instant at or before ``now`` (capped at the off), or None if not open."""
        stamp = now.timestamp() / 60
        if stamp < self.minutes[0]:
            return None
        return bisect_right(self.minutes, stamp) - 1

    def updated(self, k: int) -> str:
        """When the prices standing at instant ``k`` were stamped (kept per instant)."""
        found = self._stamps.get(k)
        if found is None:
            found = uk_stamp(self.moment(k) + timedelta(seconds=self._seconds))
            self._stamps[k] = found
        return found

    def history(self, entry_index: int, book: int, k_end: int) -> list[dict[str, str]]:
        """Every change of one book's price on one runner up to instant ``k_end``."""
        changes: list[dict[str, str]] = []
        previous: Quote | None = None
        for k in range(k_end + 1):
            quote = self.quote(entry_index, book, k)
            if quote != previous:
                changes.append(
                    {
                        "changed_at": iso_uk(self.moment(k)),
                        "fractional": quote.fractional,
                        "decimal": quote.decimal,
                    }
                )
                previous = quote
        return changes

    def has_history(self) -> bool:
        return self.race.slot.day >= HISTORY_FROM
