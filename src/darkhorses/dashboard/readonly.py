"""Read-only database access: every dashboard query runs in a transaction that cannot write.

PostgreSQL: ``SET TRANSACTION READ ONLY`` opens each transaction (it works behind a
transaction pooler, where session settings do not stick). SQLite: ``PRAGMA query_only`` for
the time the connection is lent to the dashboard. The engine may be the service's own, so the
connection is handed back as it was found.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def read_only(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection whose statements cannot change the database."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA query_only = ON")
        else:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        try:
            yield conn
        finally:
            conn.rollback()
            if sqlite:
                conn.exec_driver_sql("PRAGMA query_only = OFF")
                conn.commit()
