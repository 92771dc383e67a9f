"""The sandbox clock: real time, a fixed instant, or time running ``speed`` times faster.

It decides what "today" and "tomorrow" are, which odds have moved and which results exist.
Tests set it over HTTP (``POST /_sandbox/clock``).
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def parse_instant(text: str) -> datetime:
    """An ISO instant; a value without offset is taken as UK local time."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UK)
    return value


class SandboxClock:
    """Real time by default; fixed at ``now``; or running ``speed``x from ``now`` (or real now)."""

    def __init__(self, now: datetime | None = None, speed: float | None = None) -> None:
        self._lock = threading.Lock()
        self._set(now, speed)

    def _set(self, now: datetime | None, speed: float | None) -> None:
        if speed is not None and speed <= 0:
            raise ValueError("speed must be positive")
        if now is not None and now.tzinfo is None:
            raise ValueError("the clock needs a timezone-aware instant")
        self._anchor = now.astimezone(UTC) if now is not None else None
        self._speed = speed
        self._real_start = time.time()

    def set(self, now: datetime | None = None, speed: float | None = None) -> None:
        """Fix the clock at ``now`` or, with ``speed``, run it from ``now`` at that pace.

        ``now=None, speed=None`` returns to real time.
        """
        with self._lock:
            if speed is not None and now is None:
                now = self._now_locked()
            self._set(now, speed)

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward (or back, with a negative value)."""
        with self._lock:
            self._set(self._now_locked() + timedelta(seconds=seconds), self._speed)
            return self._now_locked()

    def _now_locked(self) -> datetime:
        real = time.time()
        if self._anchor is None:
            return datetime.fromtimestamp(real, UTC)
        if self._speed is None:
            return self._anchor
        return self._anchor + timedelta(seconds=(real - self._real_start) * self._speed)

    def now(self) -> datetime:
        """The sandbox's current instant, in UTC."""
        with self._lock:
            return self._now_locked()

    def today(self) -> date:
        """Today's UK racing date."""
        return self.now().astimezone(UK).date()

    @property
    def mode(self) -> str:
        """``real``, ``fixed`` or ``speed``."""
        if self._anchor is None:
            return "real"
        return "fixed" if self._speed is None else "speed"

    def describe(self) -> dict[str, object]:
        """The clock as JSON for ``GET /_sandbox/clock``."""
        now = self.now()
        return {
            "now": now.isoformat(),
            "now_uk": now.astimezone(UK).isoformat(),
            "today": now.astimezone(UK).date().isoformat(),
            "mode": self.mode,
            "speed": self._speed,
        }
