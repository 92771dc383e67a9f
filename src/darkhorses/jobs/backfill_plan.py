"""What a backfill will cover, decided before it starts, and what the rest costs.

The plan's limits are known up front (see :mod:`darkhorses.jobs.window`): results reach back
365 days on Standard and to 1988 with the historical add-on, Pro racecards start on 2023-01-23,
horse profiles need Standard. A backfill says what it will and will not cover, then fetches
only that, rather than failing midway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from darkhorses.api.plans import allows
from darkhorses.jobs import window

RESULTS = "results"
RACECARDS = "racecards"
ENRICH = "enrich"
KINDS = (RESULTS, RACECARDS, ENRICH)
DAY_KINDS = (RACECARDS, RESULTS)  # the order a day's units are fetched and written in


class BackfillPlanError(ValueError):
    """Backfill options that contradict each other or name unknown things."""


def parse_what(text: str | None) -> tuple[str, ...]:
    """``results,racecards,enrich`` (any subset, any order) as a tuple in canonical order."""
    if text is None or not text.strip():
        return KINDS
    named = {part.strip().lower() for part in text.split(",") if part.strip()}
    unknown = sorted(named - set(KINDS))
    if unknown:
        raise BackfillPlanError(
            f"unknown --what {', '.join(unknown)}; choose from {', '.join(KINDS)}"
        )
    return tuple(k for k in KINDS if k in named)


@dataclass(frozen=True)
class BackfillPlan:
    """The days each kind will fetch in [start, end], and what is left out and why."""

    start: date
    end: date
    what: tuple[str, ...]
    plan: str
    days: dict[str, list[date]] = field(default_factory=dict)
    covered: list[str] = field(default_factory=list)
    not_covered: list[str] = field(default_factory=list)

    @property
    def enrich(self) -> bool:
        """Whether the horses met get their profiles."""
        return ENRICH in self.what and allows(self.plan, "standard")

    def describe(self) -> dict[str, Any]:
        """JSON-ready, for the run log and ``--json``."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "what": list(self.what),
            "plan": self.plan,
            "days": {kind: len(days) for kind, days in self.days.items()},
            "covered": list(self.covered),
            "not_covered": list(self.not_covered),
        }


def build_plan(
    plan: str, start: date, end: date, today: date, what: tuple[str, ...], *, historic: bool
) -> BackfillPlan:
    """The backfill of ``what`` over [start, end] that ``plan`` allows."""
    if start > end:
        raise BackfillPlanError(f"--from {start} is after --to {end}")
    out = BackfillPlan(start, end, what, plan)
    if RESULTS in what:
        days, skipped = window.result_days(plan, start, end, today, historic=historic)
        _record(out, RESULTS, days, skipped)
    if RACECARDS in what:
        if allows(plan, "pro"):
            days, skipped = window.card_days(plan, start, end, today)
        else:  # below Pro only today's and tomorrow's cards exist: that is the daily sync's job
            days = []
            skipped = f"racecards: past days need the Pro plan (this is {plan})"
        _record(out, RACECARDS, days, skipped)
    if ENRICH in what:
        if out.enrich:
            out.covered.append("enrich: a profile for every horse met that still lacks one")
        else:
            out.not_covered.append(f"enrich: horse profiles need a Standard plan (this is {plan})")
    return out


def _record(out: BackfillPlan, kind: str, days: list[date], skipped: str | None) -> None:
    out.days[kind] = days
    if days:
        out.covered.append(f"{kind}: {days[0]} to {days[-1]} ({len(days):,} days)")
    if skipped:
        out.not_covered.append(skipped)


@dataclass(frozen=True)
class Estimate:
    """API calls still needed by kind, and the time they take at the plan's rates."""

    calls: dict[str, int]
    seconds: float


def estimate(calls: dict[str, int], rates: dict[str, float]) -> Estimate:
    """Time for ``calls`` at ``rates`` (``racecards``, ``default``, ``global`` per second).

    Racecard and results days are fetched together, so they share the global cap; profiles
    are fetched after them.
    """
    cards = calls.get(RACECARDS, 0)
    results = calls.get(RESULTS, 0)
    profiles = calls.get(ENRICH, 0)
    per_class = max(cards / rates["racecards"], results / rates["default"])
    days_s = max(per_class, (cards + results) / rates["global"])
    enrich_s = profiles / min(rates["default"], rates["global"])
    return Estimate(dict(calls), days_s + enrich_s)
