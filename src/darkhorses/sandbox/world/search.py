"""Name searches over the world's people and horses (index built on first use)."""

from __future__ import annotations

import heapq
from functools import cached_property

from darkhorses.sandbox.world.horses import HOME_RACEHORSES, MARES, STALLIONS, Population, horse_id
from darkhorses.sandbox.world.people import People

MAX_RESULTS = 50
# horses a search can find: recent racehorses and the stallions and mares behind them
_RACEHORSE_YEARS = range(2005, 2027)
_STALLION_YEARS = range(1975, 2024)
_MARE_YEARS = range(1990, 2024)


def _newest_first(entity_id: str) -> int:
    digits = entity_id.rpartition("_")[2]
    return -int(digits) if digits.isdigit() else 0


class SearchIndex:
    """Lower-cased names to ids, per kind of entity."""

    def __init__(self, seed: int, people: People, population: Population) -> None:
        self.seed = seed
        self.people = people
        self.population = population
        self._lowered_rows: dict[str, list[tuple[str, int, str]]] = {}

    _PEOPLE = ("jockeys", "trainers", "owners")

    @cached_property
    def _people(self) -> dict[str, list[tuple[str, str]]]:
        index: dict[str, list[tuple[str, str]]] = {}
        for kind, prefix, lookup in (
            ("jockeys", "jky", self.people.jockey),
            ("trainers", "trn", self.people.trainer),
            ("owners", "own", self.people.owner),
        ):
            rows = []
            for person_id in self.people.all_ids(prefix):
                person = lookup(person_id)
                if person is not None:
                    rows.append((person.name, person_id))
            index[kind] = rows
        return index

    @cached_property
    def _horses(self) -> dict[str, list[tuple[str, int, str]]]:
        """(lower-cased name, order key, id) rows of the horses a search can find."""
        name = self.population.name
        stallions = [horse_id(y, s) for y in _STALLION_YEARS for s in STALLIONS]
        mares = [horse_id(y, s) for y in _MARE_YEARS for s in MARES]
        racehorses = [horse_id(y, s) for y in _RACEHORSE_YEARS for s in HOME_RACEHORSES]
        stallion_rows = [(name(h).lower(), _newest_first(h), h) for h in stallions]
        mare_rows = [(name(h).lower(), _newest_first(h), h) for h in mares]
        return {
            "stallions": stallion_rows,
            "mares": mare_rows,
            "horses": [(name(h).lower(), _newest_first(h), h) for h in racehorses]
            + stallion_rows
            + mare_rows,
        }

    def find(self, kind: str, text: str) -> list[str]:
        """Ids whose name contains ``text`` (case-insensitive): exact names first, then names
        starting with it, then the rest; newest horses first within a name; at most 50."""
        needle = text.strip().lower()
        if not needle:
            return []
        if kind in ("jockeys", "trainers", "owners"):
            group = kind
        elif kind == "sires" or kind == "damsires":
            group = "stallions"
        elif kind == "dams":
            group = "mares"
        else:
            group = "horses"
        hits = [
            (0 if lowered == needle else 1 if lowered.startswith(needle) else 2, lowered, newest, i)
            for lowered, newest, i in self._lowered(group)
            if needle in lowered
        ]
        return [hit[-1] for hit in heapq.nsmallest(MAX_RESULTS, hits)]

    def _lowered(self, group: str) -> list[tuple[str, int, str]]:
        """(lower-cased name, order key, id) rows of a group, made once (queries scan them all)."""
        if group not in self._PEOPLE:
            return self._horses[group]
        found = self._lowered_rows.get(group)
        if found is None:
            rows = [(n.lower(), _newest_first(i), i) for n, i in self._people[group]]
            found = self._lowered_rows[group] = rows
        return found

    def results(self, kind: str, text: str) -> list[dict]:
        """``[{id, name}]`` as the people and pedigree searches answer."""
        found = self.find(kind, text)
        if kind in ("jockeys", "trainers", "owners"):
            names = dict((i, n) for n, i in self._people[kind])
            return [{"id": i, "name": names[i]} for i in found]
        prefix = {"sires": "sir", "dams": "dam", "damsires": "dsi"}[kind]
        out = []
        for hid in found:
            horse = self.population.get(hid)
            if horse is None:
                continue
            name = horse.name if kind == "damsires" else horse.suffixed()
            out.append({"id": f"{prefix}_{hid[4:]}", "name": name})
        return out
