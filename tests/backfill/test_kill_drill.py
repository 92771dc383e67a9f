"""Kill drill: a backfill killed with SIGKILL five times and resumed each time ends with a
database identical, table by table and row by row, to an uninterrupted run's."""

from __future__ import annotations

import json
import random
import signal
import time

import pytest

from tests.backfill.conftest import Backfill, scalar, table_checksums
from tests.plugins.sandbox import SandboxFactory

FIRST, LAST = "2025-07-01", "2025-08-29"  # 60 days
DAYS = 60
KILLS = 5
ARGS = ("--from", FIRST, "--to", LAST, "--what", "results")
# Irish racing only: every code path of the drill, at a quarter of the runners to write.
IRISH = {"DARKHORSES_SYNC_REGIONS": "ire"}
DONE_SQL = "SELECT count(*) FROM dh_backfill_days WHERE status IN ('done', 'empty')"


def _done(url: str) -> int:
    try:
        return int(scalar(url, DONE_SQL) or 0)
    except Exception:  # the schema is not there yet: nothing done
        return 0


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_killed_five_times_and_resumed_equals_an_uninterrupted_run(
    sandbox_factory: SandboxFactory, db_url: str, other_db_url: str
) -> None:
    sandbox = sandbox_factory(limits=False)
    rng = random.Random(20251014)
    # Kill once this many days are stored, plus a random moment within the next day's work.
    targets = sorted(rng.sample(range(3, DAYS - 10), KILLS))

    # The uninterrupted run goes on beside the drill, against the same sandbox.
    reference = Backfill(sandbox, other_db_url, extra=IRISH).start(*ARGS, "--json")
    killed = Backfill(sandbox, db_url, extra=IRISH)
    kills = 0
    for target in targets:
        process = killed.start(*ARGS)
        while _done(db_url) < target and process.poll() is None:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 0.5))
        assert process.poll() is None, "the backfill finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
        assert process.returncode == -signal.SIGKILL
        kills += 1
        assert _done(db_url) >= target
    assert kills == KILLS
    assert _done(db_url) < DAYS

    resumed = killed.json(*ARGS)
    out, err = reference.communicate(timeout=600)
    assert reference.returncode == 0, err
    uninterrupted = json.loads(out)

    assert resumed["status"] == uninterrupted["status"] == "success"
    assert _done(db_url) == _done(other_db_url) == DAYS
    after_kills = table_checksums(db_url)
    reference = table_checksums(other_db_url)
    assert after_kills["ra_mst_race_results"][0] > 1000
    assert after_kills["dh_backfill_days"][0] == DAYS
    assert after_kills == reference
    # Every day was counted once: attempts of 1, however often the process died.
    assert scalar(db_url, "SELECT max(attempts) FROM dh_backfill_days") == 1
