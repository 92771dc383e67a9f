"""Results -> rows: result-owned race and runner columns, ``ra_mst_race_results``, and the
people, horses and pedigree named in them.

A result creates its race when no card was ever seen (history before 2023-01-23), so it emits
the race's identity columns too; it never emits a card-only column (prize, going_detailed,
spotlight, trainer location...). Names carry the region suffix here: "Veraison (IRE)" becomes
name "Veraison" and region "IRE".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from darkhorses.api.models.results import RESULT_TIERS, FreeResult, FreeResultRunner
from darkhorses.api.models.validate import Quarantined
from darkhorses.transform.entities import carried, pedigree_rows, person_rows, take
from darkhorses.transform.names import clean_name, course_name, split_region_suffix
from darkhorses.transform.regions import allowed_regions, region_code
from darkhorses.transform.rows import Row, Rows
from darkhorses.transform.values import (
    currency_for_region,
    is_missing,
    parse_fractional,
    parse_furlongs,
    parse_int,
    parse_lengths,
    parse_money,
    parse_position,
    parse_race_time,
    parse_stone_lb,
    parse_winning_time,
    race_date,
    to_utc,
)

SOURCE = "results"
TOTE = ("tote_win", "tote_pl", "tote_ex", "tote_csf", "tote_tricast", "tote_trifecta")
# Race context copied onto each ra_mst_race_results row.
RESULT_CONTEXT = (
    "date", "off_dt", "region", "course_id", "course", "race_name", "type", "race_class",
    "pattern", "distance_f", "distance_y", "going", "surface",
)  # fmt: skip
RESULT_RUNNER_COLUMNS = (
    "horse", "age", "number", "draw", "weight_lbs", "headgear", "jockey_id", "jockey_claim_lbs",
    "trainer_id", "owner_id", "position", "position_raw", "position_status", "is_dead_heat",
    "btn", "ovr_btn", "sp", "sp_dec", "is_favourite", "bsp", "finishing_time_s", "result_or",
    "result_rpr", "result_tsr", "performance_rating", "speed_rating", "prize_won",
    "prize_won_currency",
)  # fmt: skip


def tier_of(result: FreeResult) -> str:
    """The plan tier a result model belongs to."""
    for tier, model in reversed(RESULT_TIERS.items()):
        if isinstance(result, model):
            return tier
    return "free"


def result_rows(
    results: Iterable[FreeResult],
    *,
    regions: Iterable[str] | None = None,
    card_runners: Mapping[str, Mapping[str, str]] | None = None,
) -> Rows:
    """Rows for results of any tier (page items, single results, entity result pages).

    ``card_runners`` (race id -> horse name -> horse id, from the stored cards) lets the horses
    named in a result's ``non_runners`` text be marked as non-runners; without it that text is
    kept on the race only.
    """
    wanted = allowed_regions(regions)
    rows = Rows()
    for result in results:
        region = region_code(result.region)
        if region not in wanted:
            rows.count("filtered_foreign")
            rows.count("filtered_foreign_runners", len(result.runners))
            continue
        if is_missing(result.race_id):
            rows.count("skipped_no_id")
            continue
        try:
            race = _race_row(rows, result, region)
        except ValueError as error:
            raw = result.model_dump(mode="json", by_alias=True)
            rows.quarantined.append(Quarantined(SOURCE, str(result.race_id), str(error), raw))
            continue
        runners = _runner_rows(rows, result, race)
        race["field_size"] = sum(1 for r in runners if not r["is_non_runner"])
        runners += _withdrawn(race, runners, (card_runners or {}).get(race["id"]))
        rows.add("ra_mst_races", race)
        rows.count("races")
        for runner in runners:
            extra = {k.removeprefix("_"): runner.pop(k) for k in [k for k in runner if k[0] == "_"]}
            rows.add("ra_mst_runners", runner)
            rows.count("runners")
            if runner["is_non_runner"]:
                rows.count("non_runners")
                continue
            results_row = {"race_id": race["id"], "horse_id": runner["horse_id"]}
            results_row.update({c: race.get(c) for c in RESULT_CONTEXT})
            results_row.update({c: runner.get(c) for c in RESULT_RUNNER_COLUMNS if c in runner})
            results_row.update(extra)
            rows.add("ra_mst_race_results", results_row)
    return rows


def non_runner_names(text: str | None) -> list[str]:
    """Horse names in a ``non_runners`` text: ``"Miss Chester (self certificate, coughing),
    Dark Star (going)"`` -> ``["Miss Chester", "Dark Star"]``. Region suffixes are dropped."""
    names: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text or "":
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and char == ",":
            names.append("".join(current))
            current = []
        elif depth == 0:
            current.append(char)
    names.append("".join(current))
    cleaned = (split_region_suffix(n)[0] for n in names)
    return [n for n in cleaned if n]


def _withdrawn(race: Row, ran: list[Row], on_card: Mapping[str, str] | None) -> list[Row]:
    """Non-runner rows for the card's horses that the result names as non-runners."""
    if not on_card:
        return []
    by_name = {_name_key(name): horse_id for name, horse_id in on_card.items()}
    listed = {r["horse_id"] for r in ran}
    out = []
    for name in non_runner_names(race.get("non_runners")):
        horse_id = by_name.get(_name_key(name))
        if horse_id and horse_id not in listed:
            out.append({"race_id": race["id"], "horse_id": horse_id, "is_non_runner": True})
    return out


def _name_key(name: str) -> str:
    return " ".join((split_region_suffix(name)[0] or "").lower().split())


def _race_row(rows: Rows, result: FreeResult, region: str | None) -> Row:
    day = race_date(result.date, result.off_dt)
    if day is None:
        raise ValueError("race without a date or off time")
    row: Row = {
        "id": result.race_id,
        "course": course_name(result.course, region),
        "date": day,
        "off_time": result.off,
        "off_dt": to_utc(result.off_dt),
        "race_name": clean_name(result.race_name),
        "region": region,
        "type": result.type,
        "race_class": result.class_,
        "pattern": result.pattern,
        "age_band": result.age_band,
        "rating_band": result.rating_band,
        "sex_restriction": result.sex_rest,
        "distance_f": rows.soft(parse_furlongs, result.dist_f),
        "going": result.going,
        "surface": result.surface,
        "has_result": True,
        "result_source": tier_of(result),
    }
    take(row, result, "course_id")
    take(row, result, "distance_round", "dist")
    take(row, result, "distance_y", "dist_y")
    take(row, result, "distance_m", "dist_m")
    for column in ("jumps", "winning_time_detail", "comments", "non_runners", *TOTE):
        take(row, result, column)
    if type(result).carries("winning_time_detail"):
        detail = carried(result, "winning_time_detail")
        row["winning_time_s"] = rows.soft(parse_winning_time, detail)
    return row


def _runner_rows(rows: Rows, result: FreeResult, race: Row) -> list[Row]:
    out: list[Row] = []
    for runner in result.runners:
        if is_missing(runner.horse_id):
            rows.count("skipped_no_id")
            continue
        try:
            row = _runner_row(rows, runner, race)
            _entities(rows, runner)
        except ValueError as error:
            key = f"{race['id']}/{runner.horse_id}"
            raw = runner.model_dump(mode="json", by_alias=True)
            rows.quarantined.append(Quarantined(SOURCE, key, str(error), raw))
            continue
        out.append(row)
    _mark_dead_heats(out)
    return out


def _runner_row(rows: Rows, runner: FreeResultRunner, race: Row) -> Row:
    name, suffix = split_region_suffix(runner.horse)
    number_raw = (runner.number or "").strip()
    placing = parse_position(runner.position)
    non_runner = number_raw.upper() == "NR" or (placing is not None and placing.status == "NR")
    row: Row = {
        "race_id": race["id"],
        "horse_id": runner.horse_id,
        "horse": name,
        "jockey_id": runner.jockey_id,
        "trainer_id": runner.trainer_id,
        "owner_id": runner.owner_id,
        "number": None if non_runner else parse_int(number_raw),
        "is_non_runner": non_runner,
        "draw": runner.draw or None,
        "age": runner.age,
        "weight_lbs": runner.weight_lbs,
        "weight_st_lb": runner.weight,
        "headgear": runner.headgear,
        "position_raw": runner.position,
        "position": placing.position if placing else None,
        "position_status": placing.status if placing else None,
        "is_dead_heat": placing.dead_heat if placing else None,
        "result_or": runner.or_,
        # Carried to the results row, then dropped from the runner row.
        "_horse_region": suffix,
        "_sex_code": runner.sex,
        "_sire_id": runner.sire_id,
        "_dam_id": runner.dam_id,
        "_damsire_id": runner.damsire_id,
    }
    if row["weight_lbs"] is None and runner.weight:
        row["weight_lbs"] = rows.soft(parse_stone_lb, runner.weight)
    if not type(runner).carries("sp"):
        return row
    full: Any = runner
    price = rows.soft(parse_fractional, full.sp)
    row.update(
        sp=full.sp,
        sp_dec=full.sp_dec if full.sp_dec is not None else (price.decimal if price else None),
        is_favourite=price.is_favourite if price else None,
        favourite_mark=price.favourite if price else None,
        btn_raw=full.btn,
        btn=rows.soft(parse_lengths, full.btn),
        ovr_btn_raw=full.ovr_btn,
        ovr_btn=rows.soft(parse_lengths, full.ovr_btn),
        finishing_time=full.time,
        finishing_time_s=rows.soft(parse_race_time, full.time),
        result_rpr=full.rpr,
        result_tsr=full.tsr,
        performance_rating=full.performance_rating,
        speed_rating=full.speed_rating,
        jockey_claim_lbs=full.jockey_claim_lbs,
        result_comment=full.comment,
        silk_url=full.silk_url,
    )
    money = rows.soft(parse_money, full.prize)
    row["prize_won"] = money.amount if money else None
    row["prize_won_currency"] = (
        (money.currency or currency_for_region(race["region"])) if money else None
    )
    take(row, runner, "bsp")
    return row


def _mark_dead_heats(runners: list[Row]) -> None:
    """Runners sharing a placing dead-heated; so did one beaten "dht" and the one it tied with."""
    placed = sorted((r for r in runners if r["position"] is not None), key=lambda r: r["position"])
    shared = Counter(r["position"] for r in placed)
    for index, runner in enumerate(placed):
        tied = shared[runner["position"]] > 1
        if (runner.get("btn_raw") or "").strip().lower() in {"dht", "dh"}:
            tied = True
            if index > 0:
                placed[index - 1]["is_dead_heat"] = True
        runner["is_dead_heat"] = bool(runner["is_dead_heat"] or tied)


def _entities(rows: Rows, runner: FreeResultRunner) -> None:
    person_rows(rows, runner, claim_in_name=False)
    name, suffix = split_region_suffix(runner.horse)
    horse: Row = {"id": runner.horse_id, "name": name, "region": suffix, "sex_code": runner.sex}
    ids = pedigree_rows(rows, runner, horse["id"])
    horse.update({f"{role}_id": ancestor_id for role, ancestor_id in ids.items()})
    rows.add("ra_mst_horses", horse)
