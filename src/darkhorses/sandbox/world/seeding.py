"""Stable randomness: every draw comes from a generator keyed by (seed, kind, key).

Python's ``hash()`` is salted per process, so it is never used; ``random.Random`` seeded with a
string hashes it with SHA-512, which is stable across processes and platforms.
"""

from __future__ import annotations

import hashlib
import random
import struct
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Generic, Protocol, TypeVar

_EIGHT_WORDS = struct.Struct(">8Q")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Uniform(Protocol):
    """Anything that draws floats in [0, 1)."""

    def random(self) -> float: ...


def rng(seed: int, kind: str, key: object) -> random.Random:
    """A generator owned by one entity or one day of one world."""
    return random.Random(f"{seed}:{kind}:{key}")


def stable_int(seed: int, kind: str, key: object) -> int:
    """A 64-bit integer that depends only on its arguments."""
    digest = hashlib.blake2b(f"{seed}:{kind}:{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def unit(seed: int, kind: str, key: object) -> float:
    """A float in [0, 1) that depends only on its arguments."""
    return stable_int(seed, kind, key) / 2**64


class WeightedPicker(Generic[V]):
    """Draws items with fixed weights in O(log n) (cumulative table built once)."""

    def __init__(self, items: Sequence[V], weights: Sequence[float]) -> None:
        if not items or len(items) != len(weights):
            raise ValueError("a picker needs as many weights as items, and at least one")
        self.items = list(items)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    def pick(self, r: float) -> V:
        """The item at the point ``r`` in [0, 1) of the cumulative weight."""
        index = bisect_right(self._cum, r * self._total)
        return self.items[min(index, len(self.items) - 1)]


def zipf_weights(n: int, exponent: float = 1.0, offset: float = 3.0) -> list[float]:
    """Heavy-headed popularity weights: a few entities take a large share."""
    return [1.0 / (i + offset) ** exponent for i in range(n)]


class BoundedDict(dict[K, V]):
    """A plain dict that forgets its oldest half when it grows past ``size``.

    Cheaper per lookup than an LRU, for memos that are recomputed exactly when forgotten.
    """

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: K, value: V) -> None:
        if len(self) >= self.size:
            for old in list(self)[: self.size // 2]:
                del self[old]
        super().__setitem__(key, value)


class LRU(Generic[K, V]):
    """A small bounded least-recently-used cache."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The cached value for ``key``, made (and kept) when absent."""
        data = self._data
        if key in data:
            data.move_to_end(key)
            return data[key]
        value = make()
        data[key] = value
        if len(data) > self.size:
            data.popitem(last=False)
        return value


@lru_cache(maxsize=4096)
def _cumulative(weights: tuple[float, ...]) -> tuple[list[float], float]:
    cum = list(accumulate(weights))
    return cum, cum[-1]


def choose(r: Uniform, items: Sequence[V], weights: Sequence[float]) -> V:
    """One weighted draw, as ``r.choices(items, weights)[0]`` but with cached cumulative weights."""
    cum, total = _cumulative(weights if isinstance(weights, tuple) else tuple(weights))
    return items[bisect_right(cum, r.random() * total, 0, len(cum) - 1)]


class Draws:
    """A short stream of uniform draws from BLAKE2b digests of (seed, kind, key, block).

    Far cheaper to start than ``random.Random`` (no Mersenne Twister state to fill), for
    entities that need only a handful of draws. Offers the few methods the builders use.
    """

    __slots__ = ("_block", "_key", "_values")

    def __init__(self, seed: int, kind: str, key: object) -> None:
        self._key = f"{seed}:{kind}:{key}"
        self._block = 0
        self._values: list[float] = []

    def random(self) -> float:
        if not self._values:
            digest = hashlib.blake2b(f"{self._key}:{self._block}".encode()).digest()
            self._block += 1
            self._values = [v / 2**64 for v in _EIGHT_WORDS.unpack(digest)]
        return self._values.pop()

    def randint(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def choice(self, items: Sequence[V]) -> V:
        return items[int(self.random() * len(items))]
