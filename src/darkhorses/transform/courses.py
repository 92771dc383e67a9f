"""Courses and regions -> ``ra_mst_courses`` (configured regions only) and ``ra_mst_regions``."""

from __future__ import annotations

from collections.abc import Iterable

from darkhorses.api.models.courses import Course, Region
from darkhorses.transform.names import clean_name
from darkhorses.transform.regions import allowed_regions, region_code, region_rows
from darkhorses.transform.rows import Rows


def course_rows(courses: Iterable[Course], *, regions: Iterable[str] | None = None) -> Rows:
    """Courses of the configured regions; the others are counted as filtered."""
    wanted = allowed_regions(regions)
    rows = Rows()
    for course in courses:
        code = region_code(course.region_code)
        if code not in wanted:
            rows.count("filtered_foreign")
            continue
        rows.add(
            "ra_mst_courses",
            {
                "id": course.id,
                "name": clean_name(course.course),
                "region_code": code,
                "region": clean_name(course.region),
            },
        )
        rows.count("courses")
    return rows


def regions_rows(regions: Iterable[Region]) -> Rows:
    """Every region the API lists (a reference list, kept whole)."""
    rows = Rows()
    for row in region_rows(regions):
        rows.add("ra_mst_regions", row)
    return rows
