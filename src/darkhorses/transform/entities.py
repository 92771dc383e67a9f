"""Rows for the people, horses and pedigree met on cards, in results and in profiles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from darkhorses.api.models.base import ApiModel, field_names
from darkhorses.transform.names import (
    ancestor_horse_id,
    clean_name,
    split_jockey_claim,
    split_region_suffix,
)
from darkhorses.transform.regions import region_code
from darkhorses.transform.rows import Row, Rows
from darkhorses.transform.values import is_missing

ANCESTORS = (("sire", "ra_mst_sires"), ("dam", "ra_mst_dams"), ("damsire", "ra_mst_damsires"))


def take(
    row: Row,
    model: ApiModel,
    column: str,
    field: str | None = None,
    convert: Callable[[Any], Any] | None = None,
) -> None:
    """Set ``row[column]`` from ``model.field`` only when the payload kind carries the field."""
    name = field or column
    if name in field_names(type(model)):
        value = getattr(model, name)
        row[column] = convert(value) if convert is not None else value


def carried(model: ApiModel, field: str) -> Any:
    """``model.field`` when the payload kind carries it, else ``None`` (extras are ignored)."""
    return getattr(model, field) if field in field_names(type(model)) else None


def as_json(items: list[Any]) -> list[Any]:
    """A list of models or plain values as JSON-ready data, kept whole (unknown keys too)."""
    return [
        i.model_dump(mode="json", by_alias=True) if isinstance(i, BaseModel) else i for i in items
    ]


def person_rows(rows: Rows, runner: ApiModel, *, claim_in_name: bool) -> None:
    """Jockey, trainer and owner rows of a runner (ids required, else nothing)."""
    jockey_id = carried(runner, "jockey_id")
    if not is_missing(jockey_id):
        raw = carried(runner, "jockey")
        name = split_jockey_claim(raw)[0] if claim_in_name else clean_name(raw)
        rows.add("ra_mst_jockeys", {"id": jockey_id, "name": name})
    trainer_id = carried(runner, "trainer_id")
    if not is_missing(trainer_id):
        trainer: Row = {"id": trainer_id, "name": clean_name(carried(runner, "trainer"))}
        take(trainer, runner, "location", "trainer_location", clean_name)
        rows.add("ra_mst_trainers", trainer)
    owner_id = carried(runner, "owner_id")
    if not is_missing(owner_id):
        rows.add("ra_mst_owners", {"id": owner_id, "name": clean_name(carried(runner, "owner"))})


def previous_connections(rows: Rows, runner: ApiModel) -> None:
    """Trainer and owner rows for a runner's previous trainers and owners."""
    for prev in carried(runner, "prev_trainers") or []:
        if not is_missing(prev.trainer_id):
            rows.add("ra_mst_trainers", {"id": prev.trainer_id, "name": clean_name(prev.trainer)})
    for prev in carried(runner, "prev_owners") or []:
        if not is_missing(prev.owner_id):
            rows.add("ra_mst_owners", {"id": prev.owner_id, "name": clean_name(prev.owner)})


def ancestor_names(model: ApiModel) -> dict[str, tuple[str | None, str | None]]:
    """Each ancestor's (name, region): the ``<role>_region`` field when the payload has one,
    else the name's suffix."""
    out = {}
    for role, _ in ANCESTORS:
        name, suffix = split_region_suffix(carried(model, role))
        explicit = region_code(carried(model, f"{role}_region"))
        out[role] = (name, explicit or suffix)
    return out


def pedigree_rows(
    rows: Rows, model: ApiModel, horse_id: str, *, breeder: str | None = None
) -> dict[str, str | None]:
    """Sire, dam and damsire master rows and the horse's pedigree row; returns the ids."""
    names = ancestor_names(model)
    pedigree: Row = {"horse_id": horse_id}
    ids: dict[str, str | None] = {}
    for role, table in ANCESTORS:
        ancestor_id = carried(model, f"{role}_id")
        ancestor_id = None if is_missing(ancestor_id) else ancestor_id
        ids[role] = ancestor_id
        name, region = names[role]
        if ancestor_id is not None:
            master: Row = {
                "id": ancestor_id,
                "name": name,
                "horse_id": ancestor_horse_id(ancestor_id),
            }
            if region is not None:
                master["region"] = region
            rows.add(table, master)
        pedigree[f"{role}_id"] = ancestor_id
        pedigree[role] = name
        if region is not None:
            pedigree[f"{role}_region"] = region
    if breeder is not None:
        pedigree["breeder"] = breeder
    if any(ids.values()):
        rows.add("ra_horse_pedigree", pedigree)
    return ids
