"""``compute(engine, what, full, as_of)``: bring the racing statistics in the database up to date.

The runners, with the definitions applied, are kept in ``dh_stats_runs``; each part is one or
a few ``INSERT ... SELECT`` upserts over it. All parts run in one transaction, each under its
own savepoint; nothing is read into Python.

A run is incremental by default: it takes the runner, race and horse changes logged since the
last run (:mod:`darkhorses.stats.changes`) and recomputes only the groups they touch
(:mod:`darkhorses.stats.scope`), which gives exactly what a full recompute would. It recomputes
everything instead (``full``) when asked, on the first run, when the definitions or a setting
changed, when the change-log triggers are missing, or when so much changed (a backfill) that
recomputing all is cheaper. A part the previous run did not compute is recomputed in full.
The checkpoint ``stats`` in ``dh_checkpoints`` records what the figures stand for.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.clock import Clock
from darkhorses.config import StatsSettings
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.stats import changes
from darkhorses.stats.combos import compute_combos
from darkhorses.stats.definitions import EPOCH
from darkhorses.stats.distance import compute_distance
from darkhorses.stats.pedigree import compute_pedigree
from darkhorses.stats.people import compute_people
from darkhorses.stats.runners import compute_runners
from darkhorses.stats.scope import Scope
from darkhorses.stats.venue import compute_venue
from darkhorses.store.schema.ops import dh_checkpoints
from darkhorses.store.writer import upsert

log = logging.getLogger("darkhorses.stats")

PARTS = ("pedigree", "people", "combos", "distance", "venue", "runners")
CHECKPOINT = "stats"
# Bump when a definition changes what ``dh_stats_runs`` holds or a part computes: the next
# run then recomputes everything.
VERSION = 2
# PostgreSQL, for this transaction only: sort memory for the window sorts and index builds,
# and no JIT (it
# spent longer compiling these wide statements than running them: 26 of 43 s on one year).
WORK_MEM = "256MB"
# More logged changes than this share of the stored runners (at least MIN_FULL_CHANGES):
# a full recompute is cheaper than an incremental one.
FULL_SHARE = 0.2
MIN_FULL_CHANGES = 20_000


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


@dataclass(frozen=True)
class Checkpoint:
    """What the stored figures stand for: the as-of date and each part's settings."""

    as_of: date
    parts: dict[str, dict[str, Any]]
    version: int = VERSION

    def as_json(self) -> dict[str, Any]:
        return {"version": self.version, "as_of": self.as_of.isoformat(), "parts": self.parts}

    @classmethod
    def from_json(cls, data: Any) -> Checkpoint | None:
        try:
            return cls(date.fromisoformat(data["as_of"]), dict(data["parts"]), data["version"])
        except (TypeError, KeyError, ValueError):
            return None


def part_settings(settings: StatsSettings) -> dict[str, dict[str, Any]]:
    """The settings each part's figures depend on."""
    return {
        "pedigree": {"min_bucket_runs": settings.min_bucket_runs},
        "people": {},
        "combos": {"min_combo_runs": settings.min_combo_runs},
        "distance": {},
        "venue": {},
        "runners": {},
    }


def compute(
    engine: sa.Engine,
    what: str | Iterable[str] | None = "all",
    full: bool = False,
    as_of: date | None = None,
    *,
    settings: StatsSettings | None = None,
    clock: Clock | None = None,
) -> JobReport:
    """Bring the chosen statistics up to date as of ``as_of`` (default: today, UK calendar):
    incrementally, or recomputing everything when ``full``."""
    chosen = parts(what)
    settings = settings or StatsSettings()
    clock = clock or Clock()
    now = clock.now()
    day = as_of or clock.today_uk()
    report = JobReport("stats", started_at=now)
    wanted = part_settings(settings)
    # One transaction: readers see the old figures or the new, never half; a part that fails
    # rolls back to its savepoint and the others still land.
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SET LOCAL work_mem = '{WORK_MEM}'")
            conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{WORK_MEM}'")
            conn.exec_driver_sql("SET LOCAL jit = off")
        before = _load(conn)
        reason = "asked" if full else _full_reason(conn, before)
        scope: Scope | None = None
        started = time.perf_counter()
        if reason:
            report.count("full_recompute")
            report.count("runners_read", changes.rebuild(conn))
            current: dict[str, dict[str, Any]] = {}
        else:
            assert before is not None
            scope, counts = changes.refresh(conn, _day_no(before.as_of), _day_no(day))
            report.count("incremental")
            for key, n in counts.items():
                report.count(key, n)
            current = before.parts
        log.debug("statistics input: %.2f s", time.perf_counter() - started)
        steps = _steps(day, now, settings)
        done: dict[str, dict[str, Any]] = {}
        for part in chosen:
            part_scope = scope if current.get(part) == wanted[part] else None
            started = time.perf_counter()
            try:
                with conn.begin_nested():
                    _plan_for(conn, part_scope)
                    written = steps[part](conn, part_scope)
            except sa.exc.SQLAlchemyError as exc:
                log.error("statistics part %s failed: %s", part, _first_line(exc))
                report.fail(f"{part}: {exc.__class__.__name__}: {_first_line(exc)}")
                continue
            for table, n in written.items():
                report.add_rows(table, {"written": n})
            report.count(f"parts_{part}")
            log.debug("statistics part %s: %.2f s", part, time.perf_counter() - started)
            if scope is not None and part_scope is None:
                report.count("parts_in_full")
            done[part] = wanted[part]
        changes.drop_temporary(conn)
        # The change log is now empty of what this run read: a part not computed here no
        # longer reflects the stored runners and is recomputed in full next time.
        _save(conn, Checkpoint(day, done), now)
    if report.errors and len(report.errors) == len(chosen):
        report.status = RunStatus.FAILED
    report.finished_at = clock.now()
    mode = f"full ({reason})" if reason else "incremental"
    log.info("statistics %s as of %s, %s: %s", ",".join(chosen), day, mode, report.status)
    return report


def _steps(
    day: date, now: datetime, settings: StatsSettings
) -> dict[str, Callable[[sa.Connection, Scope | None], dict[str, int]]]:
    return {
        "pedigree": lambda c, s: compute_pedigree(c, day, now, settings.min_bucket_runs, s),
        "people": lambda c, s: compute_people(c, day, now, scope=s),
        "combos": lambda c, s: compute_combos(c, day, now, settings.min_combo_runs, s),
        "distance": lambda c, s: compute_distance(c, day, now, s),
        "venue": lambda c, s: compute_venue(c, day, now, s),
        "runners": lambda c, s: compute_runners(c, now, s),
    }


def _plan_for(conn: sa.Connection, scope: Scope | None) -> None:
    """PostgreSQL: a statement over every group joins aggregates whose sizes the planner
    cannot estimate, and a nested loop it picks on a guess of a few rows can take seconds;
    hash joins are right there. Over a scope, index nested loops are what make it quick."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL enable_nestloop = {'on' if scope else 'off'}")


def _full_reason(conn: sa.Connection, before: Checkpoint | None) -> str | None:
    """Why this run must recompute everything; None when an incremental run is exact."""
    if before is None:
        return "no earlier run"
    if before.version != VERSION:
        return "the definitions changed"
    if not changes.triggers_installed(conn):
        log.warning("the statistics change-log triggers are missing: recomputing everything")
        return "change-log triggers missing"
    logged = changes.pending(conn)
    if logged > MIN_FULL_CHANGES and logged > FULL_SHARE * changes.stored_runs(conn):
        return f"{logged:,} changes"
    return None


def _day_no(day: date) -> int:
    return (day - EPOCH).days


def _load(conn: sa.Connection) -> Checkpoint | None:
    state = conn.execute(
        sa.select(dh_checkpoints.c.state).where(dh_checkpoints.c.name == CHECKPOINT)
    ).scalar_one_or_none()
    return Checkpoint.from_json(state)


def _save(conn: sa.Connection, checkpoint: Checkpoint, now: datetime) -> None:
    row = {"name": CHECKPOINT, "state": checkpoint.as_json(), "updated_at": now}
    upsert(conn, dh_checkpoints, [row], update_nulls=True)


def _first_line(exc: Exception) -> str:
    text: Any = getattr(exc, "orig", None) or exc
    return str(text).strip().splitlines()[0] if str(text).strip() else exc.__class__.__name__
