"""Plans: which endpoint each plan may call, its rate class, and what a lower tier lacks.

Plans are ordered free < basic < standard < pro; a plan may call every endpoint of the plans
below it. ``auto`` is resolved once per client by probing (see :class:`PlanResolver`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Literal

Tier = Literal["free", "basic", "standard", "pro"]
RateClass = Literal["free", "racecards", "default"]

PLANS: tuple[str, ...] = ("free", "basic", "standard", "pro")

# v1.4.3 rate classes: the free endpoints at 1/s, the racecard lists at 2/s, the rest 5/s.
_FREE_RATE_PATHS = frozenset(
    {"/v1/courses", "/v1/courses/regions", "/v1/racecards/free", "/v1/results/today/free"}
)
_RACECARD_LIST_PATHS = frozenset(
    {
        "/v1/racecards/basic",
        "/v1/racecards/standard",
        "/v1/racecards/pro",
        "/v1/racecards/big-races",
    }
)

# (pattern over the path, minimum plan), first match wins.
_MIN_PLAN_RULES: tuple[tuple[str, Tier], ...] = (
    (r"^/v1/courses(/regions)?$", "free"),
    (r"^/v1/racecards/free$", "free"),
    (r"^/v1/results/today/free$", "free"),
    (r"^/v1/racecards/(basic|summaries)$", "basic"),
    (r"^/v1/results/today$", "basic"),
    (r"^/v1/racecards/[^/]+/results$", "basic"),
    (r"^/v1/horses/[^/]+/analysis/distance-times$", "basic"),
    (r"^/v1/racecards/pro$", "pro"),
    (r"^/v1/racecards/[^/]+/pro$", "pro"),
    (r"^/v1/odds/[^/]+/[^/]+$", "pro"),
    (r"^/v1/horses/[^/]+/pro$", "pro"),
    (r"^/v1/(horses|jockeys|trainers|owners|sires|dams|damsires)/[^/]+/results$", "pro"),
    (r"^/v1/", "standard"),
)
_MIN_PLAN = tuple((re.compile(pattern), plan) for pattern, plan in _MIN_PLAN_RULES)

# Racecard fields each tier lacks compared with the richest (pro) card.
_CARD_RACE_BASIC = frozenset(
    {
        "course_id",
        "distance_round",
        "distance",
        "going_detailed",
        "rail_movements",
        "stalls",
        "weather",
        "big_race",
        "is_abandoned",
    }
)
_CARD_RACE_STANDARD = frozenset({"jumps", "tip", "verdict", "betting_forecast"})
_CARD_RUNNER_BASIC = frozenset(
    {
        "dob",
        "breeder",
        "dam_region",
        "sire_region",
        "damsire_region",
        "trainer_location",
        "trainer_14_days",
        "prev_trainers",
        "prev_owners",
        "comment",
        "spotlight",
        "quotes",
        "stable_tour",
        "medical",
        "headgear_run",
        "wind_surgery",
        "wind_surgery_run",
        "past_results_flags",
        "rpr",
        "ts",
        "silk_url",
        "trainer_rtf",
    }
)
_RESULT_RACE_BASIC = frozenset(
    {
        "course_id",
        "dist",
        "dist_y",
        "dist_m",
        "jumps",
        "winning_time_detail",
        "comments",
        "non_runners",
        "tote_win",
        "tote_pl",
        "tote_ex",
        "tote_csf",
        "tote_tricast",
        "tote_trifecta",
    }
)
_RESULT_RUNNER_BASIC = frozenset(
    {
        "sp",
        "sp_dec",
        "btn",
        "ovr_btn",
        "time",
        "rpr",
        "tsr",
        "prize",
        "jockey_claim_lbs",
        "comment",
        "silk_url",
    }
)

# Field names (race level and runner level, prefixed "runner.") a tier lacks.
CARD_LACKS: dict[Tier, frozenset[str]] = {
    "pro": frozenset(),
    "standard": frozenset({"runner.odds.history"}),
    "basic": _CARD_RACE_STANDARD | {"runner.odds", "runner.odds.history"},
    "free": _CARD_RACE_BASIC
    | _CARD_RACE_STANDARD
    | {f"runner.{f}" for f in _CARD_RUNNER_BASIC}
    | {"runner.odds", "runner.odds.history"},
}
RESULT_LACKS: dict[Tier, frozenset[str]] = {
    "pro": frozenset(),
    "standard": frozenset(),
    "basic": frozenset({"runner.bsp"}),
    "free": _RESULT_RACE_BASIC | {f"runner.{f}" for f in _RESULT_RUNNER_BASIC} | {"runner.bsp"},
}


def rank(plan: str) -> int:
    """Position of a plan in free < basic < standard < pro."""
    return PLANS.index(plan)


def allows(plan: str, needed: str) -> bool:
    """Whether ``plan`` may call an endpoint that needs ``needed``."""
    return rank(plan) >= rank(needed)


def required_plan(path: str) -> Tier:
    """The lowest plan allowed to call ``path``."""
    for pattern, plan in _MIN_PLAN:
        if pattern.match(path):
            return plan
    return "standard"


def rate_class(path: str) -> RateClass:
    """The rate-limit class of ``path``."""
    if path in _FREE_RATE_PATHS:
        return "free"
    if path in _RACECARD_LIST_PATHS:
        return "racecards"
    return "default"


def racecards_tier(plan: str) -> Tier:
    """The richest racecard list the plan may call."""
    return plan  # type: ignore[return-value]  # one racecard endpoint per plan


def results_endpoint(plan: str, *, today: bool) -> tuple[str, Tier] | None:
    """The richest results endpoint for a day: (path, tier), or None when the plan cannot."""
    if allows(plan, "standard"):
        return "/v1/results", "standard"
    if not today:
        return None
    if plan == "basic":
        return "/v1/results/today", "basic"
    return "/v1/results/today/free", "free"


class PlanResolver:
    """The account's plan: the configured one, or ``auto`` probed once and cached."""

    def __init__(self, configured: str, probe: Callable[[], Tier]) -> None:
        self._configured = configured
        self._probe = probe
        self._resolved: Tier | None = None if configured == "auto" else configured  # type: ignore[assignment]
        self._lock = threading.Lock()

    @property
    def plan(self) -> Tier:
        """The plan, probing the API the first time when configured as ``auto``."""
        if self._resolved is None:
            with self._lock:
                if self._resolved is None:
                    self._resolved = self._probe()
        return self._resolved
