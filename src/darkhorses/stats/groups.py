"""Horse, jockey and trainer records per group (distance or course), shared by both tables.

Each row has the figures, the best / average / latest winning time and a going breakdown.
The runs are summed once per entity, group and going bucket; one aggregate of those sums
gives the row's figures and its going breakdown, and one pass over the wins finds the latest
winning time.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.aggregates import ae, record, rollup, sums, winning_times
from darkhorses.stats.definitions import json_object, json_object_agg, present, runner_rows
from darkhorses.stats.scope import Scope, among_keys, conditions
from darkhorses.stats.writes import write_staged

ENTITIES = {"horse": "horse_id", "jockey": "jockey_id", "trainer": "trainer_id"}


def group_select(
    table: sa.Table,
    entity: str,
    group: dict[str, str],
    as_of: date,
    now: datetime,
    scope: Scope | None = None,
) -> sa.Select[Any]:
    """Rows of ``table`` for one entity type; ``group`` maps its key column to a run column.

    A distance row also carries its band: the jumps band when any of its runs was over
    jumps (a 2m NH flat race and a 2m flat race share a distance), else the flat band.
    """
    r = runner_rows(until=as_of)
    id_column = ENTITIES[entity]
    key_cols = [r.c[id_column], *(r.c[src] for src in group.values())]
    names = ["entity_id", *group]
    where = conditions(
        *(present(k) for k in key_cols),
        among_keys(scope, key_cols, [id_column, *group.values()]),
    )
    keys = [k.label(n) for k, n in zip(key_cols, names, strict=True)]
    carried = []
    if "distance_band" in table.c:
        carried.append(sa.func.max(r.c.band).label("band"))  # "Jumps .." > "Flat .."
    g = (
        sa.select(
            *keys,
            r.c.going_b,
            *carried,
            *(e.label(n) for n, e in sums(r, times=True).items()),
        )
        .where(*where)
        .group_by(*key_cols, r.c.going_b)
        .cte("sums")
        .prefix_with("MATERIALIZED")
    )
    main_columns = [g.c[n] for n in names]
    if carried:
        main_columns.append(sa.func.max(g.c.band).label("distance_band"))
    # One row of ``g`` per going bucket: the breakdown is an aggregate of the same group.
    going = json_object_agg(
        g.c.going_b, json_object("runs", g.c.runs, "wins", g.c.wins, "ae", ae(g))
    )
    main = (
        sa.select(
            *main_columns,
            *(e.label(n) for n, e in rollup(g).items()),
            going.label("going_breakdown"),
        )
        .group_by(*(g.c[n] for n in names))
        .subquery("main")
    )
    latest = (
        sa.select(
            *keys,
            r.c.win_time,
            sa.func.row_number()
            .over(
                partition_by=key_cols,
                order_by=[r.c.day_no.desc(), r.c.off_dt.desc().nulls_last(), r.c.race_id.desc()],
            )
            .label("n"),
        )
        .where(r.c.win == 1, *where)
        .subquery("latest")
    )
    joined = main.outerjoin(
        latest, sa.and_(latest.c.n == 1, *(latest.c[n] == main.c[n] for n in names))
    )
    return sa.select(
        sa.literal(entity).label("entity_type"),
        *(main.c[n] for n in names),
        *([main.c.distance_band] if carried else []),
        *(expr.label(name) for name, expr in record(main).items()),
        *(expr.label(name) for name, expr in winning_times(main).items()),
        latest.c.win_time.label("last_winning_time_s"),
        main.c.going_breakdown,
        sa.literal(now, table.c.computed_at.type).label("computed_at"),
    ).select_from(joined)


def compute_groups(
    conn: sa.Connection,
    table: sa.Table,
    group: dict[str, str],
    as_of: date,
    now: datetime,
    scope: Scope | None = None,
) -> dict[str, int]:
    """Upsert ``table`` for horses, jockeys and trainers (the groups in ``scope``); drop groups
    that lost every run."""
    written = 0
    key_names = ["entity_id", *group]
    for entity, id_column in ENTITIES.items():
        in_scope = among_keys(scope, [table.c[n] for n in key_names], [id_column, *group.values()])
        written += write_staged(
            conn,
            table,
            group_select(table, entity, group, as_of, now, scope),
            stamps=("computed_at",),
            scope=sa.and_(table.c.entity_type == entity, *conditions(in_scope)),
        )
    return {table.name: written}
