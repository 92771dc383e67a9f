"""``compute(engine, what, full, as_of)``: recompute the racing statistics in the database.

The runners are first written once, with the definitions applied, to a temporary table; each
part is then one or a few ``INSERT ... SELECT`` upserts over it. All parts run in one
transaction, each under its own savepoint; nothing is read into Python. Every call is a full
recompute (``full`` is accepted for the command line's ``--full`` and means the same): see
``docs/statistics.md`` for why incremental recomputation was not worth its complexity.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa

from darkhorses.clock import Clock
from darkhorses.config import StatsSettings
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.stats.combos import compute_combos
from darkhorses.stats.definitions import drop_runs, prepare_runs
from darkhorses.stats.distance import compute_distance
from darkhorses.stats.pedigree import compute_pedigree
from darkhorses.stats.people import compute_people
from darkhorses.stats.runners import compute_runners
from darkhorses.stats.venue import compute_venue

log = logging.getLogger("darkhorses.stats")

PARTS = ("pedigree", "people", "combos", "distance", "venue", "runners")
WORK_MEM = "256MB"  # PostgreSQL sort memory for this transaction only


class UnknownPart(ValueError):
    """A ``--what`` name that is not a statistics part."""


def parts(what: str | Iterable[str] | None) -> list[str]:
    """The parts named by ``what`` ("all", a comma list, or names), in computing order."""
    if what is None:
        return list(PARTS)
    names = what.split(",") if isinstance(what, str) else list(what)
    chosen = {n.strip().lower() for n in names if n.strip()}
    if not chosen or "all" in chosen:
        return list(PARTS)
    unknown = sorted(chosen - set(PARTS))
    if unknown:
        raise UnknownPart(
            f"unknown statistics {', '.join(unknown)}; choose from all, {', '.join(PARTS)}"
        )
    return [p for p in PARTS if p in chosen]


def compute(
    engine: sa.Engine,
    what: str | Iterable[str] | None = "all",
    full: bool = True,
    as_of: date | None = None,
    *,
    settings: StatsSettings | None = None,
    clock: Clock | None = None,
) -> JobReport:
    """Recompute the chosen statistics as of ``as_of`` (default: today, UK calendar)."""
    chosen = parts(what)
    settings = settings or StatsSettings()
    clock = clock or Clock()
    now = clock.now()
    day = as_of or clock.today_uk()
    report = JobReport("stats", started_at=now)
    steps: dict[str, Callable[[sa.Connection], dict[str, int]]] = {
        "pedigree": lambda c: compute_pedigree(c, day, now, settings.min_bucket_runs),
        "people": lambda c: compute_people(c, day, now),
        "combos": lambda c: compute_combos(c, day, now, settings.min_combo_runs),
        "distance": lambda c: compute_distance(c, day, now),
        "venue": lambda c: compute_venue(c, day, now),
        "runners": lambda c: compute_runners(c, now),
    }
    # One transaction: readers see the old figures or the new, never half; a part that fails
    # rolls back to its savepoint and the others still land.
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # The window sorts run over every runner; in the default 4 MB they spill to disk.
            conn.exec_driver_sql(f"SET LOCAL work_mem = '{WORK_MEM}'")
        report.count("runners_read", prepare_runs(conn))
        for part in chosen:
            try:
                with conn.begin_nested():
                    written = steps[part](conn)
            except sa.exc.SQLAlchemyError as exc:
                log.error("statistics part %s failed: %s", part, _first_line(exc))
                report.fail(f"{part}: {exc.__class__.__name__}: {_first_line(exc)}")
                continue
            for table, n in written.items():
                report.add_rows(table, {"written": n})
            report.count(f"parts_{part}")
        drop_runs(conn)
    if report.errors and len(report.errors) == len(chosen):
        report.status = RunStatus.FAILED
    report.finished_at = clock.now()
    log.info("statistics %s as of %s (full=%s): %s", ",".join(chosen), day, full, report.status)
    return report


def _first_line(exc: Exception) -> str:
    text: Any = getattr(exc, "orig", None) or exc
    return str(text).strip().splitlines()[0] if str(text).strip() else exc.__class__.__name__
