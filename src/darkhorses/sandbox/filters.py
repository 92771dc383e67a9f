"""Filtering races by the API's query parameters."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from darkhorses.sandbox.errors import invalid
from darkhorses.sandbox.world.contract import RaceRef

RaceFilter = Callable[[RaceRef], bool]


def _norm(value: str) -> str:
    """``"Good To Firm"`` and ``"good_to_firm"`` compare equal; so do ``"C & F"`` and ``"c&f"``."""
    return value.strip().lower().replace(" & ", "&").replace(" ", "_")


def check_regions(codes: Sequence[str], known: frozenset[str]) -> None:
    """422 for a code the API does not know (``gb+ire`` and ``gb,ire`` included)."""
    for code in codes:
        if code not in known:
            raise invalid(f"unrecognised region code, {code}")


def place_filter(
    regions: Sequence[str], courses: Sequence[str], known: frozenset[str]
) -> RaceFilter:
    """Courses when given (regions are then ignored), else regions, else everything."""
    if courses:
        wanted_courses = set(courses)
        return lambda ref: ref.course_id in wanted_courses
    check_regions(regions, known)
    if regions:
        wanted = {code.upper() for code in regions}
        return lambda ref: ref.region in wanted
    return lambda ref: True


def index_filter(values: dict[str, Any]) -> RaceFilter:
    """``type`` and ``race_class``, decided from the race index alone."""
    types = {_norm(v) for v in values.get("type") or ()}
    classes = {_norm(v) for v in values.get("race_class") or ()}

    def keep(ref: RaceRef) -> bool:
        if types and _norm(ref.race_type) not in types:
            return False
        return not (classes and _norm(ref.race_class) not in classes)

    return keep


def needs_result(values: dict[str, Any]) -> bool:
    """True when a filter can only be decided from the result itself."""
    return bool(
        values.get("going")
        or values.get("age_band")
        or values.get("sex_restriction")
        or values.get("min_distance_y") is not None
        or values.get("max_distance_y") is not None
    )


def result_filter(values: dict[str, Any]) -> Callable[[dict[str, Any]], bool]:
    """``going``, ``age_band``, ``sex_restriction`` and the distance bounds, on a result."""
    goings = {_norm(v) for v in values.get("going") or ()}
    bands = {_norm(v) for v in values.get("age_band") or ()}
    sexes = {_norm(v) for v in values.get("sex_restriction") or ()}
    low = values.get("min_distance_y")
    high = values.get("max_distance_y")

    def keep(result: dict[str, Any]) -> bool:
        if goings and _norm(str(result.get("going", ""))) not in goings:
            return False
        if bands and _norm(str(result.get("age_band", ""))) not in bands:
            return False
        if sexes and _norm(str(result.get("sex_rest", ""))) not in sexes:
            return False
        if low is not None or high is not None:
            try:
                yards = int(str(result.get("dist_y", "")).replace(",", ""))
            except ValueError:
                return False
            if (low is not None and yards < low) or (high is not None and yards > high):
                return False
        return True

    return keep


def keep_all(refs: Iterable[RaceRef], *filters: RaceFilter) -> list[RaceRef]:
    """The races passing every filter, in order."""
    return [ref for ref in refs if all(f(ref) for f in filters)]
