"""Database connections: one engine per process, tuned for SQLite or (pooled) PostgreSQL.

URLs as users write them are accepted: ``sqlite:///darkhorses.db``, ``postgresql://``,
``postgres://`` (Heroku/Supabase style) and ``postgresql+psycopg://``. PostgreSQL always runs
on psycopg 3. A Supabase *transaction pooler* (PgBouncer, port 6543 or ``?pgbouncer=true``)
cannot keep server-side prepared statements between transactions, so they are switched off
there; every PostgreSQL pool pings connections before use, because poolers and managed
databases close idle connections without notice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

if TYPE_CHECKING:
    from darkhorses.config import Settings

# Supabase's transaction pooler listens here; its session pooler and direct port are 5432.
TRANSACTION_POOLER_PORT = 6543

# SQLite connection settings, applied to every new connection.
SQLITE_PRAGMAS: dict[str, str | int] = {
    "journal_mode": "WAL",  # readers never block the writer, nor the writer readers
    "synchronous": "NORMAL",  # durable at checkpoints; safe with WAL, much faster than FULL
    "foreign_keys": "ON",
    "busy_timeout": 30_000,  # ms to wait for another writer instead of failing at once
    "cache_size": -64_000,  # KiB (negative = size, not pages): 64 MB page cache
    "temp_store": "MEMORY",
}

# Query parameters understood by us, not by libpq, and removed before connecting.
_OUR_QUERY_KEYS = ("pgbouncer",)
_SECRET_QUERY_KEYS = ("password", "sslpassword")


class DatabaseURLError(ValueError):
    """A database URL that cannot be used; the message never contains the password."""


def normalize_url(url: str | URL) -> URL:
    """The URL with its driver made explicit (``postgresql+psycopg``, ``sqlite+pysqlite``)."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except sa.exc.ArgumentError:
        raise DatabaseURLError(f"not a database URL: {redact_url(str(url))!r}") from None
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed
    raise DatabaseURLError(
        f"unsupported database {backend!r} in {redact_url(parsed)}: use sqlite:/// or postgresql://"
    )


def is_transaction_pooler(url: str | URL) -> bool:
    """True when the URL points at a transaction-mode pooler (PgBouncer / Supabase port 6543).

    Behind such a pooler a session is not ours between transactions: no session advisory
    locks, no prepared statements, no session state.
    """
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "postgresql":
        return False
    flag = str(parsed.query.get("pgbouncer", "")).lower()
    return parsed.port == TRANSACTION_POOLER_PORT or flag in ("1", "true", "yes")


def redact_url(url: str | URL) -> str:
    """The URL with its password (and any password query parameter) hidden, for logs."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except sa.exc.ArgumentError:
        # Unparseable: show only the scheme, which cannot hold a secret.
        text = str(url)
        return text.split("://", 1)[0] + "://***" if "://" in text else "***"
    query = {k: ("***" if k.lower() in _SECRET_QUERY_KEYS else v) for k, v in parsed.query.items()}
    return parsed.set(query=query).render_as_string(hide_password=True)


def make_engine(url: str | URL, *, settings: Settings | None = None) -> sa.Engine:
    """An engine for ``url`` with the pragmas or pool settings that suit its backend."""
    parsed = normalize_url(url)
    echo = bool(settings.database.echo) if settings else False
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, echo=echo)
    return _postgres_engine(parsed, settings=settings, echo=echo)


def _sqlite_engine(url: URL, *, echo: bool) -> sa.Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, echo=echo)

    @sa.event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            for name, value in SQLITE_PRAGMAS.items():
                cursor.execute(f"PRAGMA {name} = {value}")
        finally:
            cursor.close()

    return engine


def _postgres_engine(url: URL, *, settings: Settings | None, echo: bool) -> sa.Engine:
    pooler = is_transaction_pooler(url)
    query = {k: v for k, v in url.query.items() if k not in _OUR_QUERY_KEYS}
    url = url.set(query=query)
    connect_args: dict[str, Any] = {"connect_timeout": 15}
    if pooler:
        # PgBouncer in transaction mode hands each transaction to any server connection:
        # a statement prepared on one would be missing (or clash) on the next.
        connect_args["prepare_threshold"] = None
    pool_size = settings.database.pool_size if settings else 5
    max_overflow = settings.database.max_overflow if settings else 5
    return sa.create_engine(
        url,
        echo=echo,
        connect_args=connect_args,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        # Managed databases and poolers drop idle connections; recycle before they do.
        pool_recycle=300,
        pool_timeout=30,
    )
