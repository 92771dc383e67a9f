"""When each job runs: the built-in schedule, YAML overrides, and APScheduler triggers.

Every trigger runs in Europe/London (``service.timezone``), so "03:00" means 03:00 on a UK
clock in winter and in summer. A schedule entry holds one trigger kind plus options::

    racecards: {cron: {hour: "7,11,15,19", minute: 15}}
    stats:     {interval: {minutes: 10}, timeout_s: 600}
    odds_live: {adaptive: {every_s: 60, min_s: 10, max_s: 900}, executor: odds}
    enrich:    {enabled: false}

``service.schedule`` in the YAML file (or ``DARKHORSES_SERVICE_SCHEDULE`` as JSON) overrides
entries of the defaults by job name, key by key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from darkhorses.config import ConfigError

# Racing runs roughly 11:00-22:00 UK time; results land within minutes of each race.
DEFAULT_SCHEDULE: dict[str, dict[str, Any]] = {
    "masters": {"cron": {"day": 1, "hour": 3, "minute": 0}},
    "racecards": {"cron": {"hour": "6,9,12,16,20", "minute": 5}},
    "results": {"cron": {"hour": "12-22", "minute": "*/15"}},
    "results_nightly": {"cron": {"hour": 2, "minute": 30}, "lock": "results"},
    "enrich": {"cron": {"day_of_week": "sun", "hour": 4, "minute": 0}},
    "odds_live": {"adaptive": {"every_s": 60, "min_s": 10, "max_s": 900}, "executor": "odds"},
    "odds_final": {"cron": {"hour": "13-23", "minute": "20,50"}},
    # Post-race price paths (Pro, within odds.fill_max_calls; nothing without a budget).
    "odds_fill": {"cron": {"hour": 23, "minute": 40}},
    "stats": {"interval": {"minutes": 10}, "timeout_s": 600},
}

EXECUTORS = ("default", "odds")
_OPTION_KEYS = {"executor", "timeout_s", "enabled", "lock"}
_TRIGGER_KEYS = {"cron", "interval", "adaptive"}

# Interval triggers count from a fixed instant, so every replica fires on the same ticks.
INTERVAL_ANCHOR = datetime(2000, 1, 1)


@dataclass(frozen=True)
class Timing:
    """A job's place in the schedule."""

    trigger: BaseTrigger
    executor: str = "default"
    timeout_s: float | None = None
    lock: str | None = None
    # (min_s, max_s) when the job sets its own next run from its report.
    adaptive: tuple[float, float] | None = None


def merged_schedule(overrides: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The defaults with the configured overrides applied, job by job."""
    merged = {name: dict(entry) for name, entry in DEFAULT_SCHEDULE.items()}
    for name, entry in overrides.items():
        if not isinstance(entry, dict):
            raise ConfigError(f"service.schedule.{name}: expected a mapping, got {entry!r}")
        base = merged.setdefault(name, {})
        if _TRIGGER_KEYS & entry.keys():
            for key in _TRIGGER_KEYS:
                base.pop(key, None)
        base.update(entry)
    return merged


def build_timing(name: str, entry: dict[str, Any], timezone: str) -> Timing | None:
    """The trigger and options of one schedule entry; None when the job is disabled."""
    where = f"service.schedule.{name}"
    unknown = entry.keys() - _OPTION_KEYS - _TRIGGER_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if entry.get("enabled", True) is False:
        return None
    kinds = _TRIGGER_KEYS & entry.keys()
    if len(kinds) != 1:
        raise ConfigError(f"{where}: give exactly one of cron, interval, adaptive")
    kind = kinds.pop()
    args = entry[kind]
    if not isinstance(args, dict):
        raise ConfigError(f"{where}.{kind}: expected a mapping, got {args!r}")
    tz = ZoneInfo(timezone)
    adaptive = None
    try:
        if kind == "cron":
            trigger: BaseTrigger = CronTrigger(timezone=tz, **args)
        elif kind == "interval":
            trigger = IntervalTrigger(
                timezone=tz, start_date=INTERVAL_ANCHOR.replace(tzinfo=tz), **args
            )
        else:
            every = float(args.get("every_s", 60))
            adaptive = (float(args.get("min_s", every)), float(args.get("max_s", every)))
            trigger = IntervalTrigger(seconds=every, timezone=tz)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}.{kind}: {exc}") from None
    executor = entry.get("executor", "default")
    if executor not in EXECUTORS:
        raise ConfigError(f"{where}.executor: {executor!r} is not one of {', '.join(EXECUTORS)}")
    timeout = entry.get("timeout_s")
    if timeout is not None and (not isinstance(timeout, int | float) or timeout <= 0):
        raise ConfigError(f"{where}.timeout_s: expected a positive number, got {timeout!r}")
    return Timing(trigger, executor, timeout, entry.get("lock"), adaptive)


def timings(overrides: dict[str, dict[str, Any]], timezone: str) -> dict[str, Timing]:
    """Every enabled job's timing, from the defaults and the overrides."""
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"service.timezone: unknown time zone {timezone!r}") from None
    out: dict[str, Timing] = {}
    for name, entry in merged_schedule(overrides).items():
        timing = build_timing(name, entry, timezone)
        if timing is not None:
            out[name] = timing
    return out


def fire_times(trigger: BaseTrigger, after: datetime, count: int) -> list[datetime]:
    """The next ``count`` fire times of ``trigger`` strictly after ``after``."""
    out: list[datetime] = []
    previous = None
    now = after + timedelta(microseconds=1)
    while len(out) < count:
        nxt = trigger.get_next_fire_time(previous, now)
        if nxt is None:
            break
        out.append(nxt)
        previous, now = nxt, nxt + timedelta(microseconds=1)
    return out


def latest_fire_time(trigger: BaseTrigger, now: datetime, window: timedelta) -> datetime | None:
    """The trigger's last fire time at or before ``now``, looking back at most ``window``."""
    latest = None
    previous = None
    cursor = now - window
    while True:
        nxt = trigger.get_next_fire_time(previous, cursor)
        if nxt is None or nxt > now:
            return latest
        latest, previous, cursor = nxt, nxt, nxt + timedelta(microseconds=1)
