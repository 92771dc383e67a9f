"""The benchmark harness: figures, the table and ``build/bench.json``.

A benchmark module is ``benchmarks/bench_<area>.py`` with ``run(bench: Bench) -> None``. It
calls ``bench.figure(...)`` for each measurement; a figure measured against a baseline in the
same run carries that baseline, and the ratio is derived. Speed and memory live here, never in
timed tests.
"""

from __future__ import annotations

import json
import platform
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass
class Figure:
    """One measured figure, with the baseline measured beside it where there is one."""

    area: str
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str | None = None
    target: str | None = None
    note: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline  # type: ignore[operator]

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        return data


@dataclass
class Bench:
    """Collects the figures of one ``make bench`` run."""

    area: str = ""
    figures: list[Figure] = field(default_factory=list)
    postgres_url: str | None = None

    def figure(
        self,
        name: str,
        value: float,
        unit: str,
        *,
        baseline: float | None = None,
        baseline_name: str | None = None,
        target: str | None = None,
        note: str | None = None,
    ) -> Figure:
        fig = Figure(self.area, name, value, unit, baseline, baseline_name, target, note)
        self.figures.append(fig)
        return fig


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """Yields a function giving the seconds elapsed since entry (frozen at exit)."""
    start = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - start
    end.append(time.perf_counter())


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def write_json(figures: list[Figure], path: Path) -> None:
    """Write the figures with the machine they were measured on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "figures": [f.as_json() for f in figures],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n")
