"""Jockey, trainer and owner form: career record, latest dates, days since, last 14 / 30 days.

Everything is counted up to the as-of date: runs on or before it make the record; "days since"
and "recent" are measured back from it, so a test (or a rerun for a past day) can fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.aggregates import ae, total
from darkhorses.stats.definitions import days_between, money, percent_of, runner_rows
from darkhorses.stats.writes import clear_missing, upsert_select
from darkhorses.store.schema.racing import ra_mst_jockeys, ra_mst_owners, ra_mst_trainers

RECENT_DAYS = (14, 30)


@dataclass(frozen=True)
class Role:
    """How one kind of person is counted."""

    table: sa.Table
    id_column: str  # the runner column naming them
    run_word: str  # total_rides / total_runners
    last_word: str  # last_ride_date / last_runner_date
    recent_word: str  # recent_14d_rides / recent_14d_runs


ROLES = {
    "jockey": Role(ra_mst_jockeys, "jockey_id", "rides", "ride", "rides"),
    "trainer": Role(ra_mst_trainers, "trainer_id", "runners", "runner", "runs"),
    "owner": Role(ra_mst_owners, "owner_id", "runners", "runner", "runs"),
}


def form_select(role: Role, as_of: date, now: datetime) -> sa.Select[Any]:
    """One row per person with runs up to ``as_of``: the statistics columns of their master."""
    r = runner_rows(until=as_of)
    who = r.c[role.id_column]
    runs = sa.func.count()
    wins = total(r.c.win)
    places = total(r.c.place)
    last = sa.func.max(r.c.date)
    last_win = sa.func.max(sa.case((r.c.win == 1, r.c.date)))
    as_of_value = sa.literal(as_of, sa.Date)
    columns: dict[str, Any] = {
        "id": who,
        f"total_{role.run_word}": runs,
        "total_wins": wins,
        "total_places": places,
        "total_seconds": total(r.c.second),
        "total_thirds": total(r.c.third),
        "win_rate": percent_of(wins, runs, 4),
        "place_rate": percent_of(places, runs, 4),
        "ae_index": ae(r),
        "profit_loss_1u": money(sa.func.sum(r.c.pl_sp)),
        f"last_{role.last_word}_date": last,
        "last_win_date": last_win,
        f"days_since_last_{role.last_word}": days_between(as_of_value, last),
        "days_since_last_win": days_between(as_of_value, last_win),
    }
    for days in RECENT_DAYS:
        # The ``days`` days ending on the as-of date, both ends counted: (as_of - days, as_of].
        recent = r.c.date > as_of - timedelta(days=days)
        n = sa.func.sum(sa.case((recent, 1), else_=0))
        w = sa.func.sum(sa.case((recent, r.c.win), else_=0))
        columns[f"recent_{days}d_{role.recent_word}"] = n
        columns[f"recent_{days}d_wins"] = w
        columns[f"recent_{days}d_win_rate"] = percent_of(w, n, 4)
        columns[f"recent_{days}d_ae"] = ae(r, recent)
    if role.table is ra_mst_owners:
        columns["total_horses"] = sa.func.count(sa.distinct(r.c.horse_id))
    columns["stats_as_of"] = as_of_value
    columns["stats_updated_at"] = sa.literal(now, role.table.c.stats_updated_at.type)
    return (
        sa.select(*(expr.label(name) for name, expr in columns.items()))
        .where(who.is_not(None))
        .group_by(who)
    )


def compute_people(
    conn: sa.Connection, as_of: date, now: datetime, roles: tuple[str, ...] = tuple(ROLES)
) -> dict[str, int]:
    """Upsert the form of every jockey, trainer and owner; rows written per table."""
    written: dict[str, int] = {}
    for name in roles:
        role = ROLES[name]
        select = form_select(role, as_of, now)
        written[role.table.name] = upsert_select(
            conn, role.table, select, stamps=("stats_updated_at",)
        )
        stats = [c.name for c in select.selected_columns if c.name != "id"]
        r = runner_rows(until=as_of)
        ids = sa.select(r.c[role.id_column]).where(r.c[role.id_column].is_not(None)).distinct()
        written[role.table.name] += clear_missing(
            conn, role.table, ids, stats, f"total_{role.run_word}"
        )
    return written
