"""Which groups a run recomputes: every group (a full run) or those its touched runs belong to.

An incremental run writes the old and the new version of every changed runner, and the runs
that crossed the as-of date, to a temporary table (``touched``); a group (a jockey, a sire, a
horse at a distance, a jockey-trainer pair ...) is brought up to date when one of those rows
belongs to it: recomputed from its runs, or, for careers kept as sums, by adding the rows
counted now and taking out those counted before. Every other group's runs are unchanged, so
its stored figures already equal what a full run would write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema.stats import dh_stats_runs

_metadata = sa.MetaData()

# The old and new version of each changed runner (``changed`` = 1) and the runs whose date
# crossed the as-of date (``changed`` = 0), with every column of ``dh_stats_runs``. ``sign``
# says how a row moves the sums: -1 it was counted before (a run on or before the previous
# as-of date), +1 it is counted now, 0 neither.
touched_table = sa.Table(
    "dh_stats_touched",
    _metadata,
    *(sa.Column(c.name, c.type) for c in dh_stats_runs.columns),
    sa.Column("changed", sa.Integer),
    sa.Column("sign", sa.Integer),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)


@dataclass(frozen=True)
class Scope:
    """The groups of the touched runs; ``None`` where a function takes a scope means all."""

    table: sa.Table = touched_table

    def ids(self, column: str) -> sa.Select[Any]:
        """The distinct non-NULL values of ``column`` among the touched runs."""
        c = self.table.c[column]
        return sa.select(c).where(c.is_not(None)).distinct()

    def keys(self, *columns: str) -> sa.Select[Any]:
        """The distinct tuples of ``columns`` among the touched runs, none NULL."""
        cs = [self.table.c[c] for c in columns]
        return sa.select(*cs).where(*(c.is_not(None) for c in cs)).distinct()

    def horses(self) -> sa.Subquery:
        """Horses with a changed run, with the day of their earliest changed run (``since``):
        their point-in-time rows from that day on are recomputed."""
        t = self.table.c
        return (
            sa.select(t.horse_id, sa.func.min(t.day_no).label("since"))
            .where(t.changed == 1)
            .group_by(t.horse_id)
            .subquery("changed_horses")
        )


def among(scope: Scope | None, column: Any, name: str) -> Any:
    """``column IN (touched values of name)``, or None (no condition) for a full run."""
    return None if scope is None else column.in_(scope.ids(name))


def among_keys(scope: Scope | None, columns: list[Any], names: list[str]) -> Any:
    """``(columns) IN (touched tuples of names)``, the first column also alone (so an index
    on it is used); None for a full run."""
    if scope is None:
        return None
    return sa.and_(
        columns[0].in_(scope.ids(names[0])),
        sa.tuple_(*columns).in_(scope.keys(*names)),
    )


def conditions(*items: Any) -> list[Any]:
    """The conditions that are not None."""
    return [c for c in items if c is not None]
