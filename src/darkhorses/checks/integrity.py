"""Data-integrity checks: required fields, regions, orphans and duplicates on natural keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from darkhorses.checks.result import Check, Status
from darkhorses.checks.sql import blank, normalised, table, violations

# Columns every stored row must carry, by table.
REQUIRED: dict[str, tuple[str, ...]] = {
    "ra_mst_courses": ("name", "region_code"),
    "ra_mst_races": ("course_id", "course", "off_dt", "region", "race_name", "type"),
    "ra_mst_runners": ("horse",),
    "ra_mst_horses": ("name",),
    "ra_mst_race_results": ("off_dt", "course_id", "region", "horse", "position_raw"),
    "ra_mst_bookmakers": ("name", "type"),
}

# (table, region column) holding racing that must lie in the configured regions.
REGIONAL = (
    ("ra_mst_races", "region"),
    ("ra_mst_race_results", "region"),
    ("ra_mst_courses", "region_code"),
)


def _verdict(
    name: str, count: int, shown: list[Any], what: str, *, bad: Status = Status.FAIL
) -> Check:
    if not count:
        return Check(name, Status.OK, f"no {what}", 0, "rows")
    return Check(name, bad, f"{count} {what}", count, "rows", {"examples": shown})


def required_fields(conn: sa.Connection) -> list[Check]:
    """Rows missing a column every row must have, per table."""
    out: list[Check] = []
    for name, columns in REQUIRED.items():
        t = table(name)
        pk = list(t.primary_key.columns)
        missing = {c: conn.execute(_count(t, blank(t.c[c]))).scalar_one() for c in columns}
        offending = sa.select(*pk).where(sa.or_(*(blank(t.c[c]) for c in columns)))
        count, shown = violations(conn, offending)
        check = _verdict(f"required:{name}", count, shown, "row(s) missing a required field")
        if count:
            gaps = ", ".join(f"{c} {n}" for c, n in missing.items() if n)
            check = Check(
                check.name,
                check.status,
                f"{count} row(s) missing a required field ({gaps})",
                count,
                "rows",
                {"missing": {c: n for c, n in missing.items() if n}, "examples": shown},
            )
        out.append(check)
    return out


def _count(t: sa.Table, where: sa.ColumnElement[bool]) -> sa.Select[Any]:
    return sa.select(sa.func.count()).select_from(t).where(where)


def region_violations(conn: sa.Connection, regions: list[str]) -> list[Check]:
    """Racing stored outside the configured regions (foreign racing must be filtered out)."""
    wanted = sorted({r.upper() for r in regions})
    out: list[Check] = []
    for name, column in REGIONAL:
        t = table(name)
        col = t.c[column]
        offending = sa.select(*t.primary_key.columns, col).where(
            col.is_not(None), sa.func.upper(col).not_in(wanted)
        )
        count, shown = violations(conn, offending)
        what = f"row(s) outside the configured regions {', '.join(wanted)}"
        out.append(_verdict(f"regions:{name}", count, shown, what))
    return out


def _missing(
    child: sa.Table, parent: sa.Table, pairs: list[tuple[str, str]]
) -> sa.ColumnElement[bool]:
    """No ``parent`` row matches ``child`` on ``pairs`` of (child column, parent column)."""
    match = sa.and_(*(parent.c[p] == child.c[c] for c, p in pairs))
    return ~sa.exists().where(match)


# name -> (child, parent, [(child col, parent col)], what, status when found)
ORPHANS: dict[str, tuple[str, str, list[tuple[str, str]], str, Status]] = {
    "runners_without_race": (
        "ra_mst_runners",
        "ra_mst_races",
        [("race_id", "id")],
        "runner(s) without a race",
        Status.FAIL,
    ),
    "results_without_race": (
        "ra_mst_race_results",
        "ra_mst_races",
        [("race_id", "id")],
        "result(s) without a race",
        Status.FAIL,
    ),
    "results_without_runner": (
        "ra_mst_race_results",
        "ra_mst_runners",
        [("race_id", "race_id"), ("horse_id", "horse_id")],
        "result(s) without a runner row",
        Status.FAIL,
    ),
    "races_without_course": (
        "ra_mst_races",
        "ra_mst_courses",
        [("course_id", "id")],
        "race(s) without a course",
        Status.FAIL,
    ),
    "runners_without_horse": (
        "ra_mst_runners",
        "ra_mst_horses",
        [("horse_id", "id")],
        "runner(s) without a horse",
        Status.FAIL,
    ),
    "runners_without_jockey": (
        "ra_mst_runners",
        "ra_mst_jockeys",
        [("jockey_id", "id")],
        "runner(s) with an unknown jockey",
        Status.WARN,
    ),
    "runners_without_trainer": (
        "ra_mst_runners",
        "ra_mst_trainers",
        [("trainer_id", "id")],
        "runner(s) with an unknown trainer",
        Status.WARN,
    ),
    "pedigree_without_horse": (
        "ra_horse_pedigree",
        "ra_mst_horses",
        [("horse_id", "id")],
        "pedigree row(s) without a horse",
        Status.FAIL,
    ),
    "odds_without_bookmaker": (
        "ra_odds_live",
        "ra_mst_bookmakers",
        [("bookmaker_id", "id")],
        "live price(s) from an unknown bookmaker",
        Status.FAIL,
    ),
    "odds_without_runner": (
        "ra_odds_live",
        "ra_mst_runners",
        [("race_id", "race_id"), ("horse_id", "horse_id")],
        "live price(s) for a runner not on any stored card",
        Status.WARN,
    ),
}


def orphans(conn: sa.Connection) -> list[Check]:
    """Rows whose parent row is missing (a NULL reference is not an orphan)."""
    out: list[Check] = []
    for name, (child_name, parent_name, pairs, what, bad) in ORPHANS.items():
        child, parent = table(child_name), table(parent_name)
        present = [child.c[c].is_not(None) for c, _ in pairs]
        offending = sa.select(*child.primary_key.columns).where(
            *present, _missing(child, parent, pairs)
        )
        count, shown = violations(conn, offending)
        out.append(_verdict(f"orphans:{name}", count, shown, what, bad=bad))
    return out


def _same(t: sa.Table, *key: sa.ColumnElement[Any]) -> sa.Select[Any]:
    """Groups of distinct ids sharing ``key``: (key..., ids)."""
    return (
        sa.select(*key, sa.func.count(sa.distinct(t.c.id)).label("ids"))
        .where(*(k.is_not(None) for k in key))
        .group_by(*key)
        .having(sa.func.count(sa.distinct(t.c.id)) > 1)
    )


def _dup_courses(conn: sa.Connection) -> Check:
    t = table("ra_mst_courses")
    count, shown = violations(
        conn, _same(t, normalised(t.c.name).label("name"), sa.func.upper(t.c.region_code))
    )
    return _verdict("duplicates:courses", count, shown, "course name(s) stored under two ids")


def _dup_bookmakers(conn: sa.Connection) -> Check:
    t = table("ra_mst_bookmakers")
    count, shown = violations(conn, _same(t, normalised(t.c.name).label("name")))
    return _verdict("duplicates:bookmakers", count, shown, "bookmaker(s) stored under two ids")


def _dup_horses(conn: sa.Connection) -> Check:
    t = table("ra_mst_horses")
    key = (normalised(t.c.name).label("name"), sa.func.upper(t.c.region), t.c.dob)
    count, shown = violations(conn, _same(t, *key))
    what = "horse(s) with the same name, region and foaling date under two ids"
    return _verdict("duplicates:horses", count, shown, what, bad=Status.WARN)


def _dup_saddle_cloths(conn: sa.Connection) -> Check:
    t = table("ra_mst_runners")
    offending = (
        sa.select(t.c.race_id, t.c.number)
        .where(t.c.number.is_not(None))
        .group_by(t.c.race_id, t.c.number)
        .having(sa.func.count() > 1)
    )
    count, shown = violations(conn, offending)
    return _verdict("duplicates:saddle_cloths", count, shown, "race(s) with a number used twice")


DUPLICATES: tuple[Callable[[sa.Connection], Check], ...] = (
    _dup_courses,
    _dup_bookmakers,
    _dup_horses,
    _dup_saddle_cloths,
)


def duplicates(conn: sa.Connection) -> list[Check]:
    """Natural-key duplicates the primary keys cannot catch: names under two ids, numbers."""
    return [check(conn) for check in DUPLICATES]
