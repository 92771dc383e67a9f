"""Courses, regions, horses, searches and runner odds."""

from __future__ import annotations

from typing import Any

from darkhorses.sandbox.context import Call
from darkhorses.sandbox.errors import not_found
from darkhorses.sandbox.filters import check_regions
from darkhorses.sandbox.world.contract import EntityKind, HorseTier


def courses(call: Call) -> dict[str, Any]:
    """``/v1/courses``: ``{courses, total}``, optionally by region."""
    codes = call.params["region_codes"]
    check_regions(codes, call.region_codes)
    items = call.world.courses()
    if codes:
        wanted = set(codes)
        items = [c for c in items if c["region_code"] in wanted]
    return {"courses": items, "total": len(items)}


def regions(call: Call) -> list[dict[str, Any]]:
    """``/v1/courses/regions``: a bare list."""
    return call.world.regions()


def search(call: Call, kind: EntityKind) -> dict[str, Any]:
    """``/v1/{kind}/search?name=``."""
    return {"search_results": call.world.search(kind, call.params["name"])}


def horse(call: Call, tier: HorseTier) -> dict[str, Any]:
    """``/v1/horses/{horse_id}/{standard,pro}``."""
    found = call.world.horse(call.path["horse_id"], tier)
    if found is None:
        raise not_found()
    return found


def odds(call: Call) -> dict[str, Any]:
    """``/v1/odds/{race_id}/{horse_id}``: one runner's prices with their history."""
    ref = call.known_race(call.path["race_id"])
    if ref is None:
        raise not_found()
    found = call.world.odds_history(ref.race_id, call.path["horse_id"], call.now)
    if found is None:
        raise not_found()
    return found
