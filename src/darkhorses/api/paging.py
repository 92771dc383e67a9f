"""Page walking: ``skip += limit`` until ``total``, and splitting ranges past the skip ceiling.

Racecard lists take ``limit`` up to 500 and ``skip`` up to 500; results-type endpoints take
``limit`` up to 100 and ``skip`` up to 20,000. A walk that would need a larger ``skip`` is split
into smaller date ranges; it is never cut short.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from darkhorses.api.errors import PagingError


@dataclass(frozen=True)
class PageLimits:
    """The paging bounds of one endpoint family."""

    limit: int
    max_skip: int

    @property
    def reachable(self) -> int:
        """The most items a walk can reach: the last page starts at ``max_skip``."""
        return self.max_skip + self.limit


RACECARD_PAGES = PageLimits(limit=500, max_skip=500)
RESULT_PAGES = PageLimits(limit=100, max_skip=20_000)


@dataclass
class Walk:
    """The items of a completed walk and what it took."""

    items: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    pages: int = 0


def skips(total: int, limits: PageLimits) -> list[int]:
    """The ``skip`` values after the first page needed to reach ``total`` items."""
    if total > limits.reachable:
        raise PagingError(f"{total} items cannot be paged with skip <= {limits.max_skip}")
    return list(range(limits.limit, total, limits.limit))


def walk_pages(
    fetch: Callable[[int, int], dict[str, Any]],
    items_key: str,
    limits: PageLimits,
    *,
    id_key: str | None = None,
) -> Walk:
    """Fetch pages ``fetch(limit, skip)`` until ``total``; items de-duplicated on ``id_key``.

    ``total`` is re-read on every page, so items added while walking are still reached.
    """
    walk = Walk()
    seen: set[Any] = set()
    skip = 0
    while True:
        body = fetch(limits.limit, skip)
        walk.pages += 1
        page = body.get(items_key) or []
        walk.total = int(body.get("total") or 0)
        for item in page:
            key = item.get(id_key) if id_key else None
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            walk.items.append(item)
        skip += limits.limit
        if skip >= walk.total or not page:
            return walk
        if skip > limits.max_skip:
            raise PagingError(f"{walk.total} items cannot be paged with skip <= {limits.max_skip}")


def days(start: date, end: date) -> Iterator[date]:
    """Every date from ``start`` to ``end`` inclusive."""
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def halves(start: date, end: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """Split an inclusive range of at least two days into two."""
    if start >= end:
        raise PagingError(f"cannot split the one-day range {start}")
    mid = start + timedelta(days=(end - start).days // 2)
    return (start, mid), (mid + timedelta(days=1), end)


def walk_range(
    fetch: Callable[[date, date, int, int], dict[str, Any]],
    start: date,
    end: date,
    items_key: str,
    limits: PageLimits,
    *,
    id_key: str | None = None,
) -> Walk:
    """Walk a date range, splitting it wherever its ``total`` passes the skip ceiling."""
    first = fetch(start, end, limits.limit, 0)
    total = int(first.get("total") or 0)
    if total > limits.reachable:
        (a, b), (c, d) = halves(start, end)
        left = walk_range(fetch, a, b, items_key, limits, id_key=id_key)
        right = walk_range(fetch, c, d, items_key, limits, id_key=id_key)
        return Walk(
            left.items + right.items, left.total + right.total, left.pages + right.pages + 1
        )
    pages = iter([first])

    def fetch_page(limit: int, skip: int) -> dict[str, Any]:
        return next(pages, None) or fetch(start, end, limit, skip)

    return walk_pages(fetch_page, items_key, limits, id_key=id_key)
