"""Date windows: which days each endpoint may be asked about, as the API documents them."""

from __future__ import annotations

from datetime import date, timedelta

from darkhorses.sandbox.errors import invalid
from darkhorses.sandbox.params import parse_date

PRO_CARDS_FIRST = date(2023, 1, 23)
HISTORIC_FIRST = date(1988, 1, 1)
DAYS_AHEAD = 7  # racecards exist up to a week ahead
MAX_RANGE_DAYS = 365


def horizon(today: date) -> date:
    """The last day with racecards."""
    return today + timedelta(days=DAYS_AHEAD)


def card_day(day: str | None, today: date) -> date:
    """``day=today|tomorrow`` of the free, basic and standard racecards."""
    value = day if day is not None else "today"
    if value == "today":
        return today
    if value == "tomorrow":
        return today + timedelta(days=1)
    raise invalid(f"day must be today or tomorrow, {value}")


def pro_card_date(value: str | None, today: date) -> date:
    """``date`` of the pro racecards: 2023-01-23 to a week ahead."""
    day = parse_date("date", value, today)
    if day < PRO_CARDS_FIRST:
        raise invalid(f"racecards are available from {PRO_CARDS_FIRST.isoformat()}")
    if day > horizon(today):
        raise invalid(f"racecards are available up to {horizon(today).isoformat()}")
    return day


def big_race_dates(start: str | None, end: str | None, today: date) -> tuple[date, date]:
    """``start_date`` (today or later, default today) and ``end_date`` (default a week ahead)."""
    first = parse_date("start_date", start, today)
    last = parse_date("end_date", end, horizon(today))
    if first < today:
        raise invalid("start_date must be today or later")
    return first, min(last, horizon(today))


def results_range(
    start: str | None, end: str | None, today: date, earliest: date
) -> tuple[date, date]:
    """A results range: default the last 365 days, at most 365 days, not before ``earliest``."""
    first = parse_date("start_date", start, today - timedelta(days=MAX_RANGE_DAYS))
    last = parse_date("end_date", end, today)
    if first > last:
        raise invalid("start_date must not be after end_date")
    if (last - first).days > MAX_RANGE_DAYS:
        raise invalid(f"date range must not exceed {MAX_RANGE_DAYS} days")
    if first < earliest:
        raise invalid(f"start_date must not be before {earliest.isoformat()}")
    return first, last


def results_earliest(today: date, historic: bool) -> date:
    """How far back ``/v1/results`` reaches: 365 days, or 1988 with the add-on."""
    return HISTORIC_FIRST if historic else today - timedelta(days=MAX_RANGE_DAYS)
