"""``Rows``: what a transform produces — rows per table, quarantined records and counters.

Rows of a table are merged on its primary key as they are added (a jockey met in ten races is
one row; a later non-null value fills or replaces an earlier one), so a batch never holds the
same key twice and an upsert never meets its own row twice.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from darkhorses.api.models.validate import Quarantined
from darkhorses.store.schema import metadata

Row = dict[str, Any]
T = TypeVar("T")

# Masters first, so a writer that walks this order satisfies every foreign key.
TABLE_ORDER = (
    "ra_mst_regions",
    "ra_mst_courses",
    "ra_mst_bookmakers",
    "ra_mst_jockeys",
    "ra_mst_trainers",
    "ra_mst_owners",
    "ra_mst_sires",
    "ra_mst_dams",
    "ra_mst_damsires",
    "ra_mst_horses",
    "ra_horse_pedigree",
    "ra_mst_races",
    "ra_mst_runners",
    "ra_mst_race_results",
)


@cache
def primary_key(table: str) -> tuple[str, ...]:
    """The primary-key column names of a table."""
    return tuple(c.name for c in metadata.tables[table].primary_key.columns)


@cache
def _key_of(table: str) -> Callable[[Row], tuple[Any, ...]]:
    columns = primary_key(table)
    if len(columns) == 1:
        (column,) = columns
        return lambda row: (row[column],)
    return operator.itemgetter(*columns)


@dataclass
class Rows:
    """Rows per table, with what was set aside and what was counted on the way."""

    tables: dict[str, dict[tuple[Any, ...], Row]] = field(default_factory=dict)
    quarantined: list[Quarantined] = field(default_factory=list)
    counters: Counter[str] = field(default_factory=Counter)

    def add(self, table: str, row: Row) -> None:
        """Add a row, merging it into any row with the same key (non-null values win)."""
        try:
            key = _key_of(table)(row)
        except KeyError:
            key = (None,)
        if None in key:
            raise ValueError(f"{table} row without its key {primary_key(table)}: {row!r}")
        rows = self.tables.setdefault(table, {})
        existing = rows.get(key)
        if existing is None:
            rows[key] = dict(row)
            return
        for column, value in row.items():
            if value is not None or column not in existing:
                existing[column] = value

    def rows(self, table: str) -> list[Row]:
        """The rows of one table (empty when none)."""
        return list(self.tables.get(table, {}).values())

    def __getitem__(self, table: str) -> list[Row]:
        return self.rows(table)

    def table_names(self) -> list[str]:
        """Tables with rows, in an order that satisfies foreign keys."""
        known = [t for t in TABLE_ORDER if t in self.tables]
        return known + sorted(t for t in self.tables if t not in TABLE_ORDER)

    def batches(self, table: str) -> Iterator[list[Row]]:
        """The rows of a table grouped by the set of columns they carry."""
        groups: dict[frozenset[str], list[Row]] = {}
        for row in self.rows(table):
            groups.setdefault(frozenset(row), []).append(row)
        yield from groups.values()

    def count(self, counter: str, n: int = 1) -> None:
        self.counters[counter] += n

    def soft(self, parse: Callable[[Any], T], raw: Any) -> T | None:
        """Parse a value whose raw text is kept beside it: unreadable is ``None``, counted."""
        try:
            return parse(raw)
        except ValueError:
            self.count("unparsed_values")
            return None

    @property
    def filtered_foreign(self) -> int:
        """Races left out because their region is not configured."""
        return self.counters["filtered_foreign"]

    def merge(self, other: Rows) -> Rows:
        """Fold another ``Rows`` into this one (returns self)."""
        for table in other.table_names():
            for row in other.rows(table):
                self.add(table, row)
        self.quarantined.extend(other.quarantined)
        self.counters.update(other.counters)
        return self

    def summary(self) -> dict[str, int]:
        """Row counts per table, then the counters: for reports and dry runs."""
        out = {t: len(self.tables[t]) for t in self.table_names()}
        out.update({k: v for k, v in self.counters.items() if v})
        if self.quarantined:
            out["quarantined"] = len(self.quarantined)
        return out


def combine(parts: Iterable[Rows]) -> Rows:
    """One ``Rows`` from many."""
    total = Rows()
    for part in parts:
        total.merge(part)
    return total
