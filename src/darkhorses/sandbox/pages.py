"""The paging envelope: ``{<items>: [...], "total", "limit", "skip", "query"}``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def page_of(items: Sequence[T], limit: int, skip: int) -> Sequence[T]:
    """The slice ``skip`` .. ``skip + limit``."""
    start = max(skip, 0)
    return items[start : start + limit]


def envelope(
    key: str, items: list[Any], total: int, limit: int, skip: int, echo: list[list[str]]
) -> dict[str, Any]:
    """A page in the API's key order."""
    return {key: items, "total": total, "limit": limit, "skip": skip, "query": echo}
