"""Migrations are the schema: applying them yields exactly the tables the code defines."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from typer.testing import CliRunner

from darkhorses.cli import app
from darkhorses.store import migrate
from darkhorses.store.engine import make_engine
from darkhorses.store.schema import metadata


def _diff(engine: sa.Engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, metadata)


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def test_migrations_yield_exactly_the_metadata(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        assert migrate.current(engine) is None
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head()
        assert migrate.is_current(engine)
        assert _tables(engine) == set(metadata.tables)
        assert _diff(engine) == []
    finally:
        engine.dispose()


def test_newest_step_downgrades_and_upgrades_again(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        migrate.upgrade(engine)
        newest = ScriptDirectory.from_config(migrate.alembic_config()).get_revision("head")
        migrate.downgrade(engine, "-1")
        assert migrate.current(engine) == newest.down_revision
        if newest.down_revision is None:
            assert _tables(engine) == set()
        migrate.upgrade(engine)
        assert migrate.is_current(engine)
        assert _diff(engine) == []
    finally:
        engine.dispose()


def test_upgrade_twice_changes_nothing(empty_db_url: str) -> None:
    migrate.upgrade(empty_db_url)
    migrate.upgrade(empty_db_url)
    assert migrate.is_current(empty_db_url)


def test_one_linear_history() -> None:
    revisions = migrate.history()
    assert revisions and revisions[0][0] == migrate.head()
    assert len({rev for rev, _ in revisions}) == len(revisions)


def test_db_commands(empty_db_url: str, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_db_url)
    runner = CliRunner()

    before = runner.invoke(app, ["db", "current", "--check"])
    assert before.exit_code == 1
    assert "revision none" in before.output

    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"-> {migrate.head()}" in upgraded.output
    assert "darkhorses:darkhorses@" not in upgraded.output  # password hidden

    after = runner.invoke(app, ["db", "current", "--check"])
    assert after.exit_code == 0
    assert "up to date" in after.output

    refused = runner.invoke(app, ["db", "downgrade", "base"])
    assert refused.exit_code == 2
    assert migrate.is_current(empty_db_url)
    down = runner.invoke(app, ["db", "downgrade", "base", "--yes"])
    assert down.exit_code == 0, down.output
    assert migrate.current(empty_db_url) is None


def test_db_command_reports_an_unreachable_database_without_its_password() -> None:
    url = "postgresql://dh:hunter2-secret@127.0.0.1:9/racing"  # nothing listens on port 9
    result = CliRunner().invoke(app, ["db", "current", "--url", url])
    assert result.exit_code == 1
    assert "127.0.0.1:9/racing" in result.output
    assert "hunter2-secret" not in result.output
