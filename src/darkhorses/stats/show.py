"""One entity's statistics for people to read: its row, its breakdowns, a filtered record.

The filtered record ("this sire's progeny on soft ground over 2 miles") is computed on the
spot with the same definitions and aggregates as the stored tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.aggregates import record, sums
from darkhorses.stats.definitions import (
    IRISH_NO_CLASS,
    UNKNOWN,
    YARDS_PER_FURLONG,
    definitions_select,
)
from darkhorses.store.schema.racing import (
    ra_mst_dams,
    ra_mst_damsires,
    ra_mst_horses,
    ra_mst_jockeys,
    ra_mst_owners,
    ra_mst_races,
    ra_mst_sires,
    ra_mst_trainers,
)
from darkhorses.store.schema.stats import (
    GOING_BUCKETS,
    ra_entity_combinations,
    ra_performance_by_distance,
    ra_performance_by_venue,
)

# kind -> (master table, the runner-row column naming it)
KINDS: dict[str, tuple[sa.Table, str]] = {
    "sire": (ra_mst_sires, "sire_id"),
    "dam": (ra_mst_dams, "dam_id"),
    "damsire": (ra_mst_damsires, "damsire_id"),
    "jockey": (ra_mst_jockeys, "jockey_id"),
    "trainer": (ra_mst_trainers, "trainer_id"),
    "owner": (ra_mst_owners, "owner_id"),
    "horse": (ra_mst_horses, "horse_id"),
}
TOP_ROWS = 10
_DISTANCE = re.compile(r"^\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*f)?\s*(?:(\d+)\s*y)?\s*$", re.I)


class EntityNotFound(LookupError):
    """No entity, or more than one, matches the name or id given."""


class FilterError(ValueError):
    """A filter value that cannot be understood."""


@dataclass(frozen=True)
class Filters:
    """Which runs a filtered record counts."""

    going: str | None = None
    furlongs: int | None = None
    course: str | None = None
    race_class: str | None = None

    @classmethod
    def parse(
        cls,
        *,
        going: str | None = None,
        distance: str | None = None,
        course: str | None = None,
        race_class: str | None = None,
    ) -> Filters:
        """Filters from command-line text: going bucket, ``2m4f``, course, ``4`` or ``irish``."""
        bucket = None
        if going:
            bucket = going.strip().lower().replace(" ", "_").replace("-", "_")
            if bucket not in (*GOING_BUCKETS, UNKNOWN):
                raise FilterError(
                    f"unknown going {going!r}; choose from {', '.join(GOING_BUCKETS)}"
                )
        furlongs = None
        if distance:
            match = _DISTANCE.match(distance)
            if not match or not any(match.groups()):
                raise FilterError(f"not a distance: {distance!r} (e.g. 2m, 7f, 1m4f, 2m110y)")
            miles, fur, yards = (int(g) if g else 0 for g in match.groups())
            total = miles * 8 * YARDS_PER_FURLONG + fur * YARDS_PER_FURLONG + yards
            furlongs = (total + YARDS_PER_FURLONG // 2) // YARDS_PER_FURLONG
        klass = None
        if race_class:
            text = race_class.strip().lower().removeprefix("class").strip()
            if text in ("irish", "ire"):
                klass = IRISH_NO_CLASS
            elif text.isdigit() and 1 <= int(text) <= 7:
                klass = f"Class {int(text)}"
            else:
                raise FilterError(f"not a class: {race_class!r} (1..7 or irish)")
        return cls(bucket, furlongs, course.strip() if course else None, klass)

    @property
    def any(self) -> bool:
        return any(v is not None for v in (self.going, self.furlongs, self.course, self.race_class))

    def __str__(self) -> str:
        parts = []
        if self.going:
            parts.append(f"going {self.going}")
        if self.furlongs is not None:
            parts.append(f"distance {self.furlongs}f")
        if self.course:
            parts.append(f"course {self.course}")
        if self.race_class:
            parts.append(self.race_class)
        return ", ".join(parts)


def _resolve(conn: sa.Connection, table: sa.Table, name_or_id: str) -> dict[str, Any]:
    row = conn.execute(sa.select(table).where(table.c.id == name_or_id)).mappings().first()
    if row is not None:
        return dict(row)
    name = name_or_id.strip().lower()
    rows = conn.execute(sa.select(table).where(sa.func.lower(table.c.name) == name)).mappings()
    found = [dict(r) for r in rows.fetchmany(6)]
    if not found:
        raise EntityNotFound(f"no {table.name} row with id or name {name_or_id!r}")
    if len(found) > 1:
        ids = ", ".join(r["id"] for r in found[:5])
        raise EntityNotFound(f"{name_or_id!r} names more than one: {ids}; give an id")
    return found[0]


def _buckets(data: Any) -> list[dict[str, Any]]:
    if not data:
        return []
    if isinstance(data, str):
        import json

        data = json.loads(data)
    return [{"bucket": k, **v} for k, v in sorted(data.items(), key=lambda kv: -kv[1]["runs"])]


def _top(conn: sa.Connection, table: sa.Table, kind: str, entity_id: str) -> list[dict[str, Any]]:
    skip = {"entity_type", "entity_id", "computed_at", "going_breakdown"}
    columns = [c for c in table.c if c.name not in skip]
    query = (
        sa.select(*columns)
        .where(table.c.entity_type == kind, table.c.entity_id == entity_id)
        .order_by(table.c.runs.desc())
        .limit(TOP_ROWS)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def describe(engine: sa.Engine, kind: str, name_or_id: str, filters: Filters) -> dict[str, Any]:
    """Everything ``show`` prints, as plain data."""
    table, column = KINDS[kind]
    with engine.begin() as conn:
        entity = _resolve(conn, table, name_or_id)
        breakdowns: dict[str, list[dict[str, Any]]] = {}
        if kind in ("sire", "dam", "damsire"):
            breakdowns["going"] = _buckets(entity.pop("going_breakdown", None))
            breakdowns["surface"] = _buckets(entity.pop("surface_breakdown", None))
        if kind in ("horse", "jockey", "trainer"):
            breakdowns["by_distance"] = _top(conn, ra_performance_by_distance, kind, entity["id"])
            breakdowns["by_course"] = _top(conn, ra_performance_by_venue, kind, entity["id"])
        if kind in ("jockey", "trainer"):
            combos = ra_entity_combinations
            query = (
                sa.select(combos.c.jockey_id, combos.c.trainer_id, combos.c.runs, combos.c.wins)
                .add_columns(combos.c.win_percent, combos.c.ae_index, combos.c.profit_loss_1u)
                .where(combos.c[f"{kind}_id"] == entity["id"])
                .order_by(combos.c.runs.desc())
                .limit(TOP_ROWS)
            )
            breakdowns["combinations"] = [dict(r) for r in conn.execute(query).mappings()]
        filtered = _filtered(conn, column, entity["id"], filters) if filters.any else None
    return {
        "kind": kind,
        "entity": entity,
        "breakdowns": breakdowns,
        "filters": str(filters),
        "filtered": filtered,
    }


def _filtered(conn: sa.Connection, column: str, entity_id: str, filters: Filters) -> dict[str, Any]:
    """The entity's record over the runs the filters pick, from the stored runners as they are
    now (the definitions applied on the spot to this entity's runners alone)."""
    r = definitions_select().subquery("r")
    conditions = [r.c[column] == entity_id, r.c.run == 1]
    if filters.going:
        conditions.append(r.c.going_b == filters.going)
    if filters.furlongs is not None:
        conditions.append(r.c.dist_f == filters.furlongs)
    if filters.race_class:
        conditions.append(r.c.class_b == filters.race_class)
    if filters.course:
        courses = sa.select(ra_mst_races.c.course_id).where(
            sa.or_(
                ra_mst_races.c.course_id == filters.course,
                sa.func.lower(ra_mst_races.c.course) == filters.course.lower(),
            )
        )
        conditions.append(r.c.course_id.in_(courses))
    t = sa.select(*(e.label(n) for n, e in sums(r).items())).where(*conditions).subquery("t")
    query = sa.select(*(expr.label(name) for name, expr in record(t).items()))
    return dict(conn.execute(query).mappings().one())
