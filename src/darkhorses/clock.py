"""The pipeline's clock: real time, or a fixed instant (``DARKHORSES_NOW``) for drills and tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


class Clock:
    """Tells the time; frozen at ``fixed`` when given (a naive value is taken as UTC)."""

    def __init__(self, fixed: datetime | None = None) -> None:
        if fixed is not None and fixed.tzinfo is None:
            fixed = fixed.replace(tzinfo=UTC)
        self._fixed = fixed

    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC."""
        return self._fixed.astimezone(UTC) if self._fixed else datetime.now(UTC)

    def today_uk(self) -> date:
        """Today's date on the UK racing calendar."""
        return self.now().astimezone(UK).date()
