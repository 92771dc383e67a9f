"""The API's JSON shapes: every field present, keys in the real order, values as strings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from darkhorses.sandbox.world.formats import iso_uk, money, off_time, race_time, time_detail
from darkhorses.sandbox.world.horses import SEX_CODES, Horse, Population
from darkhorses.sandbox.world.market import Market
from darkhorses.sandbox.world.races import Entry, Race, distance_text, round_distance
from darkhorses.sandbox.world.results import Outcome, position_sort_key
from darkhorses.sandbox.world.seeding import LRU

NO_RATING_CARD = "-"
NO_RATING_RESULT = "–"


def _silk(owner_id: str) -> str:
    digits = owner_id.rsplit("_", 1)[-1]
    return f"https://www.rp-assets.com/svg/{digits[-1]}/{digits[-2]}/{digits[-3]}/{digits}.svg"


def _distance_f(yards: int) -> str:
    return f"{round(yards / 110) / 2:.1f}"


# not frozen: thousands are made a day and a frozen dataclass is several times slower to build
@dataclass(slots=True)
class Pedigree:
    """Names, regions and ids of a horse's sire, dam and damsire."""

    sire: str
    sire_region: str
    sire_id: str
    dam: str
    dam_region: str
    dam_id: str
    damsire: str
    damsire_region: str
    damsire_id: str
    sire_full: str  # "Name (REG)", as results and profiles write it
    dam_full: str
    damsire_full: str


def _pedigree(population: Population, horse: Horse) -> Pedigree:
    sire, dam = horse.sire_id, horse.dam_id
    damsire = population.parents(dam)[0]
    sire_name, sire_region = population.label(sire)
    dam_name, dam_region = population.label(dam)
    damsire_name, damsire_region = population.label(damsire)
    return Pedigree(
        sire_name,
        sire_region,
        f"sir_{sire[4:]}",
        dam_name,
        dam_region,
        f"dam_{dam[4:]}",
        damsire_name,
        damsire_region,
        f"dsi_{damsire[4:]}",
        f"{sire_name} ({sire_region})",
        f"{dam_name} ({dam_region})",
        f"{damsire_name} ({damsire_region})",
    )


class Renderer:
    """Builds payload dicts from races, markets and outcomes."""

    def __init__(self, population: Population) -> None:
        self.population = population
        self._pedigrees: LRU[str, Pedigree] = LRU(100_000)

    def pedigree(self, horse: Horse) -> Pedigree:
        return self._pedigrees.get(horse.id, lambda: _pedigree(self.population, horse))

    # racecards -------------------------------------------------------------------------
    def card(
        self, race: Race, tier: str, market: Market | None, now: datetime | None
    ) -> dict[str, Any]:
        slot = race.slot
        course = slot.course
        region = course.region.upper
        head: dict[str, Any] = {"race_id": slot.race_id, "course": course.name}
        if tier != "free":
            head["course_id"] = course.id
        head["date"] = slot.day.isoformat()
        head["off_time"] = off_time(slot.off_dt)
        head["off_dt"] = iso_uk(slot.off_dt)
        head["race_name"] = race.name
        if tier != "free":
            head["distance_round"] = round_distance(race.yards)
            head["distance"] = distance_text(race.yards)
        head["distance_f"] = _distance_f(race.yards)
        head["region"] = region
        head["pattern"] = slot.pattern
        if tier != "free":
            head["sex_restriction"] = race.sex_rest
        head["race_class"] = slot.race_class
        head["type"] = slot.race_type
        head["age_band"] = race.age_band
        head["rating_band"] = race.rating_band
        if tier == "free":
            head["sex_restriction"] = race.sex_rest
        head["prize"] = money(race.prize, course.currency)
        head["field_size"] = str(len(race.entries))
        if tier != "free":
            head["going_detailed"] = ""
            head["rail_movements"] = ""
            head["stalls"] = ""
            head["weather"] = ""
        head["going"] = slot.going
        head["surface"] = "AW" if slot.code == "A" else "Turf"
        with_odds = tier in ("standard", "pro")
        if with_odds:
            head["jumps"] = race.jumps
        k = None
        show_prices = with_odds and market is not None and region in ("GB", "IRE")
        if show_prices and now is not None and market is not None and not slot.is_abandoned:
            k = market.instant_at(now)
        probs = market.probabilities(k) if (market is not None and k is not None) else None
        head["runners"] = [
            self._card_runner(race, i, entry, tier, market if show_prices else None, k, probs)
            for i, entry in enumerate(race.entries)
        ]
        if tier != "free":
            head["big_race"] = slot.big_race
            head["is_abandoned"] = slot.is_abandoned
        if with_odds:
            tip, verdict, forecast = self._tips(race, market if show_prices else None)
            head["tip"] = tip
            head["verdict"] = verdict
            head["betting_forecast"] = forecast
        head["race_status"] = ""
        return head

    def _card_runner(
        self,
        race: Race,
        index: int,
        e: Entry,
        tier: str,
        market: Market | None,
        k: int | None,
        probs: list[float] | None,
    ) -> dict[str, Any]:
        horse = e.horse
        year = race.slot.day.year
        ped = self.pedigree(horse)
        sex = horse.sex(year)
        number = "NR" if e.non_runner else str(e.number)
        jockey = e.jockey.card_name(year) if e.claim else e.jockey.name
        owner = self.population.people.owner(e.owner_id)
        owner_name = owner.name if owner else ""
        if tier == "free":
            return {
                "horse": horse.name,
                "horse_id": horse.id,
                "age": str(e.age),
                "sex": sex,
                "sex_code": SEX_CODES[sex],
                "colour": horse.colour,
                "region": horse.region,
                "dam": ped.dam,
                "dam_id": ped.dam_id,
                "sire": ped.sire,
                "sire_id": ped.sire_id,
                "damsire": ped.damsire,
                "damsire_id": ped.damsire_id,
                "trainer": e.trainer.name,
                "trainer_id": e.trainer.id,
                "owner": owner_name,
                "owner_id": e.owner_id,
                "number": number,
                "draw": str(e.draw),
                "headgear": e.headgear,
                "lbs": str(e.lbs),
                "ofr": e.ofr,
                "jockey": jockey,
                "jockey_id": e.jockey.id,
                "last_run": e.last_run,
                "form": e.form,
            }
        runs, wins = e.trainer_runs, e.trainer_wins
        row: dict[str, Any] = {
            "horse_id": horse.id,
            "horse": horse.name,
            "dob": horse.dob,
            "age": str(e.age),
            "sex": sex,
            "sex_code": SEX_CODES[sex],
            "colour": horse.colour,
            "region": horse.region,
            "breeder": horse.breeder,
            "dam": ped.dam,
            "dam_id": ped.dam_id,
            "dam_region": ped.dam_region,
            "sire": ped.sire,
            "sire_id": ped.sire_id,
            "sire_region": ped.sire_region,
            "damsire": ped.damsire,
            "damsire_id": ped.damsire_id,
            "damsire_region": ped.damsire_region,
            "trainer": e.trainer.name,
            "trainer_id": e.trainer.id,
            "trainer_location": e.trainer.location,
            "trainer_14_days": {
                "runs": str(runs),
                "wins": str(wins),
                "percent": str(round(100 * wins / runs)) if runs else "0",
            },
            "owner": owner_name,
            "owner_id": e.owner_id,
            "prev_trainers": [],
            "prev_owners": [],
            "comment": e.comment,
            "spotlight": e.spotlight,
            "quotes": [],
            "stable_tour": [],
            "medical": [],
            "number": number,
            "draw": str(e.draw),
            "headgear": e.headgear,
            "headgear_run": "",
            "wind_surgery": "",
            "wind_surgery_run": "",
            "past_results_flags": [],
            "lbs": str(e.lbs),
            "ofr": e.ofr,
            "rpr": e.rpr,
            "ts": e.ts,
            "jockey": jockey,
            "jockey_id": e.jockey.id,
            "silk_url": _silk(e.owner_id),
            "last_run": e.last_run,
            "form": e.form,
            "trainer_rtf": e.trainer_rtf,
        }
        if tier in ("standard", "pro"):
            row["odds"] = self._odds(index, market, k, probs, tier == "pro")
        return row

    def _odds(
        self,
        index: int,
        market: Market | None,
        k: int | None,
        probs: list[float] | None,
        with_history: bool,
    ) -> list[dict[str, Any]]:
        if market is None or k is None:
            return []
        updated = market.updated(k)
        pairs = zip(market.book_heads, market.quotes(index, k), strict=True)
        if with_history:
            return [
                {
                    "bookmaker": name,
                    "fractional": q.fractional,
                    "decimal": q.decimal,
                    "ew_places": places,
                    "ew_denom": denom,
                    "updated": updated,
                    "history": [],
                }
                for (name, places, denom), q in pairs
            ]
        return [
            {
                "bookmaker": name,
                "fractional": q.fractional,
                "decimal": q.decimal,
                "ew_places": places,
                "ew_denom": denom,
                "updated": updated,
            }
            for (name, places, denom), q in pairs
        ]

    def _tips(self, race: Race, market: Market | None) -> tuple[str, str, str]:
        if market is None or not market.live:
            return "", "", ""
        probs = market.probabilities(0)
        from darkhorses.sandbox.world.market import fraction_text, snap_fraction

        priced = sorted(
            (
                (snap_fraction(1 + (1 / p - 1) * 0.85), race.entries[i].horse.name)
                for p, i in zip(probs, market.live, strict=True)
            ),
        )
        parts, previous = [], None
        for index, name in priced:
            price = fraction_text(index) if index != previous else ""
            parts.append(f"{price} {name}")
            previous = index
        tip = priced[0][1]
        others = [n for _, n in priced[1:3]]
        verdict = f"The Verdict comprises {tip.upper()} and {' and '.join(others) or 'the field'}."
        return tip, verdict, ", ".join(parts)

    # results ---------------------------------------------------------------------------
    def result(self, race: Race, outcome: Outcome, tier: str) -> dict[str, Any]:
        slot = race.slot
        course = slot.course
        head: dict[str, Any] = {"race_id": slot.race_id}
        if tier == "free":
            head.update(
                {
                    "course": course.name,
                    "date": slot.day.isoformat(),
                    "off": off_time(slot.off_dt),
                    "off_dt": iso_uk(slot.off_dt),
                    "race_name": race.name,
                    "dist_f": f"{race.furlongs}f",
                    "region": course.region.upper,
                    "pattern": slot.pattern,
                    "class": slot.race_class,
                    "type": slot.race_type,
                    "age_band": race.age_band,
                    "rating_band": race.rating_band,
                    "sex_rest": race.sex_rest,
                    "going": slot.going,
                    "surface": "AW" if slot.code == "A" else "Turf",
                }
            )
        else:
            head.update(
                {
                    "date": slot.day.isoformat(),
                    "region": course.region.upper,
                    "course": course.name,
                    "course_id": course.id,
                    "off": off_time(slot.off_dt),
                    "off_dt": iso_uk(slot.off_dt),
                    "race_name": race.name,
                    "type": slot.race_type,
                    "class": slot.race_class,
                    "pattern": slot.pattern,
                    "rating_band": race.rating_band,
                    "age_band": race.age_band,
                    "sex_rest": race.sex_rest,
                    "dist": round_distance(race.yards),
                    "dist_y": str(race.yards),
                    "dist_m": str(round(race.yards * 0.9144)),
                    "dist_f": f"{race.furlongs}f",
                    "going": slot.going,
                    "surface": "AW" if slot.code == "A" else "Turf",
                    "jumps": race.jumps,
                }
            )
        finishers = sorted(outcome.finishers, key=position_sort_key)
        head["runners"] = [self._result_runner(race, f, tier) for f in finishers]
        if tier == "free":
            return head
        nrs = [f"{e.horse.name} ({e.nr_reason})" for e in race.entries if e.non_runner]
        tote = outcome.tote
        head.update(
            {
                "winning_time_detail": time_detail(
                    outcome.winning_seconds, outcome.standard_seconds
                ),
                "comments": "",
                "non_runners": ", ".join(nrs),
                "tote_win": tote[0],
                "tote_pl": tote[1],
                "tote_ex": tote[2],
                "tote_csf": tote[3],
                "tote_tricast": tote[4],
                "tote_trifecta": tote[5],
            }
        )
        return head

    def _result_runner(self, race: Race, f: Any, tier: str) -> dict[str, Any]:
        e = race.entries[f.entry_index]
        horse = e.horse
        ped = self.pedigree(horse)
        year = race.slot.day.year
        sex_code = SEX_CODES[horse.sex(year)]
        stones, pounds = divmod(e.lbs, 14)
        owner = self.population.people.owner(e.owner_id)
        draw = str(e.draw) if e.draw else ""
        ofr = e.ofr if e.ofr != NO_RATING_CARD else NO_RATING_RESULT
        if tier == "free":
            return {
                "horse_id": horse.id,
                "horse": horse.suffixed(),
                "age": str(e.age),
                "sex": sex_code,
                "number": str(e.number),
                "position": f.position,
                "draw": draw,
                "weight": f"{stones}-{pounds}",
                "weight_lbs": str(e.lbs),
                "headgear": e.headgear,
                "or": ofr,
                "jockey": e.jockey.name,
                "jockey_id": e.jockey.id,
                "trainer": e.trainer.name,
                "trainer_id": e.trainer.id,
                "owner": owner.name if owner else "",
                "owner_id": e.owner_id,
                "sire": ped.sire_full,
                "sire_id": ped.sire_id,
                "dam": ped.dam_full,
                "dam_id": ped.dam_id,
                "damsire": ped.damsire,
                "damsire_id": ped.damsire_id,
            }
        row: dict[str, Any] = {
            "horse_id": horse.id,
            "horse": horse.suffixed(),
            "sp": f.sp,
            "sp_dec": f.sp_dec,
        }
        if tier == "standard":
            row["bsp"] = f.bsp
        row.update(
            {
                "number": str(e.number),
                "position": f.position,
                "draw": draw,
                "btn": f.btn,
                "ovr_btn": f.ovr_btn,
                "age": str(e.age),
                "sex": sex_code,
                "weight": f"{stones}-{pounds}",
                "weight_lbs": str(e.lbs),
                "headgear": e.headgear,
                "time": race_time(f.seconds) if f.seconds is not None else "",
                "or": ofr,
                "rpr": f.rpr,
                "tsr": f.tsr,
                "prize": f.prize,
                "jockey": e.jockey.name,
                "jockey_claim_lbs": str(e.claim),
                "jockey_id": e.jockey.id,
                "trainer": e.trainer.name,
                "trainer_id": e.trainer.id,
                "owner": owner.name if owner else "",
                "owner_id": e.owner_id,
                "sire": ped.sire_full,
                "sire_id": ped.sire_id,
                "dam": ped.dam_full,
                "dam_id": ped.dam_id,
                "damsire": ped.damsire,
                "damsire_id": ped.damsire_id,
                "comment": f.comment,
                "silk_url": _silk(e.owner_id),
            }
        )
        return row

    # other shapes ----------------------------------------------------------------------
    def summary(self, race: Race) -> dict[str, Any]:
        slot = race.slot
        return {
            "date": slot.day.isoformat(),
            "region": slot.course.region.upper,
            "course_id": slot.course.id,
            "course": slot.course.name,
            "race_id": slot.race_id,
            "race_name": race.name,
            "race_class": slot.race_class,
            "off_time": off_time(slot.off_dt),
            "off_dt": iso_uk(slot.off_dt),
            "big_race": slot.big_race,
            "is_abandoned": slot.is_abandoned,
        }

    def horse(self, horse: Horse, tier: str) -> dict[str, Any]:
        ped = self.pedigree(horse)
        if tier == "pro":
            sex = horse.sex(2026)
            return {
                "id": horse.id,
                "breeder": horse.breeder,
                "colour": horse.colour,
                "colour_code": horse.colour.upper(),
                "dam": ped.dam_full,
                "dam_id": ped.dam_id,
                "damsire": ped.damsire_full,
                "damsire_id": ped.damsire_id,
                "dob": horse.dob,
                "name": horse.suffixed(),
                "sex": sex,
                "sex_code": SEX_CODES[sex],
                "sire": ped.sire_full,
                "sire_id": ped.sire_id,
            }
        return {
            "id": horse.id,
            "dam": ped.dam_full,
            "dam_id": ped.dam_id,
            "damsire": ped.damsire,
            "damsire_id": ped.damsire_id,
            "name": horse.suffixed(),
            "sire": ped.sire_full,
            "sire_id": ped.sire_id,
        }
