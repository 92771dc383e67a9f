"""Horse, jockey and trainer records per group (distance or course), shared by both tables.

Each row has the figures, the best / average / latest winning time and a going breakdown.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.aggregates import breakdown, record, winning_times
from darkhorses.stats.definitions import runner_rows
from darkhorses.stats.writes import remove_missing, upsert_select

ENTITIES = {"horse": "horse_id", "jockey": "jockey_id", "trainer": "trainer_id"}


def group_select(
    table: sa.Table,
    entity: str,
    group: dict[str, str],
    as_of: date,
    now: datetime,
) -> sa.Select[Any]:
    """Rows of ``table`` for one entity type; ``group`` maps its key column to a run column.

    A distance row also carries its band: the jumps band when any of its runs was over
    jumps (a 2m NH flat race and a 2m flat race share a distance), else the flat band.
    """
    r = runner_rows(until=as_of)
    who = r.c[ENTITIES[entity]]
    keys = [who.label("entity_id"), *(r.c[src].label(dst) for dst, src in group.items())]
    key_cols = [who, *(r.c[src] for src in group.values())]
    latest = (
        sa.select(
            *keys,
            r.c.win_time,
            sa.func.row_number()
            .over(
                partition_by=key_cols,
                order_by=[r.c.date.desc(), r.c.off_dt.desc().nulls_last(), r.c.race_id.desc()],
            )
            .label("n"),
        )
        .where(r.c.win == 1)
        .cte("latest")
        .prefix_with("MATERIALIZED")
    )
    going = breakdown(r, keys, r.c.going_b)
    figures = record(r)
    carried = []
    if "distance_band" in table.c:
        carried.append(sa.func.max(r.c.band).label("distance_band"))  # "Jumps .." > "Flat .."
    main = (
        sa.select(
            *keys,
            *carried,
            *(expr.label(name) for name, expr in figures.items()),
            *(expr.label(name) for name, expr in winning_times(r).items()),
        )
        .where(*(k.is_not(None) for k in key_cols))
        .group_by(*key_cols)
        .cte("main")
        .prefix_with("MATERIALIZED")
    )
    names = ["entity_id", *group]
    joined = main.outerjoin(
        latest, sa.and_(latest.c.n == 1, *(latest.c[n] == main.c[n] for n in names))
    ).outerjoin(going, sa.and_(*(going.c[n] == main.c[n] for n in names)))
    return sa.select(
        sa.literal(entity).label("entity_type"),
        *main.c,
        latest.c.win_time.label("last_winning_time_s"),
        going.c.breakdown.label("going_breakdown"),
        sa.literal(now, table.c.computed_at.type).label("computed_at"),
    ).select_from(joined)


def compute_groups(
    conn: sa.Connection,
    table: sa.Table,
    group: dict[str, str],
    as_of: date,
    now: datetime,
) -> dict[str, int]:
    """Upsert ``table`` for horses, jockeys and trainers; drop groups that lost every run."""
    written = 0
    for entity in ENTITIES:
        select = group_select(table, entity, group, as_of, now)
        written += upsert_select(conn, table, select, stamps=("computed_at",))
        r = runner_rows(until=as_of)
        who, key = r.c[ENTITIES[entity]], r.c[next(iter(group.values()))]
        keys = (
            sa.select(sa.literal(entity), who, key)
            .where(who.is_not(None), key.is_not(None))
            .distinct()
        )
        written += remove_missing(conn, table, keys, table.c.entity_type == entity)
    return {table.name: written}
