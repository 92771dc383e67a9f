"""Storage: schema (SQLAlchemy Core), migrations (Alembic), bulk upsert writer, queries."""
