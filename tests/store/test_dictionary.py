"""The data dictionary is generated from the schema and kept in step with it."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from darkhorses.store import dictionary
from darkhorses.store.schema import metadata

SCHEMA_MD = Path(__file__).resolve().parents[2] / "docs" / "schema.md"


def test_every_table_and_column_is_commented() -> None:
    assert dictionary.missing_comments() == []


def test_missing_comments_are_found() -> None:
    scratch = sa.MetaData()
    sa.Table("t", scratch, sa.Column("id", sa.Text, primary_key=True, comment="Id."))
    sa.Table("u", scratch, sa.Column("id", sa.Text, primary_key=True), comment="A table.")
    assert dictionary.missing_comments(scratch) == ["t", "u.id"]


def test_schema_md_is_up_to_date() -> None:
    assert SCHEMA_MD.read_text(encoding="utf-8") == dictionary.render(), (
        "docs/schema.md is stale: run python -m darkhorses.store.dictionary"
    )


def test_every_table_and_column_is_documented() -> None:
    text = dictionary.render()
    for table in metadata.tables.values():
        assert f"### {table.name}\n" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text


def test_check_mode_fails_on_a_stale_file(tmp_path) -> None:
    target = tmp_path / "schema.md"
    assert dictionary.main([str(target), "--check"]) == 1
    assert dictionary.main([str(target)]) == 0
    assert dictionary.main([str(target), "--check"]) == 0
    target.write_text(target.read_text() + "hand edit\n")
    assert dictionary.main([str(target), "--check"]) == 1
