"""Post-race fill from the odds endpoint: the polled rows become the sandbox's whole path."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa

from darkhorses.clock import Clock
from darkhorses.jobs.odds_fill import fill_day
from darkhorses.jobs.odds_live import run_cycle
from darkhorses.store.schema.odds import ra_odds_history
from darkhorses.transform.bookmakers import bookmaker_id
from darkhorses.transform.values import UK

POLLED_AT = datetime(2025, 10, 14, 13, 5, tzinfo=UK)
AFTER = datetime(2025, 10, 14, 14, 10, tzinfo=UK)


def test_fill_replaces_polled_rows_with_the_full_path_within_budget(
    sandbox_factory, sandbox_worlds, settings_for, engine, client_for
):
    sandbox = sandbox_factory(now=POLLED_AT, limits=False)
    world = sandbox_worlds(1)
    settings = settings_for(sandbox.base_url)
    client = client_for(settings, engine)
    run_cycle(settings, engine=engine, client=client, clock=Clock(POLLED_AT))

    first = next(r for r in world.races_on(POLLED_AT.date()) if r.region == "IRE")
    horses = [r["horse_id"] for r in world.racecard(first.race_id, "pro", AFTER)["runners"]]
    sandbox.set_clock(AFTER)
    sandbox.reset()
    report = fill_day(engine, client, POLLED_AT.date(), Clock(AFTER), max_calls=len(horses))
    calls = sandbox.stats()["by_endpoint"]
    assert report.api_calls == len(horses) == calls["/v1/odds/{race_id}/{horse_id}"]
    assert report.counts["runners_filled"] == len(horses)
    assert report.counts["runners_left"] > 0  # the 14:00s are off too, beyond the budget

    expected = {}
    for horse in horses:
        for quote in world.odds_history(first.race_id, horse, AFTER)["odds"]:
            expected[(horse, bookmaker_id(quote["bookmaker"]))] = [
                (datetime.fromisoformat(c["changed_at"]), c["fractional"], c["decimal"])
                for c in quote["history"]
            ]
    h = ra_odds_history
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                h.c.horse_id,
                h.c.bookmaker_id,
                h.c.changed_at,
                h.c.fractional_raw,
                h.c.decimal_raw,
                h.c.source,
            )
            .where(h.c.race_id == first.race_id)
            .order_by(h.c.horse_id, h.c.bookmaker_id, h.c.changed_at)
        ).all()
    got = defaultdict(list)
    for row in rows:
        assert row.source == "odds_history"
        got[(row.horse_id, row.bookmaker_id)].append(
            (row.changed_at, row.fractional_raw, row.decimal_raw)
        )
    assert dict(got) == expected

    # Filled runners are never fetched again; the budget goes to the next race.
    sandbox.reset()
    again = fill_day(engine, client, POLLED_AT.date(), Clock(AFTER), max_calls=1)
    assert again.api_calls == 1
    with engine.connect() as conn:
        count = sa.select(sa.func.count()).select_from(h).where(h.c.race_id == first.race_id)
        assert conn.execute(count).scalar_one() == len(rows)
