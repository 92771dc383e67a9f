"""Job locks, so two processes on one database never run the same job at once.

- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``) held on a dedicated
  connection for the life of the run; the server frees it when that session ends, so a dead
  holder never leaves it stale.
- Behind a transaction-pooling pooler (Supabase's port 6543, PgBouncer in transaction mode)
  a session lock may land on one server connection and its unlock on another, so locks are
  rows in ``dh_locks`` with an expiry instead: a holder that dies stops renewing and its row
  lapses after ``lock_ttl_s``.
- SQLite: a file lock beside the database file; the operating system frees it when the
  holding process exits.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import tempfile
import uuid
from abc import ABC, abstractmethod
from datetime import timedelta
from pathlib import Path
from typing import Literal

import filelock
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.pool import NullPool

from darkhorses.clock import Clock
from darkhorses.store.engine import is_transaction_pooler
from darkhorses.store.schema import metadata

log = logging.getLogger(__name__)

LockMode = Literal["advisory", "row", "file"]


class JobLock(ABC):
    """One held-or-not lock on a job name."""

    def __init__(self, name: str) -> None:
        self.name = name

    @abstractmethod
    def acquire(self) -> bool:
        """Take the lock without waiting; False when someone else holds it."""

    @abstractmethod
    def release(self) -> None:
        """Give the lock back (safe to call when not held)."""

    def renew(self) -> None:  # noqa: B027  (only expiring locks need it)
        """Keep a held lock alive during a long run."""


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_try_advisory_lock``."""
    digest = hashlib.blake2b(f"darkhorses:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class AdvisoryLock(JobLock):
    """A PostgreSQL session advisory lock on its own connection."""

    def __init__(self, name: str, engine: sa.Engine) -> None:
        super().__init__(name)
        self._engine = engine
        self._conn: sa.Connection | None = None

    def acquire(self) -> bool:
        conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        got = conn.execute(
            sa.select(sa.func.pg_try_advisory_lock(advisory_key(self.name)))
        ).scalar_one()
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.execute(sa.select(sa.func.pg_advisory_unlock(advisory_key(self.name))))
        except sa.exc.DBAPIError:
            log.warning("could not unlock %s cleanly; closing its session frees it", self.name)
        finally:
            conn.close()


class RowLock(JobLock):
    """A row in ``dh_locks`` naming its holder, valid until ``expires_at``."""

    def __init__(
        self, name: str, engine: sa.Engine, *, holder: str, ttl_s: float, clock: Clock
    ) -> None:
        super().__init__(name)
        self._engine = engine
        self._holder = holder
        self._ttl = timedelta(seconds=ttl_s)
        self._clock = clock
        self._held = False

    @property
    def _table(self) -> sa.Table:
        return metadata.tables["dh_locks"]

    def acquire(self) -> bool:
        table = self._table
        now = self._clock.now()
        values = {
            "name": self.name,
            "holder": self._holder,
            "acquired_at": now,
            "expires_at": now + self._ttl,
        }
        dialect = postgresql if self._engine.dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(table).values(**values)
        # Take the row over only when its holder let it lapse.
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.name],
            set_={k: stmt.excluded[k] for k in ("holder", "acquired_at", "expires_at")},
            where=table.c.expires_at < now,
        )
        with self._engine.begin() as conn:
            conn.execute(stmt)
            holder = conn.execute(
                sa.select(table.c.holder).where(table.c.name == self.name)
            ).scalar_one_or_none()
        self._held = holder == self._holder
        return self._held

    def renew(self) -> None:
        if not self._held:
            return
        table = self._table
        with self._engine.begin() as conn:
            conn.execute(
                sa.update(table)
                .where(table.c.name == self.name, table.c.holder == self._holder)
                .values(expires_at=self._clock.now() + self._ttl)
            )

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        table = self._table
        with self._engine.begin() as conn:
            conn.execute(
                sa.delete(table).where(table.c.name == self.name, table.c.holder == self._holder)
            )


class FileJobLock(JobLock):
    """An exclusive OS file lock (``filelock``) on ``<dir>/<db>.<job>.lock``."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name)
        self._lock = filelock.FileLock(str(path), timeout=0, thread_local=False)

    def acquire(self) -> bool:
        try:
            self._lock.acquire()
        except filelock.Timeout:
            return False
        return True

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)


def choose_mode(engine: sa.Engine, requested: str = "auto", url: str | None = None) -> LockMode:
    """The lock kind for this database: the requested one, or the one that works there.

    ``url`` is the database URL as configured (the engine's own URL has lost pooler hints).
    """
    if requested != "auto":
        return requested  # type: ignore[return-value]
    if engine.dialect.name == "sqlite":
        return "file"
    if is_transaction_pooler(url if url is not None else engine.url):
        log.warning(
            "the database URL points at a transaction-pooling pooler: session advisory "
            "locks do not hold there, so job locks are rows in dh_locks with an expiry; "
            "use the session pooler (port 5432) for advisory locks"
        )
        return "row"
    return "advisory"


class JobLocks:
    """Makes the right kind of lock for a database; one instance per process."""

    def __init__(
        self,
        engine: sa.Engine,
        *,
        mode: str = "auto",
        ttl_s: float = 3600,
        lock_dir: str | Path | None = None,
        clock: Clock | None = None,
        holder: str | None = None,
        url: str | None = None,
    ) -> None:
        self.mode: LockMode = choose_mode(engine, mode, url)
        self._engine = engine
        self._ttl_s = ttl_s
        self._clock = clock or Clock()
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._session_engine: sa.Engine | None = None
        if self.mode == "advisory":
            # Each advisory lock gets a session of its own, outside the jobs' pool.
            self._session_engine = sa.create_engine(
                engine.url, poolclass=NullPool, connect_args={"connect_timeout": 15}
            )
        self._dir = Path(lock_dir) if lock_dir else self._default_dir(engine)
        self._stem = Path(engine.url.database or "memory").name

    @staticmethod
    def _default_dir(engine: sa.Engine) -> Path:
        database = engine.url.database
        if engine.dialect.name == "sqlite" and database and database != ":memory:":
            return Path(database).resolve().parent
        return Path(tempfile.gettempdir())

    def lock(self, name: str) -> JobLock:
        """A lock object for job ``name`` (not yet acquired)."""
        if self.mode == "advisory":
            assert self._session_engine is not None
            return AdvisoryLock(name, self._session_engine)
        if self.mode == "row":
            return RowLock(
                name, self._engine, holder=self.holder, ttl_s=self._ttl_s, clock=self._clock
            )
        self._dir.mkdir(parents=True, exist_ok=True)
        return FileJobLock(name, self._dir / f"{self._stem}.{name}.lock")

    def close(self) -> None:
        """Drop the lock sessions' engine."""
        if self._session_engine is not None:
            self._session_engine.dispose()
