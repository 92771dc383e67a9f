"""The ``run`` process for real: two replicas on one database, and SIGTERM mid-job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
import yaml

from darkhorses.service import runs
from darkhorses.service.locks import JobLocks
from darkhorses.service.schedule import DEFAULT_SCHEDULE
from darkhorses.service.scheduler import wait_for
from darkhorses.store.engine import make_engine
from darkhorses.store.schema import metadata
from tests.service.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
# The `run` command as the CLI registers it.
LAUNCH = (
    "import sys, typer; from darkhorses.cli import service; app = typer.Typer(); "
    "app.callback()(lambda: None); service.register(app); app(['run', *sys.argv[1:]])"
)


def _config(tmp_path: Path, job: str, target: str, every_s: int) -> Path:
    schedule = {name: {"enabled": False} for name in DEFAULT_SCHEDULE}
    schedule[job] = {"interval": {"seconds": every_s}}
    path = tmp_path / "darkhorses.yaml"
    path.write_text(yaml.safe_dump({"service": {"jobs": {job: target}, "schedule": schedule}}))
    return path


class Replica:
    """One ``darkhorses run`` process."""

    def __init__(self, config: Path, db_url: str, tmp_path: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"replica-{self.port}.log"
        environ = {
            **os.environ,
            "DATABASE_URL": db_url,
            "DARKHORSES_SERVICE_PORT": str(self.port),
            "RACING_API_BASE_URL": "http://127.0.0.1:9",
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, "--config", str(config)],
            cwd=ROOT,
            env=environ,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def ready(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"replica exited early:\n{self.log.read_text()}")
        try:
            return httpx.get(f"{self.url}/readyz", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    def terminate(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.wait()

    def wait(self) -> int:
        return self.proc.wait(timeout=60)


@pytest.fixture
def replicas() -> Iterator[list[Replica]]:
    started: list[Replica] = []
    yield started
    for replica in started:
        if replica.proc.poll() is None:
            replica.proc.kill()
            replica.proc.wait(timeout=10)


def _finished_runs(engine: sa.Engine, job: str) -> list[sa.Row]:
    table = runs.runs_table()
    with engine.connect() as conn:
        return conn.execute(
            sa.select(table).where(table.c.job == job).order_by(table.c.started_at)
        ).all()


def test_two_replicas_run_each_trigger_once(db_url: str, tmp_path: Path, replicas) -> None:
    config = _config(tmp_path, "quick", "tests.service.jobs_for_tests:quick", every_s=1)
    replicas.extend(Replica(config, db_url, tmp_path) for _ in range(2))
    assert wait_for(lambda: all(r.ready() for r in replicas), timeout_s=60)
    # The status dashboard is served beside the endpoints (on loopback, without a token).
    overview = httpx.get(f"{replicas[0].url}/api/overview", timeout=30)
    assert overview.status_code == 200 and overview.headers["content-type"].startswith(
        "application/json"
    )
    engine = make_engine(db_url)
    # Three more ticks with both replicas up and competing for them.
    before = len(_finished_runs(engine, "quick"))
    assert wait_for(lambda: len(_finished_runs(engine, "quick")) >= before + 3, timeout_s=60)
    for replica in replicas:
        replica.proc.send_signal(signal.SIGTERM)
    assert [r.wait() for r in replicas] == [0, 0]

    rows = _finished_runs(engine, "quick")
    ticks = [row.started_at.replace(microsecond=0) for row in rows]
    assert len(ticks) == len(set(ticks)), f"a trigger ran twice: {ticks}"
    assert {row.status for row in rows} == {"success"}
    # Both replicas were live and competing (each logged skips or runs).
    logs = [r.log.read_text() for r in replicas]
    assert all("scheduled jobs: quick" in text for text in logs)
    assert any("skipped" in text for text in logs)
    engine.dispose()


def test_sigterm_mid_job_finishes_the_unit_and_exits_0(
    db_url: str, tmp_path: Path, replicas
) -> None:
    config = _config(tmp_path, "units", "tests.service.jobs_for_tests:unit_of_work", every_s=2)
    started = tmp_path / "started"
    replica = Replica(config, db_url, tmp_path, DH_TEST_STARTED_FILE=str(started))
    replicas.append(replica)
    assert wait_for(replica.ready, timeout_s=60)
    engine = make_engine(db_url)
    table = metadata.tables["dh_checkpoints"]

    def units_written() -> int:
        with engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()

    # SIGTERM lands while the job is between (or inside) its units of work.
    assert wait_for(lambda: started.exists() and units_written() >= 2, timeout_s=60)
    assert replica.terminate() == 0

    with engine.connect() as conn:
        states = conn.execute(sa.select(table.c.state)).scalars().all()
    # Every unit written is whole: the one in flight completed (or never started).
    assert states and all(state.get("ok") == 1 for state in states)
    assert len(states) < 100  # it stopped early rather than running to the end
    [run] = _finished_runs(engine, "units")
    assert run.status == "success" and run.finished_at is not None
    assert run.counts == {"stopped_early": 1}
    assert run.rows == {"dh_checkpoints": {"inserted": len(states)}}
    # Its lock is free again.
    lock = JobLocks(engine).lock("units")
    assert lock.acquire()
    lock.release()
    assert "received SIGTERM" in replica.log.read_text()
    engine.dispose()
