"""Small SQL helpers the checks share: count offending rows over the whole table, show a few.

Every figure is computed in the database over all rows; only the examples shown to a person
are limited. The expressions are SQLAlchemy Core, so one definition runs on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema import metadata

EXAMPLES = 5


def table(name: str) -> sa.Table:
    """A table of the shared schema."""
    return metadata.tables[name]


def blank(column: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """NULL, or for text an empty or all-space string."""
    if isinstance(column.type, sa.String):
        return sa.or_(column.is_(None), sa.func.trim(column) == "")
    return column.is_(None)


def truthy(column: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """A nullable boolean that is true (NULL counts as false)."""
    return sa.func.coalesce(column, sa.false()).is_(sa.true())


def normalised(column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """A name compared loosely: lower case, no spaces, dashes or dots."""
    out: sa.ColumnElement[Any] = sa.func.lower(sa.func.trim(column))
    for char in (" ", "-", "."):
        out = sa.func.replace(out, char, "")
    return out


def violations(
    conn: sa.Connection, offending: sa.Select[Any], *, examples: int = EXAMPLES
) -> tuple[int, list[Any]]:
    """How many rows ``offending`` selects, and the first few (single column: plain values)."""
    sub = offending.subquery()
    count = conn.execute(sa.select(sa.func.count()).select_from(sub)).scalar_one()
    shown: list[Any] = []
    if count:
        columns = list(sub.c)
        rows = conn.execute(sa.select(*columns).order_by(*columns).limit(examples)).all()
        shown = [r[0] if len(columns) == 1 else list(r) for r in rows]
    return int(count), shown
