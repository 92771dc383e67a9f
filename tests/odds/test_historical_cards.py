"""Past days' Pro cards (as the backfill fetches them) feed the same odds tables."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from darkhorses.api.models.racecards import ProRacecard
from darkhorses.api.models.validate import validate_races
from darkhorses.jobs.odds_live import record_card_prices
from darkhorses.store.schema.odds import ra_odds_history, ra_odds_live
from darkhorses.transform.odds import parse_updated

PAST = date(2025, 10, 13)
FETCHED_AT = datetime(2025, 10, 20, 9, 0, tzinfo=UTC)


def test_each_price_is_one_observation_at_its_updated_time(sandbox, engine):
    with sandbox.client("pro") as http:
        body = http.get(
            "/v1/racecards/pro", params={"date": PAST.isoformat(), "region_codes": "gb"}
        ).json()
    cards, bad = validate_races(body["racecards"], ProRacecard, source="backfill")
    assert not bad
    quotes = [
        (c["race_id"], r["horse_id"], q["updated"])
        for c in body["racecards"]
        for r in c["runners"]
        for q in r["odds"]
    ]
    with engine.begin() as conn:
        first = record_card_prices(conn, cards, observed_at=FETCHED_AT, regions=["gb"])
    with engine.begin() as conn:
        again = record_card_prices(conn, cards, observed_at=FETCHED_AT, regions=["gb"])
    assert len(first.history_rows) == len(quotes) > 0
    assert not again.history_rows and not again.live_rows

    h = ra_odds_history
    with engine.connect() as conn:
        rows = conn.execute(sa.select(h.c.race_id, h.c.horse_id, h.c.changed_at, h.c.source)).all()
        live = conn.execute(sa.select(sa.func.count()).select_from(ra_odds_live)).scalar_one()
    assert live == len(rows) == len(quotes)
    assert {r.source for r in rows} == {"historical_card"}
    assert sorted((r.race_id, r.horse_id, r.changed_at) for r in rows) == sorted(
        (race, horse, parse_updated(updated)) for race, horse, updated in quotes
    )
