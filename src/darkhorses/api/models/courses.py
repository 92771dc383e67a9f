"""Courses and regions: ``/v1/courses`` and ``/v1/courses/regions``."""

from __future__ import annotations

from pydantic import Field

from darkhorses.api.models.base import ApiModel, ListOf, Text


class Course(ApiModel):
    """One course: ``{"id": "crs_832", "course": "Aintree", "region_code": "gb", ...}``."""

    id: str
    course: Text = None
    region_code: Text = None
    region: Text = None


class CoursesPage(ApiModel):
    """``/v1/courses``: the courses and their count (no paging)."""

    courses: ListOf[Course] = Field(default_factory=list)
    total: int | None = None


class Region(ApiModel):
    """One item of ``/v1/courses/regions`` (a bare JSON array)."""

    region: Text = None
    region_code: str
