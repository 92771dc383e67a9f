"""Reading raw items into payload models one record at a time.

A record that cannot be read (not an object, a missing key, a value of the wrong kind) is set
aside as a :class:`Quarantined` with its raw JSON and the reason, and the rest proceed. For races,
each runner is read on its own: one malformed runner is quarantined, its race and the other
runners are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from darkhorses.api.models.base import is_missing

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Quarantined:
    """A record that could not be read: where from, which one, why, and the record as received."""

    source: str
    record_key: str
    reason: str
    raw: Any

    def raw_json(self) -> str:
        """The record as JSON text, for the quarantine table."""
        return json.dumps(self.raw, ensure_ascii=False, sort_keys=True, default=str)


def describe_error(error: ValidationError) -> str:
    """A short, one-line reason from a pydantic error: ``runners.0.lbs: expected a number``."""
    parts = []
    for item in error.errors(include_url=False, include_input=False)[:5]:
        where = ".".join(str(p) for p in item["loc"]) or "record"
        message = str(item["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    more = error.error_count() - len(parts)
    return "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")


def record_key(item: Any, key_fields: Sequence[str], index: int) -> str:
    """The record's key from its id fields, or its position when it has none."""
    if isinstance(item, dict):
        values = [item.get(f) for f in key_fields]
        if values and all(not is_missing(v) for v in values):
            return "/".join(str(v) for v in values)
    return f"#{index}"


def validate_items(
    items: Iterable[Any],
    model: type[M],
    *,
    source: str,
    key_fields: Sequence[str] = (),
    key_prefix: str = "",
) -> tuple[list[M], list[Quarantined]]:
    """Read each item into ``model``; quarantine the ones that cannot be read.

    ``key_fields`` must be present and non-blank in every item (they identify it in the
    database); ``key_prefix`` is put before each record key (e.g. the race id of a runner).
    """
    good: list[M] = []
    bad: list[Quarantined] = []
    for index, item in enumerate(items):
        key = key_prefix + record_key(item, key_fields, index)
        if not isinstance(item, dict):
            reason = f"expected an object, got {type(item).__name__}"
            bad.append(Quarantined(source, key, reason, item))
            continue
        missing = [f for f in key_fields if is_missing(item.get(f))]
        if missing:
            reason = "missing " + ", ".join(missing)
            bad.append(Quarantined(source, key, reason, item))
            continue
        try:
            good.append(model.model_validate(item))
        except ValidationError as error:
            bad.append(Quarantined(source, key, describe_error(error), item))
    return good, bad


def validate_races(
    items: Iterable[Any],
    model: type[M],
    *,
    source: str,
    race_key: Sequence[str] = ("race_id",),
    runner_key: Sequence[str] = ("horse_id",),
) -> tuple[list[M], list[Quarantined]]:
    """Read races (racecards or results) with their runners, one runner at a time.

    A race that cannot be read is quarantined whole; a runner that cannot be read is quarantined
    on its own (key ``race_id/horse_id``) and its race keeps the others. Pass empty keys for
    payloads without ids (free cards before v1.4.3).
    """
    runner_model: type[BaseModel] = model.model_fields["runners"].annotation.__args__[0]  # type: ignore[union-attr]
    races: list[M] = []
    bad: list[Quarantined] = []
    for index, item in enumerate(items):
        key = record_key(item, race_key, index)
        runners_raw = item.get("runners") if isinstance(item, dict) else None
        if isinstance(item, dict) and runners_raw is not None and not isinstance(runners_raw, list):
            bad.append(Quarantined(source, key, "runners: expected a list", item))
            continue
        shell = {**item, "runners": []} if isinstance(item, dict) else item
        parsed, race_bad = validate_items([shell], model, source=source, key_fields=race_key)
        if race_bad:
            bad.append(Quarantined(source, key, race_bad[0].reason, item))
            continue
        race = parsed[0]
        runners, runner_bad = validate_items(
            runners_raw or [],
            runner_model,
            source=source,
            key_fields=runner_key,
            key_prefix=f"{key}/",
        )
        bad.extend(runner_bad)
        setattr(race, "runners", runners)  # noqa: B010  (M is any race model)
        races.append(race)
    return races, bad
