"""``darkhorses quality``: what the data itself says: counts, freshness, integrity, racing sense.

Every check is one SQL computation over all rows (no row caps), the same on SQLite and
PostgreSQL; see :mod:`darkhorses.checks.integrity` and :mod:`darkhorses.checks.racing`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa

from darkhorses.checks import integrity, racing
from darkhorses.checks.result import Check, Status
from darkhorses.checks.sql import table
from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.service.alerts import last_write
from darkhorses.store.schema import metadata

# Tables counted, and whose freshness is reported even without a staleness threshold.
CORE_TABLES = (
    "ra_mst_courses",
    "ra_mst_bookmakers",
    "ra_mst_races",
    "ra_mst_runners",
    "ra_mst_race_results",
    "ra_mst_horses",
    "ra_odds_live",
)
# An empty one of these means the pipeline has not run (or lost everything).
MUST_HAVE_ROWS = ("ra_mst_courses", "ra_mst_races", "ra_mst_runners")


def row_counts(conn: sa.Connection) -> Check:
    """Rows per core table; a warning when the tables every user reads are empty."""
    counts = {
        name: int(conn.execute(sa.select(sa.func.count()).select_from(table(name))).scalar_one())
        for name in CORE_TABLES
    }
    empty = [name for name in MUST_HAVE_ROWS if not counts[name]]
    total = sum(counts.values())
    summary = ", ".join(f"{name} {n}" for name, n in counts.items())
    if empty:
        message = f"empty: {', '.join(empty)} ({summary})"
        return Check("row_counts", Status.WARN, message, total, "rows", {"tables": counts})
    return Check("row_counts", Status.OK, summary, total, "rows", {"tables": counts})


def freshness(conn: sa.Connection, settings: Settings, now: datetime) -> list[Check]:
    """Hours since each table was last written; failing past ``service.stale_after_h``."""
    thresholds = settings.service.stale_after_h
    out: list[Check] = []
    for name in sorted(set(CORE_TABLES) | set(thresholds)):
        if name not in metadata.tables:
            out.append(Check(f"freshness:{name}", Status.FAIL, "no such table", None, "h"))
            continue
        newest = last_write(conn, name)
        limit = thresholds.get(name)
        bound = f" (threshold {limit:g} h)" if limit is not None else ""
        if newest is None:
            status = Status.WARN if limit is not None else Status.SKIP
            message = f"never written{bound}"
            out.append(Check(f"freshness:{name}", status, message, None, "h"))
            continue
        age_h = round((now - newest).total_seconds() / 3600, 2)
        status = Status.FAIL if limit is not None and age_h > limit else Status.OK
        message = f"last written {newest:%Y-%m-%d %H:%M} UTC, {age_h:g} h ago{bound}"
        details = {"last_written": newest.isoformat(), "threshold_h": limit}
        out.append(Check(f"freshness:{name}", status, message, age_h, "h", details))
    return out


RACING_SENSE: tuple[Callable[[sa.Connection], Check], ...] = (
    racing.one_winner,
    racing.field_size,
    racing.positions,
    racing.favourites,
    racing.overround,
)


def run_quality(
    engine: sa.Engine, settings: Settings, *, clock: Clock | None = None
) -> list[Check]:
    """Every quality check, in one read-only connection."""
    now = (clock or Clock()).now()
    with engine.connect() as conn:
        checks = [row_counts(conn)]
        checks += freshness(conn, settings, now)
        checks += integrity.required_fields(conn)
        checks += integrity.region_violations(conn, settings.sync.regions)
        checks += integrity.orphans(conn)
        checks += integrity.duplicates(conn)
        checks += [check(conn) for check in RACING_SENSE]
    return checks
