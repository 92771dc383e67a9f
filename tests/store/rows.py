"""Synthetic runner rows for storage tests and the storage benchmark.

Values are made from each column's type, so the rows follow ``ra_mst_runners`` as it is
defined: every column filled, deterministic for a given seed, distinct per row. JSON columns
look like real cards: trainer form is a small object, the list columns are mostly empty.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema.base import UTCDateTime
from darkhorses.store.schema.racing import ra_mst_runners

RUNNERS_PER_RACE = 10
KEY = ("race_id", "horse_id")

# Columns a racecard owns and a result does not carry (names as consumers query them).
CARD_ONLY = (
    "draw",
    "ofr",
    "rpr",
    "ts",
    "form",
    "comment",
    "spotlight",
    "trainer_location",
    "quotes",
    "medical",
    "headgear_run",
    "last_run_days",
)
# Columns a result owns and a racecard does not carry.
RESULT_ONLY = (
    "position",
    "position_raw",
    "position_status",
    "btn",
    "ovr_btn",
    "sp",
    "sp_dec",
    "is_favourite",
    "bsp",
    "finishing_time_s",
    "prize_won",
    "result_comment",
)


def race_id(i: int) -> str:
    return f"rac_{1_000_000 + i // RUNNERS_PER_RACE}"


def _maker(column: sa.Column[Any]) -> Callable[[int], Any]:
    """A function giving the column's value for row number ``n``."""
    type_, name = column.type, column.name
    if isinstance(type_, UTCDateTime):
        start = datetime(2024, 1, 1, 12, tzinfo=UTC)
        return lambda n: start + timedelta(minutes=n)
    if isinstance(type_, sa.JSON):
        # As on real cards: a small object, or a list that is usually empty.
        if name == "trainer_14_days":
            return lambda n: {"runs": n % 20, "wins": n % 5, "percent": n % 100}
        return lambda n: [{"n": n, "name": f"{name} {n}"}] if n % 5 == 0 else []
    if isinstance(type_, sa.Boolean):
        return lambda n: n % 2 == 0
    if isinstance(type_, sa.Date):
        return lambda n: date(2024, 1, 1) + timedelta(days=n % 3000)
    if isinstance(type_, sa.Integer):
        return lambda n: n % 30_000
    if isinstance(type_, sa.Numeric):
        precision, scale = type_.precision or 12, type_.scale or 0
        limit = 10 ** min(precision - scale, 4) - 1
        quantum = Decimal(1).scaleb(-scale)
        fractions = [Decimal(f) / 100 if scale >= 2 else Decimal(0) for f in (0, 25, 50, 75)]
        return lambda n: (Decimal(n % limit) + fractions[n % 4]).quantize(quantum)
    return lambda n: f"{name}-{n}"


_MAKERS = {c.name: _maker(c) for c in ra_mst_runners.columns if c.name not in KEY}


def runner_row(i: int, columns: list[str] | None = None, seed: int = 0) -> dict[str, Any]:
    """Runner ``i`` (race ``i // 10``) with ``columns`` (default: all) filled; ``seed`` shifts
    every value."""
    n = i + seed * 7919
    row: dict[str, Any] = {"race_id": race_id(i), "horse_id": f"hrs_{5_000_000 + i}"}
    for name in columns or _MAKERS:
        if name not in KEY:
            row[name] = _MAKERS[name](n)
    return row


def runner_rows(count: int, columns: list[str] | None = None, seed: int = 0) -> list[dict]:
    return [runner_row(i, columns, seed) for i in range(count)]


def race_rows(runner_count: int) -> list[dict[str, Any]]:
    """The parent races of the first ``runner_count`` runners."""
    ids = sorted({race_id(i) for i in range(runner_count)})
    return [
        {"id": rid, "date": date(2024, 1, 1), "off_dt": datetime(2024, 1, 1, 13, tzinfo=UTC)}
        for rid in ids
    ]


def card_columns() -> list[str]:
    """Every runner column except the result-only ones."""
    return [c.name for c in ra_mst_runners.columns if c.name not in RESULT_ONLY]


def result_columns() -> list[str]:
    """The key, the shared identity columns and the result-only ones."""
    shared = ("horse", "jockey_id", "trainer_id", "owner_id", "number", "weight_lbs")
    names = [*KEY, *shared, *RESULT_ONLY]
    return [n for n in names if n in ra_mst_runners.columns]
