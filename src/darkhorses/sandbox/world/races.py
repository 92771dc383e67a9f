"""A race in full: conditions, distance and the declared runners.

Runners come from the racehorse pools so that the same horses run again and again: each
horse belongs to one of ``BUCKETS`` classes per day, and each race of the day draws only from
its own class, so no horse runs twice on one day.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from darkhorses.sandbox.world import names
from darkhorses.sandbox.world.calendar import FIRST_DATE, RaceSlot
from darkhorses.sandbox.world.horses import (
    HOME_RACEHORSES,
    Horse,
    Population,
    foreign_serials,
)
from darkhorses.sandbox.world.people import Jockey, People, Trainer
from darkhorses.sandbox.world.seeding import choose, cumulative, rng, stable_int, unit_prefix

BUCKETS = 100
_FLAT_AGES = {3: 0.35, 4: 0.27, 5: 0.18, 6: 0.1, 7: 0.06, 8: 0.04}
_JUMP_AGES = {4: 0.06, 5: 0.15, 6: 0.2, 7: 0.2, 8: 0.16, 9: 0.11, 10: 0.07, 11: 0.04, 12: 0.01}
_HEADGEAR = ("", "p", "t", "v", "b", "h", "tp", "tb", "tv", "cp", "e/s")
_HEADGEAR_W = (0.66, 0.08, 0.08, 0.03, 0.03, 0.05, 0.03, 0.01, 0.01, 0.01, 0.01)
_NR_REASONS = (
    "self certificate, coughing",
    "going",
    "vet's certificate, lame",
    "self certificate",
    "veterinary advice",
    "unsuitable ground",
    "bruised foot",
    "ran on 2 days ago",
)
_COMMENTS = (
    "Consistent sort who should go well again",
    "Needs to bounce back from a below-par effort",
    "Respected on best form",
    "Well treated on old form if back to his best",
    "Interesting runner on handicap debut",
    "Hard to fancy on recent evidence",
    "Could be the answer with a clear run",
    "Capable of making the frame",
    "Not one to dismiss in this company",
    "Looks up against it at these weights",
)
_SPOTLIGHT = (
    "Ran creditably last time and this looks a suitable opportunity; claims on that form.",
    "Has been running well without winning this season and the drop in grade should help.",
    "Returns from a break; the yard's runners are in form and he's worth a look.",
    "Found little when asked last time; needs to improve to figure here.",
    "Lightly raced and open to improvement; one to keep an eye on in the market.",
)


@dataclass(frozen=True)
class Conditions:
    """What a race is, before its runners."""

    name: str
    yards: int
    age_band: str
    ages: dict[int, float]
    rating_band: str
    handicap: bool
    sex_rest: str
    prize: int
    jumps: str


# not frozen: thousands are made a day and a frozen dataclass is several times slower to build
@dataclass(slots=True)
class Entry:
    """One declared runner of a race."""

    horse: Horse
    trainer: Trainer
    owner_id: str
    jockey: Jockey
    claim: int
    age: int
    number: int
    draw: int
    lbs: int
    ofr: str
    rpr: str
    ts: str
    headgear: str
    non_runner: bool
    nr_reason: str
    form: str
    last_run: str
    trainer_runs: int
    trainer_wins: int
    trainer_rtf: str
    comment: str
    spotlight: str
    strength: float  # log-ability on the day; the market's fair prices come from it


@dataclass(frozen=True)
class Race:
    """A race with its conditions and runners, in racecard (number) order."""

    slot: RaceSlot
    name: str
    yards: int
    age_band: str
    rating_band: str
    sex_rest: str
    prize: int
    jumps: str
    entries: tuple[Entry, ...]

    @property
    def furlongs(self) -> int:
        return round(self.yards / 220)

    @cached_property
    def runners(self) -> tuple[Entry, ...]:
        """The runners that run (non-runners left out)."""
        return tuple(e for e in self.entries if not e.non_runner)


def distance_text(yards: int) -> str:
    """ "2m53y" style."""
    miles, rest = divmod(yards, 1760)
    furlongs, extra = divmod(rest, 220)
    text = (f"{miles}m" if miles else "") + (f"{furlongs}f" if furlongs else "")
    return text + (f"{extra}y" if extra else "")


def round_distance(yards: int) -> str:
    """To the nearest furlong: "1m3f"."""
    return distance_text(round(yards / 220) * 220) or "0f"


class RaceBuilder:
    """Turns an index slot into a full race, drawing runners from the world's pools."""

    def __init__(self, seed: int, people: People, population: Population) -> None:
        self.seed = seed
        self.people = people
        self.population = population
        self._stable_points: dict[str, float] = {}
        self._ability_key = unit_prefix(seed, "ability")
        self._ride_key = unit_prefix(seed, "ride")
        self._nr_key = unit_prefix(seed, "nr")

    @cached_property
    def _buckets(self) -> dict[str, list[list[int]]]:
        """Serials of each pool split into ``BUCKETS`` classes."""
        pools = {"home": list(HOME_RACEHORSES)}
        for code in ("fr", "usa", "aus", "hk", "uae", "ger"):
            pools[code] = list(foreign_serials(code))
        split: dict[str, list[list[int]]] = {}
        for key, serials in pools.items():
            buckets: list[list[int]] = [[] for _ in range(BUCKETS)]
            for s in serials:
                buckets[stable_int(self.seed, "bucket", s) % BUCKETS].append(s)
            split[key] = buckets
        return split

    def conditions(self, slot: RaceSlot) -> Conditions:
        """Distance, age band, handicap status and name: cheap, no runners."""
        r = rng(self.seed, "race", slot.race_id)
        region = slot.course.region.code
        flat = slot.race_type == "Flat"
        yards = _distance(r, slot)
        age_band, ages = _age_band(r, slot)
        rating_band = ""
        handicap = False
        if slot.pattern == "" and slot.race_type != "NH Flat" and r.random() < 0.6:
            handicap = True
            if region == "gb" and slot.race_class:
                top = {
                    "Class 2": 105,
                    "Class 3": 95,
                    "Class 4": 85,
                    "Class 5": 75,
                    "Class 6": 65,
                    "Class 7": 50,
                }.get(slot.race_class, 100)
                if not flat:
                    top += 35
                rating_band = f"0-{top}"
        sex_rest = "F" if flat and r.random() < 0.07 else ""
        name = _race_name(r, slot, handicap, sex_rest, age_band)
        prize = _prize(r, slot)
        jumps = ""
        if slot.race_type in ("Hurdle", "Chase"):
            per_mile = 4 if slot.race_type == "Hurdle" else 6
            jumps = f"{max(6, round(yards / 1760 * per_mile))} " + (
                "hurdles" if slot.race_type == "Hurdle" else "fences"
            )
        return Conditions(
            name, yards, age_band, ages, rating_band, handicap, sex_rest, prize, jumps
        )

    def field(self, slot: RaceSlot, home_index: int, cond: Conditions) -> list[str]:
        """Ids of the declared horses, drawn from the race's own class of the day's pool."""
        r = rng(self.seed, "field", slot.race_id)
        region = slot.course.region.code
        home = region in ("gb", "ire")
        pool = self._buckets["home" if home else region]
        day_number = (slot.day - FIRST_DATE).days
        bucket = pool[(home_index + day_number * 37) % BUCKETS]
        career = "J" if slot.race_type in ("Hurdle", "Chase", "NH Flat") else "F"
        age_list = list(cond.ages)
        cum, total = cumulative(tuple(cond.ages.values()))
        last = len(cum) - 1
        year = slot.day.year
        fillies_only = cond.sex_rest == "F"
        chosen: list[str] = []
        seen: set[str] = set()
        population = self.population
        known_career = population._careers.get
        find_career = population.career
        wanted = slot.declared
        random, getrandbits = r.random, r.getrandbits
        # r.choice(bucket), as CPython draws it: rejection sampling on getrandbits
        size = len(bucket)
        if not size:
            raise IndexError("Cannot choose from an empty sequence")
        bits = size.bit_length()
        for _ in range(wanted * 12):
            if len(chosen) >= wanted:
                break
            # as choose(r, age_list, weights), with the table built once per race
            age = age_list[bisect_right(cum, random() * total, 0, last)]
            x = getrandbits(bits)
            while x >= size:
                x = getrandbits(bits)
            hid = f"hrs_{(year - age) * 100_000 + bucket[x]}"
            if hid in seen:
                continue
            seen.add(hid)
            if home and (known_career(hid) or find_career(hid)) != career:
                continue
            if fillies_only and not population.is_filly(hid):
                continue
            chosen.append(hid)
        return chosen

    def jockey_for(self, slot: RaceSlot, hid: str, trainer_id: str, kind: str) -> str:
        """Who rides: often the stable's jockey, otherwise one of the region's riders."""
        h = self._ride_key.copy()
        h.update(f"{slot.race_id}:{hid}".encode())
        draw = int.from_bytes(h.digest(), "big")
        own = draw % 100 < 35
        u = self._stable_jockey_point(trainer_id) if own else (draw >> 8) / 2**56
        return self.people.pick_jockey(slot.course.region.code, kind, u)

    def _stable_jockey_point(self, trainer_id: str) -> float:
        """Where a stable's own jockey sits in the region's picker (kept: trainers are few)."""
        found = self._stable_points.get(trainer_id)
        if found is None:
            found = (stable_int(self.seed, "stable", trainer_id) % 997) / 997
            self._stable_points[trainer_id] = found
        return found

    def is_non_runner(self, slot: RaceSlot, hid: str, declared: int) -> bool:
        if declared <= 2 or slot.course.region.code not in ("gb", "ire"):
            return False
        h = self._nr_key.copy()
        h.update(f"{slot.race_id}:{hid}".encode())
        return int.from_bytes(h.digest(), "big") / 2**64 < 0.03

    def build(self, slot: RaceSlot, home_index: int) -> Race:
        cond = self.conditions(slot)
        racehorse = self.population.racehorse
        chosen = [racehorse(h) for h in self.field(slot, home_index, cond)]
        entries = self._entries(slot, chosen, cond)
        return Race(
            slot,
            cond.name,
            cond.yards,
            cond.age_band,
            cond.rating_band,
            cond.sex_rest,
            cond.prize,
            cond.jumps,
            entries,
        )

    def _entries(self, slot: RaceSlot, chosen: list[Horse], cond: Conditions) -> tuple[Entry, ...]:
        """The declared runners, in number order, with everything their card lines show.

        Every value comes from the race's one ``draw`` stream in a fixed order (the methods of
        ``random.Random`` are inlined where they are hot; each draws exactly what the method
        would), so a runner's line depends on the runners before it.
        """
        r = rng(self.seed, "draw", slot.race_id)
        race_id = slot.race_id
        region = slot.course.region.code
        home = region in ("gb", "ire")
        career = "J" if slot.race_type in ("Hurdle", "Chase", "NH Flat") else "F"
        jumps = career == "J"
        year = slot.day.year
        handicap = cond.handicap
        rating_band = cond.rating_band
        top = int(rating_band[2:]) if rating_band else 0
        kind = "J" if jumps else "F"
        ability_key = self._ability_key
        ride_key = self._ride_key
        people = self.people
        trainers, jockeys = people._trainers, people._jockeys
        pick_jockey = people._jockey_pickers[(region, kind)].pick
        stable_point = self._stable_jockey_point
        gauss, random, getrandbits = r.gauss, r.random, r.getrandbits
        rows = []
        for horse in chosen:
            hid = horse.id
            h = ability_key.copy()
            h.update(hid.encode())
            ability = (int.from_bytes(h.digest(), "big") % 1000) / 1000.0
            strength = gauss(0.0, 1.0) + (ability - 0.5) * 0.8
            trainer = trainers.get(horse.trainer_id) or people.trainer(horse.trainer_id)
            assert trainer is not None
            # jockey_for(slot, hid, trainer.id, kind)
            h = ride_key.copy()
            h.update(f"{race_id}:{hid}".encode())
            draw = int.from_bytes(h.digest(), "big")
            u = stable_point(trainer.id) if draw % 100 < 35 else (draw >> 8) / 2**56
            jockey_id = pick_jockey(u)
            jockey = jockeys.get(jockey_id) or people.jockey(jockey_id)
            assert jockey is not None
            age = year - horse.foal_year
            if handicap and top:
                ofr = max(10, top - int(abs(gauss(0, 9))))
            elif age >= 3 and random() < 0.8:
                ofr = int(60 + ability * 50 + gauss(0, 8)) + (40 if jumps else 0)
            else:
                ofr = 0
            rows.append((horse, trainer, jockey, age, ofr, strength))
        if handicap:
            rows.sort(key=lambda row: (-row[4], row[0].name))
        else:
            rows.sort(key=lambda row: row[0].name)
        entries = []
        max_or = max((row[4] for row in rows), default=0)
        declared = len(rows)
        draws = list(range(1, declared + 1))
        r.shuffle(draws)
        nr_key = self._nr_key if home and declared > 2 else None
        form_cum = _FORM_CUMULATIVE[kind]
        form_symbols = _FORM_SYMBOLS[kind]
        form_total = form_cum[-1] + 0.0
        form_hi = len(form_cum) - 1
        headgear_cum, headgear_total = cumulative(_HEADGEAR_W)
        headgear_hi = len(headgear_cum) - 1
        for number, (horse, trainer, jockey, age, ofr, strength) in enumerate(rows, 1):
            if jumps:
                if handicap:
                    base = 168
                else:  # 154 + randint(0, 10)
                    x = getrandbits(4)
                    while x >= 11:
                        x = getrandbits(4)
                    base = 154 + x
                lbs = max(140, base - (max_or - ofr)) if handicap else base
            else:
                base = 140 if handicap else (126 + 4 * (horse.base_sex != "filly") + min(age, 4))
                lbs = max(112, base - (max_or - ofr)) if handicap else base
            claim = jockey.claim(year) if home else 0
            if nr_key is None:
                non_runner = False
            else:
                h = nr_key.copy()
                h.update(f"{race_id}:{horse.id}".encode())
                non_runner = int.from_bytes(h.digest(), "big") / 2**64 < 0.03
            runs = getrandbits(6)  # randint(0, 40)
            while runs >= 41:
                runs = getrandbits(6)
            wins = int(runs * (0 + (0.3 - 0) * random()))  # uniform(0, 0.3)
            debut = random() < (0.5 if age <= 2 else 0.08)
            if ofr:
                x = getrandbits(5)  # randint(-8, 8)
                while x >= 17:
                    x = getrandbits(5)
                rpr = str(ofr + x - 8)
                rows_rating = str(ofr)
                if random() < 0.8:
                    x = getrandbits(5)  # randint(0, 25)
                    while x >= 26:
                        x = getrandbits(5)
                    ts = str(max(1, ofr - x))
                else:
                    ts = "-"
            else:
                rows_rating = rpr = ts = "-"
            # choose(r, _HEADGEAR, _HEADGEAR_W)
            headgear = _HEADGEAR[
                bisect_right(headgear_cum, random() * headgear_total, 0, headgear_hi)
            ]
            if non_runner:
                x = getrandbits(4)  # choice(_NR_REASONS), eight reasons
                while x >= 8:
                    x = getrandbits(4)
                nr_reason = _NR_REASONS[x]
            else:
                nr_reason = ""
            if debut:
                form = last_run = ""
            else:
                # _form(r, career): choices(symbols, cum_weights, k=randint(1, 6)), maybe a cut
                k = getrandbits(3)
                while k >= 6:
                    k = getrandbits(3)
                form = "".join(
                    [
                        form_symbols[bisect_right(form_cum, random() * form_total, 0, form_hi)]
                        for _ in range(k + 1)
                    ]
                )
                if len(form) > 2 and random() < 0.4:
                    span = len(form) - 1  # randint(1, len - 1)
                    bits = span.bit_length()
                    x = getrandbits(bits)
                    while x >= span:
                        x = getrandbits(bits)
                    form = f"{form[: x + 1]}-{form[x + 1 :]}"
                x = getrandbits(8)  # randint(5, 250)
                while x >= 246:
                    x = getrandbits(8)
                last_run = str(5 + x)
            if random() < 0.8:
                x = getrandbits(6)  # randint(0, 60)
                while x >= 61:
                    x = getrandbits(6)
                trainer_rtf = str(x)
            else:
                trainer_rtf = ""
            if home:
                x = getrandbits(4)  # choice(_COMMENTS), ten comments
                while x >= 10:
                    x = getrandbits(4)
                comment = _COMMENTS[x]
                x = getrandbits(3)  # choice(_SPOTLIGHT), five lines
                while x >= 5:
                    x = getrandbits(3)
                spotlight = _SPOTLIGHT[x]
            else:
                comment = spotlight = ""
            entries.append(
                Entry(
                    horse,
                    trainer,
                    horse.owner_id,
                    jockey,
                    claim,
                    age,
                    number,
                    draws[number - 1] if career == "F" else 0,
                    lbs,
                    rows_rating,
                    rpr,
                    ts,
                    headgear,
                    non_runner,
                    nr_reason,
                    form,
                    last_run,
                    runs,
                    wins,
                    trainer_rtf,
                    comment,
                    spotlight,
                    strength,
                )
            )
        return tuple(entries)


_FORM_SYMBOLS = {"F": "1234567890", "J": "1234567890PFU"}
_FORM_WEIGHTS = [0.12, 0.12, 0.11, 0.1, 0.09, 0.08, 0.07, 0.06, 0.05, 0.1]
# cumulative weights given to ``choices`` draw exactly as the plain weights would
_FORM_CUMULATIVE = {
    "F": list(accumulate(_FORM_WEIGHTS)),
    "J": list(accumulate([*_FORM_WEIGHTS, 0.05, 0.02, 0.01])),
}


def _form(r: random.Random, career: str) -> str:
    cum = _FORM_CUMULATIVE["J" if career == "J" else "F"]
    symbols = _FORM_SYMBOLS["J" if career == "J" else "F"]
    text = "".join(r.choices(symbols, cum_weights=cum, k=r.randint(1, 6)))
    if len(text) > 2 and r.random() < 0.4:
        cut = r.randint(1, len(text) - 1)
        text = f"{text[:cut]}-{text[cut:]}"
    return text


def _distance(r: random.Random, slot: RaceSlot) -> int:
    if slot.race_type == "Flat":
        furlongs = choose(
            r,
            (5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18),
            (0.14, 0.17, 0.16, 0.15, 0.07, 0.1, 0.06, 0.08, 0.04, 0.02, 0.01),
        )
    elif slot.race_type == "Hurdle":
        furlongs = choose(r, (16, 17, 19, 20, 21, 22, 24, 25), (3, 2, 2, 2, 2, 1, 2, 1))
    elif slot.race_type == "Chase":
        if slot.course.name == "Aintree" and slot.big_race and slot.number == 5:
            return 4 * 1760 + 2 * 220 + 74
        furlongs = choose(
            r, (16, 17, 19, 20, 21, 23, 24, 25, 26, 29), (3, 2, 2, 2, 2, 2, 2, 1, 1, 1)
        )
    else:
        furlongs = choose(r, (13, 16, 17, 19, 20), (1, 6, 2, 1, 1))
    extra = r.choice((0, 0, 0, 0, 0, 13, 21, 33, 53, 60, 75, 100, 110, 120, 140, 165, 192))
    return furlongs * 220 + (extra if extra < 110 else extra - 220)


def _age_band(r: random.Random, slot: RaceSlot) -> tuple[str, dict[int, float]]:
    month = slot.day.month
    if slot.race_type == "Flat":
        options: list[tuple[str, dict[int, float], float]] = [
            ("3yo+", {a: w for a, w in _FLAT_AGES.items() if a >= 3}, 0.4),
            ("4yo+", {a: w for a, w in _FLAT_AGES.items() if a >= 4}, 0.22),
            ("3yo", {3: 1.0}, 0.18 if 3 <= month <= 9 else 0.04),
            ("2yo", {2: 1.0}, 0.2 if 5 <= month <= 10 else 0.03 if month in (4, 11) else 0.0),
            ("3-5yo", {3: 0.5, 4: 0.3, 5: 0.2}, 0.04),
        ]
    elif slot.race_type == "NH Flat":
        options = [
            ("4-6yo", {4: 0.4, 5: 0.4, 6: 0.2}, 0.6),
            ("4yo+", {a: w for a, w in _JUMP_AGES.items() if a >= 4}, 0.3),
            ("4-5yo", {4: 0.5, 5: 0.5}, 0.1),
        ]
    else:
        options = [
            ("4yo+", dict(_JUMP_AGES), 0.5),
            ("5yo+", {a: w for a, w in _JUMP_AGES.items() if a >= 5}, 0.4),
            (
                "4yo",
                {4: 1.0},
                0.06 if slot.race_type == "Hurdle" and month in (11, 12, 1, 2, 3) else 0,
            ),
            ("6yo+", {a: w for a, w in _JUMP_AGES.items() if a >= 6}, 0.04),
        ]
    band, ages, _ = choose(r, options, [o[2] for o in options])
    return band, ages


def _race_name(r: random.Random, slot: RaceSlot, handicap: bool, sex_rest: str, band: str) -> str:
    sponsor = r.choice(names.SPONSORS)
    if slot.course.region.code not in ("gb", "ire"):
        return (
            f"Prix {r.choice(names.SURNAMES)}"
            if slot.course.region.code == "fr"
            else (f"{r.choice(names.SURNAMES)} {'Stakes' if slot.pattern else 'Handicap'}")
        )
    if slot.pattern:
        title = {"Flat": "Stakes", "Hurdle": "Hurdle", "Chase": "Chase"}.get(slot.race_type, "Race")
        kind = f"{r.choice(names.SURNAMES)} {title} ({slot.pattern})"
        return f"{sponsor} {kind}"
    if slot.race_type == "NH Flat":
        return f"{sponsor} Standard Open National Hunt Flat Race"
    fillies = "Fillies' " if sex_rest == "F" else ""
    if slot.race_type == "Flat":
        kind = (
            "Nursery Handicap"
            if handicap and band == "2yo"
            else "Handicap"
            if handicap
            else (
                r.choice(
                    ("Maiden Stakes", "Novice Stakes", "Classified Stakes", "Conditions Stakes")
                )
            )
        )
    elif slot.race_type == "Hurdle":
        kind = (
            "Handicap Hurdle"
            if handicap
            else r.choice(
                ("Novices' Hurdle", "Maiden Hurdle", "Juvenile Hurdle", "Mares' Novices' Hurdle")
            )
        )
    else:
        kind = (
            "Handicap Chase"
            if handicap
            else r.choice(("Novices' Chase", "Beginners' Chase", "Novices' Limited Handicap Chase"))
        )
    return f"{sponsor} {fillies}{kind}"


def _prize(r: random.Random, slot: RaceSlot) -> int:
    base = {
        "Class 1": 40000,
        "Class 2": 16000,
        "Class 3": 8000,
        "Class 4": 5500,
        "Class 5": 4000,
        "Class 6": 3200,
        "Class 7": 2800,
    }.get(slot.race_class, 9000)
    if slot.pattern in ("Group 1", "Grade 1"):
        base = 250000
    elif slot.pattern:
        base = 60000
    return int(base * r.uniform(0.8, 1.3))
