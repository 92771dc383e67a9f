"""How a race finishes: a winner drawn from the final prices, then the rest of the result.

Finishing order is drawn runner by runner from the market's final fair probabilities
(Plackett-Luce), so favourites win about a third of races. Starting prices come from the books'
final prices; jump races have fallers and pulled-up horses; margins, times and prize money follow.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from darkhorses.sandbox.world.formats import lengths, race_time
from darkhorses.sandbox.world.market import (
    _FRACTION_DECIMALS,
    SIGMA,
    Market,
    fraction_text,
)
from darkhorses.sandbox.world.races import Race
from darkhorses.sandbox.world.seeding import cumulative, rng

_GOING_PACE = {
    "Firm": 0.97,
    "Good To Firm": 0.985,
    "Good": 1.0,
    "Good To Yielding": 1.01,
    "Good To Soft": 1.03,
    "Yielding": 1.03,
    "Yielding To Soft": 1.05,
    "Soft": 1.07,
    "Soft To Heavy": 1.1,
    "Heavy": 1.13,
    "Standard": 1.0,
    "Standard To Fast": 0.99,
    "Standard To Slow": 1.015,
    "Slow": 1.03,
    "Fast": 0.98,
}
_SECONDS_PER_FURLONG = {"Flat": 12.3, "Hurdle": 14.1, "Chase": 14.6, "NH Flat": 13.9}
_MARGINS = (
    0.05,
    0.1,
    0.2,
    0.3,
    0.5,
    0.75,
    1,
    1.25,
    1.5,
    1.75,
    2,
    2.5,
    3,
    3.5,
    4,
    4.5,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
    12,
    13,
    15,
    17,
    20,
    25,
    30,
)
_MARGIN_W = (
    2,
    3,
    4,
    5,
    6,
    6,
    6,
    5,
    5,
    4,
    5,
    4,
    4,
    3,
    3,
    2,
    3,
    2,
    2,
    2,
    1,
    2,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
)
_DNF_HURDLE = (
    ("PU", 0.06),
    ("F", 0.02),
    ("UR", 0.012),
    ("BD", 0.003),
    ("RO", 0.003),
    ("SU", 0.002),
)
_DNF_CHASE = (("PU", 0.09), ("F", 0.05), ("UR", 0.04), ("BD", 0.005), ("RO", 0.005), ("SU", 0.003))
SP_MARGIN = 0.9  # the books' average cut on the odds-against part of the fair price
_PRIZE_SHARES = (0.6, 0.2, 0.1, 0.05, 0.03, 0.02)
_COMMENT_WIN = (
    "Led over 1f out - ridden clear - kept on well",
    "Tracked leaders - led inside final furlong - driven out",
    "Made all - ridden out",
)
_COMMENT_PLACE = (
    "Chased leaders - kept on same pace final furlong",
    "Held up - headway 2f out - stayed on",
    "Prominent - ridden over 2f out - one pace",
)
_COMMENT_REST = (
    "Always behind",
    "Midfield - no extra final 2f",
    "In rear - never on terms",
    "Prominent early - weakened over 2f out",
)
# the SP as results write it, by ladder index
_SP_TEXTS = tuple(
    "Evens" if fraction_text(i) == "1/1" else fraction_text(i)
    for i in range(len(_FRACTION_DECIMALS))
)
_SP_DECIMALS = tuple(f"{decimal:.2f}" for decimal in _FRACTION_DECIMALS)
_COMMENT_DNF = {
    "PU": "Behind - pulled up before last",
    "F": "Fell",
    "UR": "Unseated rider",
    "BD": "Brought down",
    "RO": "Ran out",
    "SU": "Slipped up",
}


# not frozen: thousands are made a day and a frozen dataclass is several times slower to build
@dataclass(slots=True)
class Finisher:
    """One runner's line of the result."""

    entry_index: int
    position: str
    btn: str
    ovr_btn: str
    seconds: float | None
    sp: str
    sp_dec: str
    bsp: str
    prize: str
    comment: str
    rpr: str
    tsr: str


@dataclass(frozen=True)
class Outcome:
    finishers: tuple[Finisher, ...]
    winning_seconds: float
    standard_seconds: float
    tote: tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class FinalPrices:
    """The live runners (entry indexes) and their fair win probabilities at the off."""

    live: list[int]
    probabilities: list[float]

    @classmethod
    def of(cls, race: Race) -> FinalPrices:
        """As ``Market(...).final_probabilities``, without building the price path.

        At the off every runner's drift is 0.0, so the fair prices depend on the strengths
        alone; the arithmetic is the market's own (``SIGMA * (strength + 0.0)``, softmax).
        """
        entries = race.entries
        live = [i for i, e in enumerate(entries) if not e.non_runner]
        scores = [SIGMA * (entries[i].strength + 0.0) for i in live]
        if not scores:
            return cls(live, [])
        top = max(scores)
        weights = [math.exp(x - top) for x in scores]
        total = sum(weights)
        return cls(live, [w / total for w in weights])

    @classmethod
    def of_market(cls, market: Market) -> FinalPrices:
        return cls(market.live, market.final_probabilities)


def starting_prices(prices: FinalPrices | Market) -> dict[int, tuple[float, int]]:
    """Each live runner's SP, (decimal, ladder index): the final fair price less the books' cut."""
    if isinstance(prices, Market):
        prices = FinalPrices.of_market(prices)
    found: dict[int, tuple[float, int]] = {}
    ladder, top = _FRACTION_DECIMALS, len(_FRACTION_DECIMALS) - 1
    for entry_index, p in zip(prices.live, prices.probabilities, strict=True):
        # snap_fraction(1 + (1 / max(p, 1e-4) - 1) * SP_MARGIN)
        offered = 1 + (1 / (p if p > 1e-4 else 1e-4) - 1) * SP_MARGIN
        index = bisect_left(ladder, offered + 1e-9) - 1
        index = 0 if index < 0 else top if index > top else index
        found[entry_index] = (ladder[index], index)
    return found


# beaten distances as results write them, by value (a bounded memo: margins add up to a few
# thousand different totals)
_LENGTHS: dict[float, str] = {}


def _lengths(value: float) -> str:
    if len(_LENGTHS) > 20_000:
        _LENGTHS.clear()
    text = _LENGTHS[value] = lengths(value)
    return text


def decide(seed: int, race: Race, prices: FinalPrices, currency: str) -> Outcome:
    """The result of ``race``, drawn from its own ``result`` stream in a fixed order."""
    slot = race.slot
    r = rng(seed, "result", slot.race_id)
    random, getrandbits = r.random, r.getrandbits
    live, final = prices.live, prices.probabilities
    position_of = {entry_index: j for j, entry_index in enumerate(live)}
    probs = dict(zip(live, final, strict=True))
    order: list[int] = []
    remaining = dict(probs)
    while remaining:
        point = random() * sum(remaining.values())
        picked = next(iter(remaining))
        for candidate, p in remaining.items():
            picked = candidate
            point -= p
            if point <= 0:
                break
        order.append(picked)
        del remaining[picked]
    dnf: dict[int, str] = {}
    table = (
        _DNF_CHASE
        if slot.race_type == "Chase"
        else _DNF_HURDLE
        if (slot.race_type == "Hurdle")
        else ()
    )
    if table:
        for entry_index in order[1:]:
            for code, chance in table:
                if random() < chance:
                    dnf[entry_index] = code
                    break
    finishing = [i for i in order if i not in dnf]
    fallers = [i for i in order if i in dnf]
    sps = starting_prices(prices)
    best = min(index for _, index in sps.values())
    favourites = [i for i, (_, index) in sps.items() if index == best]
    mark = "F" if len(favourites) == 1 else "J" if len(favourites) == 2 else "JF"
    pace = _SECONDS_PER_FURLONG[slot.race_type] * _GOING_PACE.get(slot.going, 1.0)
    standard = race.yards / 220 * _SECONDS_PER_FURLONG[slot.race_type] * 0.985
    winning = race.yards / 220 * pace * (0.985 + (1.02 - 0.985) * random())  # uniform
    flat = slot.race_type == "Flat"
    per_length = 0.2 if flat else 0.25
    stretch = 1 if flat else 1.6
    dead_heat = len(finishing) > 1 and random() < 0.005
    total_prize = race.prize
    paid = 6 if total_prize > 50000 else 4
    entries = race.entries
    margin_cum, margin_total = cumulative(_MARGIN_W)
    margin_hi = len(margin_cum) - 1
    finishers: list[Finisher] = []
    behind = 0.0
    place = 0
    for entry_index in finishing + fallers:
        code = dnf.get(entry_index)
        if code is None:
            place += 1
            if place == 1 or (place == 2 and dead_heat):
                gap = 0.0
            else:
                # choose(r, _MARGINS, _MARGIN_W)
                margin = _MARGINS[bisect_right(margin_cum, random() * margin_total, 0, margin_hi)]
                gap = margin * stretch
                if gap > 99.0:  # min(gap, 99.0)
                    gap = 99.0
            behind += gap
            position = "1" if place == 2 and dead_heat else str(place)
            share = _PRIZE_SHARES[place - 1] if place <= paid else 0
            btn = _LENGTHS.get(gap) or _lengths(gap)
            ovr_btn = _LENGTHS.get(behind) or _lengths(behind)
            seconds: float | None = winning + behind * per_length
            prize = f"{total_prize * share:.2f}" if share else ""
            rank = place
        else:
            position, btn, ovr_btn, seconds, prize, rank = code, "", "", None, "", 99
        # the runner's line: SP, BSP, comment and ratings, in this order
        index = sps[entry_index][1]
        text = _SP_TEXTS[index]
        if entry_index in favourites:
            text += mark
        fair = 1 / final[position_of[entry_index]]
        bsp_value = fair * (0.92 + (1.18 - 0.92) * random())  # uniform(0.92, 1.18)
        bsp = f"{bsp_value if bsp_value > 1.01 else 1.01:.2f}"  # max(1.01, ...)
        if code is not None:
            comment = _COMMENT_DNF[code]
        else:
            # r.choice over three (win, place) or four (the rest) comments
            comments = _COMMENT_WIN if rank == 1 else _COMMENT_PLACE if rank <= 3 else _COMMENT_REST
            size = len(comments)
            x = getrandbits(size.bit_length())
            while x >= size:
                x = getrandbits(size.bit_length())
            comment = comments[x]
        ofr = entries[entry_index].ofr
        rating = int(ofr) if ofr.isdigit() else 0
        if rating:
            x = getrandbits(4)  # randint(-4, 4)
            while x >= 9:
                x = getrandbits(4)
            value = rating + 6 - 2 * (rank if rank < 12 else 12) + x - 4
            rpr = str(value if value > 1 else 1)
            if seconds:
                x = getrandbits(5)  # randint(0, 30)
                while x >= 31:
                    x = getrandbits(5)
                tsr = str(rating - x if rating - x > 1 else 1)
            else:
                tsr = "–"
        else:
            rpr = tsr = "–"
        finishers.append(
            Finisher(
                entry_index,
                position,
                btn,
                ovr_btn,
                None if seconds is None else round(seconds, 2),
                text,
                _SP_DECIMALS[index],
                bsp,
                prize,
                comment,
                rpr,
                tsr,
            )
        )
    return Outcome(
        tuple(finishers),
        round(winning, 2),
        round(standard, 2),
        _tote(r, finishers, currency, len(finishing)),
    )


def _tote(r, finishers, currency: str, finished: int) -> tuple[str, str, str, str, str, str]:
    if not currency or not finishers:
        return ("", "", "", "", "", "")

    def cash(value: float) -> str:
        value = round(value, 2)
        return f"{currency}{value:.0f}" if value == int(value) else f"{currency}{value:.2f}"

    decs = [float(f.sp_dec) for f in finishers[:3]]
    win = cash(round(decs[0] * r.uniform(0.9, 1.3), 1))
    places = " ".join(cash(round(1 + (d - 1) / 4 * r.uniform(0.8, 1.3), 1)) for d in decs)
    if finished < 3:
        return win, places, "", "", "", ""
    ex = decs[0] * decs[1] * r.uniform(0.8, 1.4)
    csf = decs[0] * decs[1] * 0.9
    tricast = csf * decs[2] * 0.8
    trifecta = tricast * r.uniform(1.0, 1.8)
    return win, places, cash(ex), cash(csf), cash(tricast), cash(trifecta)


def position_sort_key(finisher: Finisher) -> int:
    return int(finisher.position) if finisher.position.isdigit() else 999


__all__ = ["Finisher", "Outcome", "decide", "position_sort_key", "race_time"]
