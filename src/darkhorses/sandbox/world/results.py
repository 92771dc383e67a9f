"""How a race finishes: a winner drawn from the final prices, then the rest of the result.

Finishing order is drawn runner by runner from the market's final fair probabilities
(Plackett-Luce), so favourites win about a third of races. Starting prices come from the books'
final prices; jump races have fallers and pulled-up horses; margins, times and prize money follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from darkhorses.sandbox.world.formats import lengths, race_time
from darkhorses.sandbox.world.market import (
    Market,
    fraction_decimal,
    fraction_text,
    snap_fraction,
)
from darkhorses.sandbox.world.seeding import choose, rng

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


def starting_prices(market: Market) -> dict[int, tuple[float, int]]:
    """Each live runner's SP, (decimal, ladder index): the final fair price less the books' cut."""
    prices: dict[int, tuple[float, int]] = {}
    for entry_index, p in zip(market.live, market.final_probabilities, strict=True):
        index = snap_fraction(1 + (1 / max(p, 1e-4) - 1) * SP_MARGIN)
        prices[entry_index] = (fraction_decimal(index), index)
    return prices


def decide(seed: int, market: Market, currency: str) -> Outcome:
    race = market.race
    slot = race.slot
    r = rng(seed, "result", slot.race_id)
    probs = dict(zip(market.live, market.final_probabilities, strict=True))
    order: list[int] = []
    remaining = dict(probs)
    while remaining:
        point = r.random() * sum(remaining.values())
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
    for entry_index in order[1:]:
        for code, chance in table:
            if r.random() < chance:
                dnf[entry_index] = code
                break
    finishing = [i for i in order if i not in dnf]
    fallers = [i for i in order if i in dnf]
    sps = starting_prices(market)
    best = min(index for _, index in sps.values())
    favourites = [i for i, (_, index) in sps.items() if index == best]
    mark = "F" if len(favourites) == 1 else "J" if len(favourites) == 2 else "JF"
    pace = _SECONDS_PER_FURLONG[slot.race_type] * _GOING_PACE.get(slot.going, 1.0)
    standard = race.yards / 220 * _SECONDS_PER_FURLONG[slot.race_type] * 0.985
    winning = race.yards / 220 * pace * r.uniform(0.985, 1.02)
    per_length = 0.2 if slot.race_type == "Flat" else 0.25
    dead_heat = len(finishing) > 1 and r.random() < 0.005
    total_prize = race.prize
    finishers: list[Finisher] = []
    behind = 0.0
    for place, entry_index in enumerate(finishing, 1):
        if place == 1 or (place == 2 and dead_heat):
            gap = 0.0
        else:
            gap = choose(r, _MARGINS, _MARGIN_W) * (1.6 if slot.race_type != "Flat" else 1)
            gap = min(gap, 99.0)
        behind += gap
        position = "1" if place == 2 and dead_heat else str(place)
        share = _PRIZE_SHARES[place - 1] if place <= (6 if total_prize > 50000 else 4) else 0
        finishers.append(
            _line(
                r,
                sps,
                entry_index,
                favourites,
                mark,
                position,
                lengths(gap),
                lengths(behind),
                winning + behind * per_length,
                f"{total_prize * share:.2f}" if share else "",
                place,
                market,
                race.entries[entry_index].ofr,
            )
        )
    for entry_index in fallers:
        code = dnf[entry_index]
        finishers.append(
            _line(
                r,
                sps,
                entry_index,
                favourites,
                mark,
                code,
                "",
                "",
                None,
                "",
                99,
                market,
                race.entries[entry_index].ofr,
            )
        )
    return Outcome(
        tuple(finishers),
        round(winning, 2),
        round(standard, 2),
        _tote(r, finishers, currency, len(finishing)),
    )


def _line(
    r,
    sps,
    entry_index,
    favourites,
    mark,
    position,
    btn,
    ovr_btn,
    seconds,
    prize,
    place,
    market,
    ofr,
) -> Finisher:
    decimal, index = sps[entry_index]
    text = "Evens" if fraction_text(index) == "1/1" else fraction_text(index)
    if entry_index in favourites:
        text += mark
    fair = 1 / market.final_probabilities[market.live.index(entry_index)]
    bsp = f"{max(1.01, fair * r.uniform(0.92, 1.18)):.2f}"
    if position in _COMMENT_DNF:
        comment = _COMMENT_DNF[position]
    elif place == 1:
        comment = r.choice(_COMMENT_WIN)
    elif place <= 3:
        comment = r.choice(_COMMENT_PLACE)
    else:
        comment = r.choice(_COMMENT_REST)
    rating = int(ofr) if ofr.isdigit() else 0
    rpr = str(max(1, rating + 6 - 2 * min(place, 12) + r.randint(-4, 4))) if rating else "–"
    tsr = str(max(1, rating - r.randint(0, 30))) if rating and seconds else "–"
    return Finisher(
        entry_index,
        position,
        btn,
        ovr_btn,
        None if seconds is None else round(seconds, 2),
        text,
        f"{decimal:.2f}",
        bsp,
        prize,
        comment,
        rpr,
        tsr,
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
