"""The sandbox's world: one seed, every course, horse, person, race, price and result.

Nothing is generated ahead: a day's index is built when first asked for, a race's runners when
its card or result is, and both are kept in bounded caches so serving stays fast.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from darkhorses.sandbox.world.calendar import FIRST_DATE, RaceSlot, build_day, parse_race_id
from darkhorses.sandbox.world.contract import (
    CardTier,
    EntityKind,
    HorseTier,
    RaceRef,
    ResultTier,
)
from darkhorses.sandbox.world.courses import COURSES, REGIONS
from darkhorses.sandbox.world.horses import Population
from darkhorses.sandbox.world.market import BOOKMAKERS, EXCHANGE, Market, Noise
from darkhorses.sandbox.world.people import People
from darkhorses.sandbox.world.races import Race, RaceBuilder
from darkhorses.sandbox.world.render import Renderer
from darkhorses.sandbox.world.results import FinalPrices, Outcome, decide
from darkhorses.sandbox.world.search import SearchIndex
from darkhorses.sandbox.world.seeding import LRU, BoundedDict, stable_int

RESULT_DELAY = timedelta(minutes=10)


@dataclass(frozen=True)
class Day:
    """One day's index: its races in order and where each sits."""

    slots: tuple[RaceSlot, ...]
    refs: tuple[RaceRef, ...]
    position: dict[str, int]
    pool_index: dict[str, int]  # a race's index among the day's races sharing its horse pool


def _ref(slot: RaceSlot) -> RaceRef:
    return RaceRef(
        slot.race_id,
        slot.day,
        slot.off_dt,
        slot.course.region.upper,
        slot.course.id,
        slot.race_type,
        slot.race_class,
        slot.big_race,
        slot.is_abandoned,
    )


class World:
    """A deterministic Racing API world (see ``contract.WorldContract``)."""

    first_date = FIRST_DATE

    def __init__(self, seed: int = 1) -> None:
        self.seed = seed
        self.people = People(seed)
        self.population = Population(seed, self.people)
        self.builder = RaceBuilder(seed, self.people, self.population)
        self.renderer = Renderer(self.population)
        self.noise = Noise(seed)
        self._days: LRU[date, Day] = LRU(800)
        self._races: LRU[str, Race] = LRU(6000)
        self._markets: LRU[str, Market] = LRU(3000)
        self._outcomes: LRU[str, Outcome] = LRU(6000)
        # JSON texts of results (about 8 kB each): a few days of every tier
        self._result_texts: LRU[tuple[str, str], str] = LRU(2000)
        self._facts: LRU[str, tuple[str, str, str, int]] = LRU(40_000)
        # cards' JSON texts without their odds (a day of pro cards: about 1 MB)
        self._card_parts: LRU[tuple[str, str], list[str]] = LRU(1000)
        self._fields: LRU[str, tuple[str, ...]] = LRU(120_000)
        self._available: BoundedDict[str, datetime] = BoundedDict(50_000)
        # a year of races for every kind of entity
        self._involvement: BoundedDict[tuple[str, str], tuple[str, ...]] = BoundedDict(200_000)
        self._entity_races: LRU[tuple[str, str, date, date], tuple[str, ...]] = LRU(256)

    # index -------------------------------------------------------------------------------
    def courses(self) -> list[dict]:
        return [
            {"id": c.id, "course": c.name, "region_code": c.region.code, "region": c.region.name}
            for c in sorted(COURSES, key=lambda c: (c.region.code, c.name))
        ]

    def regions(self) -> list[dict]:
        return [{"region": r.name, "region_code": r.code} for r in REGIONS]

    def day(self, day: date) -> Day:
        """The day's index (cached)."""
        return self._days.get(day, lambda: self._make_day(day))

    def _make_day(self, day: date) -> Day:
        slots = tuple(build_day(self.seed, day))
        counters: dict[str, int] = {}
        pool_index = {}
        for slot in slots:
            code = slot.course.region.code
            key = "home" if code in ("gb", "ire") else code
            pool_index[slot.race_id] = counters.get(key, 0)
            counters[key] = pool_index[slot.race_id] + 1
        return Day(
            slots,
            tuple(_ref(s) for s in slots),
            {s.race_id: i for i, s in enumerate(slots)},
            pool_index,
        )

    def races_on(self, day: date) -> list[RaceRef]:
        return list(self.day(day).refs)

    def _slot(self, race_id: str) -> RaceSlot | None:
        parsed = parse_race_id(race_id)
        if parsed is None:
            return None
        day, index = parsed
        slots = self.day(day).slots
        return slots[index] if index < len(slots) else None

    def race(self, race_id: str) -> RaceRef | None:
        slot = self._slot(race_id)
        return None if slot is None else _ref(slot)

    # full races --------------------------------------------------------------------------
    def full_race(self, race_id: str) -> Race:
        """The race with its runners; KeyError for an unknown id."""
        slot = self._slot(race_id)
        if slot is None:
            raise KeyError(race_id)
        index = self.day(slot.day).pool_index[race_id]
        return self._races.get(race_id, lambda: self.builder.build(slot, index))

    def market(self, race_id: str) -> Market:
        race = self.full_race(race_id)
        return self._markets.get(race_id, lambda: Market(self.seed, race, self.noise))

    def outcome(self, race_id: str) -> Outcome:
        found = self._outcomes.find(race_id)
        if found is None:
            race = self.full_race(race_id)
            course = race.slot.course
            currency = course.currency if course.region.code in ("gb", "ire") else ""
            # a result needs the final prices only, not the market's whole price path
            market = self._markets.find(race_id)
            prices = FinalPrices.of(race) if market is None else FinalPrices.of_market(market)
            found = decide(self.seed, race, prices, currency)
            self._outcomes.put(race_id, found)
        return found

    # payloads ----------------------------------------------------------------------------
    def racecard(self, race_id: str, tier: CardTier, now: datetime) -> dict:
        return json.loads(self.racecard_json(race_id, tier, now))  # type: ignore[no-any-return]

    def racecard_json(self, race_id: str, tier: CardTier, now: datetime) -> str:
        """``racecard`` as JSON text, as the API sends it."""
        race = self.full_race(race_id)
        market = self.market(race_id) if tier in ("standard", "pro") else None
        key = (race_id, tier)
        parts = self._card_parts.find(key)
        if parts is None:
            parts = self.renderer.card_parts(race, tier, market)
            self._card_parts.put(key, parts)
        return self.renderer.card_json(race, tier, market, now, parts)

    def result_facts(self, race_id: str) -> dict[str, str]:
        """``going``, ``age_band``, ``sex_rest`` and ``dist_y`` of the race's result, from its
        conditions alone (what the result-only filters read; kept, ranges are paged)."""
        found = self._facts.find(race_id)
        if found is None:
            slot = self._slot(race_id)
            if slot is None:
                raise KeyError(race_id)
            race = self._races.find(race_id)
            if race is not None:
                found = (slot.going, race.age_band, race.sex_rest, race.yards)
            else:
                cond = self.builder.conditions(slot)
                found = (slot.going, cond.age_band, cond.sex_rest, cond.yards)
            self._facts.put(race_id, found)
        going, age_band, sex_rest, yards = found
        return {"going": going, "age_band": age_band, "sex_rest": sex_rest, "dist_y": str(yards)}

    def result(self, race_id: str, tier: ResultTier) -> dict:
        race = self.full_race(race_id)
        return self.renderer.result(race, self._final(race), tier)

    def result_json(self, race_id: str, tier: ResultTier) -> str:
        """``result`` as JSON text, as the API sends it (kept: pages and filters reuse it)."""
        key = (race_id, tier)
        found = self._result_texts.find(key)
        if found is None:
            race = self.full_race(race_id)
            found = self.renderer.result_json(race, self._final(race), tier)
            self._result_texts.put(key, found)
        return found

    def _final(self, race: Race) -> Outcome:
        if race.slot.is_abandoned or not race.runners:
            return Outcome((), 0.0, 0.0, ("",) * 6)
        return self.outcome(race.slot.race_id)

    def summary(self, race_id: str) -> dict:
        return self.renderer.summary(self.full_race(race_id))

    def horse(self, horse_id: str, tier: HorseTier) -> dict | None:
        if not horse_id.startswith("hrs_"):
            return None
        horse = self.population.get(horse_id)
        return None if horse is None else self.renderer.horse(horse, tier)

    def result_available_at(self, race_id: str) -> datetime:
        slot = self._slot(race_id)
        if slot is None:
            raise KeyError(race_id)
        found = self._available.get(race_id)
        if found is None:
            jitter = stable_int(self.seed, "result-delay", race_id) % 5
            found = slot.off_dt + RESULT_DELAY + timedelta(minutes=int(jitter) - 2)
            self._available[race_id] = found
        return found

    def odds_history(self, race_id: str, horse_id: str, now: datetime) -> dict | None:
        slot = self._slot(race_id)
        if slot is None or slot.course.region.code not in ("gb", "ire"):
            return None
        race = self.full_race(race_id)
        index = next((i for i, e in enumerate(race.entries) if e.horse.id == horse_id), None)
        if index is None:
            return None
        market = self.market(race_id)
        k = None if slot.is_abandoned else market.instant_at(now)
        odds: list[dict[str, Any]] = []
        if k is not None:
            places, denom = market.ew
            updated = market.updated(k)
            for book, name in enumerate(BOOKMAKERS):
                quote = market.quote(index, book, k)
                exchange = name == EXCHANGE
                odds.append(
                    {
                        "bookmaker": name,
                        "fractional": quote.fractional,
                        "decimal": quote.decimal,
                        "ew_places": "" if exchange else places,
                        "ew_denom": "" if exchange else denom,
                        "updated": updated,
                        "history": market.history(index, book, k) if market.has_history() else [],
                    }
                )
        return {
            "race_id": race_id,
            "horse_id": horse_id,
            "horse": race.entries[index].horse.name,
            "odds": odds,
        }

    # entities ----------------------------------------------------------------------------
    @cached_property
    def _search(self) -> SearchIndex:
        return SearchIndex(self.seed, self.people, self.population)

    def search(self, kind: EntityKind, name: str) -> list[dict]:
        if kind == "horses":
            return [
                self.renderer.horse(h, "standard")
                for h in (self.population.get(i) for i in self._search.find("horses", name))
                if h is not None
            ]
        return self._search.results(kind, name)

    def entity_races(self, kind: EntityKind, entity_id: str, start: date, end: date) -> list[str]:
        key = (kind, entity_id, start, end)
        return list(self._entity_races.get(key, lambda: self._find_races(*key)))

    def _find_races(self, kind: str, entity_id: str, start: date, end: date) -> tuple[str, ...]:
        match = self._matcher(kind, entity_id)
        if match is None:
            return ()
        found: list[str] = []
        day = end
        start = max(start, FIRST_DATE)
        while day >= start:
            index = self.day(day)
            for slot in reversed(index.slots):
                if not slot.is_abandoned and match(slot, index.pool_index[slot.race_id]):
                    found.append(slot.race_id)
            day -= timedelta(days=1)
        return tuple(found)

    def _runners(self, slot: RaceSlot, pool_index: int) -> tuple[str, ...]:
        """Ids of the horses that ran (non-runners left out), without building the race."""

        def make() -> tuple[str, ...]:
            builder = self.builder
            field = builder.field(slot, pool_index, builder.conditions(slot))
            return tuple(h for h in field if not builder.is_non_runner(slot, h, len(field)))

        return self._fields.get(slot.race_id, make)

    def _involved(self, kind: str, slot: RaceSlot, pool_index: int) -> tuple[str, ...]:
        """The ids of one kind of entity behind a race's runners (kept: searches repeat)."""
        key = (kind, slot.race_id)
        found = self._involvement.get(key)
        if found is None:
            runners = self._runners(slot, pool_index)
            found = self._involvement[key] = self._ids_behind(kind, slot, runners)
        return found

    def _ids_behind(self, kind: str, slot: RaceSlot, runners: tuple[str, ...]) -> tuple[str, ...]:
        population = self.population
        if kind == "horses":
            return runners
        if kind == "sires":
            return tuple(population.parents(h)[0] for h in runners)
        if kind == "dams":
            return tuple(population.parents(h)[1] for h in runners)
        if kind == "damsires":
            return tuple(population.parents(population.parents(h)[1])[0] for h in runners)
        if kind in ("trainers", "owners"):
            column = 0 if kind == "trainers" else 1
            return tuple(population.connections(h)[column] for h in runners)
        ride_kind = "F" if slot.race_type == "Flat" else "J"
        jockey_for = self.builder.jockey_for
        return tuple(jockey_for(slot, h, population.connections(h)[0], ride_kind) for h in runners)

    def _matcher(self, kind: str, entity_id: str) -> Callable[[RaceSlot, int], bool] | None:
        involved = self._involved
        if kind in ("horses", "sires", "dams", "damsires"):
            if kind == "horses" and not entity_id.startswith("hrs_"):
                return None  # a sire's or dam's own id never names a runner
            target = "hrs_" + entity_id.partition("_")[2]
            if self.population.get(target) is None:
                return None
            return lambda slot, i: target in involved(kind, slot, i)
        if kind in ("trainers", "owners"):
            lookup = self.people.trainer if kind == "trainers" else self.people.owner
            if lookup(entity_id) is None:
                return None
            return lambda slot, i: entity_id in involved(kind, slot, i)
        if kind == "jockeys":
            jockey = self.people.jockey(entity_id)
            if jockey is None:
                return None
            region, ride_kind = jockey.region, jockey.kind

            def ridden(slot: RaceSlot, i: int) -> bool:
                if slot.course.region.code != region:
                    return False
                if ("F" if slot.race_type == "Flat" else "J") != ride_kind:
                    return False
                return entity_id in involved("jockeys", slot, i)

            return ridden
        return None
