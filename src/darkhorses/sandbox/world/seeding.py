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
_TWO_TO_MINUS_64 = 2.0**-64
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Uniform(Protocol):
    """Anything that draws floats in [0, 1)."""

    def random(self) -> float: ...


class Stream(random.Random):
    """``random.Random`` with leaner ``randint`` and ``choice``.

    Both draw exactly the bits CPython's own versions draw (``_randbelow`` by rejection on
    ``getrandbits``), so every stream is unchanged; they only skip ``randrange``'s argument
    handling, which dominates the cost of the many small draws the builders make.
    """

    def randint(self, a: int, b: int) -> int:
        n = b - a + 1
        if n <= 0:
            raise ValueError(f"empty range for randint({a}, {b})")
        k = n.bit_length()
        getrandbits = self.getrandbits
        x = getrandbits(k)
        while x >= n:
            x = getrandbits(k)
        return a + x

    def choice(self, seq: Sequence[V]) -> V:  # type: ignore[override]
        n = len(seq)
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        k = n.bit_length()
        getrandbits = self.getrandbits
        x = getrandbits(k)
        while x >= n:
            x = getrandbits(k)
        return seq[x]


def rng(seed: int, kind: str, key: object) -> Stream:
    """A generator owned by one entity or one day of one world."""
    return Stream(f"{seed}:{kind}:{key}")


@lru_cache(maxsize=1024)
def _prefix(seed: int, kind: str, digest_size: int) -> hashlib.blake2b:
    """A BLAKE2b state that has already absorbed ``"{seed}:{kind}:"``.

    Copying it and feeding the key gives the digest of the whole string, for less than
    formatting and hashing the string afresh.
    """
    return hashlib.blake2b(f"{seed}:{kind}:".encode(), digest_size=digest_size)


def stable_int(seed: int, kind: str, key: object) -> int:
    """A 64-bit integer that depends only on its arguments (BLAKE2b of "seed:kind:key")."""
    h = _prefix(seed, kind, 8).copy()
    h.update(f"{key}".encode())
    return int.from_bytes(h.digest(), "big")


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
        self._last = len(self.items) - 1

    def pick(self, r: float) -> V:
        """The item at the point ``r`` in [0, 1) of the cumulative weight."""
        # searching cum[:last] gives min(bisect_right(cum, point), last): the last item when
        # rounding puts the point past the end
        return self.items[bisect_right(self._cum, r * self._total, 0, self._last)]


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
        dict.__setitem__(self, key, value)


class LRU(Generic[K, V]):
    """A small bounded least-recently-used cache."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()

    def find(self, key: K) -> V | None:
        """The cached value for ``key`` (now the most recent), or None."""
        data = self._data
        if key in data:
            data.move_to_end(key)
            return data[key]
        return None

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` for ``key`` (now the most recent)."""
        data = self._data
        data[key] = value
        data.move_to_end(key)
        if len(data) > self.size:
            data.popitem(last=False)

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


# Cumulative tables of weight tuples by identity: hashing a tuple of floats on every draw costs
# more than the draw. Each entry keeps its tuple alive, so an id is never reused while cached.
_BY_IDENTITY: dict[int, tuple[Sequence[float], list[float], float]] = {}


def cumulative(weights: Sequence[float]) -> tuple[list[float], float]:
    """(cumulative weights, total) of a weight sequence, cached."""
    found = _BY_IDENTITY.get(id(weights))
    if found is not None and found[0] is weights:
        return found[1], found[2]
    cum, total = _cumulative(weights if isinstance(weights, tuple) else tuple(weights))
    if isinstance(weights, tuple):
        if len(_BY_IDENTITY) >= 4096:
            _BY_IDENTITY.clear()
        _BY_IDENTITY[id(weights)] = (weights, cum, total)
    return cum, total


def choose(r: Uniform, items: Sequence[V], weights: Sequence[float]) -> V:
    """One weighted draw, as ``r.choices(items, weights)[0]`` but with cached cumulative weights."""
    cum, total = cumulative(weights)
    return items[bisect_right(cum, r.random() * total, 0, len(cum) - 1)]


class Draws:
    """A short stream of uniform draws from BLAKE2b digests of (seed, kind, key, block).

    Far cheaper to start than ``random.Random`` (no Mersenne Twister state to fill), for
    entities that need only a handful of draws. Offers the few methods the builders use.
    Each block gives eight 64-bit words, drawn last word first.
    """

    __slots__ = ("_block", "_key", "_left", "_prefix", "_words")

    def __init__(self, seed: int, kind: str, key: object) -> None:
        # block n is BLAKE2b-512 of "seed:kind:key:n"
        self._prefix = _prefix(seed, kind, 64)
        self._key = f"{key}:".encode()
        self._block = 0
        self._left = 0
        self._words: tuple[int, ...] = ()

    @classmethod
    def keyed(cls, prefix: hashlib.blake2b, key: bytes) -> Draws:
        """The stream of ``prefix`` (from :func:`draws_prefix`) for ``key`` (bytes)."""
        self = cls.__new__(cls)
        self._prefix = prefix
        self._key = key + b":"
        self._block = 0
        self._left = 0
        self._words = ()
        return self

    def random(self) -> float:
        left = self._left
        if not left:
            h = self._prefix.copy()
            h.update(self._key + b"%d" % self._block)
            self._block += 1
            self._words = _EIGHT_WORDS.unpack(h.digest())
            left = 8
        left -= 1
        self._left = left
        # scaling by 2**-64 is exact, so this equals v / 2**64 for every 64-bit v
        return self._words[left] * _TWO_TO_MINUS_64

    def randint(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def choice(self, items: Sequence[V]) -> V:
        return items[int(self.random() * len(items))]


def draws_prefix(seed: int, kind: str) -> hashlib.blake2b:
    """The BLAKE2b-512 state behind ``Draws(seed, kind, ...)`` (copy it, never update it)."""
    return _prefix(seed, kind, 64)


def unit_prefix(seed: int, kind: str) -> hashlib.blake2b:
    """The BLAKE2b-64 state behind ``stable_int(seed, kind, ...)`` (copy it, never update it)."""
    return _prefix(seed, kind, 8)


def first_words(prefix: hashlib.blake2b, key: bytes) -> tuple[int, ...]:
    """The eight words of block 0 of ``Draws`` for ``key``: ``Draws.random`` gives
    ``words[7] * 2**-64`` first, then ``words[6]``, and so on."""
    h = prefix.copy()
    h.update(key + b":0")
    return _EIGHT_WORDS.unpack(h.digest())
