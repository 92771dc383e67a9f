"""Small real job functions for the service tests, in the shape the scheduler runs.

``unit_of_work`` writes one checkpoint row per unit, each in its own transaction, and stops
between units when asked; it marks its start in a file so a test can signal it mid-run.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from darkhorses.jobs.report import JobReport
from darkhorses.store.schema import metadata


def quick(settings: Any, *, engine: sa.Engine, client: Any, clock: Any) -> JobReport:
    """Counts a few rows and API calls, writes nothing."""
    report = JobReport(job="quick")
    report.add_rows("ra_mst_races", {"inserted": 3, "unchanged": 7})
    report.count("races_fetched", 10)
    report.api_calls = 2
    return report


def unit_of_work(
    settings: Any, *, engine: sa.Engine, client: Any, clock: Any, stop: threading.Event
) -> JobReport:
    """Writes checkpoint ``unit:N`` for N = 0..99, one per transaction, until asked to stop."""
    table = metadata.tables["dh_checkpoints"]
    report = JobReport(job="units")
    marker = os.environ.get("DH_TEST_STARTED_FILE")
    if marker:
        Path(marker).write_text("started")
    for n in range(100):
        if stop.is_set():
            report.count("stopped_early")
            break
        with engine.begin() as conn:
            now = datetime.now(UTC)
            conn.execute(sa.insert(table).values(name=f"unit:{n}", state={"n": n}, updated_at=now))
            # Each unit takes a moment, so a signal lands mid-run.
            stop.wait(0.2)
            conn.execute(
                sa.update(table).where(table.c.name == f"unit:{n}").values(state={"n": n, "ok": 1})
            )
        report.add_rows("dh_checkpoints", {"inserted": 1})
    return report
