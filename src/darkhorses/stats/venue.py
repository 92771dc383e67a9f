"""Horse, jockey and trainer records per course."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from darkhorses.stats.groups import compute_groups
from darkhorses.stats.scope import Scope
from darkhorses.store.schema.stats import ra_performance_by_venue


def compute_venue(
    conn: sa.Connection, as_of: date, now: datetime, scope: Scope | None = None
) -> dict[str, int]:
    """Upsert ``ra_performance_by_venue`` (the groups in ``scope``)."""
    group = {"course_id": "course_id"}
    return compute_groups(conn, ra_performance_by_venue, group, as_of, now, scope)
