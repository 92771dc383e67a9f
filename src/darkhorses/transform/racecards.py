"""Racecards -> rows: races, runners (card-owned columns), people, horses, pedigree, bookmakers.

Only the columns a card carries are emitted, and only those its tier carries (a free card has
no trainer location), so a card never blanks what a result or a richer card wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from darkhorses.api.models.racecards import RACECARD_TIERS, FreeRacecard, FreeRunner
from darkhorses.api.models.validate import Quarantined
from darkhorses.transform.bookmakers import bookmaker_row
from darkhorses.transform.entities import (
    as_json,
    carried,
    pedigree_rows,
    person_rows,
    previous_connections,
    take,
)
from darkhorses.transform.names import (
    clean_name,
    course_name,
    split_jockey_claim,
    split_region_suffix,
)
from darkhorses.transform.regions import allowed_regions, region_code
from darkhorses.transform.rows import Row, Rows
from darkhorses.transform.values import (
    currency_for_region,
    is_missing,
    parse_distance_yards,
    parse_int,
    parse_money,
    race_date,
    to_utc,
)

SOURCE = "racecards"


def tier_of(card: FreeRacecard) -> str:
    """The plan tier a racecard model belongs to."""
    for tier, model in reversed(RACECARD_TIERS.items()):
        if isinstance(card, model):
            return tier
    return "free"


def racecard_rows(cards: Iterable[FreeRacecard], *, regions: Iterable[str] | None = None) -> Rows:
    """Rows for racecards of any tier (page items or single races), configured regions only."""
    wanted = allowed_regions(regions)
    rows = Rows()
    for card in cards:
        region = region_code(card.region)
        if region not in wanted:
            rows.count("filtered_foreign")
            rows.count("filtered_foreign_runners", len(card.runners))
            continue
        if is_missing(card.race_id):
            rows.count("skipped_no_id")
            continue
        try:
            race = _race_row(rows, card, region)
        except ValueError as error:
            rows.quarantined.append(
                Quarantined(
                    SOURCE,
                    str(card.race_id),
                    str(error),
                    card.model_dump(mode="json", by_alias=True),
                )
            )
            continue
        rows.add("ra_mst_races", race)
        rows.count("races")
        for runner in card.runners:
            _runner(rows, card, runner, race)
    return rows


def _race_row(rows: Rows, card: FreeRacecard, region: str | None) -> Row:
    off_dt = to_utc(card.off_dt)
    day = race_date(card.date, card.off_dt)
    if day is None:
        raise ValueError("race without a date or off time")
    row: Row = {
        "id": card.race_id,
        "course": course_name(card.course, region),
        "date": day,
        "off_time": card.off_time,
        "off_dt": off_dt,
        "race_name": clean_name(card.race_name),
        "region": region,
        "type": card.type,
        "race_class": card.race_class,
        "pattern": card.pattern,
        "age_band": card.age_band,
        "rating_band": card.rating_band,
        "sex_restriction": card.sex_restriction,
        "distance_f": card.distance_f,
        "field_size": card.field_size,
        "going": card.going,
        "surface": card.surface,
        "race_status": card.race_status,
        "card_source": tier_of(card),
    }
    money = rows.soft(parse_money, card.prize)
    row["prize_raw"] = card.prize
    row["prize"] = money.amount if money else None
    row["prize_currency"] = (money.currency or currency_for_region(region)) if money else None
    for column in ("course_id", "distance_round", "distance", "going_detailed", "rail_movements"):
        take(row, card, column)
    for column in ("stalls", "weather", "big_race", "is_abandoned", "jumps", "tip", "verdict"):
        take(row, card, column)
    take(row, card, "betting_forecast")
    if type(card).carries("distance"):
        row["distance_y"] = rows.soft(parse_distance_yards, carried(card, "distance"))
    return row


def _runner(rows: Rows, card: FreeRacecard, runner: FreeRunner, race: Row) -> None:
    if is_missing(runner.horse_id):
        rows.count("skipped_no_id")
        return
    try:
        runner_row = _runner_row(runner, race["id"])
        _entities(rows, runner, race["date"])
    except ValueError as error:
        key = f"{race['id']}/{runner.horse_id}"
        raw = runner.model_dump(mode="json", by_alias=True)
        rows.quarantined.append(Quarantined(SOURCE, key, str(error), raw))
        return
    rows.add("ra_mst_runners", runner_row)
    rows.count("runners")
    if runner_row["is_non_runner"]:
        rows.count("non_runners")


def _runner_row(runner: FreeRunner, race_id: str) -> Row:
    number_raw = (runner.number or "").strip()
    non_runner = number_raw.upper() == "NR"
    jockey_name, claim = split_jockey_claim(runner.jockey)
    row: Row = {
        "race_id": race_id,
        "horse_id": runner.horse_id,
        "horse": split_region_suffix(runner.horse)[0],
        "jockey_id": runner.jockey_id,
        "trainer_id": runner.trainer_id,
        "owner_id": runner.owner_id,
        "number": None if non_runner else parse_int(number_raw),
        "is_non_runner": non_runner,
        "draw": runner.draw or None,  # 0 on jumps cards: not drawn
        "age": runner.age,
        "weight_lbs": runner.lbs,
        "jockey_claim_lbs": claim if jockey_name else None,
        "headgear": runner.headgear,
        "ofr": runner.ofr,
        "form": runner.form,
        "last_run_days": runner.last_run,
    }
    for column in ("headgear_run", "wind_surgery", "wind_surgery_run", "rpr", "ts", "silk_url"):
        take(row, runner, column)
    for column in ("trainer_rtf", "trainer_location", "comment", "spotlight"):
        take(row, runner, column)
    take(row, runner, "trainer_14_days", convert=lambda v: v or None)
    for column in ("quotes", "stable_tour", "medical", "prev_trainers", "prev_owners"):
        take(row, runner, column, convert=as_json)
    take(row, runner, "past_results_flags", convert=as_json)
    return row


def _entities(rows: Rows, runner: FreeRunner, day: date) -> None:
    person_rows(rows, runner, claim_in_name=True)
    previous_connections(rows, runner)
    name, suffix = split_region_suffix(runner.horse)
    horse: Row = {
        "id": runner.horse_id,
        "name": name,
        "region": region_code(runner.region) or suffix,
        "sex": runner.sex,
        "sex_code": runner.sex_code,
        "colour": runner.colour,
        "colour_code": runner.colour.upper() if runner.colour else None,
    }
    take(horse, runner, "dob")
    take(horse, runner, "breeder", convert=clean_name)
    ids = pedigree_rows(rows, runner, horse["id"], breeder=horse.get("breeder"))
    horse.update({f"{role}_id": ancestor_id for role, ancestor_id in ids.items()})
    rows.add("ra_mst_horses", horse)
    for odds in carried(runner, "odds") or []:
        bookmaker = bookmaker_row(odds.bookmaker)
        if bookmaker is not None:
            bookmaker["last_seen_date"] = day
            _add_bookmaker(rows, bookmaker)


def _add_bookmaker(rows: Rows, row: Row) -> None:
    """Keep the latest last-seen date within a batch.

    ``first_seen_date`` is not emitted: a pure transform cannot know whether an earlier batch
    saw the bookmaker, so it is set once, on insert, by the job that stores bookmakers.
    """
    existing = rows.tables.get("ra_mst_bookmakers", {}).get((row["id"],))
    if existing is not None:
        row["last_seen_date"] = max(existing["last_seen_date"], row["last_seen_date"])
    rows.add("ra_mst_bookmakers", row)
