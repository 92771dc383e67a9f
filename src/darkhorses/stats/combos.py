"""Jockey x trainer pairs: the record of a jockey riding for a trainer, pairs with enough runs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.aggregates import record
from darkhorses.stats.definitions import runner_rows
from darkhorses.stats.writes import remove_missing, upsert_select
from darkhorses.store.schema.stats import ra_entity_combinations


def combos_select(min_runs: int, as_of: date, now: datetime) -> sa.Select[Any]:
    """One row per jockey-trainer pair with at least ``min_runs`` runs up to ``as_of``."""
    r = runner_rows(until=as_of)
    figures = record(r)
    return (
        sa.select(
            r.c.jockey_id,
            r.c.trainer_id,
            *(expr.label(name) for name, expr in figures.items()),
            sa.literal(now, ra_entity_combinations.c.computed_at.type).label("computed_at"),
        )
        .where(r.c.jockey_id.is_not(None), r.c.trainer_id.is_not(None))
        .group_by(r.c.jockey_id, r.c.trainer_id)
        .having(sa.func.count() >= min_runs)
    )


def compute_combos(
    conn: sa.Connection, as_of: date, now: datetime, min_runs: int
) -> dict[str, int]:
    """Upsert every qualifying pair; drop pairs that no longer qualify."""
    select = combos_select(min_runs, as_of, now)
    table = ra_entity_combinations
    written = upsert_select(conn, table, select, stamps=("computed_at",))
    r = runner_rows(until=as_of)
    keys = (
        sa.select(r.c.jockey_id, r.c.trainer_id)
        .where(r.c.jockey_id.is_not(None), r.c.trainer_id.is_not(None))
        .group_by(r.c.jockey_id, r.c.trainer_id)
        .having(sa.func.count() >= min_runs)
    )
    written += remove_missing(conn, table, keys)
    return {table.name: written}
