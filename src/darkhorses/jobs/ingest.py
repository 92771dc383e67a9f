"""From raw API items to rows: validate record by record, transform, keep what was refused.

Shared by the fetching jobs, ``import`` and ``replay``, so every path applies the same models,
transforms, region filter and quarantine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from darkhorses.api.models import (
    RACECARD_TIERS,
    RESULT_TIERS,
    Course,
    Horse,
    HorsePro,
    Region,
    validate_items,
    validate_races,
)
from darkhorses.transform import (
    Rows,
    course_rows,
    horse_profile_rows,
    racecard_rows,
    regions_rows,
    result_rows,
)

# Search hits by id prefix: (table, horse?).
SEARCH_TABLES = {
    "jky": "ra_mst_jockeys",
    "trn": "ra_mst_trainers",
    "own": "ra_mst_owners",
    "sir": "ra_mst_sires",
    "dam": "ra_mst_dams",
    "dsi": "ra_mst_damsires",
}


def card_tier_of(items: Sequence[Any]) -> str:
    """The racecard tier a list of raw cards belongs to, read from the fields they carry."""
    runners = [r for card in items if isinstance(card, dict) for r in card.get("runners") or []]
    runners = [r for r in runners if isinstance(r, dict)]
    if any(isinstance(o, dict) and "history" in o for r in runners for o in r.get("odds") or []):
        return "pro"
    if any("odds" in r for r in runners) or any(
        isinstance(c, dict) and "betting_forecast" in c for c in items
    ):
        return "standard"
    if any("trainer_location" in r or "dob" in r for r in runners) or any(
        isinstance(c, dict) and "course_id" in c for c in items
    ):
        return "basic"
    return "free"


def result_tier_of(items: Sequence[Any]) -> str:
    """The results tier a list of raw results belongs to."""
    runners = [r for res in items if isinstance(res, dict) for r in res.get("runners") or []]
    runners = [r for r in runners if isinstance(r, dict)]
    if any("bsp" in r for r in runners):
        return "standard"
    if any("sp" in r for r in runners) or any(
        isinstance(res, dict) and "course_id" in res for res in items
    ):
        return "basic"
    return "free"


def card_rows(items: Sequence[Any], tier: str, *, regions: Iterable[str], source: str) -> Rows:
    """Rows of raw racecards of ``tier``; free cards may lack ids (counted, not quarantined)."""
    keys: tuple[str, ...] = () if tier == "free" else ("race_id",)
    runner_keys: tuple[str, ...] = () if tier == "free" else ("horse_id",)
    races, bad = validate_races(
        items, RACECARD_TIERS[tier], source=source, race_key=keys, runner_key=runner_keys
    )
    rows = racecard_rows(races, regions=regions)
    rows.quarantined[:0] = bad
    return rows


def results_rows(items: Sequence[Any], tier: str, *, regions: Iterable[str], source: str) -> Rows:
    """Rows of raw results of ``tier`` (``pro`` reads as standard)."""
    model = RESULT_TIERS["standard" if tier == "pro" else tier]
    keys: tuple[str, ...] = () if tier == "free" else ("race_id",)
    runner_keys: tuple[str, ...] = () if tier == "free" else ("horse_id",)
    races, bad = validate_races(items, model, source=source, race_key=keys, runner_key=runner_keys)
    rows = result_rows(races, regions=regions)
    rows.quarantined[:0] = bad
    return rows


def profile_rows(items: Sequence[Any], *, pro: bool, source: str, mark: bool = True) -> Rows:
    """Rows of raw horse profiles (or horse search hits with ``mark=False``)."""
    model: type[Horse] = HorsePro if pro else Horse
    profiles, bad = validate_items(items, model, source=source, key_fields=("id",))
    rows = horse_profile_rows(profiles, mark_profile=mark)
    rows.quarantined[:0] = bad
    return rows


def courses_rows(items: Sequence[Any], *, regions: Iterable[str], source: str) -> Rows:
    """Rows of raw courses (configured regions only)."""
    courses, bad = validate_items(items, Course, source=source, key_fields=("id",))
    rows = course_rows(courses, regions=regions)
    rows.quarantined[:0] = bad
    return rows


def region_list_rows(items: Sequence[Any], *, source: str) -> Rows:
    """Rows of the raw region list."""
    regions, bad = validate_items(items, Region, source=source, key_fields=("region_code",))
    rows = regions_rows(regions)
    rows.quarantined[:0] = bad
    return rows


def search_rows(items: Sequence[Any], *, source: str) -> Rows:
    """Rows of raw search hits: people and sire lines by id prefix, horses as names only."""
    horses = [i for i in items if isinstance(i, dict) and str(i.get("id", "")).startswith("hrs_")]
    rows = profile_rows(horses, pro=False, source=source, mark=False)
    for item in items:
        if not isinstance(item, dict):
            continue
        prefix = str(item.get("id") or "").partition("_")[0]
        table = SEARCH_TABLES.get(prefix)
        if table and item.get("name"):
            rows.add(table, {"id": item["id"], "name": str(item["name"]).strip()})
    return rows
