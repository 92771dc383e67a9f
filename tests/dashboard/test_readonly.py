"""No page writes: on PostgreSQL every page is served through a role that may only read."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from darkhorses.dashboard.readonly import read_only
from darkhorses.store.engine import make_engine
from darkhorses.store.schema.ops import dh_alerts
from darkhorses.store.schema.racing import ra_mst_races
from tests.dashboard.conftest import running_sandbox, serve_dashboard
from tests.dashboard.fill import CAPTURES, DAY, fill

ROLE_PASSWORD = "ro-" + uuid.uuid4().hex[:10]


@pytest.fixture
def filled(db_url: str) -> str:
    """``db_url`` after a sandbox sync and a live capture cycle."""
    with running_sandbox() as sandbox:
        fill(sandbox, db_url, captures=CAPTURES[-1:], extras=False)
    return db_url


@pytest.fixture
def reader_url(filled: str, backend: str) -> Iterator[str]:
    """A URL that can only read ``filled``: a SELECT-only role on PostgreSQL."""
    if backend != "postgresql":
        yield filled
        return
    role = f"dh_reader_{uuid.uuid4().hex[:8]}"
    owner = make_engine(filled)
    with owner.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD '{ROLE_PASSWORD}'")
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    try:
        url = make_url(filled).set(username=role, password=ROLE_PASSWORD)
        yield url.render_as_string(hide_password=False)
    finally:
        with owner.begin() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE {role}")
        owner.dispose()


def test_every_page_answers_for_a_reader_that_cannot_write(filled, reader_url, backend):
    engine = make_engine(reader_url)
    try:
        with engine.connect() as conn:
            race_ids = list(
                conn.execute(
                    sa.select(ra_mst_races.c.id).where(ra_mst_races.c.date == DAY).limit(3)
                ).scalars()
            )
        if backend == "postgresql":  # the role really cannot write
            denied = pytest.raises(sa.exc.ProgrammingError, match="permission denied")
            with denied, engine.begin() as conn:
                conn.execute(sa.delete(dh_alerts))
    finally:
        engine.dispose()
    assert race_ids
    paths = ["/", "/usage", "/backfill", "/today", "/api/overview", "/api/usage"]
    paths += ["/api/backfill", "/api/today"]
    paths += [p for rid in race_ids for p in (f"/race/{rid}", f"/api/race/{rid}")]
    with serve_dashboard(reader_url) as base_url, httpx.Client(base_url=base_url) as client:
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.text[:500])
            assert ROLE_PASSWORD not in response.text
            assert "darkhorses:darkhorses" not in response.text

    # The dashboard's own connections refuse writes whatever the role may do...
    engine = make_engine(filled)
    try:
        refused = pytest.raises(sa.exc.DBAPIError, match=r"read.only|readonly")
        with refused, read_only(engine) as conn:
            conn.execute(sa.delete(dh_alerts))
        # ...and go back to the pool able to write again (the service shares the pool).
        with engine.begin() as conn:
            conn.execute(sa.delete(dh_alerts))
    finally:
        engine.dispose()
