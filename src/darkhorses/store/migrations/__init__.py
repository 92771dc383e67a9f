"""Alembic migrations: the only way the schema changes.

Users run ``darkhorses db upgrade`` (the service and the demo upgrade on start). To add a step
after changing a table in ``darkhorses/store/schema/``, from the repository root, against a
database at the newest revision::

    DATABASE_URL=sqlite:///scratch.db darkhorses db upgrade
    DATABASE_URL=sqlite:///scratch.db alembic -c alembic.ini revision --autogenerate -m "what"

then read the generated step, regenerate ``docs/schema.md`` (``python -m
darkhorses.store.dictionary``) and run ``tests/store``: they prove the steps add up to exactly
the tables the code defines, on SQLite and PostgreSQL, and that the newest step downgrades.
"""
