"""The tolerant base model and the field types every payload model uses.

The Racing API sends almost every value as a string and marks a missing value with ``""``
(``"-"`` for ratings on cards, ``"–"`` in results). Typed fields read those markers as ``None``;
text fields keep the string as sent (only ``""`` becomes ``None``), so a parse that would lose
information is left to the transforms. Unknown fields are kept (``extra="allow"``) and a number
sent where a string was expected is read as its text, so upstream drift never stops a run.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

# Markers the API uses for "no value" in a typed field.
MISSING_MARKERS = frozenset({"", "-", "–", "—"})

_INT = re.compile(r"^\s*([+-]?\d+)(?:\.0+)?\s*$")


def is_missing(value: Any) -> bool:
    """True for ``None`` and the API's missing-value markers."""
    return value is None or (isinstance(value, str) and value.strip() in MISSING_MARKERS)


def _int(value: Any) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"expected a whole number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    match = _INT.match(str(value))
    if not match:
        raise ValueError(f"expected a whole number, got {value!r}")
    return int(match.group(1))


def _decimal(value: Any) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"expected a number, got {value!r}") from None


def _date(value: Any) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, date | datetime):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def _aware_datetime(value: Any) -> Any:
    if is_missing(value):
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).strip())
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without a UTC offset: {value!r}")
    return parsed


def _bool(value: Any) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"true", "yes", "1", "y"}:
            return True
        if lowered in {"false", "no", "0", "n"}:
            return False
    return value


def _list(value: Any) -> Any:
    return [] if value is None or value == "" else value


def _dict(value: Any) -> Any:
    return {} if value is None or value == "" or value == [] else value


Text = str | None
"""A string kept as sent; ``""`` is ``None`` (see :class:`ApiModel`), a number is its text."""
Int = Annotated[int | None, BeforeValidator(_int)]
"""A whole number sent as text: ``"9"``; missing markers are ``None``."""
Dec = Annotated[Decimal | None, BeforeValidator(_decimal)]
"""A decimal sent as text: ``"9.50"``; missing markers are ``None``."""
Day = Annotated[date | None, BeforeValidator(_date)]
"""A calendar date ``YYYY-MM-DD``."""
Instant = Annotated[datetime | None, BeforeValidator(_aware_datetime)]
"""An ISO-8601 timestamp that must carry its UTC offset."""
Flag = Annotated[bool | None, BeforeValidator(_bool)]
"""A boolean, also from ``"true"``/``"false"`` text."""
T = TypeVar("T")

ListOf = Annotated[list[T], BeforeValidator(_list)]
"""A list of records; ``null`` or ``""`` is ``[]``."""
RawList = Annotated[list[Any], BeforeValidator(_list)]
"""A list kept whole (quotes, medical history...); ``""`` or nothing is ``[]``."""
RawDict = Annotated[dict[str, Any], BeforeValidator(_dict)]
"""An object kept whole (trainer_14_days)."""


class ApiModel(BaseModel):
    """Base of every payload model: keeps unknown fields, reads numbers as text where needed."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        coerce_numbers_to_str=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        # One pass per record rather than a validator per field: "" means no value.
        if isinstance(data, dict):
            return {k: (None if v == "" else v) for k, v in data.items()}
        return data

    @classmethod
    def carries(cls, field: str) -> bool:
        """True when this payload kind carries ``field`` (a lower tier may not)."""
        return field in field_names(cls)


@cache
def field_names(model: type[BaseModel]) -> frozenset[str]:
    """The fields a model class declares (its unknown extras not included)."""
    return frozenset(model.model_fields)


class PageInfo(ApiModel):
    """The paging envelope of list endpoints: ``total`` counts races, not runners."""

    total: int | None = None
    limit: int | None = None
    skip: int | None = None
    query: RawList = Field(default_factory=list)
