"""The paging envelope: ``{<items>: [...], "total", "limit", "skip", "query"}``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

# json.dumps as Starlette's JSONResponse calls it: what every answer's body is written with
dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


@dataclass(frozen=True)
class JsonText:
    """A body already written as JSON text (``dumps`` of the payload it stands for)."""

    text: str


def page_of(items: Sequence[T], limit: int, skip: int) -> Sequence[T]:
    """The slice ``skip`` .. ``skip + limit``."""
    start = max(skip, 0)
    return items[start : start + limit]


def envelope(
    key: str, items: list[Any], total: int, limit: int, skip: int, echo: list[list[str]]
) -> dict[str, Any]:
    """A page in the API's key order."""
    return {key: items, "total": total, "limit": limit, "skip": skip, "query": echo}


def envelope_json(
    key: str, items: list[str], total: int, limit: int, skip: int, echo: list[list[str]]
) -> JsonText:
    """:func:`envelope` as JSON text, from items already written as JSON text."""
    return JsonText(
        f'{{"{key}":[{",".join(items)}],"total":{dumps(total)},"limit":{dumps(limit)},'
        f'"skip":{dumps(skip)},"query":{dumps(echo)}}}'
    )
