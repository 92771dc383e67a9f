"""What the sandbox's HTTP layer asks of the generated world.

The world answers in the API's own JSON shapes (dicts with keys in the real order, values as
the API writes them: strings, "" for missing, "-"/"–" placeholders). The HTTP layer owns
everything about HTTP: auth and plans, parameter validation, paging envelopes, the ``query``
echo, date windows, rate limits, faults and counters. The world owns the data.

All dates are UK racing dates; all ``now`` values are timezone-aware datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol

CardTier = Literal["free", "basic", "standard", "pro"]
ResultTier = Literal["free", "basic", "standard"]
HorseTier = Literal["standard", "pro"]
EntityKind = Literal["jockeys", "trainers", "owners", "sires", "dams", "damsires", "horses"]


@dataclass(frozen=True)
class RaceRef:
    """A race's index entry: enough to filter, order and gate without building the card."""

    race_id: str
    date: date
    off_dt: datetime  # aware, UK offset
    region: str  # upper case as in payloads: "GB", "IRE", "FR", ...
    course_id: str
    race_type: str  # "Flat", "Hurdle", "Chase", "NH Flat"
    race_class: str  # "Class 4" or ""
    big_race: bool
    is_abandoned: bool


class WorldContract(Protocol):
    """Implemented by ``darkhorses.sandbox.world.World(seed=1)``."""

    seed: int
    first_date: date  # 2015-01-01

    def courses(self) -> list[dict]:
        """Every course as a ``Course`` object: ``{id, course, region_code, region}``."""

    def regions(self) -> list[dict]:
        """Every region as ``{region, region_code}``."""

    def races_on(self, day: date) -> list[RaceRef]:
        """Every race of the day, all regions, ordered by off time then course."""

    def race(self, race_id: str) -> RaceRef | None:
        """The index entry of one race, or None when the id is unknown."""

    def racecard(self, race_id: str, tier: CardTier, now: datetime) -> dict:
        """The race's card at ``tier``; odds (standard/pro, GB/IRE only) as they stand ``now``."""

    def result(self, race_id: str, tier: ResultTier) -> dict:
        """The race's result at ``tier``. The caller decides whether it exists yet."""

    def result_json(self, race_id: str, tier: ResultTier) -> str:
        """``result`` as JSON text: exactly ``json.dumps(result, ensure_ascii=False,
        separators=(",", ":"))``, as the API sends it."""

    def result_facts(self, race_id: str) -> dict[str, str]:
        """``going``, ``age_band``, ``sex_rest`` and ``dist_y`` as the race's result has them,
        without building the result (what the result-only filters need)."""

    def racecard_json(self, race_id: str, tier: CardTier, now: datetime) -> str:
        """``racecard`` as JSON text (as ``result_json`` is to ``result``)."""

    def summary(self, race_id: str) -> dict:
        """The race as a ``RacecardSummary``."""

    def horse(self, horse_id: str, tier: HorseTier) -> dict | None:
        """A horse profile (``Horse`` or ``HorsePro``), or None when unknown."""

    def search(self, kind: EntityKind, name: str) -> list[dict]:
        """Search results ``[{id, name}, ...]`` (horses: ``Horse`` objects)."""

    def entity_races(self, kind: EntityKind, entity_id: str, start: date, end: date) -> list[str]:
        """Race ids in [start, end] in which the entity had a runner (or progeny), newest first."""

    def odds_history(self, race_id: str, horse_id: str, now: datetime) -> dict | None:
        """``RaceRunnerOdds`` with minute-level history up to ``min(now, off)``; None if unknown."""

    def result_available_at(self, race_id: str) -> datetime:
        """When the result appears (about 10 minutes after the off)."""
