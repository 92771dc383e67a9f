"""Jockey x trainer pairs: the record of a jockey riding for a trainer, pairs with enough runs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.aggregates import record, sums
from darkhorses.stats.definitions import present, runner_rows
from darkhorses.stats.scope import Scope, among_keys, conditions
from darkhorses.stats.writes import write_staged
from darkhorses.store.schema.stats import ra_entity_combinations

PAIR = ["jockey_id", "trainer_id"]


def combos_select(
    min_runs: int, as_of: date, now: datetime, scope: Scope | None = None
) -> sa.Select[Any]:
    """One row per jockey-trainer pair with at least ``min_runs`` runs up to ``as_of``."""
    r = runner_rows(until=as_of)
    pair = [r.c[c] for c in PAIR]
    t = (
        sa.select(*pair, *(e.label(n) for n, e in sums(r).items()))
        .where(*conditions(*(present(c) for c in pair), among_keys(scope, pair, PAIR)))
        .group_by(*pair)
        .having(sa.func.count() >= min_runs)
        .subquery("pairs")
    )
    return sa.select(
        t.c.jockey_id,
        t.c.trainer_id,
        *(expr.label(name) for name, expr in record(t).items()),
        sa.literal(now, ra_entity_combinations.c.computed_at.type).label("computed_at"),
    )


def compute_combos(
    conn: sa.Connection, as_of: date, now: datetime, min_runs: int, scope: Scope | None = None
) -> dict[str, int]:
    """Upsert every qualifying pair (in ``scope``); drop pairs that no longer qualify."""
    table = ra_entity_combinations
    written = write_staged(
        conn,
        table,
        combos_select(min_runs, as_of, now, scope),
        stamps=("computed_at",),
        scope=among_keys(scope, [table.c[c] for c in PAIR], PAIR),
    )
    return {table.name: written}
