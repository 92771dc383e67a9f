"""Races, runners, results and runner statistics for the Today and race pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema.racing import (
    ra_mst_jockeys,
    ra_mst_races,
    ra_mst_runners,
    ra_mst_trainers,
)
from darkhorses.store.schema.stats import ra_runner_statistics

RACE_COLUMNS = (
    "id",
    "course_id",
    "course",
    "date",
    "off_time",
    "off_dt",
    "race_name",
    "region",
    "type",
    "race_class",
    "pattern",
    "age_band",
    "rating_band",
    "distance",
    "distance_round",
    "going",
    "surface",
    "prize",
    "prize_currency",
    "field_size",
    "is_abandoned",
    "race_status",
    "has_result",
    "winning_time_detail",
    "non_runners",
)

RUNNER_COLUMNS = (
    "horse_id",
    "horse",
    "number",
    "draw",
    "age",
    "weight_lbs",
    "jockey_claim_lbs",
    "headgear",
    "ofr",
    "rpr",
    "form",
    "is_non_runner",
    "position",
    "position_raw",
    "position_status",
    "btn_raw",
    "sp",
    "sp_dec",
    "is_favourite",
    "bsp",
    "finishing_time",
    "jockey_id",
    "trainer_id",
)

STAT_SCOPES = ("career", "course", "distance", "course_distance", "jockey", "last_12_months")


def races_on(conn: sa.Connection, day: date) -> list[dict[str, Any]]:
    """Every race of ``day`` (UK calendar), by off time then course."""
    r = ra_mst_races
    query = (
        sa.select(*(r.c[c] for c in RACE_COLUMNS))
        .where(r.c.date == day)
        .order_by(r.c.off_dt, r.c.course, r.c.id)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def race(conn: sa.Connection, race_id: str) -> dict[str, Any] | None:
    """One race, or None."""
    r = ra_mst_races
    row = conn.execute(sa.select(*(r.c[c] for c in RACE_COLUMNS)).where(r.c.id == race_id)).first()
    return dict(row._mapping) if row else None


def runners(conn: sa.Connection, race_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Runners of ``race_ids`` with jockey and trainer names, by race, in card order."""
    if not race_ids:
        return {}
    u, j, t = ra_mst_runners, ra_mst_jockeys, ra_mst_trainers
    query = (
        sa.select(
            u.c.race_id,
            *(u.c[c] for c in RUNNER_COLUMNS),
            j.c.name.label("jockey"),
            t.c.name.label("trainer"),
        )
        .select_from(u.outerjoin(j, j.c.id == u.c.jockey_id).outerjoin(t, t.c.id == u.c.trainer_id))
        .where(u.c.race_id.in_(race_ids))
        .order_by(u.c.race_id, sa.func.coalesce(u.c.number, 999), u.c.horse)
    )
    out: dict[str, list[dict[str, Any]]] = {rid: [] for rid in race_ids}
    for row in conn.execute(query):
        item = dict(row._mapping)
        out[item.pop("race_id")].append(item)
    return out


def winners(conn: sa.Connection, race_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Winners (dead-heaters share) of ``race_ids`` with their SP."""
    if not race_ids:
        return {}
    u = ra_mst_runners
    query = (
        sa.select(u.c.race_id, u.c.horse_id, u.c.horse, u.c.sp, u.c.sp_dec)
        .where(u.c.race_id.in_(race_ids), u.c.position == 1)
        .order_by(u.c.race_id, u.c.horse)
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for row in conn.execute(query):
        item = dict(row._mapping)
        out.setdefault(item.pop("race_id"), []).append(item)
    return out


def runner_statistics(conn: sa.Connection, race_id: str) -> dict[str, dict[str, Any]]:
    """Each runner's record before the race, where the stats job computed it, by horse."""
    s = ra_runner_statistics
    cols = [s.c[f"{scope}_{what}"] for scope in STAT_SCOPES for what in ("runs", "wins")]
    query = sa.select(s.c.horse_id, *cols, s.c.days_since_last_run, s.c.last_won_date).where(
        s.c.race_id == race_id
    )
    return {row.horse_id: dict(row._mapping) for row in conn.execute(query)}
