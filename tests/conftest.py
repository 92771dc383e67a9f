"""Shared fixtures: databases on SQLite and PostgreSQL, the sandbox, the reference material."""

pytest_plugins = [
    "tests.plugins.databases",
    "tests.plugins.reference",
    "tests.plugins.sandbox",
]
