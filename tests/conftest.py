"""Shared fixtures: fresh databases on SQLite and PostgreSQL, the reference material."""

pytest_plugins = [
    "tests.plugins.databases",
    "tests.plugins.reference",
]
