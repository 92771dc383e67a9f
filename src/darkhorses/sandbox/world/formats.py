"""How the API writes values: 12-hour off times, ISO times with the UK offset, money, odds."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def off_time(off_dt: datetime) -> str:
    """12-hour clock without am/pm or leading zero: 13:50 -> "1:50"."""
    local = off_dt.astimezone(UK)
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d}"


def iso_uk(moment: datetime) -> str:
    """ISO 8601 with the UK offset of that instant: "2025-10-13T14:12:00+01:00"."""
    return moment.astimezone(UK).isoformat(timespec="seconds")


def uk_stamp(moment: datetime) -> str:
    """ "YYYY-MM-DD HH:MM:SS" on the UK clock, as in odds ``updated``."""
    return moment.astimezone(UK).strftime("%Y-%m-%d %H:%M:%S")


def money(amount: int, currency: str) -> str:
    """Racecard prize: "£4,193"."""
    return f"{currency}{amount:,}"


def plain_decimal(value: float) -> str:
    """Odds decimal without trailing zeros: 4.0 -> "4", 3.75 -> "3.75", 4.333 -> "4.33"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text


def lengths(value: float) -> str:
    """Beaten distance in lengths: 0.75 -> ".75", 2.0 -> "2", 0 -> "0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text[1:] if text.startswith("0.") else text


def race_time(seconds: float) -> str:
    """A finishing time: 139.97 -> "2:19.97"."""
    minutes, rest = divmod(round(seconds, 2), 60)
    return f"{int(minutes)}:{rest:05.2f}"


def time_detail(seconds: float, standard: float) -> str:
    """ "2m 19.97s (slow by 2.07s)"."""
    minutes, rest = divmod(round(seconds, 2), 60)
    head = f"{int(minutes)}m {rest:.2f}s" if minutes else f"{rest:.2f}s"
    diff = round(seconds - standard, 2)
    if diff == 0:
        return f"{head} (standard)"
    return f"{head} ({'slow' if diff > 0 else 'fast'} by {abs(diff):.2f}s)"
