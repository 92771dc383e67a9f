"""Set-based writes of computed statistics: one ``INSERT ... SELECT ... ON CONFLICT`` upsert.

A row is rewritten only when one of its figures changed (the ``computed_at``-style stamp
alone never counts as a change), so a recompute over unchanged results writes nothing.
Rows whose group no longer exists are removed one by one by key, never by emptying a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite


def upsert_select(
    conn: sa.Connection,
    table: sa.Table,
    select: sa.Select[Any],
    *,
    key: Sequence[str] | None = None,
    stamps: Sequence[str] = (),
) -> int:
    """Upsert the rows of ``select`` (its labels name the columns) into ``table``.

    ``key`` is the conflict target (default: the primary key); ``stamps`` are columns set on
    every write but ignored when deciding whether a row changed. Returns rows written.
    """
    names = [c.name for c in select.selected_columns]
    key = list(key or (c.name for c in table.primary_key.columns))
    # SQLite needs a WHERE on the SELECT to read ON CONFLICT as the upsert clause.
    source = select.where(sa.true()) if conn.dialect.name == "sqlite" else select
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    insert = dialect_insert(table).from_select(names, source)
    figures = [n for n in names if n not in key]
    changed = sa.or_(
        *(table.c[n].is_distinct_from(insert.excluded[n]) for n in figures if n not in stamps)
    )
    statement = insert.on_conflict_do_update(
        index_elements=key,
        set_={n: insert.excluded[n] for n in figures},
        where=changed,
    )
    return _changes(conn, statement)


def _changes(conn: sa.Connection, statement: Any) -> int:
    """Rows ``statement`` wrote. Python's sqlite3 reports no rowcount for a statement that
    opens with ``WITH``, so on SQLite the connection's change counter is read instead; an
    ``INSERT ... SELECT`` keeps its rowcount only when asked to (``preserve_rowcount``)."""
    if conn.dialect.name != "sqlite":
        result = conn.execute(statement.execution_options(preserve_rowcount=True))
        return max(result.rowcount, 0)
    raw = conn.connection.dbapi_connection
    before = raw.total_changes  # type: ignore[union-attr]
    conn.execute(statement)
    return int(raw.total_changes - before)  # type: ignore[union-attr]


def remove_missing(
    conn: sa.Connection, table: sa.Table, keys: sa.Select[Any], where: Any = None
) -> int:
    """Delete the rows of ``table`` (optionally only ``where``) whose key is not among
    ``keys`` (the groups that still have runs): groups that lost their last run."""
    pk = sa.tuple_(*table.primary_key.columns)
    statement = sa.delete(table).where(pk.not_in(keys))
    if where is not None:
        statement = statement.where(where)
    return _changes(conn, statement)


def clear_missing(
    conn: sa.Connection,
    table: sa.Table,
    ids: sa.Select[Any],
    columns: Sequence[str],
    marker: str,
) -> int:
    """Blank the statistics ``columns`` of master rows whose id is not among ``ids`` (rows
    with figures whose runs are gone), leaving the master row itself in place."""
    statement = (
        sa.update(table)
        .where(table.c[marker].is_not(None), table.c.id.not_in(ids))
        .values({c: None for c in columns})
    )
    return _changes(conn, statement)
