"""Horses: racehorses, stallions and broodmares, each derived from its id alone.

A horse id is ``hrs_<foal year><5-digit serial>``; the serial's range says the horse's role:
stallions (sires of later crops), broodmares (their dams), GB/IRE racehorses, and racehorses
trained abroad. Sires, dams and damsires are horses of the same world, so ``sir_``/``dam_``/
``dsi_`` ids become ``hrs_`` ids by swapping the prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from darkhorses.sandbox.world import names
from darkhorses.sandbox.world.people import People
from darkhorses.sandbox.world.seeding import (
    LRU,
    BoundedDict,
    Draws,
    WeightedPicker,
    choose,
    unit,
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

SEX_CODES = {"colt": "C", "filly": "F", "gelding": "G", "horse": "H", "mare": "M"}


def _pick(items: tuple[str, ...], weights: tuple[float, ...], u: float) -> str:
    point = u * sum(weights)
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


@dataclass(frozen=True, slots=True)
class Details:
    """What only cards and profiles show: drawn on first use, results never need them."""

    colour: str
    dob: str
    breeder: str


def describe(seed: int, hid: str, foal_year: int) -> Details:
    """A horse's colour, date of birth and breeder, from its own stream."""
    r = Draws(seed, "horse", hid)
    colour = choose(r, _COLOURS, _COLOUR_WEIGHTS)
    month_day = timedelta(days=r.randint(20, 150))
    if racing_region(int(hid[4:]) % 100_000) == "aus":
        month_day = timedelta(days=r.randint(215, 320))
    dob = (date(foal_year, 1, 1) + month_day).isoformat()
    return Details(colour, dob, names.breeder_name(r))


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


class Population:
    """Every horse of one world, made on demand from ids and cached."""

    def __init__(self, seed: int, people: People) -> None:
        self.seed = seed
        self.people = people
        self._cache: LRU[str, Horse] = LRU(200_000)
        # bounded memos of the cheap per-horse facts (a long-running sandbox must not grow)
        self._parents: BoundedDict[str, tuple[str, str]] = BoundedDict(150_000)
        self._labels: BoundedDict[str, tuple[str, str]] = BoundedDict(150_000)
        self._connections: BoundedDict[str, tuple[str, str]] = BoundedDict(150_000)
        self._careers: BoundedDict[str, str] = BoundedDict(150_000)

    def get(self, any_id: str) -> Horse | None:
        """The horse for an ``hrs_``/``sir_``/``dam_``/``dsi_`` id, or None."""
        known = self._cache.find(any_id)  # only valid ids are ever cached
        if known is not None:
            return known
        parsed = parse_horse_id(any_id)
        if parsed is None:
            return None
        hid = horse_id(*parsed)
        return self._cache.get(hid, lambda: self._make(hid, *parsed))

    def name(self, hid: str) -> str:
        """A horse's bare name, without building the rest of the horse."""
        return names.horse_name(Draws(self.seed, "name", hid))

    def career(self, hid: str) -> str:
        """A racehorse's code ("F" flat, "J" jumps), known without building the horse."""
        found = self._careers.get(hid)
        if found is None:
            found = self._careers[hid] = "F" if unit(self.seed, "career", hid) < 0.56 else "J"
        return found

    def is_filly(self, hid: str) -> bool:
        """Whether a flat racehorse is a filly, known without building the horse."""
        return self.career(hid) == "F" and 0.3 <= unit(self.seed, "sex", hid) < 0.62

    @cached_property
    def _stallion_picker(self) -> WeightedPicker[int]:
        return WeightedPicker(list(STALLIONS), zipf_weights(len(STALLIONS), 1.2, 2.0))

    _SIRE_AGES = tuple(range(4, 23))
    _SIRE_AGE_WEIGHTS = tuple(1.0 / (1 + abs(a - 10) / 4) for a in range(4, 23))

    def parents(self, hid: str) -> tuple[str, str]:
        """(sire, dam) as ``hrs_`` ids, without building the horse."""
        found = self._parents.get(hid)
        if found is None:
            foal_year = int(hid[4:]) // 100_000
            r = Draws(self.seed, "parents", hid)
            sire_age = choose(r, self._SIRE_AGES, self._SIRE_AGE_WEIGHTS)
            sire = horse_id(
                max(FIRST_FOAL_YEAR, foal_year - sire_age),
                self._stallion_picker.pick(r.random()),
            )
            dam = horse_id(
                max(FIRST_FOAL_YEAR, foal_year - r.randint(3, 18)),
                r.randint(MARES[0], MARES[-1]),
            )
            found = (sire, dam)
            self._parents[hid] = found
        return found

    def bred(self, hid: str) -> str:
        """Where a horse was bred ("GB", "IRE", ...), without building it."""
        serial = int(hid[4:]) % 100_000
        u = unit(self.seed, "bred", hid)
        if serial in STALLIONS or serial in MARES:
            return _pick(_SIRE_BRED, _SIRE_BRED_WEIGHTS, u)
        role = racing_region(serial)
        if role == "home":
            return _pick(_HOME_BRED, _HOME_BRED_WEIGHTS, u)
        if role == "hk":
            return "NZ" if u < 0.4 else "AUS"
        return {"fr": "FR", "usa": "USA", "aus": "AUS", "uae": "GB"}.get(role, "GER")

    def connections(self, hid: str) -> tuple[str, str]:
        """(trainer, owner) of a racehorse, without building the rest of it."""
        found = self._connections.get(hid)
        if found is None:
            r = Draws(self.seed, "stable", hid)
            role = racing_region(int(hid[4:]) % 100_000)
            stable = ("gb" if r.random() < 0.72 else "ire") if role == "home" else role
            career = self.career(hid) if role == "home" else "F"
            found = (
                self.people.pick_trainer(stable, career, r.random()),
                self.people.pick_owner(stable, r.random()),
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
        role = racing_region(serial)
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
            if role == "home":
                career = self.career(hid)
            roll = unit(self.seed, "sex", hid)
            if role != "home" or career == "F":
                sex = "colt" if roll < 0.3 else "filly" if roll < 0.62 else "gelding"
            else:
                sex = "gelding" if roll < 0.82 else "filly"
            trainer_id, owner_id = self.connections(hid)
        return Horse(
            hid, name, foal_year, sex, region, sire, dam, career, trainer_id, owner_id, self.seed
        )
