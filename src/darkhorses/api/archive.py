"""The raw archive: every successful body, gzip-compressed and de-duplicated by sha256.

Rows go to ``dh_raw_responses`` with the endpoint, the parameters (``[[name, value], ...]``,
credentials never included), the status, first and last fetch time and a fetch count. A body
seen before only moves ``last_fetched_at`` and ``fetch_count``.

Polls (live odds, today's cards) fetch the same thing many times a day. For endpoints under
``ArchivePolicy.poll_prefixes`` a body identical to the last one fetched with the same
parameters is not written at all: only changes are kept.

Archiving never fails a fetch: errors are logged and counted, and the fetch goes on.
:func:`iter_archived` reads bodies back, oldest first, for ``replay``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

log = logging.getLogger("darkhorses.api.archive")

TABLE = "dh_raw_responses"


@dataclass(frozen=True)
class ArchivePolicy:
    """What to keep: all distinct bodies, and for polled endpoints only changes."""

    poll_prefixes: tuple[str, ...] = ("/v1/odds/", "/v1/racecards/")
    # How many (endpoint, params) keys to remember for change detection.
    remember: int = 20_000


@dataclass(frozen=True)
class ArchivedResponse:
    """One archived body, as ``replay`` sees it."""

    endpoint: str
    path: str
    params: list[list[str]]
    body: Any
    fetched_at: datetime


def _table() -> sa.Table:
    from darkhorses.store.schema import base

    return base.metadata.tables[TABLE]


def _insert_for(dialect: str, table: sa.Table) -> Any:
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no archive writer for {dialect}")


class RawArchive:
    """Writes response bodies to ``dh_raw_responses``; safe to share across threads."""

    def __init__(self, engine: sa.Engine, policy: ArchivePolicy | None = None) -> None:
        self.engine = engine
        self.policy = policy or ArchivePolicy()
        self.failures = 0
        self.skipped = 0
        self._last: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def _unchanged(self, path: str, params: Sequence[Sequence[str]], digest: str) -> bool:
        """True when a polled endpoint returned the same body as last time."""
        if not path.startswith(self.policy.poll_prefixes):
            return False
        key = json.dumps([path, params])
        with self._lock:
            same = self._last.get(key) == digest
            self._last[key] = digest
            self._last.move_to_end(key)
            while len(self._last) > self.policy.remember:
                self._last.popitem(last=False)
        return same

    def store(
        self,
        endpoint: str,
        path: str,
        params: Sequence[Sequence[str]],
        status: int,
        body: bytes,
        fetched_at: datetime,
    ) -> bool:
        """Archive one body; returns False (after logging) when it was skipped or failed.

        ``endpoint`` is the path template (``/v1/odds/{race_id}/{horse_id}``), ``path`` the
        path as requested.
        """
        try:
            digest = hashlib.sha256(body).hexdigest()
            if self._unchanged(path, params, digest):
                self.skipped += 1
                return False
            table = _table()
            row = {
                "sha256": digest,
                "endpoint": endpoint,
                "path": path,
                "params": [list(p) for p in params],
                "status": status,
                "first_fetched_at": fetched_at,
                "last_fetched_at": fetched_at,
                "fetch_count": 1,
                "body_gzip": gzip.compress(body, compresslevel=6),
                "body_bytes": len(body),
            }
            stmt = _insert_for(self.engine.dialect.name, table).values(row)
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c.sha256],
                set_={
                    "last_fetched_at": stmt.excluded.last_fetched_at,
                    "fetch_count": table.c.fetch_count + 1,
                },
            )
            with self.engine.begin() as conn:
                conn.execute(stmt)
            return True
        except Exception as exc:  # an archive problem must never fail the fetch
            self.failures += 1
            log.warning("archive write failed for %s: %s", endpoint, exc.__class__.__name__)
            return False


def iter_archived(
    engine: sa.Engine, *, since: date | datetime | None = None, endpoint_prefix: str = ""
) -> Iterator[ArchivedResponse]:
    """Archived bodies oldest first (by first fetch), optionally since a date or time.

    ``endpoint_prefix`` keeps only endpoints (path templates) starting with it.
    """
    table = _table()
    query = sa.select(
        table.c.endpoint,
        table.c.path,
        table.c.params,
        table.c.body_gzip,
        table.c.first_fetched_at,
    ).order_by(table.c.first_fetched_at, table.c.sha256)
    if since is not None:
        if not isinstance(since, datetime):
            since = datetime(since.year, since.month, since.day, tzinfo=UTC)
        query = query.where(table.c.first_fetched_at >= since)
    if endpoint_prefix:
        query = query.where(table.c.endpoint.startswith(endpoint_prefix))
    with engine.connect() as conn:
        for row in conn.execution_options(yield_per=200).execute(query):
            yield ArchivedResponse(
                endpoint=row.endpoint,
                path=row.path or row.endpoint,
                params=row.params or [],
                body=json.loads(gzip.decompress(row.body_gzip)),
                fetched_at=row.first_fetched_at,
            )
