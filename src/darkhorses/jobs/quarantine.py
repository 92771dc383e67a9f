"""Quarantine: records that could not be read or stored, kept whole with the reason.

A record refused again is counted (``seen_count``) and its ``last_seen`` moved; its first
sighting is kept. Written in the same transaction as the rest of its unit of work.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.api.models.validate import Quarantined
from darkhorses.store.schema import metadata
from darkhorses.store.writer import upsert


def _payload(raw: Any) -> tuple[Any, str | None]:
    """The record for the JSON column, or its text when it is not JSON-serialisable."""
    try:
        return json.loads(json.dumps(raw, ensure_ascii=False, default=str)), None
    except (TypeError, ValueError):
        return None, repr(raw)


def write_quarantine(
    conn: sa.Connection,
    items: Sequence[Quarantined],
    *,
    now: datetime,
    run_id: int | None = None,
) -> int:
    """Store refused records; returns how many were written."""
    if not items:
        return 0
    table = metadata.tables["dh_quarantine"]
    keyed: dict[tuple[str, str, str], Quarantined] = {}
    for item in items:
        keyed[(item.source, item.record_key, item.reason[:2000])] = item
    known = {
        (r.source, r.record_key, r.reason): r.seen_count
        for r in conn.execute(
            sa.select(table.c.source, table.c.record_key, table.c.reason, table.c.seen_count).where(
                sa.tuple_(table.c.source, table.c.record_key).in_([(k[0], k[1]) for k in keyed])
            )
        )
    }
    rows = []
    for key, item in keyed.items():
        payload, text = _payload(item.raw)
        row: dict[str, Any] = {
            "source": key[0],
            "record_key": key[1],
            "reason": key[2],
            "payload": payload,
            "payload_text": text,
            "run_id": run_id,
            "last_seen": now,
            "seen_count": known.get(key, 0) + 1,
        }
        if key not in known:
            row["first_seen"] = now
        rows.append(row)
    upsert(conn, table, rows)
    return len(rows)


def resolve(conn: sa.Connection, keys: Sequence[str], *, now: datetime) -> int:
    """Mark open quarantine entries of ``keys`` as stored after all; returns how many."""
    table = metadata.tables["dh_quarantine"]
    open_entries = table.c.resolved_at.is_(None)
    if (
        not keys
        or conn.execute(sa.select(table.c.source).where(open_entries).limit(1)).first() is None
    ):
        return 0
    resolved = 0
    for start in range(0, len(keys), 500):
        result = conn.execute(
            sa.update(table)
            .where(open_entries, table.c.record_key.in_(list(keys[start : start + 500])))
            .values(resolved_at=now)
        )
        resolved += max(result.rowcount, 0)
    return resolved
