"""Jockey, trainer and owner form: career record, latest dates, days since, last 14 / 30 days.

Everything is counted up to the as-of date: runs on or before it make the record; "days since"
and "recent" are measured back from it, so a test (or a rerun for a past day) can fix it.

Careers are kept as sums (``dh_stats_person_sums``, and ``dh_stats_horse_counts`` for an
owner's horses). A full run sums every run; an incremental run adds the runs counted now and
takes out those counted before (see :mod:`darkhorses.stats.scope`), and reads again the runs
of only a person who lost a counted run that was not put back (an amended result, a
corrected jockey): a latest date cannot be taken out of a maximum. The master row's career
columns are then written from the sums; the figures that move with the as-of date (days
since, the last 14 and 30 days) follow for everyone with a record, from their stored latest
dates and the runs of the last 30 days alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from darkhorses.stats.aggregates import total
from darkhorses.stats.definitions import (
    EPOCH,
    ae_of,
    days_between,
    money,
    percent_of,
    present,
    runner_rows,
    runs_table,
)
from darkhorses.stats.scope import Scope, among, conditions
from darkhorses.stats.sums import SUMS, add_to, sum_columns, update_horse_counts
from darkhorses.stats.writes import changed_rows, upsert_select, write_staged
from darkhorses.store.schema.racing import ra_mst_jockeys, ra_mst_owners, ra_mst_trainers
from darkhorses.store.schema.stats import dh_stats_horse_counts, dh_stats_person_sums

RECENT_DAYS = (14, 30)


@dataclass(frozen=True)
class Role:
    """How one kind of person is counted."""

    name: str
    table: sa.Table
    id_column: str  # the runner column naming them
    run_word: str  # total_rides / total_runners
    last_word: str  # last_ride_date / last_runner_date
    recent_word: str  # recent_14d_rides / recent_14d_runs

    @property
    def marker(self) -> str:
        """The column that is set exactly when the person has a record."""
        return f"total_{self.run_word}"


ROLES = {
    "jockey": Role("jockey", ra_mst_jockeys, "jockey_id", "rides", "ride", "rides"),
    "trainer": Role("trainer", ra_mst_trainers, "trainer_id", "runners", "runner", "runs"),
    "owner": Role("owner", ra_mst_owners, "owner_id", "runners", "runner", "runs"),
}


def _sums_from_runs(role: Role, as_of: date, where: Any = None) -> sa.Select[Any]:
    """Each person's sums and latest dates from their runs up to ``as_of``."""
    r = runner_rows(until=as_of, where=where)
    who = r.c[role.id_column]
    return (
        sa.select(
            sa.literal(role.name).label("role"),
            who.label("id"),
            *(e.label(n) for n, e in sum_columns(r).items()),
            sa.func.max(r.c.date).label("last_date"),
            sa.func.max(sa.case((r.c.win == 1, r.c.date))).label("last_win_date"),
        )
        .where(present(who))
        .group_by(who)
    )


def update_person_sums(conn: sa.Connection, role: Role, as_of: date, scope: Scope | None) -> None:
    """Bring ``dh_stats_person_sums`` for ``role`` up to date (and an owner's horse counts)."""
    ps = dh_stats_person_sums
    names = [c.name for c in ps.columns]
    if role.table is ra_mst_owners:
        update_horse_counts(conn, role.name, role.id_column, as_of, scope)
    if scope is None:
        conn.execute(sa.delete(ps).where(ps.c.role == role.name))
        conn.execute(sa.insert(ps).from_select(names, _sums_from_runs(role, as_of)))
        return
    t = scope.table.c
    who = t[role.id_column]
    counted = t.sign == 1
    delta = (
        sa.select(
            sa.literal(role.name),
            who,
            *sum_columns(scope.table, t.sign).values(),
            sa.func.max(sa.case((counted, t.date))),
            sa.func.max(sa.case((sa.and_(counted, t.win == 1), t.date))),
        )
        .where(t.sign != 0, who.is_not(None))
        .group_by(who)
    )
    add_to(conn, ps, names, delta, list(SUMS), ("last_date", "last_win_date"))
    # A person who lost a counted run that no run of the same runner, date and result put
    # back may have lost a latest date: theirs are summed again from their runs.
    old, new = scope.table.alias("old"), scope.table.alias("new")
    replaced = sa.exists().where(
        new.c.sign == 1,
        new.c.race_id == old.c.race_id,
        new.c.horse_id == old.c.horse_id,
        new.c[role.id_column] == old.c[role.id_column],
        new.c.day_no == old.c.day_no,
        new.c.win == old.c.win,
    )
    lost = (
        sa.select(old.c[role.id_column])
        .where(old.c.sign == -1, old.c[role.id_column].is_not(None), sa.not_(replaced))
        .distinct()
    )
    dirty = ps.c.id.in_(lost)
    if changed_rows(conn, sa.delete(ps).where(ps.c.role == role.name, dirty)):
        select = _sums_from_runs(role, as_of, runs_table.c[role.id_column].in_(lost))
        conn.execute(sa.insert(ps).from_select(names, select))
    conn.execute(sa.delete(ps).where(ps.c.role == role.name, ps.c.runs <= 0))


def career_select(role: Role, now: datetime, scope: Scope | None) -> sa.Select[Any]:
    """One row per person with a record (within ``scope``): the career columns, from the
    sums."""
    ps = dh_stats_person_sums
    t = (
        sa.select(ps)
        .where(*conditions(ps.c.role == role.name, among(scope, ps.c.id, role.id_column)))
        .subquery("career")
    )
    wins, runs = t.c.wins, t.c.runs
    places = wins + t.c.seconds + t.c.thirds
    priced = t.c.priced > 0
    columns: dict[str, Any] = {
        "id": t.c.id,
        f"total_{role.run_word}": runs,
        "total_wins": wins,
        "total_places": places,
        "total_seconds": t.c.seconds,
        "total_thirds": t.c.thirds,
        "win_rate": percent_of(wins, runs, 4),
        "place_rate": percent_of(places, runs, 4),
        "ae_index": ae_of(t.c.sp_wins, t.c.inverse),
        "profit_loss_1u": sa.case((priced, money(t.c.pl_sp))),
        f"last_{role.last_word}_date": t.c.last_date,
        "last_win_date": t.c.last_win_date,
    }
    source: Any = t
    if role.table is ra_mst_owners:
        hc = dh_stats_horse_counts
        horses = (
            sa.select(hc.c.id, sa.func.count().label("n"))
            .where(hc.c.role == role.name, hc.c.runs > 0)
            .group_by(hc.c.id)
            .subquery("horses")
        )
        columns["total_horses"] = horses.c.n
        source = t.join(horses, horses.c.id == t.c.id)
    columns["stats_updated_at"] = sa.literal(now, role.table.c.stats_updated_at.type)
    return sa.select(*(expr.label(name) for name, expr in columns.items())).select_from(source)


def form_select(role: Role, as_of: date, now: datetime) -> sa.Select[Any]:
    """Every person with a record: days since the latest run and win, and the last 14 and 30
    days, as of ``as_of`` (the career columns are already stored)."""
    m = role.table.c
    since = as_of - timedelta(days=max(RECENT_DAYS))
    window = runner_rows(until=as_of, where=runs_table.c.day_no > (since - EPOCH).days)
    who = window.c[role.id_column]
    recent_sums: list[Any] = []
    for days in RECENT_DAYS:
        # The ``days`` days ending on the as-of date, both ends counted: (as_of - days, as_of].
        inside = window.c.date > as_of - timedelta(days=days)
        recent_sums += [
            total(sa.case((inside, 1), else_=0)).label(f"n{days}"),
            total(sa.case((inside, window.c.win), else_=0)).label(f"w{days}"),
            sa.func.sum(sa.case((inside, window.c.sp_win)), type_=sa.BigInteger).label(f"s{days}"),
            sa.func.sum(sa.case((inside, window.c.inv_sp))).label(f"i{days}"),
        ]
    recent = (
        sa.select(who.label("id"), *recent_sums)
        .where(present(who))
        .group_by(who)
        .subquery("recent")
    )
    as_of_value = sa.literal(as_of, sa.Date)
    columns: dict[str, Any] = {
        "id": m.id,
        f"days_since_last_{role.last_word}": days_between(
            as_of_value, m[f"last_{role.last_word}_date"]
        ),
        "days_since_last_win": days_between(as_of_value, m.last_win_date),
    }
    for days in RECENT_DAYS:
        n = sa.func.coalesce(recent.c[f"n{days}"], 0)
        w = sa.func.coalesce(recent.c[f"w{days}"], 0)
        columns[f"recent_{days}d_{role.recent_word}"] = n
        columns[f"recent_{days}d_wins"] = w
        columns[f"recent_{days}d_win_rate"] = percent_of(w, n, 4)
        columns[f"recent_{days}d_ae"] = ae_of(recent.c[f"s{days}"], recent.c[f"i{days}"])
    columns["stats_as_of"] = as_of_value
    columns["stats_updated_at"] = sa.literal(now, role.table.c.stats_updated_at.type)
    return (
        sa.select(*(expr.label(name) for name, expr in columns.items()))
        .select_from(role.table.outerjoin(recent, recent.c.id == m.id))
        .where(m[role.marker].is_not(None))
    )


def statistics_columns(role: Role) -> list[str]:
    """The columns of ``role.table`` the stats job fills (blanked when the runs are gone)."""
    career = career_select(role, datetime(2000, 1, 1), None)
    form = form_select(role, date(2000, 1, 1), datetime(2000, 1, 1))
    names = [c.name for c in career.selected_columns if c.name != "id"]
    names += [c.name for c in form.selected_columns if c.name not in names and c.name != "id"]
    # The marker first: a row is blanked only while it is set.
    return [role.marker, *(n for n in names if n != role.marker)]


def compute_people(
    conn: sa.Connection,
    as_of: date,
    now: datetime,
    roles: tuple[str, ...] = tuple(ROLES),
    scope: Scope | None = None,
) -> dict[str, int]:
    """Upsert the form of every jockey, trainer and owner (the careers only of those in
    ``scope``); rows written per table."""
    written: dict[str, int] = {}
    for name in roles:
        role = ROLES[name]
        table = role.table
        update_person_sums(conn, role, as_of, scope)
        written[table.name] = write_staged(
            conn,
            table,
            career_select(role, now, scope),
            stamps=("stats_updated_at",),
            scope=among(scope, table.c.id, role.id_column),
            blank=statistics_columns(role),
        )
        written[table.name] += upsert_select(
            conn, table, form_select(role, as_of, now), stamps=("stats_updated_at",)
        )
    return written
