"""The cadence policy: bands by the nearest off, back-off while quiet, tomorrow's cards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from darkhorses.config import OddsSettings
from darkhorses.jobs.odds_cadence import Cadence, next_delay, tomorrow_due

NOW = datetime(2025, 10, 14, 12, 0, tzinfo=UTC)
DEFAULT = Cadence()


def _off_in(**delta: float) -> list[datetime]:
    return [NOW + timedelta(**delta)]


@pytest.mark.parametrize(
    ("offs", "expected"),
    [
        (_off_in(minutes=4), 10),
        (_off_in(minutes=5), 10),
        (_off_in(minutes=20), 60),
        (_off_in(minutes=90), 300),
        (_off_in(hours=5), 900),
        ([], 900),  # nothing left today
        (_off_in(minutes=-1), 900),  # already off: not upcoming
    ],
)
def test_band_by_the_nearest_off(offs, expected):
    assert next_delay(NOW, offs, 0, DEFAULT) == expected


def test_nearest_of_several_offs_decides():
    offs = _off_in(hours=3) + _off_in(minutes=3) + _off_in(minutes=-10)
    assert next_delay(NOW, offs, 0, DEFAULT) == 10


def test_never_sleeps_into_a_tighter_band_or_past_the_off():
    # Off in 2h02m: the 15-minute wait would pass the 2-hour mark; wake at the band's pace.
    assert next_delay(NOW, _off_in(minutes=122), 0, DEFAULT) == 300
    # Off in 31 minutes: 5-minute band, but the 30-minute band starts in a minute.
    assert next_delay(NOW, _off_in(minutes=31), 0, DEFAULT) == 60
    # Off in 7 seconds: wait no longer than the near band's pace.
    assert next_delay(NOW, _off_in(seconds=7), 6, DEFAULT) == 10


def test_backs_off_while_cycles_change_nothing():
    offs = _off_in(hours=6)
    waits = [next_delay(NOW, offs, quiet, DEFAULT) for quiet in range(6)]
    assert waits == [900, 900, 1800, 3600, 3600, 3600]
    # Capped by the next band: off in 3 hours, quiet for long -> wake at the 2-hour mark.
    assert next_delay(NOW, _off_in(hours=3), 10, DEFAULT) == 3600


def test_configurable_from_settings():
    cadence = Cadence.from_settings(
        OddsSettings(cadence_5m_s=5, cadence_30m_s=30, backoff_after_quiet=1, backoff_max_factor=3)
    )
    assert next_delay(NOW, _off_in(minutes=2), 0, cadence) == 5
    assert next_delay(NOW, _off_in(minutes=20), 1, cadence) == 60
    assert next_delay(NOW, _off_in(minutes=20), 5, cadence) == 90


def test_tomorrow_at_most_every_thirty_minutes():
    assert tomorrow_due(NOW, None, DEFAULT)
    assert not tomorrow_due(NOW, NOW - timedelta(minutes=29, seconds=59), DEFAULT)
    assert tomorrow_due(NOW, NOW - timedelta(minutes=30), DEFAULT)
