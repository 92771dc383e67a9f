"""Horse, jockey and trainer records per race distance in yards (with its band)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from darkhorses.stats.groups import compute_groups
from darkhorses.stats.scope import Scope
from darkhorses.store.schema.stats import ra_performance_by_distance


def compute_distance(
    conn: sa.Connection, as_of: date, now: datetime, scope: Scope | None = None
) -> dict[str, int]:
    """Upsert ``ra_performance_by_distance`` (the groups in ``scope``)."""
    group = {"distance_y": "distance_y"}
    return compute_groups(conn, ra_performance_by_distance, group, as_of, now, scope)
