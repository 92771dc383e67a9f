"""Fault injection: seeded, reproducible failures, each with a rate.

A spec is a comma-separated list of ``name=value`` items, e.g.
``"500=0.05,429-retry-after=0.02,truncate=0.01,seed=7"``.

Faults (value = the share of API requests that get it; the shares add up to at most 1):

``429``, ``429-retry-after``   rate-limit answer, without / with a ``Retry-After`` header
``500``, ``502``, ``503``      server and gateway errors
``slow``                       the answer comes after ``slow-s`` seconds (past a client timeout)
``reset``                      the connection is dropped without an answer
``truncate``                   a 200 whose JSON body is cut short
``drift-missing``              a 200 with one field removed from a record
``drift-extra``                a 200 with an unknown field added to a record
``drift-number``               a 200 with a number where the API sends a numeric string

Options: ``seed`` (default 0), ``slow-s`` (seconds, default 35), ``retry-after-s`` (default 1),
``path`` (only requests whose path starts with it; repeatable).

Request *n* (counting API requests from 0 since start or reset) draws from a generator seeded
with ``(seed, n)``, so the same seed and the same request sequence give the same faults.
"""

from __future__ import annotations

import copy
import random
import threading
from dataclasses import dataclass, field
from typing import Any

FAULT_NAMES: tuple[str, ...] = (
    "429",
    "429-retry-after",
    "500",
    "502",
    "503",
    "slow",
    "reset",
    "truncate",
    "drift-missing",
    "drift-extra",
    "drift-number",
)
STATUS_FAULTS = {"429": 429, "429-retry-after": 429, "500": 500, "502": 502, "503": 503}
BODY_FAULTS = {"truncate", "drift-missing", "drift-extra", "drift-number"}
EXTRA_FIELD = "extra_field"


class FaultSpecError(ValueError):
    """A fault spec that cannot be read; the message says which item and why."""


@dataclass(frozen=True)
class FaultSpec:
    """Parsed fault spec: rates per fault plus options."""

    rates: dict[str, float] = field(default_factory=dict)
    seed: int = 0
    slow_s: float = 35.0
    retry_after_s: int = 1
    paths: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> FaultSpec:
        rates: dict[str, float] = {}
        options: dict[str, Any] = {}
        paths: list[str] = []
        for item in filter(None, (part.strip() for part in text.split(","))):
            name, sep, value = item.partition("=")
            name = name.strip()
            value = value.strip()
            if not sep or not value:
                raise FaultSpecError(f"fault item {item!r} must be name=value")
            known = (*FAULT_NAMES, "seed", "slow-s", "retry-after-s", "path")
            if name not in known:
                raise FaultSpecError(f"unknown fault {name!r} (known: {', '.join(known)})")
            try:
                if name in FAULT_NAMES:
                    rate = float(value)
                    if not 0.0 <= rate <= 1.0:
                        raise ValueError
                    rates[name] = rate
                elif name == "seed":
                    options["seed"] = int(value)
                elif name == "slow-s":
                    options["slow_s"] = float(value)
                elif name == "retry-after-s":
                    options["retry_after_s"] = int(value)
                else:
                    paths.append(value)
            except ValueError:
                raise FaultSpecError(f"bad value in fault item {item!r}") from None
        if sum(rates.values()) > 1.0 + 1e-9:
            raise FaultSpecError("fault rates add up to more than 1")
        return cls(rates=rates, paths=tuple(paths), **options)


@dataclass(frozen=True)
class Fault:
    """The fault drawn for one request, with its own generator for the details."""

    name: str
    rng: random.Random


class FaultInjector:
    """Draws the fault (or none) for each API request, in arrival order."""

    def __init__(self, spec: FaultSpec) -> None:
        self.spec = spec
        self._lock = threading.Lock()
        self._index = 0
        self._order = [(n, spec.rates[n]) for n in FAULT_NAMES if spec.rates.get(n)]

    def reset(self) -> None:
        """Restart the request sequence from 0."""
        with self._lock:
            self._index = 0

    def draw(self, path: str) -> Fault | None:
        """The fault for the next request to ``path``, or None."""
        if self.spec.paths and not path.startswith(self.spec.paths):
            return None
        with self._lock:
            index = self._index
            self._index += 1
        rng = random.Random(f"{self.spec.seed}:{index}")
        roll = rng.random()
        edge = 0.0
        for name, rate in self._order:
            edge += rate
            if roll < edge:
                return Fault(name, rng)
        return None


def truncate(body: bytes, rng: random.Random) -> bytes:
    """Cut a JSON body somewhere in its middle half, so it no longer parses."""
    if len(body) < 4:
        return body[:1]
    cut = rng.randint(len(body) // 4, max(len(body) // 4, (3 * len(body)) // 4))
    return body[:cut]


def _records(body: Any) -> list[dict[str, Any]]:
    """Candidate records in a payload, outermost first: items, then their nested items."""
    found: list[dict[str, Any]] = []
    queue: list[Any] = [body]
    while queue:
        node = queue.pop(0)
        if isinstance(node, list):
            queue.extend(x for x in node[:1] if isinstance(x, dict | list))
            continue
        if not isinstance(node, dict):
            continue
        lists = [v for v in node.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        scalars = [k for k, v in node.items() if isinstance(v, str)]
        # An envelope ({"racecards": [...], "total": ...}) is not a record; its items are.
        if scalars or not lists:
            found.append(node)
        queue.extend(v[:1] for v in lists)
    return found


def _numeric(value: Any) -> bool:
    if not isinstance(value, str) or not value:
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


def drift(payload: Any, kind: str, rng: random.Random) -> Any:
    """A copy of ``payload`` with one schema drift applied (unchanged if nothing fits)."""
    payload = copy.deepcopy(payload)
    for record in _records(payload):
        if kind == "drift-missing":
            keys = [k for k, v in record.items() if isinstance(v, str)]
            if keys:
                del record[rng.choice(keys)]
                return payload
        elif kind == "drift-extra":
            record[EXTRA_FIELD] = f"drift-{rng.randint(0, 9999)}"
            return payload
        elif kind == "drift-number":
            keys = [k for k, v in record.items() if _numeric(v)]
            if keys:
                key = rng.choice(keys)
                number = float(record[key])
                record[key] = int(number) if number.is_integer() else number
                return payload
    return payload
