"""Alembic environment: runs migrations on the connection ``darkhorses.store.migrate`` hands
over, or, from the ``alembic`` command line, on ``sqlalchemy.url`` / ``DATABASE_URL``."""

from __future__ import annotations

import logging.config
from typing import Any, Literal

import sqlalchemy as sa
from alembic import context
from alembic.autogenerate.api import AutogenContext

from darkhorses.store.schema import metadata
from darkhorses.store.schema.base import UTCDateTime

# Any constant will do: concurrent upgrades (two replicas starting) queue on it.
MIGRATION_LOCK_KEY = 0x6468_6D69  # "dhmi"

config = context.config


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render our column types as plain SQLAlchemy types, so migrations never import app code.

    ``UTCDateTime`` is a ``timestamptz`` in the database; ``JSONType`` is JSON with JSONB on
    PostgreSQL. Their Python-side conversions do not belong in a migration.
    """
    if type_ != "type":
        return False
    if isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(obj, sa.JSON) and "postgresql" in getattr(obj, "_variant_mapping", {}):
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return 'sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")'
    return False


def _configure_and_run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_item=render_item,
        compare_type=True,
        # SQLite alters tables by copying them; batch mode makes later steps do so.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            lock = sa.text("SELECT pg_advisory_xact_lock(:k)")
            connection.execute(lock, {"k": MIGRATION_LOCK_KEY})
        context.run_migrations()


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from darkhorses.config import load_settings

    return load_settings().database.url


def run_migrations_offline() -> None:
    """Write the SQL instead of running it (``alembic upgrade head --sql``)."""
    from darkhorses.store.engine import normalize_url

    context.configure(
        url=normalize_url(_url()),
        target_metadata=metadata,
        render_item=render_item,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run on the connection we were given, or on a new engine for the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    from darkhorses.store.engine import make_engine

    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _configure_and_run(connection)
            connection.commit()
    finally:
        engine.dispose()


if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
