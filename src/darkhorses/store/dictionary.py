"""The data dictionary: ``docs/schema.md``, generated from the schema's own comments.

``python -m darkhorses.store.dictionary`` rewrites it; ``--check`` fails when it is stale or a
column has no comment. The schema is the single source: the document never says anything the
table definitions do not.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa

from darkhorses.store.schema import metadata, odds, ops, racing, stats
from darkhorses.store.schema.base import UTCDateTime

DEFAULT_PATH = Path("docs/schema.md")

# Sections of the document, in reading order.
SECTIONS: list[tuple[str, ModuleType]] = [
    ("Racing", racing),
    ("Odds", odds),
    ("Statistics", stats),
    ("Operations", ops),
]


def missing_comments(meta: sa.MetaData = metadata) -> list[str]:
    """``table.column`` (or ``table``) for every table and column without a comment."""
    missing = []
    for table in meta.sorted_tables:
        if not table.comment:
            missing.append(table.name)
        missing += [f"{table.name}.{c.name}" for c in table.columns if not c.comment]
    return sorted(missing)


def render() -> str:
    """The whole document."""
    lines = [
        "# darkhorses schema",
        "",
        "Generated from the table definitions in `src/darkhorses/store/schema/` by",
        "`python -m darkhorses.store.dictionary`; edit the column comments there, not this file.",
        "",
        "Every table has a natural key from the API's ids; every write is an upsert on it. Times",
        "are UTC instants (`timestamptz` on PostgreSQL). Prices and money are exact decimals.",
        "",
    ]
    for title, module in SECTIONS:
        lines += [f"- {title}: " + ", ".join(f"[{t.name}](#{t.name})" for t in _tables(module))]
    lines.append("")
    listed = set()
    for title, module in SECTIONS:
        lines += [f"## {title}", "", _doc(module), ""]
        for table in _tables(module):
            listed.add(table.name)
            lines += _table(table)
    others = [t for t in metadata.sorted_tables if t.name not in listed]
    if others:
        lines += ["## Other tables", ""]
        for table in others:
            lines += _table(table)
    return "\n".join(lines).rstrip() + "\n"


def _tables(module: ModuleType) -> Iterator[sa.Table]:
    seen = set()
    for value in vars(module).values():
        if isinstance(value, sa.Table) and value.metadata is metadata and value.name not in seen:
            seen.add(value.name)
            yield value


def _doc(module: ModuleType) -> str:
    return inspect.cleandoc(module.__doc__ or "")


def _table(table: sa.Table) -> list[str]:
    key = ", ".join(f"`{c.name}`" for c in table.primary_key.columns)
    lines = [f"### {table.name}", "", _cell(table.comment or ""), "", f"Key: {key}."]
    for fk in sorted(table.foreign_key_constraints, key=lambda f: str(f.name or "")):
        cols = ", ".join(c.name for c in fk.columns)
        refs = ", ".join(e.target_fullname for e in fk.elements)
        lines.append(f"References: ({cols}) -> {refs}.")
    indexes = sorted(
        ", ".join(c.name for c in ix.columns) for ix in table.indexes if ix.columns is not None
    )
    if indexes:
        lines.append("Indexed: " + "; ".join(f"({i})" for i in indexes) + ".")
    lines += ["", "| column | type | null | description |", "|---|---|---|---|"]
    for col in table.columns:
        null = "" if col.nullable else "not null"
        lines.append(f"| `{col.name}` | {_type(col.type)} | {null} | {_cell(col.comment or '')} |")
    lines.append("")
    return lines


def _type(type_: sa.types.TypeEngine[object]) -> str:
    if isinstance(type_, UTCDateTime):
        return "timestamp (UTC)"
    if isinstance(type_, sa.JSON):
        return "json"
    if isinstance(type_, sa.Numeric) and not isinstance(type_, sa.Float):
        return f"numeric({type_.precision},{type_.scale})" if type_.precision else "numeric"
    if isinstance(type_, sa.LargeBinary):
        return "bytes"
    return type_.__visit_name__.lower()


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    """Write the dictionary, or with ``--check`` report whether it is up to date."""
    parser = argparse.ArgumentParser(prog="python -m darkhorses.store.dictionary")
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    missing = missing_comments()
    if missing:
        print("columns without a comment: " + ", ".join(missing), file=sys.stderr)
        return 1
    text = render()
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.exists() else ""
        if current != text:
            print(
                f"{args.path} is stale: run python -m darkhorses.store.dictionary", file=sys.stderr
            )
            return 1
        return 0
    args.path.parent.mkdir(parents=True, exist_ok=True)
    args.path.write_text(text, encoding="utf-8")
    print(f"wrote {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
