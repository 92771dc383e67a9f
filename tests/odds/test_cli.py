"""The odds and stats commands end to end: sandbox over HTTP, a real database, the CLI."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from typer.testing import CliRunner

from darkhorses.cli import app
from darkhorses.store.engine import make_engine
from darkhorses.store.schema.odds import ra_odds_historical
from darkhorses.store.schema.racing import ra_mst_runners
from darkhorses.transform.bookmakers import bookmaker_id
from darkhorses.transform.values import UK

CAPTURED_AT = datetime(2025, 10, 14, 13, 5, tzinfo=UK)
RESULTS_AT = datetime(2025, 10, 14, 15, 0, tzinfo=UK)


def _env(monkeypatch, base_url: str, db_url: str, now: datetime) -> None:
    for name, value in {
        "RACING_API_BASE_URL": base_url,
        "RACING_API_USERNAME": "pro",
        "RACING_API_PASSWORD": "pro",
        "RACING_API_PLAN": "pro",
        "DATABASE_URL": db_url,
        "DARKHORSES_NOW": now.isoformat(),
        "DARKHORSES_SYNC_REGIONS": '["ire"]',
        "DARKHORSES_API_RATE_RACECARDS": "1000",
        "DARKHORSES_API_RATE_DEFAULT": "1000",
        "DARKHORSES_API_RATE_GLOBAL": "1000",
    }.items():
        monkeypatch.setenv(name, value)


def _run(*args: str) -> object:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_live_once_then_odds_at_final_and_stats(
    sandbox_factory, sandbox_worlds, db_url, monkeypatch, tmp_path
):
    sandbox = sandbox_factory(now=CAPTURED_AT, limits=False)
    world = sandbox_worlds(1)
    _env(monkeypatch, sandbox.base_url, db_url, CAPTURED_AT)

    cycle = json.loads(_run("odds", "live", "--once", "--json").stdout)
    assert cycle["status"] == "success"
    assert cycle["api_calls"] == 2  # today's cards, and tomorrow's on the first cycle
    assert cycle["counts"]["prices_new"] == cycle["counts"]["prices_seen"] > 0

    # One capture 25 minutes before the 13:30: ten minutes before, every price is that one.
    first = next(r for r in world.races_on(CAPTURED_AT.date()) if r.region == "IRE")
    entries = json.loads(
        _run("odds", "at", "--minutes-before", "10", "--date", "2025-10-14", "--json").stdout
    )
    ours = [e for e in entries if e["race_id"] == first.race_id]
    assert ours and all(e["minutes_before"] == 10 for e in ours)
    for entry in ours:
        book = world.odds_history(first.race_id, entry["horse_id"], CAPTURED_AT)
        expected = {bookmaker_id(q["bookmaker"]): q["decimal"] for q in book["odds"]}
        got = {b: q["decimal"] for b, q in entry["bookmakers"].items()}
        assert got.keys() == expected.keys()
        for book_id, decimal in got.items():
            if decimal is not None:
                assert Decimal(decimal) == Decimal(expected[book_id])
        fixed = {b: Decimal(d) for b, d in got.items() if d and b != "betfair-exchange"}
        if fixed:
            assert Decimal(entry["best"]["decimal"]) == max(fixed.values())
    assert "Prices 10 minutes before the off" in _run("odds", "at", "--date", "2025-10-14").stdout

    # Results come in; final odds for the races that have one.
    sandbox.set_clock(RESULTS_AT)
    _env(monkeypatch, sandbox.base_url, db_url, RESULTS_AT)
    _run("sync", "--entities", "results", "--date", "2025-10-14")
    final = json.loads(_run("odds", "final", "--date", "2025-10-14", "--json").stdout)
    assert final["rows"]["ra_odds_historical"]["inserted"] > 0
    again = json.loads(_run("odds", "final", "--date", "2025-10-14", "--json").stdout)
    assert sum(again["rows"]["ra_odds_historical"].values()) == 0

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(ra_odds_historical).where(ra_odds_historical.c.race_id == first.race_id)
            ).all()
            ran = conn.execute(
                sa.select(sa.func.count())
                .select_from(ra_mst_runners)
                .where(ra_mst_runners.c.race_id == first.race_id)
            ).scalar_one()
    finally:
        engine.dispose()
    assert len(rows) == ran > 0
    winner = next(r for r in rows if r.position == 1)
    assert winner.sp_win_return == winner.sp_dec / winner.dead_heat_count
    assert winner.best_price is not None and winner.ew_places is not None
    assert all(r.sp_win_return == 0 for r in rows if r.position != 1)

    out = tmp_path / "stats"
    _run("stats", "--json-dir", str(out))
    live = json.loads((out / "odds_live.json").read_text())
    historical = json.loads((out / "odds_historical.json").read_text())
    combined = json.loads((out / "odds_combined.json").read_text())
    assert live["cycles"]["cycles"] == 1
    assert live["prices"]["prices"] == cycle["counts"]["prices_seen"]
    assert live["history"]["rows"] == cycle["counts"]["prices_seen"]
    assert historical["totals"]["rows"] == sum(final["rows"]["ra_odds_historical"].values())
    assert combined["coverage"]["of_which_with_price_history"] >= 1
    shown = json.loads(_run("stats").stdout)
    assert shown["live"]["cycles"]["cycles"] == 1 and "coverage" in shown

    refused = CliRunner().invoke(app, ["odds", "at", "--minutes-before", "-5"])
    assert refused.exit_code == 2 and "--minutes-before" in refused.output
    bad_day = CliRunner().invoke(app, ["odds", "final", "--date", "14/10/2025"])
    assert bad_day.exit_code == 2 and "YYYY-MM-DD" in bad_day.output
