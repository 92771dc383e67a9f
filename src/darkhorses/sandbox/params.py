"""Query parameters as the API's FastAPI layer reads them.

Arrays come only from repeated keys; scalars take the last value; integers are checked with
Pydantic so a bad value gets FastAPI's own Pydantic-v2 error list. The ``query`` echo lists the
endpoint's parameters in request order, values as sent, then the path parameters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError

from darkhorses.sandbox.errors import ApiError, invalid

ParamKind = Literal["str", "int", "list"]


@dataclass(frozen=True)
class Param:
    """One query parameter of an endpoint."""

    name: str
    kind: ParamKind = "str"
    required: bool = False
    default: Any = None
    ge: int | None = None
    le: int | None = None

    def adapter(self) -> TypeAdapter[Any]:
        return _int_adapter(self.ge, self.le)


_ADAPTERS: dict[tuple[int | None, int | None], TypeAdapter[Any]] = {}


def _int_adapter(ge: int | None, le: int | None) -> TypeAdapter[Any]:
    key = (ge, le)
    if key not in _ADAPTERS:
        _ADAPTERS[key] = TypeAdapter(Annotated[int, Field(ge=ge, le=le)])
    return _ADAPTERS[key]


def page_params(limit_max: int, default_limit: int, skip_max: int | None) -> tuple[Param, Param]:
    """``limit`` (1..limit_max) and ``skip`` (..skip_max) as a family documents them."""
    return (
        Param("limit", "int", default=default_limit, ge=1, le=limit_max),
        Param("skip", "int", default=0, le=skip_max),
    )


RACECARD_PAGE = page_params(500, 500, 500)
RESULTS_PAGE = page_params(100, 50, 20000)
RESULTS_TODAY_PAGE = page_params(100, 50, None)

RESULT_FILTERS: tuple[Param, ...] = (
    Param("start_date"),
    Param("end_date"),
    Param("region", "list"),
    Param("course", "list"),
    Param("type", "list"),
    Param("going", "list"),
    Param("race_class", "list"),
    Param("min_distance_y", "int"),
    Param("max_distance_y", "int"),
    Param("age_band", "list"),
    Param("sex_restriction", "list"),
)


@dataclass(frozen=True)
class Parsed:
    """Parameter values by name, and the ``query`` echo."""

    values: dict[str, Any]
    echo: list[list[str]]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


def parse_params(
    items: Sequence[tuple[str, str]],
    params: Sequence[Param],
    path_params: Mapping[str, str] | None = None,
) -> Parsed:
    """Validate ``items`` (the query string, in order) against ``params``.

    Raises :class:`ApiError` 422 with every problem found, as FastAPI does.
    """
    by_name = {p.name: p for p in params}
    raw: dict[str, list[str]] = {}
    echo: list[list[str]] = []
    for key, value in items:
        if key in by_name:
            raw.setdefault(key, []).append(value)
            echo.append([key, value])
    values: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for param in params:
        sent = raw.get(param.name)
        if not sent:
            if param.required:
                errors.append(
                    {
                        "type": "missing",
                        "loc": ["query", param.name],
                        "msg": "Field required",
                        "input": None,
                    }
                )
            values[param.name] = [] if param.kind == "list" else param.default
        elif param.kind == "list":
            values[param.name] = list(sent)
        elif param.kind == "int":
            try:
                values[param.name] = param.adapter().validate_python(sent[-1])
            except ValidationError as exc:
                for err in exc.errors(include_url=False):
                    detail = {
                        "type": err["type"],
                        "loc": ["query", param.name],
                        "msg": err["msg"],
                        "input": err["input"],
                    }
                    if err.get("ctx"):
                        detail["ctx"] = err["ctx"]
                    errors.append(detail)
        else:
            values[param.name] = sent[-1]
    if errors:
        raise ApiError(422, errors)
    for name, value in (path_params or {}).items():
        echo.append([name, value])
    return Parsed(values, echo)


def parse_date(name: str, value: str | None, default: date) -> date:
    """A ``YYYY-MM-DD`` parameter, or ``default`` when not sent."""
    if value is None:
        return default
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(f"invalid {name}, {value} (expected YYYY-MM-DD)") from None
