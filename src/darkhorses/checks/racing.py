"""Racing-sense checks: what every finished race and every book of prices must look like."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from darkhorses.checks.result import Check, Status
from darkhorses.checks.sql import blank, table, truthy, violations

# Sum of implied probabilities (1 / decimal) of a complete book, by bookmaker type: a fixed-odds
# book carries a margin; an exchange's back prices sit close to 100%.
OVERROUND_BANDS: dict[str, tuple[float, float]] = {
    "fixed": (1.0, 1.6),
    "exchange": (0.9, 1.1),
}


def _finished(races: sa.Table) -> sa.ColumnElement[bool]:
    return sa.and_(truthy(races.c.has_result), ~truthy(races.c.is_abandoned))


def _check(name: str, count: int, shown: list[Any], what: str, unit: str = "races") -> Check:
    if not count:
        return Check(name, Status.OK, f"no {what}", 0, unit)
    return Check(name, Status.FAIL, f"{count} {what}", count, unit, {"examples": shown})


def one_winner(conn: sa.Connection) -> Check:
    """Each finished race has exactly one winner, unless the winners dead-heated."""
    races, runners = table("ra_mst_races"), table("ra_mst_runners")
    first = runners.c.position == 1
    winners = sa.func.sum(sa.case((first, 1), else_=0))
    dead_heaters = sa.func.sum(
        sa.case((sa.and_(first, truthy(runners.c.is_dead_heat)), 1), else_=0)
    )
    per_race = (
        sa.select(
            races.c.id.label("race_id"),
            sa.func.coalesce(winners, 0).label("winners"),
            sa.func.coalesce(dead_heaters, 0).label("dead_heaters"),
        )
        .select_from(races.outerjoin(runners, runners.c.race_id == races.c.id))
        .where(_finished(races))
        .group_by(races.c.id)
        .subquery()
    )
    offending = sa.select(per_race.c.race_id, per_race.c.winners).where(
        sa.or_(
            per_race.c.winners == 0,
            sa.and_(per_race.c.winners > 1, per_race.c.dead_heaters != per_race.c.winners),
        )
    )
    count, shown = violations(conn, offending)
    return _check("racing:one_winner", count, shown, "finished race(s) without exactly one winner")


def field_size(conn: sa.Connection) -> Check:
    """Runners stored match the field: declared on cards; declared minus non-runners once run."""
    races, runners = table("ra_mst_races"), table("ra_mst_runners")
    declared = sa.func.count(runners.c.horse_id)
    withdrawn = sa.func.sum(sa.case((truthy(runners.c.is_non_runner), 1), else_=0))
    per_race = (
        sa.select(
            races.c.id.label("race_id"),
            races.c.field_size,
            _finished(races).label("finished"),
            declared.label("declared"),
            sa.func.coalesce(withdrawn, 0).label("withdrawn"),
        )
        .select_from(races.outerjoin(runners, runners.c.race_id == races.c.id))
        .where(races.c.field_size.is_not(None), ~truthy(races.c.is_abandoned))
        .group_by(races.c.id, races.c.field_size, races.c.has_result, races.c.is_abandoned)
        .subquery()
    )
    expected = sa.case(
        (per_race.c.finished, per_race.c.declared - per_race.c.withdrawn),
        else_=per_race.c.declared,
    )
    offending = sa.select(per_race.c.race_id, per_race.c.field_size, expected.label("stored"))
    offending = offending.where(per_race.c.field_size != expected)
    count, shown = violations(conn, offending)
    what = "race(s) whose runners do not add up to the field (declared minus non-runners)"
    return _check("racing:field_size", count, shown, what)


def positions(conn: sa.Connection) -> Check:
    """Every runner that ran in a finished race has a placing (a number or PU, F, UR...)."""
    races, runners = table("ra_mst_races"), table("ra_mst_runners")
    offending = (
        sa.select(runners.c.race_id, runners.c.horse_id)
        .select_from(runners.join(races, races.c.id == runners.c.race_id))
        .where(_finished(races), ~truthy(runners.c.is_non_runner), blank(runners.c.position_raw))
    )
    count, shown = violations(conn, offending)
    what = "runner(s) in finished races without a position"
    return _check("racing:positions", count, shown, what, unit="runners")


def favourites(conn: sa.Connection) -> Check:
    """The SP favourite mark sits on the shortest starting price of the race, and only there."""
    races, runners = table("ra_mst_races"), table("ra_mst_runners")
    priced = sa.and_(runners.c.sp_dec.is_not(None), ~truthy(runners.c.is_non_runner))
    shortest = (
        sa.select(runners.c.race_id, sa.func.min(runners.c.sp_dec).label("sp_min"))
        .select_from(runners.join(races, races.c.id == runners.c.race_id))
        .where(_finished(races), priced)
        .group_by(runners.c.race_id)
        .subquery()
    )
    marked = truthy(runners.c.is_favourite)
    is_shortest = runners.c.sp_dec == shortest.c.sp_min
    offending = (
        sa.select(runners.c.race_id, runners.c.horse_id, runners.c.sp)
        .select_from(runners.join(shortest, shortest.c.race_id == runners.c.race_id))
        .where(priced, sa.or_(sa.and_(marked, ~is_shortest), sa.and_(~marked, is_shortest)))
    )
    count, shown = violations(conn, offending)
    what = "runner(s) whose favourite mark disagrees with the starting prices"
    return _check("racing:sp_favourites", count, shown, what, unit="runners")


def overround(conn: sa.Connection, bands: dict[str, tuple[float, float]] | None = None) -> Check:
    """Each bookmaker's complete book on a race sums to a sane overround for its type."""
    bands = bands or OVERROUND_BANDS
    odds, books = table("ra_odds_live"), table("ra_mst_bookmakers")
    live = sa.and_(odds.c.decimal.is_not(None), odds.c.decimal > 0, ~truthy(odds.c.is_withdrawn))
    field = (
        sa.select(odds.c.race_id, sa.func.count(sa.distinct(odds.c.horse_id)).label("runners"))
        .where(live)
        .group_by(odds.c.race_id)
        .subquery()
    )
    book = (
        sa.select(
            odds.c.race_id,
            odds.c.bookmaker_id,
            sa.func.count().label("priced"),
            sa.func.sum(1.0 / odds.c.decimal).label("overround"),
        )
        .where(live)
        .group_by(odds.c.race_id, odds.c.bookmaker_id)
        .subquery()
    )
    kind = sa.func.coalesce(books.c.type, "fixed")
    low = sa.case(*((kind == k, lo) for k, (lo, _) in bands.items()), else_=bands["fixed"][0])
    high = sa.case(*((kind == k, hi) for k, (_, hi) in bands.items()), else_=bands["fixed"][1])
    complete = (
        sa.select(book.c.race_id, book.c.bookmaker_id, book.c.overround, low.label("lo"))
        .add_columns(high.label("hi"))
        .select_from(
            book.join(field, field.c.race_id == book.c.race_id).outerjoin(
                books, books.c.id == book.c.bookmaker_id
            )
        )
        .where(book.c.priced == field.c.runners, field.c.runners > 1)
        .subquery()
    )
    judged = conn.execute(sa.select(sa.func.count()).select_from(complete)).scalar_one()
    offending = sa.select(complete.c.race_id, complete.c.bookmaker_id, complete.c.overround).where(
        sa.or_(complete.c.overround < complete.c.lo, complete.c.overround > complete.c.hi)
    )
    count, shown = violations(conn, offending)
    ranges = "; ".join(f"{k} {lo:g}-{hi:g}" for k, (lo, hi) in bands.items())
    if not count:
        message = f"all {judged} complete book(s) within the overround bands ({ranges})"
        return Check("racing:overround", Status.OK, message, 0, "books", {"books": judged})
    message = f"{count} of {judged} complete book(s) outside the overround bands ({ranges})"
    details = {"books": judged, "examples": [[r, b, round(float(o), 3)] for r, b, o in shown]}
    return Check("racing:overround", Status.WARN, message, count, "books", details)
