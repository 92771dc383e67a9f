"""The schema's promises: natural keys everywhere, the tables consumers query, UTC times."""

from __future__ import annotations

import sqlalchemy as sa

from darkhorses.store.schema import metadata
from darkhorses.store.schema.base import UTCDateTime

EXPECTED_KEYS = {
    "dh_runs": ["id"],
    "dh_checkpoints": ["name"],
    "dh_quarantine": ["source", "record_key", "reason"],
    "dh_raw_responses": ["sha256"],
    "dh_amendments": ["table_name", "record_key", "column_name", "changed_at"],
    "dh_backfill_days": ["kind", "day"],
    "dh_locks": ["name"],
    "dh_alerts": ["key"],
    "ra_odds_live": ["race_id", "horse_id", "bookmaker_id"],
    "ra_odds_history": ["race_id", "horse_id", "bookmaker_id", "changed_at"],
    "ra_odds_historical": ["race_id", "horse_id"],
    "ra_odds_statistics": ["cycle_at"],
    "ra_entity_combinations": ["jockey_id", "trainer_id"],
    "ra_performance_by_distance": ["entity_type", "entity_id", "distance_y"],
    "ra_performance_by_venue": ["entity_type", "entity_id", "course_id"],
    "ra_runner_statistics": ["race_id", "horse_id"],
    "ra_mst_races": ["id"],
    "ra_mst_runners": ["race_id", "horse_id"],
}


def test_every_table_has_a_natural_key() -> None:
    for table in metadata.tables.values():
        assert table.primary_key.columns, f"{table.name} has no key"
    for name, key in EXPECTED_KEYS.items():
        assert [c.name for c in metadata.tables[name].primary_key.columns] == key, name


def test_times_are_utc_instants() -> None:
    """A column holding a point in time is a UTCDateTime, never a naive DateTime."""
    for table in metadata.tables.values():
        for column in table.columns:
            if isinstance(column.type, sa.DateTime):
                assert isinstance(column.type, UTCDateTime), f"{table.name}.{column.name}"


def test_stored_on_postgresql_as_timestamptz(engine: sa.Engine, backend: str) -> None:
    if backend != "postgresql":
        assert engine.dialect.name == "sqlite"
        return
    with engine.connect() as conn:
        types = conn.execute(
            sa.text(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'public' AND data_type LIKE 'timestamp%'"
            )
        ).all()
    assert types, "no time columns found"
    assert {t.data_type for t in types} == {"timestamp with time zone"}


def test_comments_reach_the_postgresql_catalog(engine: sa.Engine, backend: str) -> None:
    if backend != "postgresql":
        return
    with engine.connect() as conn:
        comment = conn.execute(
            sa.text(
                "SELECT col_description('ra_odds_live'::regclass, a.attnum) FROM pg_attribute a "
                "WHERE a.attrelid = 'ra_odds_live'::regclass AND a.attname = 'decimal'"
            )
        ).scalar_one()
    assert comment == metadata.tables["ra_odds_live"].c.decimal.comment
