"""What a handler is given: the world, the instant, the caller and the parsed parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from darkhorses.sandbox.accounts import Account
from darkhorses.sandbox.params import Parsed
from darkhorses.sandbox.windows import horizon
from darkhorses.sandbox.world.contract import RaceRef, WorldContract

# Results are out minutes after the off; a day after it the world need not be asked.
RESULT_SETTLED = timedelta(days=1)


@dataclass(frozen=True)
class Call:
    """One API call being answered."""

    world: WorldContract
    region_codes: frozenset[str]
    now: datetime
    today: date
    account: Account
    params: Parsed
    path: dict[str, str]

    def races_on(self, day: date) -> list[RaceRef]:
        """The day's races, or none when the day is past the racecard horizon."""
        if day > horizon(self.today):
            return []
        return self.world.races_on(day)

    def known_race(self, race_id: str) -> RaceRef | None:
        """The race, when it exists on the sandbox's calendar so far."""
        ref = self.world.race(race_id)
        if ref is None or ref.date > horizon(self.today):
            return None
        return ref

    def result_ready(self, ref: RaceRef) -> bool:
        """True when the race's result is out at the sandbox's now."""
        if ref.is_abandoned or ref.off_dt > self.now:
            return False
        if ref.off_dt < self.now - RESULT_SETTLED:
            return True
        return self.world.result_available_at(ref.race_id) <= self.now
