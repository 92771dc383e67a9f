"""Times as the pages show them: every one labelled UK (Europe/London) or UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from darkhorses.clock import UK


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC for the JSON endpoints; None stays None."""
    return value.isoformat() if value is not None else None


def uk_time(value: datetime | None) -> str:
    """``14:05 UK``: a race time on the UK clock."""
    return f"{value.astimezone(UK):%H:%M} UK" if value is not None else "—"


def uk_datetime(value: datetime | None) -> str:
    """``Tue 14 Oct 14:05 UK``."""
    return f"{value.astimezone(UK):%a %d %b %H:%M} UK" if value is not None else "—"


def utc_datetime(value: datetime | None) -> str:
    """``2025-10-14 13:05 UTC``: operational times (runs, writes, alerts)."""
    if value is None:
        return "—"
    return f"{value.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def age(delta: timedelta | None) -> str:
    """A duration a person reads at a glance: ``45 s``, ``12 min``, ``3.5 h``, ``4 d``."""
    if delta is None:
        return "—"
    seconds = delta.total_seconds()
    if seconds < 0:
        return "in the future"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def duration(seconds: float | None) -> str:
    """A run's wall time."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.1f} s"
    return age(timedelta(seconds=seconds))
