"""Backfill progress in ``dh_backfill_days``: one row per kind and day, kept in the database.

A day is ``done`` (or ``empty``: no racing) once its rows are stored, in the same transaction
as those rows; ``failed`` days keep their last error and are fetched again. Anything without a
row is still to do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema.ops import dh_backfill_days

DONE = "done"
EMPTY = "empty"
FAILED = "failed"
FINISHED = (DONE, EMPTY)
ERROR_CHARS = 2000


def statuses(conn: sa.Connection, kind: str, start: date, end: date) -> dict[date, str]:
    """Status by day of ``kind`` in [start, end] (days without a row are absent)."""
    t = dh_backfill_days
    query = sa.select(t.c.day, t.c.status).where(t.c.kind == kind, t.c.day >= start, t.c.day <= end)
    return {row.day: row.status for row in conn.execute(query)}


def todo(conn: sa.Connection, kind: str, days: list[date]) -> list[date]:
    """The days of ``days`` not finished yet (never tried, or failed), oldest first."""
    if not days:
        return []
    known = statuses(conn, kind, days[0], days[-1])
    return [d for d in days if known.get(d) not in FINISHED]


def mark(
    conn: sa.Connection,
    kind: str,
    day: date,
    status: str,
    *,
    now: datetime,
    api_calls: int | None = None,
    rows: int | None = None,
    error: str | None = None,
) -> None:
    """Record the outcome of one attempt at a day (in the caller's transaction)."""
    t = dh_backfill_days
    key = (t.c.kind == kind) & (t.c.day == day)
    attempts = conn.execute(sa.select(t.c.attempts).where(key)).scalar_one_or_none()
    values: dict[str, Any] = {
        "status": status,
        "attempts": (attempts or 0) + 1,
        "last_error": error[:ERROR_CHARS] if error else None,
        "api_calls": api_calls,
        "rows": rows,
        "updated_at": now,
    }
    if attempts is None:
        conn.execute(sa.insert(t).values(kind=kind, day=day, **values))
    else:
        conn.execute(sa.update(t).where(key).values(**values))


@dataclass(frozen=True)
class KindStatus:
    """Where one kind's backfill stands over a range of days."""

    kind: str
    days: int
    done: int
    empty: int
    failed: int
    calls_per_day: float

    @property
    def remaining(self) -> int:
        """Days still to fetch (failed ones included)."""
        return self.days - self.done - self.empty

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "days": self.days,
            "done": self.done,
            "empty": self.empty,
            "failed": self.failed,
            "remaining": self.remaining,
            "calls_per_day": round(self.calls_per_day, 2),
        }


def kind_status(conn: sa.Connection, kind: str, days: list[date]) -> KindStatus:
    """Counts of ``kind`` over ``days``, and the API calls a day took on average so far."""
    if not days:
        return KindStatus(kind, 0, 0, 0, 0, 1.0)
    wanted = set(days)
    t = dh_backfill_days
    query = sa.select(t.c.day, t.c.status, t.c.api_calls).where(
        t.c.kind == kind, t.c.day >= days[0], t.c.day <= days[-1]
    )
    counts: Counter[str] = Counter()
    calls: list[int] = []
    for row in conn.execute(query):
        if row.day not in wanted:
            continue
        counts[row.status] += 1
        if row.status == DONE and row.api_calls:
            calls.append(row.api_calls)
    per_day = sum(calls) / len(calls) if calls else 1.0
    return KindStatus(kind, len(days), counts[DONE], counts[EMPTY], counts[FAILED], per_day)


def failed_days(conn: sa.Connection, kind: str, days: Iterable[date]) -> list[date]:
    """Which of ``days`` are marked failed."""
    wanted = sorted(set(days))
    if not wanted:
        return []
    known = statuses(conn, kind, wanted[0], wanted[-1])
    return [d for d in wanted if known.get(d) == FAILED]
