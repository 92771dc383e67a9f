"""The statistics' input, ``dh_stats_runs``, kept in step with the runners, races and horses.

Triggers (migration 0003) log every runner, race and horse row that changes in a column the
definitions read to ``dh_stats_changes``, in the writer's own transaction, so no change can
slip between a write and a statistics run however they interleave. A run first takes the
log's rows it can see (later commits stay for the next run), then:

- :func:`rebuild` (a full run): rewrites every row of ``dh_stats_runs``;
- :func:`refresh` (an incremental run): rewrites only the runners of the races and horses in
  the log, and writes their old and new versions, with the runs whose date crossed the as-of
  date, to the ``touched`` table: the groups a :class:`~darkhorses.stats.scope.Scope`
  recomputes.

Either way the rows taken from the log are then deleted from it.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.definitions import definitions_select, runs_table
from darkhorses.stats.scope import Scope, touched_table
from darkhorses.stats.writes import changed_rows
from darkhorses.store.schema.racing import ra_mst_runners
from darkhorses.store.schema.stats import dh_stats_changes

# The columns whose change the triggers log, by table (the definitions read no others; a test
# holds ``definitions_select`` to this list and the migration's triggers to it).
WATCHED = {
    "ra_mst_runners": (
        "race_id",
        "horse_id",
        "jockey_id",
        "trainer_id",
        "owner_id",
        "position",
        "position_status",
        "is_non_runner",
        "sp_dec",
        "bsp",
        "finishing_time_s",
    ),
    "ra_mst_races": (
        "id",
        "course_id",
        "date",
        "off_dt",
        "distance_y",
        "going",
        "surface",
        "race_class",
        "region",
        "type",
        "winning_time_s",
    ),
    "ra_mst_horses": ("id", "sire_id", "dam_id", "damsire_id"),
}
log = logging.getLogger("darkhorses.stats")

TRIGGERS = tuple(
    f"dh_stats_{stem}_{event}"
    for stem in ("runners", "races", "horses")
    for event in ("insert", "update", "delete")
)

_metadata = sa.MetaData()
batch_table = sa.Table(
    "dh_stats_batch",
    _metadata,
    sa.Column("id", sa.Integer),
    sa.Column("race_id", sa.Text),
    sa.Column("horse_id", sa.Text),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)
keys_table = sa.Table(
    "dh_stats_keys",
    _metadata,
    sa.Column("race_id", sa.Text),
    sa.Column("horse_id", sa.Text),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)
TEMPORARY = (batch_table, keys_table, touched_table)


def triggers_installed(conn: sa.Connection) -> bool:
    """True when every trigger that feeds the change log exists."""
    if conn.dialect.name == "postgresql":
        query = sa.text(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname IN :names"
        ).bindparams(sa.bindparam("names", expanding=True))
    else:
        query = sa.text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN :names"
        ).bindparams(sa.bindparam("names", expanding=True))
    return conn.execute(query, {"names": list(TRIGGERS)}).scalar_one() == len(TRIGGERS)


def pending(conn: sa.Connection) -> int:
    """Changes logged and not yet taken by a statistics run."""
    return conn.execute(sa.select(sa.func.count()).select_from(dh_stats_changes)).scalar_one()


def stored_runs(conn: sa.Connection) -> int:
    """Rows of ``dh_stats_runs``."""
    return conn.execute(sa.select(sa.func.count()).select_from(runs_table)).scalar_one()


def _create(conn: sa.Connection, table: sa.Table) -> None:
    table.drop(conn, checkfirst=True)
    table.create(conn)


def _take(conn: sa.Connection) -> int:
    """Copy the log's visible rows to ``batch_table`` (one statement, one snapshot): exactly
    these are deleted at the end; a change committed meanwhile stays for the next run."""
    _create(conn, batch_table)
    columns = [c.name for c in batch_table.c]
    conn.execute(sa.insert(batch_table).from_select(columns, sa.select(dh_stats_changes)))
    return conn.execute(sa.select(sa.func.count()).select_from(batch_table)).scalar_one()


def _drain(conn: sa.Connection) -> None:
    conn.execute(
        sa.delete(dh_stats_changes).where(dh_stats_changes.c.id.in_(sa.select(batch_table.c.id)))
    )


def _analyze(conn: sa.Connection, table: sa.Table) -> None:
    conn.exec_driver_sql(f"ANALYZE {table.name}")


def rebuild(conn: sa.Connection) -> int:
    """Rewrite every row of ``dh_stats_runs`` from the stored runners; rows written.

    The indexes are dropped first and built again after the rows are in (a sorted build,
    several times faster than keeping eight indexes up to date row by row)."""
    started = time.perf_counter()
    _take(conn)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"TRUNCATE {runs_table.name}")
    else:
        conn.execute(sa.delete(runs_table))
    indexes = sorted(runs_table.indexes, key=lambda i: str(i.name))
    for index in indexes:
        index.drop(conn, checkfirst=True)
    select = definitions_select()
    insert = sa.insert(runs_table).from_select([c.name for c in select.selected_columns], select)
    written = changed_rows(conn, insert)
    log.debug("runner rows written: %.2f s", time.perf_counter() - started)
    for index in indexes:
        index.create(conn, checkfirst=True)
    log.debug("indexes built: %.2f s", time.perf_counter() - started)
    _analyze(conn, runs_table)
    _drain(conn)
    log.debug("runner rows analysed: %.2f s", time.perf_counter() - started)
    return max(written, 0)


def refresh(conn: sa.Connection, before: int, now: int) -> tuple[Scope, dict[str, int]]:
    """Bring ``dh_stats_runs`` up to date with the logged changes; the scope they touch.

    ``before`` and ``now`` are the previous and this run's as-of dates as day numbers: a run
    counts when it is on or before the as-of date, so when it moves the runs in between
    enter (or leave) the count and touch their groups too."""
    taken = _take(conn)
    _analyze(conn, batch_table)
    b = batch_table.c
    races = sa.select(b.race_id).where(b.race_id.is_not(None))
    horses = sa.select(b.horse_id).where(b.race_id.is_(None), b.horse_id.is_not(None))
    # Every runner of a logged race (a runner's change can move its race's dead-heat count)
    # and of a logged horse (its pedigree), as stored now and as the statistics last read it.
    _create(conn, keys_table)
    for source in (runs_table, ra_mst_runners):
        for column, ids in (("race_id", races), ("horse_id", horses)):
            conn.execute(
                sa.insert(keys_table).from_select(
                    ["race_id", "horse_id"],
                    sa.select(source.c.race_id, source.c.horse_id).where(source.c[column].in_(ids)),
                )
            )
    _analyze(conn, keys_table)
    r = runs_table.c
    keys = sa.select(keys_table.c.race_id, keys_table.c.horse_id)
    logged = sa.tuple_(r.race_id, r.horse_id).in_(keys)
    _create(conn, touched_table)
    _touch(conn, logged, 1, _counted(before, -1))
    conn.execute(sa.delete(runs_table).where(logged))
    rn = ra_mst_runners.c
    select = definitions_select(
        races=sa.select(keys_table.c.race_id),
        where=sa.tuple_(rn.race_id, rn.horse_id).in_(keys),
    )
    insert = sa.insert(runs_table).from_select([c.name for c in select.selected_columns], select)
    refreshed = changed_rows(conn, insert)
    _touch(conn, logged, 1, _counted(now, 1))
    if before != now:
        # Unchanged runs dated between the two as-of dates: counted now, or no longer.
        lo, hi = sorted((before, now))
        crossing = sa.and_(r.run == 1, r.day_no > lo, r.day_no <= hi, sa.not_(logged))
        _touch(conn, crossing, 0, sa.literal(1 if now > before else -1))
    _analyze(conn, touched_table)
    _drain(conn)
    return Scope(), {"changes_read": taken, "runners_refreshed": max(refreshed, 0)}


def _counted(day: int, sign: int) -> Any:
    """``sign`` for a run counted as of ``day`` (on or before it), else 0."""
    r = runs_table.c
    return sa.case((sa.and_(r.run == 1, r.day_no <= day), sign), else_=0)


def _touch(conn: sa.Connection, where: Any, changed: int, sign: Any) -> None:
    columns = [c.name for c in runs_table.c]
    select = sa.select(
        *(runs_table.c[c] for c in columns), sa.literal(changed), sign.label("sign")
    ).where(where)
    conn.execute(sa.insert(touched_table).from_select([*columns, "changed", "sign"], select))


def drop_temporary(conn: sa.Connection) -> None:
    """Remove this run's temporary tables (PostgreSQL drops them at commit anyway)."""
    for table in TEMPORARY:
        table.drop(conn, checkfirst=True)
