"""Amendments: a stored result that changes later (stewards' placings, late ratings, BSP).

Before a unit of results is written, the result columns of the runners it touches are read for
races that already had a result; after the write, every value that moved (including one filled
in where there was none) is logged to ``dh_amendments`` with table, key, column, old, new, when.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema import metadata
from darkhorses.store.writer import upsert
from darkhorses.transform.rows import Rows

TABLE = "ra_mst_runners"
# Result-owned runner columns whose later change is an amendment.
WATCHED = (
    "position",
    "position_raw",
    "position_status",
    "is_dead_heat",
    "btn",
    "ovr_btn",
    "sp",
    "sp_dec",
    "bsp",
    "finishing_time_s",
    "result_or",
    "result_rpr",
    "result_tsr",
    "performance_rating",
    "speed_rating",
    "prize_won",
)

Snapshot = dict[tuple[str, str], dict[str, Any]]


def as_text(value: Any) -> str | None:
    """A value as the text stored in the log; numbers in one canonical form."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value)).normalize()
        except InvalidOperation:
            return str(value)
        return format(number, "f")
    return str(value)


def snapshot(conn: sa.Connection, rows: Rows) -> Snapshot:
    """The watched values of the unit's runners whose race already had a result."""
    race_ids = sorted({row["race_id"] for row in rows.rows(TABLE)})
    if not race_ids:
        return {}
    runners = metadata.tables[TABLE]
    races = metadata.tables["ra_mst_races"]
    columns = [runners.c.race_id, runners.c.horse_id, *(runners.c[c] for c in WATCHED)]
    found: Snapshot = {}
    for start in range(0, len(race_ids), 500):
        query = (
            sa.select(*columns)
            .join(races, races.c.id == runners.c.race_id)
            .where(
                races.c.has_result.is_(True), runners.c.race_id.in_(race_ids[start : start + 500])
            )
        )
        for row in conn.execute(query):
            m = row._mapping
            found[(m["race_id"], m["horse_id"])] = {c: m[c] for c in WATCHED}
    return found


def changes(before: Snapshot, rows: Rows) -> list[tuple[str, str, Any, Any]]:
    """``(key, column, old, new)`` for every watched value the unit changes."""
    out = []
    for row in rows.rows(TABLE):
        old_row: Mapping[str, Any] | None = before.get((row["race_id"], row["horse_id"]))
        if old_row is None:
            continue
        for column in WATCHED:
            new = row.get(column)
            if new is None:  # the writer never blanks a stored value
                continue
            old = old_row[column]
            if old == new:  # numbers compare by value whatever their type
                continue
            if as_text(old) != as_text(new):
                out.append((f"{row['race_id']}:{row['horse_id']}", column, old, new))
    return out


def log_changes(
    conn: sa.Connection, before: Snapshot, rows: Rows, *, now: datetime, run_id: int | None
) -> int:
    """Write the unit's amendments; returns how many values changed."""
    found = changes(before, rows)
    if not found:
        return 0
    upsert(
        conn,
        metadata.tables["dh_amendments"],
        [
            {
                "table_name": TABLE,
                "record_key": key,
                "column_name": column,
                "changed_at": now,
                "old_value": as_text(old),
                "new_value": as_text(new),
                "run_id": run_id,
            }
            for key, column, old, new in found
        ],
        update_nulls=True,
    )
    return len(found)
