"""``python -m benchmarks [AREA ...]``: run benchmarks, print a table, write build/bench.json."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback
from pathlib import Path

from rich.console import Console
from rich.table import Table

import benchmarks
from benchmarks.harness import Bench, write_json


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def main(argv: list[str]) -> int:
    wanted = set(argv)
    names = sorted(
        m.name
        for m in pkgutil.iter_modules(benchmarks.__path__)
        if m.name.startswith("bench_") and (not wanted or m.name.removeprefix("bench_") in wanted)
    )
    bench = Bench(postgres_url=os.environ.get("DARKHORSES_TEST_POSTGRES_URL"))
    console = Console()
    failed = []
    for name in names:
        bench.area = name.removeprefix("bench_")
        console.print(f"[bold]bench[/bold] {bench.area} ...")
        try:
            importlib.import_module(f"benchmarks.{name}").run(bench)
        except Exception:
            failed.append(name)
            console.print(traceback.format_exc(), style="red")

    table = Table(title="darkhorses benchmarks")
    for col in ("area", "figure", "value", "unit", "baseline", "ratio", "target"):
        table.add_column(col, justify="right" if col in ("value", "baseline", "ratio") else "left")
    for f in bench.figures:
        table.add_row(
            f.area,
            f.name,
            _fmt(f.value),
            f.unit,
            "" if f.baseline is None else f"{_fmt(f.baseline)} ({f.baseline_name or 'baseline'})",
            "" if f.ratio is None else f"{f.ratio:.2f}x",
            f.target or "",
        )
    console.print(table)
    out = Path("build/bench.json")
    write_json(bench.figures, out)
    console.print(f"wrote {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
