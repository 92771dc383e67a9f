"""Landing a unit of work: every table of one ``Rows`` written in one transaction.

Masters first (regions, courses, bookmakers, people, horses, pedigree), then races, runners,
results, amendments and quarantined records, so a unit lands whole or not at all. A dry run
counts what it would write instead.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa

from darkhorses.jobs import amendments
from darkhorses.jobs.context import JobContext
from darkhorses.jobs.quarantine import resolve, write_quarantine
from darkhorses.jobs.report import JobReport
from darkhorses.store.schema import metadata
from darkhorses.store.writer import WriteError, upsert
from darkhorses.transform.rows import Rows

log = logging.getLogger("darkhorses.jobs")

# Race and runner columns both a card and a result write: once a race has its result, the
# result's values stand and a later card leaves them alone.
SHARED_RACE = (
    "course", "course_id", "off_time", "off_dt", "race_name", "type", "race_class", "pattern",
    "age_band", "rating_band", "sex_restriction", "distance_f", "distance_y", "distance_round",
    "going", "surface", "field_size", "jumps",
)  # fmt: skip
SHARED_RUNNER = (
    "horse", "jockey_id", "trainer_id", "owner_id", "number", "is_non_runner", "draw", "age",
    "weight_lbs", "headgear", "jockey_claim_lbs", "silk_url",
)  # fmt: skip
# Masters a result only fills where nothing is stored: cards and profiles describe them better.
FILL_FROM_RESULTS = (
    "ra_mst_jockeys", "ra_mst_trainers", "ra_mst_owners", "ra_mst_sires", "ra_mst_dams",
    "ra_mst_damsires", "ra_mst_horses", "ra_horse_pedigree",
)  # fmt: skip

# Counters of a transform worth keeping in the report.
KEPT_COUNTERS = ("filtered_foreign", "filtered_foreign_runners", "skipped_no_id", "unparsed_values")


def land(
    ctx: JobContext, rows: Rows, report: JobReport, *, unit: str, source: str = "other"
) -> bool:
    """Write ``rows`` in one transaction and count the outcome into ``report``.

    ``source`` is ``cards``, ``results`` or ``other``. Results log changes to stored results
    (see :mod:`darkhorses.jobs.amendments`) and only fill masters; cards leave the columns of
    races that have a result alone. Quarantined records make the run partial, one error line
    per unit. Returns False when the unit could not be stored (it is rolled back and said).
    """
    for name in KEPT_COUNTERS:
        if rows.counters[name]:
            report.count(name, rows.counters[name])
    if ctx.dry_run:
        for table in rows.table_names():
            report.add_rows(table, {"would_write": len(rows.tables[table])})
    else:
        try:
            with ctx.engine.begin() as conn:
                _write(ctx, conn, rows, report, source)
        except (WriteError, sa.exc.SQLAlchemyError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            report.fail(f"{unit}: not stored ({exc.__class__.__name__}: {reason})")
            log.error("%s: not stored: %s", unit, reason)
            return False
    ctx.brought_horses.update(key[0] for key in rows.tables.get("ra_mst_horses", {}))
    if rows.quarantined:
        first = rows.quarantined[0]
        report.count("quarantined", len(rows.quarantined))
        report.fail(
            f"{unit}: {len(rows.quarantined)} record(s) quarantined "
            f"(first: {first.record_key}: {first.reason})"
        )
        log.warning("%s: %d record(s) quarantined", unit, len(rows.quarantined))
    return True


def _write(
    ctx: JobContext, conn: sa.Connection, rows: Rows, report: JobReport, source: str
) -> None:
    """The unit's writes, in foreign-key order, inside the caller's transaction."""
    now = ctx.clock.now()
    _first_seen_bookmakers(conn, rows)
    if source == "cards":
        _keep_results(conn, rows)
    elif source == "results":
        for table in FILL_FROM_RESULTS:
            _fill_only(conn, table, rows)
    before = amendments.snapshot(conn, rows) if source == "results" else {}
    for table in rows.table_names():
        counts = upsert(conn, metadata.tables[table], rows.rows(table))
        report.add_rows(table, counts.as_dict())
    if source == "results":
        changed = amendments.log_changes(conn, before, rows, now=now, run_id=ctx.run_id)
        if changed:
            report.count("amendments", changed)
    stored = [k[0] for k in rows.tables.get("ra_mst_races", {})]
    stored += [f"{r}/{h}" for r, h in rows.tables.get("ra_mst_runners", {})]
    resolved = resolve(conn, stored, now=now)
    if resolved:
        report.count("quarantine_resolved", resolved)
    write_quarantine(conn, rows.quarantined, now=now, run_id=ctx.run_id)


def _first_seen_bookmakers(conn: sa.Connection, rows: Rows) -> None:
    """Keep ``first_seen_date`` the earliest and ``last_seen_date`` the latest card date.

    A transform cannot know what earlier batches saw; the database can. Taking the earliest
    and latest makes the outcome independent of the order cards arrive in (replay, import).
    """
    bookmakers = rows.tables.get("ra_mst_bookmakers")
    if not bookmakers:
        return
    table = metadata.tables["ra_mst_bookmakers"]
    ids = [key[0] for key in bookmakers]
    query = sa.select(table.c.id, table.c.first_seen_date, table.c.last_seen_date)
    stored = {r.id: r for r in conn.execute(query.where(table.c.id.in_(ids)))}
    for (bookmaker_id,), row in bookmakers.items():
        seen = row.get("last_seen_date")
        if seen is None:
            continue
        old = stored.get(bookmaker_id)
        if old is None or old.first_seen_date is None or seen < old.first_seen_date:
            row["first_seen_date"] = seen
        if old is not None and old.last_seen_date is not None and old.last_seen_date >= seen:
            del row["last_seen_date"]  # an older card must not move the date back


def _keep_results(conn: sa.Connection, rows: Rows) -> None:
    """Drop a card's values of the columns a stored result already set."""
    races = rows.tables.get("ra_mst_races")
    if not races:
        return
    table = metadata.tables["ra_mst_races"]
    ids = [key[0] for key in races]
    resulted = set(
        conn.execute(
            sa.select(table.c.id).where(table.c.id.in_(ids), table.c.has_result.is_(True))
        ).scalars()
    )
    if not resulted:
        return
    for (race_id,), row in races.items():
        if race_id in resulted:
            for column in SHARED_RACE:
                row.pop(column, None)
    for (race_id, _horse), row in rows.tables.get("ra_mst_runners", {}).items():
        if race_id in resulted:
            for column in SHARED_RUNNER:
                row.pop(column, None)


def _fill_only(conn: sa.Connection, name: str, rows: Rows) -> None:
    """Keep only the values of ``name`` rows whose stored value is empty."""
    wanted = rows.tables.get(name)
    if not wanted:
        return
    table = metadata.tables[name]
    key = table.primary_key.columns.values()[0]
    columns = sorted({c for row in wanted.values() for c in row} - {key.name})
    if not columns:
        return
    # Per stored row, the columns that already hold a value.
    filled: dict[Any, set[str]] = {}
    ids = [k[0] for k in wanted]
    selected = [key, *(table.c[c] for c in columns)]
    for start in range(0, len(ids), 500):
        query = sa.select(*selected).where(key.in_(ids[start : start + 500]))
        for stored in conn.execute(query):
            values = zip(columns, stored[1:], strict=True)
            filled[stored[0]] = {c for c, v in values if v is not None}
    for (ident,), row in wanted.items():
        taken = filled.get(ident)
        if taken:
            for column in taken.intersection(row):
                del row[column]
