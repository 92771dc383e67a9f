"""Regions: the configured ones (default GB and IRE), and the region master rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from darkhorses.api.models.courses import Region
from darkhorses.transform.names import clean_name

DEFAULT_REGIONS = ("GB", "IRE")


def region_code(raw: str | None) -> str | None:
    """A region code in the one form stored: upper case (``gb`` -> ``GB``)."""
    text = clean_name(raw)
    return text.upper() if text else None


def allowed_regions(regions: Iterable[str] | None) -> frozenset[str]:
    """The configured regions, upper-cased; ``None`` means the default GB and IRE."""
    codes = {region_code(r) for r in (regions if regions is not None else DEFAULT_REGIONS)}
    return frozenset(c for c in codes if c)


def region_rows(regions: Iterable[Region]) -> list[dict[str, Any]]:
    """``ra_mst_regions`` rows: every region the API knows (a reference list, not filtered)."""
    rows = []
    for region in regions:
        code = region_code(region.region_code)
        if code:
            rows.append({"id": code, "name": clean_name(region.region) or code})
    return rows
