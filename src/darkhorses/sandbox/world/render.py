"""The API's JSON shapes: every field present, keys in the real order, values as strings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from darkhorses.sandbox.world.formats import iso_uk, money, off_time, race_time, time_detail
from darkhorses.sandbox.world.horses import SEX_CODES, Horse, Population
from darkhorses.sandbox.world.market import Market
from darkhorses.sandbox.world.races import Race, distance_text, round_distance
from darkhorses.sandbox.world.results import Outcome, position_sort_key

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
    result_line: tuple[str, str, str, str, str, str]  # sire .. damsire_id as results write them


def _pedigree(population: Population, horse: Horse) -> Pedigree:
    sire, dam = horse.sire_id, horse.dam_id
    damsire = population.parents(dam)[0]
    sire_name, sire_region = population.label(sire)
    dam_name, dam_region = population.label(dam)
    damsire_name, damsire_region = population.label(damsire)
    sire_id, dam_id, damsire_id = f"sir_{sire[4:]}", f"dam_{dam[4:]}", f"dsi_{damsire[4:]}"
    sire_full = f"{sire_name} ({sire_region})"
    dam_full = f"{dam_name} ({dam_region})"
    return Pedigree(
        sire_name,
        sire_region,
        sire_id,
        dam_name,
        dam_region,
        dam_id,
        damsire_name,
        damsire_region,
        damsire_id,
        sire_full,
        dam_full,
        f"{damsire_name} ({damsire_region})",
        (sire_full, sire_id, dam_full, dam_id, damsire_name, damsire_id),
    )


_q = encode_basestring  # a str as JSON text, escaped exactly as json.dumps escapes it
# json.dumps as Starlette's JSONResponse calls it
_dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
_NO_ODDS = '"odds":[]'  # a runner's odds before its market opens, in a card's JSON text


class Shape:
    """A JSON object's keys in order; renders a tuple of string values as a dict or as text.

    ``json`` writes what ``json.dumps(dict, ensure_ascii=False, separators=(",", ":"))``
    would write of the same dict, without building it.
    """

    def __init__(self, *keys: str) -> None:
        self.keys = keys
        self.template = "{" + ",".join(f'"{k}":%s' for k in keys) + "}"

    def dict(self, values: tuple[str, ...]) -> dict[str, Any]:
        return dict(zip(self.keys, values, strict=True))

    def json(self, values: tuple[str, ...]) -> str:
        return self.template % tuple(map(_q, values))


class HeadShape:
    """An object whose values are strings except one list, e.g. a result and its runners."""

    def __init__(self, *keys: str, items: str) -> None:
        self.keys = keys
        self.at = keys.index(items)
        self.items = items
        self.template = "{" + ",".join(f'"{k}":%s' for k in keys) + "}"

    def dict_with(self, values: tuple[str, ...], items: list[Any]) -> dict[str, Any]:
        at = self.at
        keys = self.keys
        found: dict[str, Any] = dict(zip(keys[:at], values[:at], strict=True))
        found[self.items] = items
        found.update(zip(keys[at + 1 :], values[at:], strict=True))
        return found

    def json_with(self, values: tuple[str, ...], items: str) -> str:
        texts = list(map(_q, values))
        texts.insert(self.at, items)
        return self.template % tuple(texts)


_BOOL = {True: "true", False: "false"}


def _object(*fields: str) -> str:
    """A JSON object template: ``"key"`` takes a value (``%s``), ``"key=json"`` is constant."""
    items = []
    for field in fields:
        key, sep, constant = field.partition("=")
        items.append(f'"{key}":{constant if sep else "%s"}')
    return "{" + ",".join(items) + "}"


_CARD_HEAD_FREE = _object(
    "race_id",
    "course",
    "date",
    "off_time",
    "off_dt",
    "race_name",
    "distance_f",
    "region",
    "pattern",
    "race_class",
    "type",
    "age_band",
    "rating_band",
    "sex_restriction",
    "prize",
    "field_size",
    "going",
    "surface",
    "runners",
    'race_status=""',
)
_CARD_HEAD_KEYS = (
    "race_id",
    "course",
    "course_id",
    "date",
    "off_time",
    "off_dt",
    "race_name",
    "distance_round",
    "distance",
    "distance_f",
    "region",
    "pattern",
    "sex_restriction",
    "race_class",
    "type",
    "age_band",
    "rating_band",
    "prize",
    "field_size",
    'going_detailed=""',
    'rail_movements=""',
    'stalls=""',
    'weather=""',
    "going",
    "surface",
)
_CARD_HEAD_BASIC = _object(
    *_CARD_HEAD_KEYS, "runners", "big_race", "is_abandoned", 'race_status=""'
)
_CARD_HEAD_ODDS = _object(
    *_CARD_HEAD_KEYS,
    "jumps",
    "runners",
    "big_race",
    "is_abandoned",
    "tip",
    "verdict",
    "betting_forecast",
    'race_status=""',
)
_CARD_RUNNER_FREE = _object(
    "horse",
    "horse_id",
    "age",
    "sex",
    "sex_code",
    "colour",
    "region",
    "dam",
    "dam_id",
    "sire",
    "sire_id",
    "damsire",
    "damsire_id",
    "trainer",
    "trainer_id",
    "owner",
    "owner_id",
    "number",
    "draw",
    "headgear",
    "lbs",
    "ofr",
    "jockey",
    "jockey_id",
    "last_run",
    "form",
)
_CARD_RUNNER_KEYS = (
    "horse_id",
    "horse",
    "dob",
    "age",
    "sex",
    "sex_code",
    "colour",
    "region",
    "breeder",
    "dam",
    "dam_id",
    "dam_region",
    "sire",
    "sire_id",
    "sire_region",
    "damsire",
    "damsire_id",
    "damsire_region",
    "trainer",
    "trainer_id",
    "trainer_location",
    'trainer_14_days={"runs":%s,"wins":%s,"percent":%s}',
    "owner",
    "owner_id",
    "prev_trainers=[]",
    "prev_owners=[]",
    "comment",
    "spotlight",
    "quotes=[]",
    "stable_tour=[]",
    "medical=[]",
    "number",
    "draw",
    "headgear",
    'headgear_run=""',
    'wind_surgery=""',
    'wind_surgery_run=""',
    "past_results_flags=[]",
    "lbs",
    "ofr",
    "rpr",
    "ts",
    "jockey",
    "jockey_id",
    "silk_url",
    "last_run",
    "form",
    "trainer_rtf",
)
_CARD_RUNNER = _object(*_CARD_RUNNER_KEYS)
_CARD_RUNNER_ODDS = _object(*_CARD_RUNNER_KEYS, "odds=[]")  # odds filled in per instant

_PEDIGREE_KEYS = ("sire", "sire_id", "dam", "dam_id", "damsire", "damsire_id")
_RESULT_HEAD_FREE = HeadShape(
    "race_id",
    "course",
    "date",
    "off",
    "off_dt",
    "race_name",
    "dist_f",
    "region",
    "pattern",
    "class",
    "type",
    "age_band",
    "rating_band",
    "sex_rest",
    "going",
    "surface",
    "runners",
    items="runners",
)
_RESULT_HEAD = HeadShape(
    "race_id",
    "date",
    "region",
    "course",
    "course_id",
    "off",
    "off_dt",
    "race_name",
    "type",
    "class",
    "pattern",
    "rating_band",
    "age_band",
    "sex_rest",
    "dist",
    "dist_y",
    "dist_m",
    "dist_f",
    "going",
    "surface",
    "jumps",
    "runners",
    "winning_time_detail",
    "comments",
    "non_runners",
    "tote_win",
    "tote_pl",
    "tote_ex",
    "tote_csf",
    "tote_tricast",
    "tote_trifecta",
    items="runners",
)
_RESULT_RUNNER_STANDARD = (
    "horse_id",
    "horse",
    "sp",
    "sp_dec",
    "bsp",
    "number",
    "position",
    "draw",
    "btn",
    "ovr_btn",
    "age",
    "sex",
    "weight",
    "weight_lbs",
    "headgear",
    "time",
    "or",
    "rpr",
    "tsr",
    "prize",
    "jockey",
    "jockey_claim_lbs",
    "jockey_id",
    "trainer",
    "trainer_id",
    "owner",
    "owner_id",
    *_PEDIGREE_KEYS,
    "comment",
    "silk_url",
)
_RESULT_RUNNER = {
    "free": Shape(
        "horse_id",
        "horse",
        "age",
        "sex",
        "number",
        "position",
        "draw",
        "weight",
        "weight_lbs",
        "headgear",
        "or",
        "jockey",
        "jockey_id",
        "trainer",
        "trainer_id",
        "owner",
        "owner_id",
        *_PEDIGREE_KEYS,
    ),
    "basic": Shape(*(k for k in _RESULT_RUNNER_STANDARD if k != "bsp")),
    "standard": Shape(*_RESULT_RUNNER_STANDARD),
}


def _result_head(tier: str) -> HeadShape:
    return _RESULT_HEAD_FREE if tier == "free" else _RESULT_HEAD


class Renderer:
    """Builds payload dicts from races, markets and outcomes."""

    def __init__(self, population: Population) -> None:
        self.population = population
        self._owners = population.people._owners

    def pedigree(self, horse: Horse) -> Pedigree:
        """The horse's pedigree lines (kept on the horse, which the population caches)."""
        found: Pedigree | None = horse.pedigree
        if found is None:
            found = horse.pedigree = _pedigree(self.population, horse)
        return found

    # racecards -------------------------------------------------------------------------
    def card(
        self, race: Race, tier: str, market: Market | None, now: datetime | None
    ) -> dict[str, Any]:
        """The card as a dict: :meth:`card_json`'s text, read back."""
        parts = self.card_parts(race, tier, market)
        text = "[]".join(parts) if now is None else self.card_json(race, tier, market, now, parts)
        return json.loads(text)  # type: ignore[no-any-return]

    def card_parts(self, race: Race, tier: str, market: Market | None) -> list[str]:
        """The card's JSON text split where each runner's odds go (one part for cards without).

        Only the odds depend on when the card is asked for: ``"[]".join(parts)`` is the card
        before its market opens, and :meth:`card_json` fills in the odds of an instant.
        """
        slot = race.slot
        course = slot.course
        region = course.region.upper
        distance_f = _distance_f(race.yards)
        prize = money(race.prize, course.currency)
        field_size = str(len(race.entries))
        surface = "AW" if slot.code == "A" else "Turf"
        runners = self._card_runners(race, tier)
        if tier == "free":
            head = _CARD_HEAD_FREE % (
                _q(slot.race_id),
                _q(course.name),
                _q(slot.day.isoformat()),
                _q(off_time(slot.off_dt)),
                _q(iso_uk(slot.off_dt)),
                _q(race.name),
                _q(distance_f),
                _q(region),
                _q(slot.pattern),
                _q(slot.race_class),
                _q(slot.race_type),
                _q(race.age_band),
                _q(race.rating_band),
                _q(race.sex_rest),
                _q(prize),
                _q(field_size),
                _q(slot.going),
                _q(surface),
                "[" + ",".join(runners) + "]",
            )
            return [head]
        with_odds = tier in ("standard", "pro")
        values = [
            _q(slot.race_id),
            _q(course.name),
            _q(course.id),
            _q(slot.day.isoformat()),
            _q(off_time(slot.off_dt)),
            _q(iso_uk(slot.off_dt)),
            _q(race.name),
            _q(round_distance(race.yards)),
            _q(distance_text(race.yards)),
            _q(distance_f),
            _q(region),
            _q(slot.pattern),
            _q(race.sex_rest),
            _q(slot.race_class),
            _q(slot.race_type),
            _q(race.age_band),
            _q(race.rating_band),
            _q(prize),
            _q(field_size),
            _q(slot.going),
            _q(surface),
        ]
        if with_odds:
            values.append(_q(race.jumps))
        values.append("[" + ",".join(runners) + "]")
        values.append(_BOOL[slot.big_race])
        values.append(_BOOL[slot.is_abandoned])
        if not with_odds:
            return [_CARD_HEAD_BASIC % tuple(values)]
        show_prices = market is not None and region in ("GB", "IRE")
        values.extend(map(_q, self._tips(race, market if show_prices else None)))
        parts = (_CARD_HEAD_ODDS % tuple(values)).split(_NO_ODDS)
        assert len(parts) == len(race.entries) + 1
        return [part + '"odds":' for part in parts[:-1]] + [parts[-1]]

    def card_json(
        self, race: Race, tier: str, market: Market | None, now: datetime, parts: list[str]
    ) -> str:
        """The card as JSON text (what ``json.dumps`` writes of :meth:`card`), from its parts."""
        if len(parts) == 1:
            return parts[0]
        slot = race.slot
        k = None
        home = slot.course.region.code in ("gb", "ire")
        if market is not None and home and not slot.is_abandoned:
            k = market.instant_at(now)
        if market is None or k is None:
            return "[]".join(parts)
        odds = market.odds_json
        pro = tier == "pro"
        texts = [parts[0]]
        for index, part in enumerate(parts[1:]):
            texts.append(odds(index, k, pro))
            texts.append(part)
        return "".join(texts)

    def _card_runners(self, race: Race, tier: str) -> list[str]:
        """Each runner's card line as JSON text (``"odds":[]`` last on odds-bearing tiers)."""
        year = race.slot.day.year
        pedigree = self.pedigree
        owner_name = self._owner_name
        template = _CARD_RUNNER_ODDS if tier in ("standard", "pro") else _CARD_RUNNER
        rows = []
        for e in race.entries:
            horse = e.horse
            ped = pedigree(horse)
            sex = horse.sex(year)
            number = "NR" if e.non_runner else str(e.number)
            jockey = e.jockey
            jockey_name = jockey.card_name(year) if e.claim else jockey.name
            trainer = e.trainer
            owner_id = e.owner_id
            if tier == "free":
                values: tuple[str, ...] = (
                    horse.name,
                    horse.id,
                    str(e.age),
                    sex,
                    SEX_CODES[sex],
                    horse.colour,
                    horse.region,
                    ped.dam,
                    ped.dam_id,
                    ped.sire,
                    ped.sire_id,
                    ped.damsire,
                    ped.damsire_id,
                    trainer.name,
                    trainer.id,
                    owner_name(owner_id),
                    owner_id,
                    number,
                    str(e.draw),
                    e.headgear,
                    str(e.lbs),
                    e.ofr,
                    jockey_name,
                    jockey.id,
                    e.last_run,
                    e.form,
                )
                rows.append(_CARD_RUNNER_FREE % tuple(map(_q, values)))
                continue
            details = horse.details
            runs, wins = e.trainer_runs, e.trainer_wins
            values = (
                horse.id,
                horse.name,
                details.dob,
                str(e.age),
                sex,
                SEX_CODES[sex],
                details.colour,
                horse.region,
                details.breeder,
                ped.dam,
                ped.dam_id,
                ped.dam_region,
                ped.sire,
                ped.sire_id,
                ped.sire_region,
                ped.damsire,
                ped.damsire_id,
                ped.damsire_region,
                trainer.name,
                trainer.id,
                trainer.location,
                str(runs),
                str(wins),
                str(round(100 * wins / runs)) if runs else "0",
                owner_name(owner_id),
                owner_id,
                e.comment,
                e.spotlight,
                number,
                str(e.draw),
                e.headgear,
                str(e.lbs),
                e.ofr,
                e.rpr,
                e.ts,
                jockey_name,
                jockey.id,
                _silk(owner_id),
                e.last_run,
                e.form,
                e.trainer_rtf,
            )
            rows.append(template % tuple(map(_q, values)))
        return rows

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
        """The result as a dict (the same values as :meth:`result_json`)."""
        head, runners = self._result_values(race, outcome, tier)
        runner_shape = _RESULT_RUNNER[tier]
        rows = [runner_shape.dict(values) for values in runners]
        return _result_head(tier).dict_with(head, rows)

    def result_json(self, race: Race, outcome: Outcome, tier: str) -> str:
        """The result as the API's JSON text (what ``json.dumps`` would write of the dict)."""
        head, runners = self._result_values(race, outcome, tier)
        runner_shape = _RESULT_RUNNER[tier]
        rows = "[" + ",".join([runner_shape.json(values) for values in runners]) + "]"
        return _result_head(tier).json_with(head, rows)

    def _result_values(
        self, race: Race, outcome: Outcome, tier: str
    ) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
        """The head's values (without the runners) and each runner's, as strings."""
        slot = race.slot
        course = slot.course
        off = off_time(slot.off_dt)
        off_dt = iso_uk(slot.off_dt)
        surface = "AW" if slot.code == "A" else "Turf"
        furlongs = f"{race.furlongs}f"
        if tier == "free":
            head: tuple[str, ...] = (
                slot.race_id,
                course.name,
                slot.day.isoformat(),
                off,
                off_dt,
                race.name,
                furlongs,
                course.region.upper,
                slot.pattern,
                slot.race_class,
                slot.race_type,
                race.age_band,
                race.rating_band,
                race.sex_rest,
                slot.going,
                surface,
            )
        else:
            nrs = [f"{e.horse.name} ({e.nr_reason})" for e in race.entries if e.non_runner]
            head = (
                slot.race_id,
                slot.day.isoformat(),
                course.region.upper,
                course.name,
                course.id,
                off,
                off_dt,
                race.name,
                slot.race_type,
                slot.race_class,
                slot.pattern,
                race.rating_band,
                race.age_band,
                race.sex_rest,
                round_distance(race.yards),
                str(race.yards),
                str(round(race.yards * 0.9144)),
                furlongs,
                slot.going,
                surface,
                race.jumps,
                time_detail(outcome.winning_seconds, outcome.standard_seconds),
                "",
                ", ".join(nrs),
                *outcome.tote,
            )
        finishers = sorted(outcome.finishers, key=position_sort_key)
        entries = race.entries
        year = slot.day.year
        pedigree = self.pedigree
        owner_name = self._owner_name
        runners = []
        for f in finishers:
            e = entries[f.entry_index]
            horse = e.horse
            ped = pedigree(horse)
            sex_code = SEX_CODES[horse.sex(year)]
            stones, pounds = divmod(e.lbs, 14)
            owner_id = e.owner_id
            draw = str(e.draw) if e.draw else ""
            ofr = e.ofr if e.ofr != NO_RATING_CARD else NO_RATING_RESULT
            jockey, trainer = e.jockey, e.trainer
            if tier == "free":
                runners.append(
                    (
                        horse.id,
                        horse.suffixed(),
                        str(e.age),
                        sex_code,
                        str(e.number),
                        f.position,
                        draw,
                        f"{stones}-{pounds}",
                        str(e.lbs),
                        e.headgear,
                        ofr,
                        jockey.name,
                        jockey.id,
                        trainer.name,
                        trainer.id,
                        owner_name(owner_id),
                        owner_id,
                        *ped.result_line,
                    )
                )
                continue
            seconds = f.seconds
            line = (
                horse.id,
                horse.suffixed(),
                f.sp,
                f.sp_dec,
                f.bsp,
                str(e.number),
                f.position,
                draw,
                f.btn,
                f.ovr_btn,
                str(e.age),
                sex_code,
                f"{stones}-{pounds}",
                str(e.lbs),
                e.headgear,
                race_time(seconds) if seconds is not None else "",
                ofr,
                f.rpr,
                f.tsr,
                f.prize,
                jockey.name,
                str(e.claim),
                jockey.id,
                trainer.name,
                trainer.id,
                owner_name(owner_id),
                owner_id,
                *ped.result_line,
                f.comment,
                _silk(owner_id),
            )
            # basic results are standard ones without the Betfair SP
            runners.append(line if tier == "standard" else line[:4] + line[5:])
        return head, runners

    def _owner_name(self, owner_id: str) -> str:
        owner = self._owners.get(owner_id) or self.population.people.owner(owner_id)
        return owner.name if owner else ""

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
