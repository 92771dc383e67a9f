"""Careers kept as whole-number sums, brought up to date by adding and taking out runs.

A full run sums every run; an incremental run adds the rows of the scope counted now and
takes out those counted before (the ``sign`` of :data:`darkhorses.stats.scope.touched_table`).
Counts, wins and the whole-number 1/SP and P/L units add and subtract exactly, in any order.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from darkhorses.stats.aggregates import total
from darkhorses.stats.definitions import present, runner_rows
from darkhorses.stats.scope import Scope
from darkhorses.store.schema.stats import dh_stats_horse_counts

# The sums of ``dh_stats_person_sums`` (and of the ancestors' table), by the run column
# each adds up; ``None`` counts the run itself.
SUMS = {
    "runs": None,
    "wins": "win",
    "seconds": "second",
    "thirds": "third",
    "priced": "has_sp",
    "sp_wins": "sp_win",
    "inverse": "inv_sp",
    "pl_sp": "pl_sp",
}


def sum_columns(r: Any, sign: Any = None) -> dict[str, Any]:
    """The whole-number sums of :data:`SUMS` over the rows of ``r`` (each row weighted by
    ``sign``, -1, 0 or +1, when given), as aggregates."""
    out = {}
    for name, source in SUMS.items():
        value: Any = sa.literal(1) if source is None else sa.func.coalesce(r.c[source], 0)
        out[name] = total(value if sign is None else value * sign)
    return out


def horses_from_runs(role: str, id_column: str, as_of: date, where: Any = None) -> Any:
    """Runs per (person or ancestor, horse) up to ``as_of``."""
    r = runner_rows(until=as_of, where=where)
    who = r.c[id_column]
    return (
        sa.select(
            sa.literal(role).label("role"),
            who.label("id"),
            r.c.horse_id,
            sa.func.count().label("runs"),
        )
        .where(present(who))
        .group_by(who, r.c.horse_id)
    )


def greater(a: Any, b: Any) -> Any:
    """The later of two dates, either of which may be NULL (portable ``greatest``)."""
    return sa.case((b.is_(None), a), (a.is_(None), b), (b > a, b), else_=a)


def update_horse_counts(
    conn: sa.Connection, role: str, id_column: str, as_of: date, scope: Scope | None
) -> None:
    """Bring ``dh_stats_horse_counts`` for ``role`` up to date: from every run (full), or by
    the counted rows of the scope (exact: counts add and subtract)."""
    hc = dh_stats_horse_counts
    names = ["role", "id", "horse_id", "runs"]
    if scope is None:
        conn.execute(sa.delete(hc).where(hc.c.role == role))
        conn.execute(sa.insert(hc).from_select(names, horses_from_runs(role, id_column, as_of)))
        return
    t = scope.table.c
    who = t[id_column]
    delta = (
        sa.select(sa.literal(role), who, t.horse_id, total(t.sign))
        .where(t.sign != 0, who.is_not(None))
        .group_by(who, t.horse_id)
    )
    add_to(conn, hc, names, delta, ["runs"])
    conn.execute(sa.delete(hc).where(hc.c.role == role, hc.c.runs <= 0))


def add_to(
    conn: sa.Connection,
    table: sa.Table,
    names: list[str],
    select: sa.Select[Any],
    added: list[str],
    later: tuple[str, ...] = (),
) -> None:
    """Upsert ``select`` into ``table``, adding the ``added`` columns to the stored values
    and keeping the later date of the ``later`` ones."""
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    source = select.where(sa.true()) if conn.dialect.name == "sqlite" else select
    insert = dialect_insert(table).from_select(names, source)
    values: dict[str, Any] = {n: table.c[n] + insert.excluded[n] for n in added}
    values.update({n: greater(table.c[n], insert.excluded[n]) for n in later})
    key = [c.name for c in table.primary_key.columns]
    conn.execute(insert.on_conflict_do_update(index_elements=key, set_=values))
