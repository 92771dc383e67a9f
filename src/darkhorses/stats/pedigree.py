"""Sire, dam and damsire figures from their progeny's runs.

A horse's sire, dam and damsire are those of its ``ra_mst_horses`` row. Besides the totals, each
ancestor gets its classes and distance bands ranked by runs (top three kept), the best of each
by A/E among buckets with at least ``min_runs`` runs, and going and surface breakdowns.

The progeny's runs are kept as sums per ancestor, class, band, going and surface
(``dh_stats_ancestor_sums``, with ``dh_stats_horse_counts`` for the progeny): a full run sums
every run, an incremental one adds the runs counted now and takes out those counted before.
The totals, the rankings and the breakdowns all add those sums up.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.aggregates import ae, breakdown, rollup, total
from darkhorses.stats.definitions import money, percent_of, present, runner_rows
from darkhorses.stats.scope import Scope, among, conditions
from darkhorses.stats.sums import SUMS, add_to, sum_columns, update_horse_counts
from darkhorses.stats.writes import write_staged
from darkhorses.store.schema.racing import ra_mst_dams, ra_mst_damsires, ra_mst_sires
from darkhorses.store.schema.stats import dh_stats_ancestor_sums, dh_stats_horse_counts

ANCESTORS = {
    "sire": (ra_mst_sires, "sire_id"),
    "dam": (ra_mst_dams, "dam_id"),
    "damsire": (ra_mst_damsires, "damsire_id"),
}
TOP = 3
BUCKETS = ("class_b", "band", "going_b", "surface_b")


def _ranked(g: Any, bucket: str, min_runs: int, kind: str) -> Any:
    """Per (ancestor, bucket): runs, wins, win %, A/E; rank by runs and rank by A/E."""
    per = (
        sa.select(g.c.aid, g.c[bucket].label("name"), *(e.label(n) for n, e in rollup(g).items()))
        .where(g.c[bucket].is_not(None))
        .group_by(g.c.aid, g.c[bucket])
        .subquery(f"per_{kind}")
    )
    bucket_ae = ae(per)
    qualifies = sa.and_(per.c.runs >= min_runs, bucket_ae.is_not(None))
    return sa.select(
        per.c.aid,
        per.c.name,
        per.c.runs,
        per.c.wins,
        percent_of(per.c.wins, per.c.runs, 4, 100).label("win_percent"),
        bucket_ae.label("ae"),
        sa.func.row_number()
        .over(partition_by=per.c.aid, order_by=[per.c.runs.desc(), per.c.name])
        .label("by_runs"),
        sa.func.row_number()
        .over(
            partition_by=per.c.aid,
            order_by=[
                sa.case((qualifies, 0), else_=1),
                bucket_ae.desc(),
                per.c.runs.desc(),
                per.c.name,
            ],
        )
        .label("by_ae"),
        sa.case((qualifies, 1), else_=0).label("qualifies"),
    ).subquery(f"ranked_{kind}")


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
    return sa.select(*columns).group_by(c.aid).subquery(f"{kind}_pivot")


def _sums_from_runs(role: str, id_column: str, as_of: date) -> sa.Select[Any]:
    """Each ancestor's progeny runs up to ``as_of`` as sums per bucket."""
    r = runner_rows(until=as_of)
    who = r.c[id_column]
    buckets = [r.c.class_b, sa.func.coalesce(r.c.band, ""), r.c.going_b, r.c.surface_b]
    return (
        sa.select(
            sa.literal(role),
            who,
            *buckets,
            *sum_columns(r).values(),
            total(r.c.quality),
        )
        .where(present(who))
        .group_by(who, *buckets)
    )


def update_ancestor_sums(conn: sa.Connection, role: str, as_of: date, scope: Scope | None) -> None:
    """Bring ``dh_stats_ancestor_sums`` (and the progeny counts) for ``role`` up to date: from
    every run (full), or by the counted rows of the scope (exact: the sums add and subtract,
    and no figure of an ancestor is a latest date)."""
    _, id_column = ANCESTORS[role]
    a = dh_stats_ancestor_sums
    names = [c.name for c in a.columns]
    update_horse_counts(conn, role, id_column, as_of, scope)
    if scope is None:
        conn.execute(sa.delete(a).where(a.c.role == role))
        conn.execute(sa.insert(a).from_select(names, _sums_from_runs(role, id_column, as_of)))
        return
    t = scope.table
    who = t.c[id_column]
    buckets = [t.c.class_b, sa.func.coalesce(t.c.band, ""), t.c.going_b, t.c.surface_b]
    delta = (
        sa.select(
            sa.literal(role),
            who,
            *buckets,
            *sum_columns(t, t.c.sign).values(),
            total(t.c.quality * t.c.sign),
        )
        .where(t.c.sign != 0, who.is_not(None))
        .group_by(who, *buckets)
    )
    add_to(conn, a, names, delta, [*SUMS, "quality"])
    conn.execute(sa.delete(a).where(a.c.role == role, a.c.runs <= 0))


def ancestor_select(
    role: str, min_runs: int, now: datetime, scope: Scope | None = None
) -> sa.Select[Any]:
    """One row per ancestor with progeny runs (within ``scope``), from the sums."""
    table, id_column = ANCESTORS[role]
    a = dh_stats_ancestor_sums
    mine = conditions(a.c.role == role, among(scope, a.c.id, id_column))
    g = (
        sa.select(
            a.c.id.label("aid"),
            a.c.class_b,
            sa.func.nullif(a.c.band, "").label("band"),
            a.c.going_b,
            a.c.surface_b,
            *(a.c[n] for n in (*SUMS, "quality")),
        )
        .where(*mine)
        .cte("sums")
        .prefix_with("MATERIALIZED")
    )
    hc = dh_stats_horse_counts
    progeny = (
        sa.select(hc.c.id.label("aid"), sa.func.count().label("n"))
        .where(*conditions(hc.c.role == role, hc.c.runs > 0, among(scope, hc.c.id, id_column)))
        .group_by(hc.c.id)
        .subquery("progeny")
    )
    t = (
        sa.select(g.c.aid, *(e.label(n) for n, e in rollup(g).items()))
        .group_by(g.c.aid)
        .subquery("totals")
    )
    classes = _pivot(_ranked(g, "class_b", min_runs, "class"), "class")
    distances = _pivot(_ranked(g, "band", min_runs, "distance"), "distance")
    going = breakdown(g, ["aid"], "going_b", "going")
    surface = breakdown(g, ["aid"], "surface_b", "surface")
    columns: list[Any] = [
        t.c.aid.label("id"),
        progeny.c.n.label("total_progeny"),
        t.c.runs.label("total_runners"),
        t.c.wins.label("total_wins"),
        t.c.seconds.label("total_places_2nd"),
        t.c.thirds.label("total_places_3rd"),
        percent_of(t.c.wins, t.c.runs, 4, 100).label("overall_win_percent"),
        ae(t).label("overall_ae_index"),
        sa.case((t.c.priced > 0, money(t.c.pl_sp))).label("profit_loss_1u"),
        percent_of(t.c.quality, t.c.runs, 4).label("data_quality_score"),
        classes.c.best_class,
        classes.c.best_class_ae,
        distances.c.best_distance,
        distances.c.best_distance_ae,
    ]
    for pivot, kind in ((classes, "class"), (distances, "distance")):
        columns += [c for c in pivot.c if c.key.startswith(f"{kind}_")]
    columns += [
        going.c.breakdown.label("going_breakdown"),
        surface.c.breakdown.label("surface_breakdown"),
        sa.literal(now, table.c.analysis_last_updated.type).label("analysis_last_updated"),
    ]
    return sa.select(*columns).select_from(
        t.join(progeny, progeny.c.aid == t.c.aid)
        .outerjoin(classes, classes.c.aid == t.c.aid)
        .outerjoin(distances, distances.c.aid == t.c.aid)
        .outerjoin(going, going.c.aid == t.c.aid)
        .outerjoin(surface, surface.c.aid == t.c.aid)
    )


def compute_pedigree(
    conn: sa.Connection, as_of: date, now: datetime, min_runs: int, scope: Scope | None = None
) -> dict[str, int]:
    """Upsert the progeny figures of every sire, dam and damsire (those in ``scope``); rows
    written per table."""
    written: dict[str, int] = {}
    for role, (table, id_column) in ANCESTORS.items():
        update_ancestor_sums(conn, role, as_of, scope)
        select = ancestor_select(role, min_runs, now, scope)
        stats = [c.name for c in select.selected_columns if c.name != "id"]
        blank = ["total_runners", *(c for c in stats if c != "total_runners")]
        written[table.name] = write_staged(
            conn,
            table,
            select,
            stamps=("analysis_last_updated",),
            scope=among(scope, table.c.id, id_column),
            blank=blank,
        )
    return written
