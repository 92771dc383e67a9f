"""How long live odds capture waits before its next cycle: a pure policy.

The wait follows the nearest upcoming off (defaults: within 5 minutes, 10 s; within 30
minutes, 60 s; within 2 hours, 5 minutes; otherwise 15 minutes). While consecutive cycles see
no price change it backs off, doubling per quiet cycle up to a cap, but never sleeps past the
moment the nearest off enters a tighter band, nor past the off itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from darkhorses.config import OddsSettings

# Seconds before the off at which each band starts, tightest first.
NEAR_S = 5 * 60
MID_S = 30 * 60
HOURS_S = 2 * 60 * 60


@dataclass(frozen=True)
class Cadence:
    """The cadence knobs (seconds), as in :class:`~darkhorses.config.OddsSettings`."""

    near_s: int = 10
    mid_s: int = 60
    hours_s: int = 300
    far_s: int = 900
    tomorrow_every_s: int = 1800
    backoff_after_quiet: int = 2
    backoff_max_factor: float = 4.0

    @classmethod
    def from_settings(cls, odds: OddsSettings) -> Cadence:
        return cls(
            near_s=odds.cadence_5m_s,
            mid_s=odds.cadence_30m_s,
            hours_s=odds.cadence_2h_s,
            far_s=odds.cadence_far_s,
            tomorrow_every_s=odds.tomorrow_every_s,
            backoff_after_quiet=odds.backoff_after_quiet,
            backoff_max_factor=odds.backoff_max_factor,
        )

    def bands(self) -> tuple[tuple[int, int], ...]:
        """(seconds before the off, wait) per band, tightest first."""
        return ((NEAR_S, self.near_s), (MID_S, self.mid_s), (HOURS_S, self.hours_s))

    def base_wait(self, to_off_s: float | None) -> int:
        """The band's wait for an off ``to_off_s`` seconds away (``None``: no upcoming off)."""
        if to_off_s is not None:
            for start, wait in self.bands():
                if to_off_s <= start:
                    return wait
        return self.far_s

    def backoff(self, quiet_cycles: int) -> float:
        """The factor for ``quiet_cycles`` consecutive cycles without a change."""
        extra = quiet_cycles - self.backoff_after_quiet + 1
        if extra <= 0:
            return 1.0
        return float(min(2.0**extra, self.backoff_max_factor))


def nearest_off(now: datetime, offs: Iterable[datetime]) -> datetime | None:
    """The first off strictly after ``now``."""
    upcoming = [off for off in offs if off > now]
    return min(upcoming) if upcoming else None


def next_delay(now: datetime, offs: Iterable[datetime], quiet_cycles: int, cadence: Cadence) -> int:
    """Whole seconds to wait before the next cycle."""
    off = nearest_off(now, offs)
    to_off = None if off is None else (off - now).total_seconds()
    delay = cadence.base_wait(to_off) * cadence.backoff(quiet_cycles)
    if to_off is not None:
        for start, wait in reversed(cadence.bands()):
            if to_off > start:
                # Wake when the off enters the tighter band (at the band's own pace at least).
                delay = min(delay, max(to_off - start, wait))
                break
        delay = min(delay, max(to_off, cadence.near_s))
    return max(1, math.ceil(delay))


def tomorrow_due(now: datetime, last_fetched: datetime | None, cadence: Cadence) -> bool:
    """Whether tomorrow's cards may be fetched again (at most every ``tomorrow_every_s``)."""
    if last_fetched is None:
        return True
    return (now - last_fetched).total_seconds() >= cadence.tomorrow_every_s
