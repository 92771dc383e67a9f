"""Reading a whole response body: its kind (from the endpoint or from its shape), its paging
envelope, its records as models, and what had to be quarantined.

Used by the jobs (the endpoint is known) and by ``import``/``replay`` (the shape tells).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from darkhorses.api.models.base import ApiModel, PageInfo
from darkhorses.api.models.courses import Course, Region
from darkhorses.api.models.horses import Horse, HorsePro
from darkhorses.api.models.odds import RaceRunnerOdds
from darkhorses.api.models.racecards import RACECARD_TIERS, RacecardSummary
from darkhorses.api.models.results import RESULT_TIERS
from darkhorses.api.models.search import NamedEntity
from darkhorses.api.models.validate import Quarantined, validate_items, validate_races

RACECARDS = "racecards"
RESULTS = "results"
COURSES = "courses"
REGIONS = "regions"
HORSE = "horse"
HORSE_SEARCH = "horse_search"
SEARCH = "search"
SUMMARIES = "summaries"
ODDS = "odds"


class UnknownPayload(ValueError):
    """A body whose shape matches no endpoint the pipeline reads."""


@dataclass
class Parsed:
    """A body read into models: ``kind`` and ``tier`` say what it was."""

    kind: str
    tier: str | None
    items: list[Any]
    page: PageInfo | None = None
    quarantined: list[Quarantined] = field(default_factory=list)


def _runners(races: list[Any]) -> list[dict[str, Any]]:
    return [
        r
        for race in races
        if isinstance(race, dict)
        for r in race.get("runners") or []
        if isinstance(r, dict)
    ]


def racecard_tier(races: list[Any]) -> str:
    """The richest tier whose fields the runners show (pro odds carry a history)."""
    runners = _runners(races)
    odds = [o for r in runners for o in r.get("odds") or [] if isinstance(o, dict)]
    if any("history" in o for o in odds):
        return "pro"
    if any("odds" in r for r in runners) or any(isinstance(r, dict) and "tip" in r for r in races):
        return "standard"
    if any("trainer_location" in r for r in runners) or any(
        isinstance(r, dict) and "course_id" in r for r in races
    ):
        return "basic"
    return "free"


def result_tier(races: list[Any]) -> str:
    """The richest results tier the runners show."""
    runners = _runners(races)
    if any("bsp" in r for r in runners):
        return "standard"
    if any("sp" in r for r in runners):
        return "basic"
    return "free"


def detect_kind(body: Any) -> str:
    """What a body is, from its shape alone."""
    if isinstance(body, list):
        if all(isinstance(i, dict) and "region_code" in i for i in body):
            return REGIONS
    elif isinstance(body, dict):
        for key, kind in (
            ("racecards", RACECARDS),
            ("results", RESULTS),
            ("courses", COURSES),
            ("racecard_summaries", SUMMARIES),
        ):
            if key in body:
                return kind
        if "search_results" in body:
            hits = body["search_results"] or []
            horse_keys = {"sire_id", "dam_id"}
            return HORSE_SEARCH if any(horse_keys & set(h) for h in hits) else SEARCH
        if "runners" in body and "off_time" in body:
            return RACECARDS
        if "runners" in body and "off" in body:
            return RESULTS
        if "odds" in body and "horse_id" in body:
            return ODDS
        if str(body.get("id", "")).startswith("hrs_"):
            return HORSE
    raise UnknownPayload("unrecognised response body: not a payload the pipeline reads")


def read_body(
    body: Any, *, kind: str | None = None, tier: str | None = None, source: str = ""
) -> Parsed:
    """Read a body of a known (or detected) kind; a single race reads as a one-item list."""
    kind = kind or detect_kind(body)
    source = source or kind
    page = PageInfo.model_validate(body) if isinstance(body, dict) and "total" in body else None
    if kind in (RACECARDS, RESULTS):
        key = "racecards" if kind == RACECARDS else "results"
        races = body.get(key) if isinstance(body, dict) and key in body else [body]
        races = races or []
        if kind == RACECARDS:
            tier = tier or racecard_tier(races)
            ids = () if tier == "free" else ("race_id",)
            runner_ids = () if tier == "free" else ("horse_id",)
            model: type[ApiModel] = RACECARD_TIERS[tier]
        else:
            tier = tier if tier in RESULT_TIERS else result_tier(races)
            ids, runner_ids, model = ("race_id",), ("horse_id",), RESULT_TIERS[tier]
        items, bad = validate_races(
            races, model, source=source, race_key=ids, runner_key=runner_ids
        )
        return Parsed(kind, tier, items, page, bad)
    if kind == COURSES:
        items, bad = validate_items(
            body.get("courses") or [], Course, source=source, key_fields=("id",)
        )
        return Parsed(kind, None, items, page, bad)
    if kind == REGIONS:
        items, bad = validate_items(body, Region, source=source, key_fields=("region_code",))
        return Parsed(kind, None, items, None, bad)
    if kind == HORSE:
        tier = tier or ("pro" if {"dob", "breeder", "sex_code"} & set(body) else "standard")
        model = HorsePro if tier == "pro" else Horse
        items, bad = validate_items([body], model, source=source, key_fields=("id",))
        return Parsed(kind, tier, items, None, bad)
    if kind in (HORSE_SEARCH, SEARCH):
        model = Horse if kind == HORSE_SEARCH else NamedEntity
        hits = body.get("search_results") or []
        items, bad = validate_items(hits, model, source=source, key_fields=("id",))
        return Parsed(kind, None, items, None, bad)
    if kind == SUMMARIES:
        summaries = body.get("racecard_summaries") or []
        items, bad = validate_items(
            summaries, RacecardSummary, source=source, key_fields=("race_id",)
        )
        return Parsed(kind, None, items, None, bad)
    if kind == ODDS:
        items, bad = validate_items([body], RaceRunnerOdds, source=source)
        return Parsed(kind, None, items, None, bad)
    raise UnknownPayload(f"unknown payload kind {kind!r}")
