"""Racecard endpoints: day cards per tier, pro cards by date, big races, summaries, one race."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from darkhorses.sandbox.context import Call
from darkhorses.sandbox.errors import not_found
from darkhorses.sandbox.filters import keep_all, place_filter
from darkhorses.sandbox.pages import JsonText, envelope_json, page_of
from darkhorses.sandbox.params import parse_date
from darkhorses.sandbox.windows import big_race_dates, card_day, horizon, pro_card_date
from darkhorses.sandbox.world.contract import CardTier, RaceRef


def _place(call: Call) -> Any:
    return place_filter(call.params["region_codes"], call.params["course_ids"], call.region_codes)


def _cards_page(call: Call, refs: list[RaceRef], tier: CardTier) -> JsonText:
    limit, skip = call.params["limit"], call.params["skip"]
    card = call.world.racecard_json
    cards = [card(r.race_id, tier, call.now) for r in page_of(refs, limit, skip)]
    return envelope_json("racecards", cards, len(refs), limit, skip, call.params.echo)


def day_cards(call: Call, tier: CardTier) -> JsonText:
    """``/v1/racecards/{free,basic,standard}``: today's or tomorrow's cards."""
    day = card_day(call.params["day"], call.today)
    return _cards_page(call, keep_all(call.races_on(day), _place(call)), tier)


def pro_cards(call: Call) -> JsonText:
    """``/v1/racecards/pro``: any date from 2023-01-23 to a week ahead."""
    day = pro_card_date(call.params["date"], call.today)
    return _cards_page(call, keep_all(call.races_on(day), _place(call)), "pro")


def big_races(call: Call) -> JsonText:
    """``/v1/racecards/big-races``: upcoming big races."""
    first, last = big_race_dates(call.params["start_date"], call.params["end_date"], call.today)
    place = _place(call)
    refs: list[RaceRef] = []
    day = first
    while day <= last:
        refs.extend(keep_all(call.races_on(day), place, lambda r: r.big_race))
        day += timedelta(days=1)
    return _cards_page(call, refs, "standard")


def summaries(call: Call) -> dict[str, Any]:
    """``/v1/racecards/summaries``: one line per race of a date."""
    day: date = parse_date("date", call.params["date"], call.today)
    refs = keep_all(call.races_on(day), _place(call))
    return {
        "racecard_summaries": [call.world.summary(r.race_id) for r in refs],
        "query": call.params.echo,
    }


def race_card(call: Call, tier: CardTier) -> JsonText:
    """``/v1/racecards/{race_id}/{standard,pro}``: one card, no envelope."""
    ref = call.known_race(call.path["race_id"])
    if ref is None:
        raise not_found()
    if tier == "standard":
        # Standard: today's and tomorrow's races, or a big race up to the horizon.
        upcoming = call.today <= ref.date <= call.today + timedelta(days=1)
        if not (upcoming or (ref.big_race and call.today <= ref.date <= horizon(call.today))):
            raise not_found()
    return JsonText(call.world.racecard_json(ref.race_id, tier, call.now))
