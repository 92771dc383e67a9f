"""Sire, dam and damsire figures from their progeny's runs.

A horse's sire, dam and damsire are those of its ``ra_mst_horses`` row. Besides the totals, each
ancestor gets its classes and distance bands ranked by runs (top three kept), the best of each
by A/E among buckets with at least ``min_runs`` runs, and going and surface breakdowns.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.aggregates import ae, breakdown, total
from darkhorses.stats.definitions import money, percent_of, runner_rows
from darkhorses.stats.writes import clear_missing, upsert_select
from darkhorses.store.schema.racing import ra_mst_dams, ra_mst_damsires, ra_mst_sires

ANCESTORS = {
    "sire": (ra_mst_sires, "sire_id"),
    "dam": (ra_mst_dams, "dam_id"),
    "damsire": (ra_mst_damsires, "damsire_id"),
}
TOP = 3


def _ranked(r: Any, who: Any, bucket: Any, min_runs: int, kind: str) -> Any:
    """Per (ancestor, bucket): runs, wins, win %, A/E; rank by runs and rank by A/E."""
    runs = sa.func.count()
    wins = total(r.c.win)
    bucket_ae = ae(r)
    qualifies = sa.and_(runs >= min_runs, bucket_ae.is_not(None))
    return (
        sa.select(
            who.label("aid"),
            bucket.label("name"),
            runs.label("runs"),
            wins.label("wins"),
            percent_of(wins, runs, 4, 100).label("win_percent"),
            bucket_ae.label("ae"),
            sa.func.row_number()
            .over(partition_by=who, order_by=[runs.desc(), bucket])
            .label("by_runs"),
            sa.func.row_number()
            .over(
                partition_by=who,
                order_by=[sa.case((qualifies, 0), else_=1), bucket_ae.desc(), runs.desc(), bucket],
            )
            .label("by_ae"),
            sa.case((qualifies, 1), else_=0).label("qualifies"),
        )
        .where(who.is_not(None), bucket.is_not(None))
        .group_by(who, bucket)
        .cte(f"ranked_{kind}")
        .prefix_with("MATERIALIZED")
    )


def _pivot(ranked: Any, kind: str) -> Any:
    """One row per ancestor: ``{kind}_1..3`` columns and ``best_{kind}`` / ``best_{kind}_ae``."""
    c = ranked.c
    columns: list[Any] = [c.aid]
    for n in range(1, TOP + 1):
        at = c.by_runs == n
        for field, source in (
            ("name", c.name),
            ("runners", c.runs),
            ("wins", c.wins),
            ("win_percent", c.win_percent),
            ("ae", c.ae),
        ):
            columns.append(sa.func.max(sa.case((at, source))).label(f"{kind}_{n}_{field}"))
    best = sa.and_(c.by_ae == 1, c.qualifies == 1)
    columns.append(sa.func.max(sa.case((best, c.name))).label(f"best_{kind}"))
    columns.append(sa.func.max(sa.case((best, c.ae))).label(f"best_{kind}_ae"))
    return sa.select(*columns).group_by(c.aid).cte(f"{kind}_pivot").prefix_with("MATERIALIZED")


def ancestor_select(role: str, min_runs: int, as_of: date, now: datetime) -> sa.Select[Any]:
    """One row per ancestor with progeny runs up to ``as_of``: its statistics columns."""
    table, id_column = ANCESTORS[role]
    r = runner_rows(until=as_of)
    who = r.c[id_column]
    runs = sa.func.count()
    wins = total(r.c.win)
    totals = (
        sa.select(
            who.label("aid"),
            sa.func.count(sa.distinct(r.c.horse_id)).label("total_progeny"),
            runs.label("total_runners"),
            wins.label("total_wins"),
            total(r.c.second).label("total_places_2nd"),
            total(r.c.third).label("total_places_3rd"),
            percent_of(wins, runs, 4, 100).label("overall_win_percent"),
            ae(r).label("overall_ae_index"),
            money(sa.func.sum(r.c.pl_sp)).label("profit_loss_1u"),
            percent_of(total(r.c.quality), runs, 4).label("data_quality_score"),
        )
        .where(who.is_not(None))
        .group_by(who)
        .cte("totals")
        .prefix_with("MATERIALIZED")
    )
    classes = _pivot(_ranked(r, who, r.c.class_b, min_runs, "class"), "class")
    distances = _pivot(_ranked(r, who, r.c.band, min_runs, "distance"), "distance")
    going = breakdown(r, [who.label("aid")], r.c.going_b, "going")
    surface = breakdown(r, [who.label("aid")], r.c.surface_b, "surface")
    t = totals.c
    columns: list[Any] = [t.aid.label("id")]
    columns += [c for c in t if c.key != "aid"]
    columns += [classes.c.best_class, classes.c.best_class_ae]
    columns += [distances.c.best_distance, distances.c.best_distance_ae]
    for pivot, kind in ((classes, "class"), (distances, "distance")):
        columns += [c for c in pivot.c if c.key.startswith(f"{kind}_")]
    columns += [
        going.c.breakdown.label("going_breakdown"),
        surface.c.breakdown.label("surface_breakdown"),
        sa.literal(now, table.c.analysis_last_updated.type).label("analysis_last_updated"),
    ]
    return sa.select(*columns).select_from(
        totals.outerjoin(classes, classes.c.aid == t.aid)
        .outerjoin(distances, distances.c.aid == t.aid)
        .outerjoin(going, going.c.aid == t.aid)
        .outerjoin(surface, surface.c.aid == t.aid)
    )


def compute_pedigree(
    conn: sa.Connection, as_of: date, now: datetime, min_runs: int
) -> dict[str, int]:
    """Upsert the progeny figures of every sire, dam and damsire; rows written per table."""
    written: dict[str, int] = {}
    for role, (table, id_column) in ANCESTORS.items():
        select = ancestor_select(role, min_runs, as_of, now)
        written[table.name] = upsert_select(conn, table, select, stamps=("analysis_last_updated",))
        stats = [c.name for c in select.selected_columns if c.name != "id"]
        r = runner_rows(until=as_of)
        ids = sa.select(r.c[id_column]).where(r.c[id_column].is_not(None)).distinct()
        written[table.name] += clear_missing(conn, table, ids, stats, "total_runners")
    return written
