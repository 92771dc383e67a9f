"""Every endpoint the sandbox serves: path, plan, rate class, parameters and handler.

Literal paths come before parameterised ones (``/v1/results/today`` before
``/v1/results/{race_id}``), because routes are tried in this order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from darkhorses.sandbox import profiles, racecards, results
from darkhorses.sandbox.accounts import Plan
from darkhorses.sandbox.context import Call
from darkhorses.sandbox.limits import RateClass
from darkhorses.sandbox.params import (
    RACECARD_PAGE,
    RESULT_FILTERS,
    RESULTS_PAGE,
    RESULTS_TODAY_PAGE,
    Param,
)
from darkhorses.sandbox.world.contract import CardTier, EntityKind

Handler = Callable[[Call], Any]

PLACE = (Param("region_codes", "list"), Param("course_ids", "list"))
ENTITY_KINDS: tuple[EntityKind, ...] = (
    "jockeys",
    "trainers",
    "owners",
    "sires",
    "dams",
    "damsires",
)
DAY_CARDS: tuple[tuple[CardTier, Plan, RateClass], ...] = (
    ("free", "free", "free"),
    ("basic", "basic", "racecards"),
    ("standard", "standard", "racecards"),
)
ENTITY_ID = {
    "jockeys": "jockey_id",
    "trainers": "trainer_id",
    "owners": "owner_id",
    "sires": "sire_id",
    "dams": "dam_id",
    "damsires": "damsire_id",
}


@dataclass(frozen=True)
class Endpoint:
    """One GET operation of the API."""

    path: str
    plan: Plan
    rate_class: RateClass
    params: tuple[Param, ...]
    handler: Handler
    path_params: tuple[str, ...] = ()


def _endpoints() -> list[Endpoint]:
    eps = [
        Endpoint("/v1/courses/regions", "free", "free", (), profiles.regions),
        Endpoint("/v1/courses", "free", "free", (PLACE[0],), profiles.courses),
    ]
    for tier, plan, rate in DAY_CARDS:
        eps.append(
            Endpoint(
                f"/v1/racecards/{tier}",
                plan,
                rate,
                (Param("day", default="today"), *PLACE, *RACECARD_PAGE),
                partial(racecards.day_cards, tier=tier),
            )
        )
    eps += [
        Endpoint(
            "/v1/racecards/pro",
            "pro",
            "racecards",
            (Param("date"), *PLACE, *RACECARD_PAGE),
            racecards.pro_cards,
        ),
        Endpoint(
            "/v1/racecards/big-races",
            "standard",
            "racecards",
            (Param("start_date"), Param("end_date"), *PLACE, *RACECARD_PAGE),
            racecards.big_races,
        ),
        Endpoint(
            "/v1/racecards/summaries",
            "basic",
            "default",
            (Param("date"), *PLACE),
            racecards.summaries,
        ),
        Endpoint(
            "/v1/racecards/{race_id}/standard",
            "standard",
            "default",
            (),
            partial(racecards.race_card, tier="standard"),
            ("race_id",),
        ),
        Endpoint(
            "/v1/racecards/{race_id}/pro",
            "pro",
            "default",
            (),
            partial(racecards.race_card, tier="pro"),
            ("race_id",),
        ),
        Endpoint(
            "/v1/racecards/{horse_id}/results",
            "basic",
            "default",
            (*RESULT_FILTERS, *RESULTS_TODAY_PAGE),
            partial(results.entity, kind="horses", id_param="horse_id", tier="basic"),
            ("horse_id",),
        ),
        Endpoint(
            "/v1/results/today/free",
            "free",
            "free",
            (Param("region", "list"), *RESULTS_TODAY_PAGE),
            partial(results.today, tier="free"),
        ),
        Endpoint(
            "/v1/results/today",
            "basic",
            "default",
            (Param("region", "list"), *RESULTS_TODAY_PAGE),
            partial(results.today, tier="basic"),
        ),
        Endpoint(
            "/v1/results",
            "standard",
            "default",
            (*RESULT_FILTERS, *RESULTS_PAGE),
            results.results,
        ),
        Endpoint(
            "/v1/results/{race_id}",
            "standard",
            "default",
            (),
            results.one,
            ("race_id",),
        ),
        Endpoint(
            "/v1/horses/search",
            "standard",
            "default",
            (Param("name", required=True),),
            partial(profiles.search, kind="horses"),
        ),
        Endpoint(
            "/v1/horses/{horse_id}/standard",
            "standard",
            "default",
            (),
            partial(profiles.horse, tier="standard"),
            ("horse_id",),
        ),
        Endpoint(
            "/v1/horses/{horse_id}/pro",
            "pro",
            "default",
            (),
            partial(profiles.horse, tier="pro"),
            ("horse_id",),
        ),
        Endpoint(
            "/v1/horses/{horse_id}/results",
            "pro",
            "default",
            (*RESULT_FILTERS, *RESULTS_PAGE),
            partial(results.entity, kind="horses", id_param="horse_id", tier="standard"),
            ("horse_id",),
        ),
    ]
    for kind in ENTITY_KINDS:
        id_param = ENTITY_ID[kind]
        eps += [
            Endpoint(
                f"/v1/{kind}/search",
                "standard",
                "default",
                (Param("name", required=True),),
                partial(profiles.search, kind=kind),
            ),
            Endpoint(
                f"/v1/{kind}/{{{id_param}}}/results",
                "pro",
                "default",
                (*RESULT_FILTERS, *RESULTS_PAGE),
                partial(results.entity, kind=kind, id_param=id_param, tier="standard"),
                (id_param,),
            ),
        ]
    eps.append(
        Endpoint(
            "/v1/odds/{race_id}/{horse_id}",
            "pro",
            "default",
            (),
            profiles.odds,
            ("race_id", "horse_id"),
        )
    )
    return eps


ENDPOINTS: tuple[Endpoint, ...] = tuple(_endpoints())
