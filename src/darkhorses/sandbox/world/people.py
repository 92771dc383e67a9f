"""Jockeys, trainers and owners: fixed pools per region, each person derived from its id.

Ids encode the region and a serial (``jky_1200345``), so a person is known from the id alone.
Popularity is heavy-headed: the leading jockeys and trainers take thousands of rides over the
years, the tail a handful.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from darkhorses.sandbox.world import names
from darkhorses.sandbox.world.courses import REGIONS
from darkhorses.sandbox.world.seeding import WeightedPicker, choose, rng, zipf_weights

REGION_INDEX = {r.code: i for i, r in enumerate(REGIONS)}
_BASE = 1_000_000
_STRIDE = 100_000

# pool sizes per region: (jockeys, trainers, owners)
POOL_SIZES: dict[str, tuple[int, int, int]] = {
    "gb": (420, 520, 6000),
    "ire": (200, 260, 3000),
}
_FOREIGN_SIZES = (40, 50, 400)

# careers: "F" flat, "J" jumps, "D" both
_TRAINER_KINDS = ("F", "J", "D")
_TRAINER_KIND_WEIGHTS = (0.45, 0.37, 0.18)


def sizes(region_code: str) -> tuple[int, int, int]:
    """(jockeys, trainers, owners) in a region's pools."""
    return POOL_SIZES.get(region_code, _FOREIGN_SIZES)


def make_id(prefix: str, region_code: str, serial: int) -> str:
    """``prefix_<number>`` for a serial of a region's pool."""
    return f"{prefix}_{_BASE + REGION_INDEX[region_code] * _STRIDE + serial}"


def parse_id(entity_id: str, prefix: str) -> tuple[str, int] | None:
    """(region code, serial) of a person id, or None when it is not one of ours."""
    head, _, digits = entity_id.partition("_")
    if head != prefix or not digits.isdigit():
        return None
    number = int(digits) - _BASE
    index, serial = divmod(number, _STRIDE)
    if number < 0 or index >= len(REGIONS):
        return None
    code = REGIONS[index].code
    limit = sizes(code)[("jky", "trn", "own").index(prefix)]
    return (code, serial) if serial < limit else None


def _jockey_kind(serial: int) -> str:
    """A jockey's code from the serial alone, so the pickers need not build every jockey."""
    return "F" if serial % 5 < 3 else "J"


@dataclass(frozen=True)
class Jockey:
    id: str
    name: str
    region: str
    kind: str  # "F" or "J"
    first_year: int
    claimer: bool

    def claim(self, year: int) -> int:
        """Pounds claimed in ``year`` (apprentices and conditionals only)."""
        if not self.claimer or self.region not in ("gb", "ire"):
            return 0
        seasons = year - self.first_year
        return 7 if seasons < 2 else 5 if seasons < 3 else 3 if seasons < 4 else 0

    def card_name(self, year: int) -> str:
        """As on a racecard: "Rose Dawes(5)" for a claimer."""
        lbs = self.claim(year)
        return f"{self.name}({lbs})" if lbs else self.name


@dataclass(frozen=True)
class Trainer:
    id: str
    name: str
    region: str
    kind: str
    location: str


@dataclass(frozen=True)
class Owner:
    id: str
    name: str
    region: str


class People:
    """The pools of one world, with popularity-weighted pickers."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._jockeys: dict[str, Jockey] = {}
        self._trainers: dict[str, Trainer] = {}
        self._owners: dict[str, Owner] = {}

    def jockey(self, jockey_id: str) -> Jockey | None:
        if jockey_id in self._jockeys:
            return self._jockeys[jockey_id]
        parsed = parse_id(jockey_id, "jky")
        if parsed is None:
            return None
        code, serial = parsed
        r = rng(self.seed, "jockey", jockey_id)
        name = names.person_name(r)
        kind = _jockey_kind(serial)
        claimer = serial >= 25 and r.random() < 0.3
        first_year = r.randint(2010, 2026) if claimer else r.randint(1995, 2014)
        jockey = Jockey(jockey_id, name, code, kind, first_year, claimer)
        self._jockeys[jockey_id] = jockey
        return jockey

    def trainer(self, trainer_id: str) -> Trainer | None:
        if trainer_id in self._trainers:
            return self._trainers[trainer_id]
        parsed = parse_id(trainer_id, "trn")
        if parsed is None:
            return None
        code = parsed[0]
        r = rng(self.seed, "trainer", trainer_id)
        if code in ("gb", "ire"):
            name = names.person_name(r)
            kind = choose(r, _TRAINER_KINDS, _TRAINER_KIND_WEIGHTS)
        else:
            name = names.initials_name(r)
            kind = "F"
        trainer = Trainer(trainer_id, name, code, kind, names.trainer_location(r, code))
        self._trainers[trainer_id] = trainer
        return trainer

    def owner(self, owner_id: str) -> Owner | None:
        if owner_id in self._owners:
            return self._owners[owner_id]
        parsed = parse_id(owner_id, "own")
        if parsed is None:
            return None
        owner = Owner(owner_id, names.owner_name(rng(self.seed, "owner", owner_id)), parsed[0])
        self._owners[owner_id] = owner
        return owner

    def all_ids(self, prefix: str) -> list[str]:
        """Every id of one kind of person, all regions."""
        column = ("jky", "trn", "own").index(prefix)
        return [make_id(prefix, r.code, s) for r in REGIONS for s in range(sizes(r.code)[column])]

    @cached_property
    def _trainer_pickers(self) -> dict[tuple[str, str], WeightedPicker[str]]:
        pickers = {}
        for region in REGIONS:
            ids = [make_id("trn", region.code, s) for s in range(sizes(region.code)[1])]
            for kind in ("F", "J"):
                chosen = [i for i in ids if self.trainer(i).kind in (kind, "D")]  # type: ignore[union-attr]
                chosen = chosen or ids
                pickers[(region.code, kind)] = WeightedPicker(
                    chosen, zipf_weights(len(chosen), 1.0, 8.0)
                )
        return pickers

    @cached_property
    def _jockey_pickers(self) -> dict[tuple[str, str], WeightedPicker[str]]:
        pickers = {}
        for region in REGIONS:
            ids = [make_id("jky", region.code, s) for s in range(sizes(region.code)[0])]
            for kind in ("F", "J"):
                chosen = [i for s, i in enumerate(ids) if _jockey_kind(s) == kind] or ids
                pickers[(region.code, kind)] = WeightedPicker(
                    chosen, zipf_weights(len(chosen), 1.1, 2.0)
                )
        return pickers

    @cached_property
    def _owner_pickers(self) -> dict[str, WeightedPicker[str]]:
        pickers = {}
        for region in REGIONS:
            n = sizes(region.code)[2]
            ids = [make_id("own", region.code, s) for s in range(n)]
            pickers[region.code] = WeightedPicker(ids, zipf_weights(n, 0.9, 5.0))
        return pickers

    def pick_trainer(self, region_code: str, kind: str, u: float) -> str:
        return self._trainer_pickers[(region_code, kind)].pick(u)

    def pick_jockey(self, region_code: str, kind: str, u: float) -> str:
        return self._jockey_pickers[(region_code, kind)].pick(u)

    def pick_owner(self, region_code: str, u: float) -> str:
        return self._owner_pickers[region_code].pick(u)
