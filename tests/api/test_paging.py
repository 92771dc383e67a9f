"""Paging: walks reach ``total``; ranges past the skip ceiling are split, never cut."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from darkhorses.api.errors import PagingError
from darkhorses.api.paging import (
    RESULT_PAGES,
    PageLimits,
    days,
    halves,
    skips,
    walk_pages,
    walk_range,
)


def _server(items: list[dict], calls: list[tuple[int, int]]):
    def fetch(limit: int, skip: int) -> dict:
        calls.append((limit, skip))
        return {"results": items[skip : skip + limit], "total": len(items)}

    return fetch


def test_walk_reaches_total() -> None:
    items = [{"race_id": f"rac_{i}"} for i in range(250)]
    calls: list[tuple[int, int]] = []
    walk = walk_pages(_server(items, calls), "results", RESULT_PAGES, id_key="race_id")
    assert walk.items == items
    assert walk.total == 250
    assert calls == [(100, 0), (100, 100), (100, 200)]


def test_an_exact_multiple_needs_no_empty_page() -> None:
    items = [{"race_id": f"rac_{i}"} for i in range(200)]
    calls: list[tuple[int, int]] = []
    walk_pages(_server(items, calls), "results", RESULT_PAGES)
    assert len(calls) == 2


def test_items_repeated_across_pages_are_kept_once() -> None:
    pages = {
        0: {"results": [{"race_id": "a"}, {"race_id": "b"}], "total": 3},
        2: {"results": [{"race_id": "b"}, {"race_id": "c"}], "total": 4},
        4: {"results": [], "total": 4},
    }
    walk = walk_pages(
        lambda limit, skip: pages[skip], "results", PageLimits(2, 10), id_key="race_id"
    )
    assert [i["race_id"] for i in walk.items] == ["a", "b", "c"]


def test_skip_arithmetic() -> None:
    assert skips(250, RESULT_PAGES) == [100, 200]
    assert skips(20_100, RESULT_PAGES)[-1] == 20_000
    with pytest.raises(PagingError):
        skips(20_101, RESULT_PAGES)


def test_range_past_the_skip_ceiling_is_split() -> None:
    limits = PageLimits(limit=10, max_skip=20)  # at most 30 items per range
    start = date(2025, 1, 1)
    per_day = {
        start + timedelta(days=i): [{"race_id": f"r{i}_{j}"} for j in range(8)] for i in range(10)
    }
    skips_sent: list[int] = []

    def fetch(a: date, b: date, limit: int, skip: int) -> dict:
        skips_sent.append(skip)
        items = [item for d in days(a, b) for item in per_day[d]]
        return {"results": items[skip : skip + limit], "total": len(items)}

    walk = walk_range(fetch, start, start + timedelta(days=9), "results", limits, id_key="race_id")
    assert len(walk.items) == 80
    assert walk.total == 80
    assert {i["race_id"] for i in walk.items} == {i["race_id"] for v in per_day.values() for i in v}
    assert max(skips_sent) <= limits.max_skip


def test_one_day_that_cannot_be_paged_is_an_error() -> None:
    def fetch(a: date, b: date, limit: int, skip: int) -> dict:
        return {"results": [{"race_id": str(skip)}], "total": 1000}

    with pytest.raises(PagingError):
        walk_range(fetch, date(2025, 1, 1), date(2025, 1, 1), "results", PageLimits(10, 20))


def test_halves_cover_the_range() -> None:
    (a, b), (c, d) = halves(date(2025, 1, 1), date(2025, 1, 4))
    assert (a, b, c, d) == (date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 3), date(2025, 1, 4))
