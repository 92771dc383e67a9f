"""Schema migrations from Python: upgrade, downgrade, and where a database stands.

Alembic is the only way the schema changes; the migration scripts ship inside the package
(``darkhorses/store/migrations``), so an installed darkhorses can upgrade its database. Each
call runs in one transaction: on PostgreSQL concurrent upgrades queue on an advisory lock, on
SQLite on the write lock (``BEGIN IMMEDIATE``), so two processes starting together are safe.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from darkhorses.store.engine import make_engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic configuration for the packaged scripts, bound to ``connection`` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["configure_logger"] = False
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@contextmanager
def _connection(url_or_engine: str | sa.Engine) -> Iterator[sa.Connection]:
    """One transaction on the database, committed on success."""
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                # pysqlite would run DDL outside a transaction; take the write lock and make
                # the whole upgrade one transaction.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield conn
    finally:
        if engine is not url_or_engine:
            engine.dispose()


def upgrade(url_or_engine: str | sa.Engine, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` (default: the newest)."""
    with _connection(url_or_engine) as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade(url_or_engine: str | sa.Engine, revision: str) -> None:
    """Undo migrations down to ``revision`` (``-1`` for one step, ``base`` for all)."""
    with _connection(url_or_engine) as conn:
        command.downgrade(alembic_config(conn), revision)


def current(url_or_engine: str | sa.Engine) -> str | None:
    """The revision the database is at; ``None`` for a database never migrated."""
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        if engine is not url_or_engine:
            engine.dispose()


def head() -> str:
    """The newest revision shipped with this version of darkhorses."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {heads}")
    return heads[0]


def is_current(url_or_engine: str | sa.Engine) -> bool:
    """True when the database is at the newest revision."""
    return current(url_or_engine) == head()


def history() -> list[tuple[str, str]]:
    """Every revision, newest first, as ``(revision, message)``."""
    script = ScriptDirectory.from_config(alembic_config())
    return [(rev.revision, rev.doc or "") for rev in script.walk_revisions()]
