"""Horses: racehorses, stallions and broodmares, each derived from its id alone.

A horse id is ``hrs_<foal year><5-digit serial>``; the serial's range says the horse's role:
stallions (sires of later crops), broodmares (their dams), GB/IRE racehorses, and racehorses
trained abroad. Sires, dams and damsires are horses of the same world, so ``sir_``/``dam_``/
``dsi_`` ids become ``hrs_`` ids by swapping the prefix.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from hashlib import blake2b
from itertools import accumulate
from typing import Any

from darkhorses.sandbox.world import names
from darkhorses.sandbox.world.people import People
from darkhorses.sandbox.world.seeding import (
    _EIGHT_WORDS,
    _TWO_TO_MINUS_64,
    LRU,
    BoundedDict,
    WeightedPicker,
    draws_prefix,
    first_words,
    unit_prefix,
    zipf_weights,
)

FIRST_FOAL_YEAR = 1960
LAST_FOAL_YEAR = 2026
PROFILE_YEAR = 2026  # profiles show a horse's sex as of this year ("horse"/"mare" from 5)

STALLIONS = range(0, 60)
MARES = range(1000, 3000)
HOME_RACEHORSES = range(10000, 16500)
FOREIGN_REGIONS = ("fr", "usa", "aus", "hk", "uae", "ger")
_FOREIGN_BASE = 50000
_FOREIGN_PER_REGION = 2500

_COLOURS = ("b", "br", "ch", "gr", "bl", "b/br")
_COLOUR_WEIGHTS = (0.5, 0.15, 0.22, 0.09, 0.02, 0.02)
_HOME_BRED = ("GB", "IRE", "FR", "USA", "GER")
_HOME_BRED_WEIGHTS = (0.42, 0.42, 0.1, 0.04, 0.02)
_SIRE_BRED = ("GB", "IRE", "USA", "FR", "GER", "JPN")
_SIRE_BRED_WEIGHTS = (0.34, 0.34, 0.15, 0.12, 0.03, 0.02)

# the weights' sums, summed once (``_pick`` draws against them)
_HOME_BRED_TOTAL = sum(_HOME_BRED_WEIGHTS)
_SIRE_BRED_TOTAL = sum(_SIRE_BRED_WEIGHTS)

SEX_CODES = {"colt": "C", "filly": "F", "gelding": "G", "horse": "H", "mare": "M"}


def _pick(items: tuple[str, ...], weights: tuple[float, ...], total: float, u: float) -> str:
    point = u * total  # total: sum(weights)
    for item, weight in zip(items, weights, strict=True):
        point -= weight
        if point < 0:
            return item
    return items[-1]


def horse_id(foal_year: int, serial: int) -> str:
    return f"hrs_{foal_year * 100_000 + serial}"


def parse_horse_id(horse_id: str) -> tuple[int, int] | None:
    """(foal year, serial) of any id whose prefix is a horse kind, or None."""
    head, _, digits = horse_id.partition("_")
    if head not in ("hrs", "sir", "dam", "dsi") or not digits.isdigit() or len(digits) != 9:
        return None
    foal_year, serial = divmod(int(digits), 100_000)
    if not FIRST_FOAL_YEAR <= foal_year <= LAST_FOAL_YEAR:
        return None
    valid = (
        serial in STALLIONS
        or serial in MARES
        or serial in HOME_RACEHORSES
        or _FOREIGN_BASE <= serial < _FOREIGN_BASE + _FOREIGN_PER_REGION * len(FOREIGN_REGIONS)
    )
    return (foal_year, serial) if valid else None


def racing_region(serial: int) -> str:
    """Where a racehorse is trained: "gb"/"ire" pool or a foreign country."""
    if serial in HOME_RACEHORSES:
        return "home"
    if serial >= _FOREIGN_BASE:
        return FOREIGN_REGIONS[(serial - _FOREIGN_BASE) // _FOREIGN_PER_REGION]
    return "stud"


def foreign_serials(region_code: str) -> range:
    start = _FOREIGN_BASE + FOREIGN_REGIONS.index(region_code) * _FOREIGN_PER_REGION
    return range(start, start + _FOREIGN_PER_REGION)


@dataclass(slots=True)
class Details:
    """What only cards and profiles show: drawn on first use, results never need them."""

    colour: str
    dob: str
    breeder: str


_COLOUR_CUM = list(accumulate(_COLOUR_WEIGHTS))
_JAN_1 = {year: date(year, 1, 1) for year in range(FIRST_FOAL_YEAR, LAST_FOAL_YEAR + 1)}


def describe(seed: int, hid: str, foal_year: int) -> Details:
    """A horse's colour, date of birth and breeder, from its own stream.

    The draws of ``Draws(seed, "horse", hid)`` (last word first), as ``choose``,
    ``Draws.randint`` and ``names.breeder_name`` would draw them.
    """
    words = first_words(draws_prefix(seed, "horse"), hid.encode())
    point = words[7] * _TWO_TO_MINUS_64 * _COLOUR_CUM[-1]
    colour = _COLOURS[bisect_right(_COLOUR_CUM, point, 0, len(_COLOUR_CUM) - 1)]
    days = 20 + int(words[6] * _TWO_TO_MINUS_64 * 131)  # randint(20, 150)
    left = 5
    if racing_region(int(hid[4:]) % 100_000) == "aus":
        days = 215 + int(words[5] * _TWO_TO_MINUS_64 * 106)  # randint(215, 320)
        left = 4
    january = _JAN_1.get(foal_year) or date(foal_year, 1, 1)
    dob = (january + timedelta(days=days)).isoformat()
    return Details(colour, dob, names.breeder_name_from_words(words, left))


# not frozen: thousands are made a day and a frozen dataclass is several times slower to build
@dataclass(slots=True)
class Horse:
    id: str
    name: str
    foal_year: int
    base_sex: str  # colt, filly, gelding (stallions "horse", broodmares "mare")
    region: str  # where bred, upper case
    sire_id: str  # hrs_ ids
    dam_id: str
    career: str  # "F" flat, "J" jumps
    trainer_id: str
    owner_id: str
    seed: int
    _details: Details | None = None
    # the renderer's pedigree lines, kept with the horse (and forgotten with it)
    pedigree: Any = None

    @property
    def details(self) -> Details:
        """Colour, dob and breeder, drawn on first use."""
        if self._details is None:
            self._details = describe(self.seed, self.id, self.foal_year)
        return self._details

    @property
    def colour(self) -> str:
        return self.details.colour

    @property
    def dob(self) -> str:
        return self.details.dob

    @property
    def breeder(self) -> str:
        return self.details.breeder

    @property
    def number(self) -> str:
        return self.id[4:]

    def suffixed(self) -> str:
        """The name as results and searches write it: "Veraison (IRE)"."""
        return f"{self.name} ({self.region})"

    def sex(self, year: int) -> str:
        """The sex word in ``year``: colts become horses and fillies mares at five."""
        age = year - self.foal_year
        if self.base_sex == "colt" and age >= 5:
            return "horse"
        if self.base_sex == "filly" and age >= 5:
            return "mare"
        return self.base_sex


def _unit(prefix: blake2b, key: bytes) -> float:
    """As ``unit(seed, kind, key)``, from ``unit_prefix(seed, kind)``."""
    h = prefix.copy()
    h.update(key)
    return int.from_bytes(h.digest(), "big") / 2**64


_SIRE_AGES = tuple(range(4, 23))
_SIRE_AGE_WEIGHTS = tuple(1.0 / (1 + abs(a - 10) / 4) for a in range(4, 23))
_SIRE_AGE_CUM = list(accumulate(_SIRE_AGE_WEIGHTS))
_SIRE_AGE_TOTAL = _SIRE_AGE_CUM[-1]
_SIRE_AGE_LAST = len(_SIRE_AGE_CUM) - 1
_MARE_SPAN = MARES[-1] - MARES[0] + 1
_BRED_BY_ROLE = {"fr": "FR", "usa": "USA", "aus": "AUS", "uae": "GB"}


class Population:
    """Every horse of one world, made on demand from ids and cached.

    The per-horse facts are each drawn from their own keyed hash, as ``unit`` and ``Draws``
    would draw them, with the hashing states prepared once per world.
    """

    def __init__(self, seed: int, people: People) -> None:
        self.seed = seed
        self.people = people
        self._cache: LRU[str, Horse] = LRU(120_000)
        # bounded memos of the cheap per-horse facts (a long-running sandbox must not grow)
        self._parents: BoundedDict[str, tuple[str, str]] = BoundedDict(150_000)
        self._labels: BoundedDict[str, tuple[str, str]] = BoundedDict(150_000)
        self._connections: BoundedDict[str, tuple[str, str]] = BoundedDict(150_000)
        self._careers: BoundedDict[str, str] = BoundedDict(150_000)
        self._career_key = unit_prefix(seed, "career")
        self._sex_key = unit_prefix(seed, "sex")
        self._bred_key = unit_prefix(seed, "bred")
        self._name_key = draws_prefix(seed, "name")
        self._parents_key = draws_prefix(seed, "parents")
        self._stable_key = draws_prefix(seed, "stable")

    def get(self, any_id: str) -> Horse | None:
        """The horse for an ``hrs_``/``sir_``/``dam_``/``dsi_`` id, or None."""
        known = self._cache.find(any_id)  # only valid ids are ever cached
        if known is not None:
            return known
        parsed = parse_horse_id(any_id)
        if parsed is None:
            return None
        hid = horse_id(*parsed)
        if hid != any_id:
            known = self._cache.find(hid)
            if known is not None:
                return known
        horse = self._make(hid, *parsed)
        self._cache.put(hid, horse)
        return horse

    def racehorse(self, hid: str) -> Horse:
        """The horse for a well-formed ``hrs_`` id (as the race builder makes them)."""
        data = self._cache._data
        known = data.get(hid)
        if known is not None:
            data.move_to_end(hid)
            return known
        horse = self._make_racehorse(hid)
        self._cache.put(hid, horse)
        return horse

    def _make_racehorse(self, hid: str) -> Horse:
        """``_make`` for a racehorse (home or abroad), with every draw inlined: the race
        builder meets hundreds of new horses a day. Each value is drawn as the methods above
        draw it (``parents``, ``name``, ``bred``, ``career``, ``connections``)."""
        foal_year, serial = divmod(int(hid[4:]), 100_000)
        key = hid.encode()
        block = key + b":0"
        # parents(hid)
        found = self._parents.get(hid)
        if found is None:
            h = self._parents_key.copy()
            h.update(block)
            words = _EIGHT_WORDS.unpack(h.digest())
            point = words[7] * _TWO_TO_MINUS_64 * _SIRE_AGE_TOTAL
            sire_age = _SIRE_AGES[bisect_right(_SIRE_AGE_CUM, point, 0, _SIRE_AGE_LAST)]
            stallion = self._stallion_picker.pick(words[6] * _TWO_TO_MINUS_64)
            sire = f"hrs_{max(FIRST_FOAL_YEAR, foal_year - sire_age) * 100_000 + stallion}"
            dam_year = max(FIRST_FOAL_YEAR, foal_year - (3 + int(words[5] * _TWO_TO_MINUS_64 * 16)))
            mare = MARES[0] + int(words[4] * _TWO_TO_MINUS_64 * _MARE_SPAN)
            dam = f"hrs_{dam_year * 100_000 + mare}"
        else:
            sire, dam = found
        # name(hid)
        h = self._name_key.copy()
        h.update(block)
        name = names.horse_name_from_words(_EIGHT_WORDS.unpack(h.digest()))
        # bred(hid)
        h = self._bred_key.copy()
        h.update(key)
        u = int.from_bytes(h.digest(), "big") / 2**64
        home = serial in HOME_RACEHORSES
        role = "home" if home else racing_region(serial)
        if home:
            region = _pick(_HOME_BRED, _HOME_BRED_WEIGHTS, _HOME_BRED_TOTAL, u)
        elif role == "hk":
            region = "NZ" if u < 0.4 else "AUS"
        else:
            region = _BRED_BY_ROLE.get(role, "GER")
        # career(hid) and the sex
        career = "F"
        if home:
            career = self._careers.get(hid) or self.career(hid)
        h = self._sex_key.copy()
        h.update(key)
        roll = int.from_bytes(h.digest(), "big") / 2**64
        if not home or career == "F":
            sex = "colt" if roll < 0.3 else "filly" if roll < 0.62 else "gelding"
        else:
            sex = "gelding" if roll < 0.82 else "filly"
        # connections(hid)
        connected = self._connections.get(hid)
        if connected is None:
            h = self._stable_key.copy()
            h.update(block)
            words = _EIGHT_WORDS.unpack(h.digest())
            if home:
                stable = "gb" if words[7] * _TWO_TO_MINUS_64 < 0.72 else "ire"
                trainer_u, owner_u = words[6], words[5]
            else:
                stable = role
                trainer_u, owner_u = words[7], words[6]
            people = self.people
            trainer_id = people.pick_trainer(stable, career, trainer_u * _TWO_TO_MINUS_64)
            owner_id = people.pick_owner(stable, owner_u * _TWO_TO_MINUS_64)
        else:
            trainer_id, owner_id = connected
        return Horse(
            hid, name, foal_year, sex, region, sire, dam, career, trainer_id, owner_id, self.seed
        )

    def name(self, hid: str) -> str:
        """A horse's bare name, without building the rest of the horse."""
        # names.horse_name(Draws(seed, "name", hid)), from the stream's first eight words
        return names.horse_name_from_words(first_words(self._name_key, hid.encode()))

    def career(self, hid: str) -> str:
        """A racehorse's code ("F" flat, "J" jumps), known without building the horse."""
        found = self._careers.get(hid)
        if found is None:
            found = "F" if _unit(self._career_key, hid.encode()) < 0.56 else "J"
            self._careers[hid] = found
        return found

    def is_filly(self, hid: str) -> bool:
        """Whether a flat racehorse is a filly, known without building the horse."""
        return self.career(hid) == "F" and 0.3 <= _unit(self._sex_key, hid.encode()) < 0.62

    @cached_property
    def _stallion_picker(self) -> WeightedPicker[int]:
        return WeightedPicker(list(STALLIONS), zipf_weights(len(STALLIONS), 1.2, 2.0))

    def parents(self, hid: str) -> tuple[str, str]:
        """(sire, dam) as ``hrs_`` ids, without building the horse."""
        found = self._parents.get(hid)
        if found is None:
            horse = self._cache._data.get(hid)
            if horse is not None:
                return horse.sire_id, horse.dam_id
            foal_year = int(hid[4:]) // 100_000
            # the draws of Draws(seed, "parents", hid), last word first
            words = first_words(self._parents_key, hid.encode())
            # choose(r, _SIRE_AGES, _SIRE_AGE_WEIGHTS)
            point = words[7] * _TWO_TO_MINUS_64 * _SIRE_AGE_TOTAL
            sire_age = _SIRE_AGES[bisect_right(_SIRE_AGE_CUM, point, 0, _SIRE_AGE_LAST)]
            sire = horse_id(
                max(FIRST_FOAL_YEAR, foal_year - sire_age),
                self._stallion_picker.pick(words[6] * _TWO_TO_MINUS_64),
            )
            dam_age = 3 + int(words[5] * _TWO_TO_MINUS_64 * 16)
            dam = horse_id(
                max(FIRST_FOAL_YEAR, foal_year - dam_age),
                MARES[0] + int(words[4] * _TWO_TO_MINUS_64 * _MARE_SPAN),
            )
            found = (sire, dam)
            self._parents[hid] = found
        return found

    def bred(self, hid: str) -> str:
        """Where a horse was bred ("GB", "IRE", ...), without building it."""
        serial = int(hid[4:]) % 100_000
        u = _unit(self._bred_key, hid.encode())
        if serial in STALLIONS or serial in MARES:
            return _pick(_SIRE_BRED, _SIRE_BRED_WEIGHTS, _SIRE_BRED_TOTAL, u)
        role = racing_region(serial)
        if role == "home":
            return _pick(_HOME_BRED, _HOME_BRED_WEIGHTS, _HOME_BRED_TOTAL, u)
        if role == "hk":
            return "NZ" if u < 0.4 else "AUS"
        return _BRED_BY_ROLE.get(role, "GER")

    def connections(self, hid: str) -> tuple[str, str]:
        """(trainer, owner) of a racehorse, without building the rest of it."""
        found = self._connections.get(hid)
        if found is None:
            horse = self._cache._data.get(hid)
            if horse is not None and horse.trainer_id:
                return horse.trainer_id, horse.owner_id
            # the draws of Draws(seed, "stable", hid), last word first
            words = first_words(self._stable_key, hid.encode())
            role = racing_region(int(hid[4:]) % 100_000)
            if role == "home":
                stable = "gb" if words[7] * _TWO_TO_MINUS_64 < 0.72 else "ire"
                career = self.career(hid)
                trainer_u, owner_u = words[6], words[5]
            else:
                stable, career = role, "F"
                trainer_u, owner_u = words[7], words[6]
            found = (
                self.people.pick_trainer(stable, career, trainer_u * _TWO_TO_MINUS_64),
                self.people.pick_owner(stable, owner_u * _TWO_TO_MINUS_64),
            )
            self._connections[hid] = found
        return found

    def label(self, hid: str) -> tuple[str, str]:
        """(name, bred) of a horse, cached: what pedigree lines need."""
        found = self._labels.get(hid)
        if found is None:
            found = (self.name(hid), self.bred(hid))
            self._labels[hid] = found
        return found

    def _make(self, hid: str, foal_year: int, serial: int) -> Horse:
        sire, dam = self.parents(hid)
        name = self.name(hid)
        trainer_id = owner_id = ""
        career = "F"
        region = self.bred(hid)
        if serial in STALLIONS:
            sex = "horse"
        elif serial in MARES:
            sex = "mare"
        else:
            home = serial in HOME_RACEHORSES
            if home:
                career = self.career(hid)
            roll = _unit(self._sex_key, hid.encode())
            if not home or career == "F":
                sex = "colt" if roll < 0.3 else "filly" if roll < 0.62 else "gelding"
            else:
                sex = "gelding" if roll < 0.82 else "filly"
            trainer_id, owner_id = self.connections(hid)
        return Horse(
            hid, name, foal_year, sex, region, sire, dam, career, trainer_id, owner_id, self.seed
        )
