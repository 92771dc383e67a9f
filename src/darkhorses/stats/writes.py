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
    return changed_rows(conn, statement)


def changed_rows(conn: sa.Connection, statement: Any) -> int:
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


def stage(conn: sa.Connection, name: str, like: sa.Table, select: sa.Select[Any]) -> sa.Table:
    """Write the rows of ``select`` (its labels name columns of ``like``) to a temporary table
    ``name``, so one computation both feeds an upsert and tells which groups have rows."""
    columns = [
        sa.Column(c.name, like.c[c.name].type if c.name in like.c else c.type)
        for c in select.selected_columns
    ]
    table = sa.Table(
        name, sa.MetaData(), *columns, prefixes=["TEMPORARY"], postgresql_on_commit="DROP"
    )
    table.drop(conn, checkfirst=True)
    table.create(conn)
    conn.execute(sa.insert(table).from_select([c.name for c in columns], select))
    return table


def write_staged(
    conn: sa.Connection,
    table: sa.Table,
    select: sa.Select[Any],
    *,
    stamps: Sequence[str],
    scope: Any = None,
    blank: Sequence[str] | None = None,
) -> int:
    """Upsert the rows of ``select`` into ``table``; then the rows of ``table`` within
    ``scope`` (a condition; None: every row) that ``select`` did not produce lost their
    last run: deleted, or for a master table (``blank`` lists its statistics columns) left in
    place with those columns blanked. Returns rows written."""
    staged = stage(conn, f"dh_stats_stage_{table.name}", table, select)
    try:
        written = upsert_select(conn, table, sa.select(staged), stamps=stamps)
        key = [c.name for c in table.primary_key.columns]
        produced = sa.select(*(staged.c[k] for k in key))
        if blank is None:
            statement: Any = sa.delete(table)
        else:
            statement = sa.update(table).values({c: None for c in blank})
            statement = statement.where(table.c[blank[0]].is_not(None))
        statement = statement.where(sa.tuple_(*(table.c[k] for k in key)).not_in(produced))
        if scope is not None:
            statement = statement.where(scope)
        written += changed_rows(conn, statement)
    finally:
        staged.drop(conn, checkfirst=True)
    return written
