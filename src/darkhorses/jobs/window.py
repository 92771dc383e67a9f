"""Which days a plan may fetch: racecards and results date windows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from darkhorses.api.plans import allows

PRO_CARDS_FIRST = date(2023, 1, 23)  # the first day the Pro racecards cover
PRO_DAYS_AHEAD = 7
RESULTS_DAYS_BACK = 365  # without the historical add-on


def days(start: date, end: date) -> Iterator[date]:
    """Every day from ``start`` to ``end`` inclusive."""
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def card_days(plan: str, start: date, end: date, today: date) -> tuple[list[date], str | None]:
    """The racecard days the plan allows in [start, end], and a note on what it skips."""
    wanted = list(days(start, end))
    if allows(plan, "pro"):
        last = today + timedelta(days=PRO_DAYS_AHEAD)
        ok = [d for d in wanted if PRO_CARDS_FIRST <= d <= last]
        why = f"Pro racecards cover {PRO_CARDS_FIRST} to {last}"
    else:
        ok = [d for d in wanted if d in (today, today + timedelta(days=1))]
        why = f"the {plan} plan has racecards for today and tomorrow only"
    skipped = len(wanted) - len(ok)
    return ok, (f"racecards: {skipped} day(s) skipped ({why})" if skipped else None)


def result_days(
    plan: str, start: date, end: date, today: date, *, historic: bool = False
) -> tuple[list[date], str | None]:
    """The results days the plan allows in [start, end], and a note on what it skips."""
    wanted = [d for d in days(start, end) if d <= today]
    future = len(list(days(start, end))) - len(wanted)
    if allows(plan, "standard"):
        first = date(1988, 1, 1) if historic else today - timedelta(days=RESULTS_DAYS_BACK)
        ok = [d for d in wanted if d >= first]
        why = f"results reach back to {first}"
    else:
        ok = [d for d in wanted if d == today]
        why = f"the {plan} plan has today's results only"
    notes = []
    if len(ok) < len(wanted):
        notes.append(f"{len(wanted) - len(ok)} day(s) skipped ({why})")
    if future:
        notes.append(f"{future} future day(s) have no results yet")
    return ok, ("results: " + "; ".join(notes) if notes else None)
