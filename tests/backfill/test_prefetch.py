"""Fetch-ahead: order kept, errors handed back per unit, a bounded number of units held."""

from __future__ import annotations

import threading

import pytest

from darkhorses.jobs.prefetch import prefetch


def test_units_come_back_in_order_with_their_errors() -> None:
    def fetch(n: int) -> int:
        if n % 7 == 3:
            raise ValueError(f"bad {n}")
        return n * n

    out = list(prefetch(range(40), fetch, workers=4, ahead=6))

    assert [f.unit for f in out] == list(range(40))
    assert all(f.value == f.unit * f.unit for f in out if f.unit % 7 != 3)
    assert [str(f.error) for f in out if f.error] == [f"bad {n}" for n in range(40) if n % 7 == 3]


def test_no_more_than_ahead_units_are_fetched_before_the_consumer_takes_them() -> None:
    started: list[int] = []
    lock = threading.Lock()

    def fetch(n: int) -> int:
        with lock:
            started.append(n)
        return n

    ahead = 5
    fetched = prefetch(range(1000), fetch, workers=3, ahead=ahead)
    for consumed, item in enumerate(fetched, 1):
        # Units started = those consumed plus at most `ahead` in flight or waiting.
        assert len(started) <= consumed + ahead
        assert item.unit == consumed - 1
        if consumed == 50:
            break
    fetched.close()
    assert len(started) <= 50 + ahead


def test_the_units_are_read_lazily() -> None:
    def endless():
        n = 0
        while True:
            yield n
            n += 1

    fetched = prefetch(endless(), lambda n: -n, workers=2, ahead=4)
    assert [next(fetched).value for _ in range(3)] == [0, -1, -2]
    fetched.close()


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(prefetch([1], lambda n: n, workers=0))
