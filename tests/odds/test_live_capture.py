"""Live capture over HTTP against the sandbox, its clock stepped to each cycle's instant.

"The sandbox's changes" for a poller: at each polled instant, the price each bookmaker shows
on each runner of each race not yet off (the world's own ``odds_history`` at that instant);
a change is a polled price that differs from the one polled before it for that key. The
history rows must equal exactly those, in order, each timed no earlier than the world's own
change.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

import sqlalchemy as sa

from darkhorses.clock import Clock
from darkhorses.jobs.odds_live import run_cycle
from darkhorses.store.schema.odds import ra_odds_history, ra_odds_live, ra_odds_statistics
from darkhorses.transform.bookmakers import bookmaker_id
from darkhorses.transform.values import UK

START = datetime(2025, 10, 14, 13, 22, tzinfo=UK)
END = datetime(2025, 10, 14, 13, 58, tzinfo=UK)
# A coarser cadence than the defaults keeps the day short; the policy is the same.
CADENCE = {"cadence_5m_s": 60, "cadence_30m_s": 300, "cadence_2h_s": 600, "cadence_far_s": 1800}

Key = tuple[str, str, str]


def _requests(stats: dict[str, Any]) -> int:
    return sum(n for path, n in stats["by_endpoint"].items() if path.startswith("/v1/"))


def _world_paths(world: Any, days: set[Any], until: datetime) -> dict[Key, list[tuple]]:
    """Every key's price path from the world's own odds history: [(changed_at, frac, dec)]."""
    paths: dict[Key, list[tuple]] = {}
    for day in days:
        for ref in world.races_on(day):
            if ref.region != "IRE":
                continue
            for runner in world.racecard(ref.race_id, "pro", until)["runners"]:
                book = world.odds_history(ref.race_id, runner["horse_id"], until)
                for quote in book["odds"]:
                    key = (ref.race_id, runner["horse_id"], bookmaker_id(quote["bookmaker"]))
                    paths[key] = [
                        (datetime.fromisoformat(c["changed_at"]), c["fractional"], c["decimal"])
                        for c in quote["history"]
                    ]
    return paths


def _expected(world: Any, polls: list[tuple[datetime, list[Any]]]) -> tuple[dict, dict]:
    """The changes a poller at ``polls`` sees, per key, and the world's time of each."""
    paths = _world_paths(world, {d for _, days in polls for d in days}, polls[-1][0])
    offs = {r.race_id: r.off_dt for _, days in polls for d in days for r in world.races_on(d)}
    expected: dict[Key, list[tuple[str, str]]] = defaultdict(list)
    world_at: dict[Key, list[datetime]] = defaultdict(list)
    times = {key: [c[0] for c in path] for key, path in paths.items()}
    for now, days in polls:
        for key, path in paths.items():
            if offs[key[0]] <= now or offs[key[0]].astimezone(UK).date() not in days:
                continue
            index = bisect_right(times[key], now) - 1
            if index < 0:
                continue  # the market had not opened
            at, frac, dec = path[index]
            if not expected[key] or expected[key][-1] != (frac, dec):
                expected[key].append((frac, dec))
                world_at[key].append(at)
    return expected, world_at


def test_history_equals_the_sandbox_changes_with_one_call_per_cycle(
    sandbox_factory, sandbox_worlds, settings_for, engine, client_for
):
    sandbox = sandbox_factory(now=START, limits=False)
    world = sandbox_worlds(1)
    settings = settings_for(sandbox.base_url, **CADENCE)
    client = client_for(settings, engine)

    polls: list[tuple[datetime, list[Any]]] = []
    tomorrow_fetches: list[datetime] = []
    quiet_cycles = 0
    now = START
    cycles = 0
    while now < END:
        sandbox.set_clock(now)
        sandbox.reset()
        report = run_cycle(settings, engine=engine, client=client, clock=Clock(now))
        cycles += 1
        fetched_tomorrow = bool(report.counts["tomorrow_fetched"])
        calls = _requests(sandbox.stats())
        assert calls == 1 + fetched_tomorrow, f"cycle at {now}: {calls} API calls"
        assert report.api_calls == calls
        if fetched_tomorrow:
            tomorrow_fetches.append(now)
        today = now.date()
        polls.append((now, [today] + ([today + timedelta(days=1)] if fetched_tomorrow else [])))
        written = report.rows.get("ra_odds_history", {})
        if report.counts["prices_changed"] == 0 and report.counts["prices_new"] == 0:
            quiet_cycles += 1
            assert written.get("inserted", 0) == written.get("updated", 0) == 0
        now += timedelta(seconds=report.counts["next_run_in_s"])

    assert cycles >= 10
    # Tomorrow's cards: on the first cycle, then no more often than every 30 minutes.
    assert tomorrow_fetches[0] == START
    gaps = [b - a for a, b in pairwise(tomorrow_fetches)]
    assert len(tomorrow_fetches) >= 2 and all(g >= timedelta(minutes=30) for g in gaps)

    h = ra_odds_history
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                h.c.race_id,
                h.c.horse_id,
                h.c.bookmaker_id,
                h.c.fractional_raw,
                h.c.decimal_raw,
                h.c.changed_at,
                h.c.source,
            ).order_by(h.c.race_id, h.c.horse_id, h.c.bookmaker_id, h.c.changed_at)
        ).all()
        stats_rows = conn.execute(sa.select(sa.func.count()).select_from(ra_odds_statistics))
        assert stats_rows.scalar_one() == cycles
    captured: dict[Key, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        captured[(row.race_id, row.horse_id, row.bookmaker_id)].append(
            (row.fractional_raw, row.decimal_raw)
        )
        assert row.source == "live_card"
    expected, world_at = _expected(world, polls)
    assert dict(captured) == dict(expected)  # none missing, none extra, in order
    assert sum(len(v) for v in captured.values()) > len(captured)  # prices did move

    # Each change is timed by the API, never before the world's own change to that price.
    timed: dict[Key, list[datetime]] = defaultdict(list)
    for row in rows:
        timed[(row.race_id, row.horse_id, row.bookmaker_id)].append(row.changed_at)
    for key, times in timed.items():
        assert all(ours >= theirs for ours, theirs in zip(times, world_at[key], strict=True))


def test_a_repeated_cycle_writes_nothing(sandbox_factory, settings_for, engine, client_for):
    now = datetime(2025, 10, 14, 13, 10, tzinfo=UK)
    sandbox = sandbox_factory(now=now, limits=False)
    settings = settings_for(sandbox.base_url)
    client = client_for(settings, engine)
    first = run_cycle(settings, engine=engine, client=client, clock=Clock(now))
    assert first.rows["ra_odds_history"]["inserted"] == first.counts["prices_seen"] > 0

    def counts() -> tuple[int, int]:
        with engine.connect() as conn:
            return (
                conn.execute(sa.select(sa.func.count()).select_from(ra_odds_history)).scalar_one(),
                conn.execute(sa.select(sa.func.count()).select_from(ra_odds_live)).scalar_one(),
            )

    before = counts()
    # The same card seen again 20 seconds later, then by a fresh process (no in-memory state).
    later = now + timedelta(seconds=20)
    sandbox.set_clock(later)
    again = run_cycle(settings, engine=engine, client=client, clock=Clock(later))
    from darkhorses.jobs import odds_live

    odds_live._cache.clear()
    third = run_cycle(settings, engine=engine, client=client, clock=Clock(later))
    for report in (again, third):
        for table in ("ra_odds_history", "ra_odds_live", "ra_mst_bookmakers"):
            outcome = report.rows[table]
            assert outcome.get("inserted", 0) == outcome.get("updated", 0) == 0, (table, outcome)
        assert report.counts["prices_changed"] == 0
    assert counts() == before


def test_non_runners_are_withdrawals_and_races_stop_at_the_off(
    sandbox_factory, sandbox_worlds, settings_for, engine, client_for
):
    now = datetime(2025, 10, 14, 13, 45, tzinfo=UK)  # the 13:30 is off, the 14:00s are not
    sandbox = sandbox_factory(now=now, limits=False)
    world = sandbox_worlds(1)
    settings = settings_for(sandbox.base_url)
    report = run_cycle(
        settings, engine=engine, client=client_for(settings, engine), clock=Clock(now)
    )
    refs = [r for r in world.races_on(now.date()) if r.region == "IRE"]
    off = {r.race_id for r in refs if r.off_dt <= now}
    assert report.counts["races_off"] == len(off) >= 1
    non_runners = {
        (ref.race_id, e["horse_id"])
        for ref in refs
        if ref.race_id not in off
        for e in world.racecard(ref.race_id, "pro", now)["runners"]
        if e["number"] == "NR"
    }
    live = ra_odds_live
    with engine.connect() as conn:
        races = set(conn.execute(sa.select(live.c.race_id).distinct()).scalars())
        withdrawn = set(
            conn.execute(
                sa.select(live.c.race_id, live.c.horse_id)
                .where(live.c.is_withdrawn.is_(True))
                .distinct()
            )
        )
        exchange = conn.execute(
            sa.select(live.c.ew_places, live.c.fractional, live.c.decimal_raw).where(
                live.c.bookmaker_id == "betfair-exchange", live.c.is_withdrawn.is_(False)
            )
        ).first()
    assert races.isdisjoint(off)
    assert withdrawn == non_runners and non_runners
    assert report.counts["withdrawals"] == 28 * len(non_runners)
    assert exchange is not None and exchange.ew_places is None and exchange.fractional is None


def test_standard_plan_captures_and_lower_plans_are_refused(
    sandbox_factory, settings_for, engine, client_for
):
    import pytest

    from darkhorses.api import AuthFailed, PlanRequired

    now = datetime(2025, 10, 14, 13, 10, tzinfo=UK)
    sandbox = sandbox_factory(now=now, limits=False)
    standard = settings_for(sandbox.base_url, plan="standard", now=now)
    report = run_cycle(
        standard, engine=engine, client=client_for(standard, engine), clock=Clock(now)
    )
    assert report.counts["prices_new"] > 0 and report.api_calls == 2

    sandbox.reset()
    basic = settings_for(sandbox.base_url, plan="basic")
    with pytest.raises(PlanRequired):
        run_cycle(basic, engine=engine, client=client_for(basic, engine), clock=Clock(now))
    assert sandbox.stats()["requests"] == 0  # refused before any request

    wrong = settings_for(sandbox.base_url).model_copy(deep=True)
    wrong.api.password = type(wrong.api.password)("not-the-password")
    with pytest.raises(AuthFailed) as failure:
        run_cycle(wrong, engine=engine, client=client_for(wrong, engine), clock=Clock(now))
    assert "not-the-password" not in str(failure.value)
