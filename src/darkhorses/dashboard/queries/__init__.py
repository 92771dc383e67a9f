"""Read-only SQL for the dashboard, one module per page area (SQLAlchemy Core, indexed)."""
