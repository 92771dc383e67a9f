"""Odds tables: current bookmaker prices, every price change, final odds with returns, cycles.

Prices keep the API's strings beside the parse (``fractional_raw`` "11/4", "-", "SP";
``decimal_raw`` "3.75") because a dash (withdrawn) or "SP" (no fixed price yet) is
information a number cannot hold. Times: ``api_updated_at`` / ``changed_at`` are the API's own
time of the price; ``observed_at`` is when we saw it. Bookmakers are keyed by the canonical slug
in ``ra_mst_bookmakers.id``.

Foreign keys: none. Live prices are captured on their own schedule, possibly before the day's
cards are synced, and a price must never be lost to a race row that arrives a minute later.
Every row carries the race, horse and bookmaker ids, so all of them join to races, runners and
bookmakers; the quality checks report orphans.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema.base import UTCDateTime, metadata

PRICE = sa.Numeric(10, 3)
MONEY = sa.Numeric(12, 4)


def _col(name: str, type_: Any, comment: str, *args: Any, **kw: Any) -> sa.Column[Any]:
    """A column with its data-dictionary comment."""
    return sa.Column(name, type_, *args, comment=comment, **kw)


def _price_columns() -> list[sa.Column[Any]]:
    """One bookmaker quote, parsed, with the raw strings it came from."""
    return [
        _col("bookmaker", sa.Text, "Bookmaker display name as the API writes it, e.g. Bet365."),
        _col("fractional", sa.Text, "Fractional price normalised, e.g. 11/4, 1/1 for evens."),
        _col("decimal", PRICE, "Decimal price, e.g. 3.75; NULL for SP or a withdrawal."),
        _col("fractional_raw", sa.Text, "Fractional as written: 11/4, 4 (meaning 4/1), -, SP."),
        _col("decimal_raw", sa.Text, "Decimal as written: 3.75, -, SP."),
        _col("is_sp", sa.Boolean, "Quoted as SP (starting price), no fixed price offered."),
        _col("is_withdrawn", sa.Boolean, "Quoted as - : the runner is withdrawn (non-runner)."),
        _col("ew_places", sa.Integer, "Each-way places paid, e.g. 3; NULL on exchanges."),
        _col("ew_denom", sa.Integer, "Each-way fraction denominator, e.g. 5 for 1/5 odds."),
    ]


ra_odds_live = sa.Table(
    "ra_odds_live",
    metadata,
    _col("race_id", sa.Text, "Race id, rac_...", primary_key=True),
    _col("horse_id", sa.Text, "Horse id, hrs_...", primary_key=True),
    _col("bookmaker_id", sa.Text, "Bookmaker id (ra_mst_bookmakers.id).", primary_key=True),
    _col("race_date", sa.Date, "Race date, UK calendar.", nullable=False),
    _col("off_dt", UTCDateTime, "Scheduled off of the race (UTC)."),
    *_price_columns(),
    _col("api_updated_at", UTCDateTime, "The API's updated time of this price (UTC)."),
    _col("price_changed_at", UTCDateTime, "API time of the latest change to this price (UTC)."),
    _col("first_observed_at", UTCDateTime, "When we first saw a price here (UTC).", nullable=False),
    _col("observed_at", UTCDateTime, "When we last saw this price (UTC).", nullable=False),
    sa.Index(None, "race_date"),
    comment="The current price per race, horse and bookmaker, as last captured.",
)

ra_odds_history = sa.Table(
    "ra_odds_history",
    metadata,
    _col("race_id", sa.Text, "Race id, rac_...", primary_key=True),
    _col("horse_id", sa.Text, "Horse id, hrs_...", primary_key=True),
    _col("bookmaker_id", sa.Text, "Bookmaker id (ra_mst_bookmakers.id).", primary_key=True),
    _col(
        "changed_at",
        UTCDateTime,
        "API time the price took this value (card updated, or odds history changed_at), UTC.",
        primary_key=True,
    ),
    _col("race_date", sa.Date, "Race date, UK calendar.", nullable=False),
    *_price_columns(),
    _col("observed_at", UTCDateTime, "When we first saw this price (UTC).", nullable=False),
    _col("source", sa.Text, "Where it came from: live_card, historical_card or odds_history."),
    sa.Index(None, "race_date"),
    sa.Index(None, "race_id", "changed_at"),
    comment="Every observed price change: one row per race, horse, bookmaker and API change time.",
)

ra_odds_historical = sa.Table(
    "ra_odds_historical",
    metadata,
    _col("race_id", sa.Text, "Race id, rac_...", primary_key=True),
    _col("horse_id", sa.Text, "Horse id, hrs_...", primary_key=True),
    _col("race_date", sa.Date, "Race date, UK calendar.", nullable=False),
    _col("off_dt", UTCDateTime, "Off of the race (UTC)."),
    _col("position", sa.Integer, "Finishing position; NULL when it did not finish."),
    _col("is_non_runner", sa.Boolean, "Withdrawn before the off (stakes returned)."),
    _col("dead_heat_count", sa.Integer, "Horses sharing its placing; 1 when not a dead heat."),
    _col("runners", sa.Integer, "Horses that ran in the race."),
    _col("sp", sa.Text, "Starting price as a fraction, e.g. 11/4, with the favourite mark kept."),
    _col("sp_dec", PRICE, "Starting price, decimal odds, e.g. 3.75."),
    _col("is_favourite", sa.Boolean, "Favourite (or joint or co-favourite) at SP."),
    _col("favourite_rank", sa.Integer, "Rank in the SP market: 1 = favourite; ties share a rank."),
    _col("bsp", PRICE, "Betfair starting price, decimal, where given."),
    _col("first_price", PRICE, "Earliest pre-race decimal price across bookmakers (mean if tied)."),
    _col("first_price_at", UTCDateTime, "API time of first_price (UTC)."),
    _col("last_price", PRICE, "Latest pre-off decimal price across bookmakers (mean if tied)."),
    _col("last_price_at", UTCDateTime, "API time of last_price (UTC)."),
    _col("min_price", PRICE, "Shortest pre-race decimal price seen at any bookmaker."),
    _col("max_price", PRICE, "Longest pre-race decimal price seen at any bookmaker."),
    _col("mean_price", PRICE, "Mean of all pre-race decimal price observations."),
    _col("price_observations", sa.Integer, "Pre-race price observations the figures use."),
    _col("bookmakers", sa.Integer, "Bookmakers that priced the runner before the off."),
    _col("best_price", PRICE, "Best (longest) last pre-off decimal price among fixed-odds books."),
    _col(
        "best_price_bookmaker_id", sa.Text, "Bookmaker offering best_price (first by id if tied)."
    ),
    _col("ew_places", sa.Integer, "Each-way places paid, from the card's terms."),
    _col("ew_denom", sa.Integer, "Each-way fraction denominator, from the card's terms (4 = 1/4)."),
    _col(
        "sp_win_return",
        MONEY,
        "Return, stake included, of 1 unit to win at SP: sp_dec if it won (dead-heat rule), "
        "0 if it lost, 1 for a non-runner.",
    ),
    _col(
        "sp_place_return",
        MONEY,
        "Return of 1 unit on the place part at SP: 1 + (sp_dec - 1) / ew_denom if placed "
        "within ew_places, else 0; 1 for a non-runner.",
    ),
    _col(
        "sp_ew_return",
        MONEY,
        "Return of 1 unit each way (2 staked) at SP: sp_win_return + sp_place_return.",
    ),
    _col("best_win_return", MONEY, "As sp_win_return, at best_price."),
    _col("best_place_return", MONEY, "As sp_place_return, at best_price."),
    _col("best_ew_return", MONEY, "As sp_ew_return, at best_price (2 units staked)."),
    _col(
        "computed_at", UTCDateTime, "When these figures were last computed (UTC).", nullable=False
    ),
    sa.Index(None, "race_date"),
    sa.Index(None, "horse_id"),
    comment="Final odds per runner after the result: SP, BSP, market summary and 1-unit returns.",
)

ra_odds_statistics = sa.Table(
    "ra_odds_statistics",
    metadata,
    _col("cycle_at", UTCDateTime, "When the live cycle started (UTC).", primary_key=True),
    _col("races", sa.Integer, "Races priced in the cycle.", nullable=False),
    _col("runners", sa.Integer, "Runners priced in the cycle.", nullable=False),
    _col("bookmakers", sa.Integer, "Distinct bookmakers quoting in the cycle.", nullable=False),
    _col("prices_seen", sa.Integer, "Prices read in the cycle.", nullable=False),
    _col(
        "prices_changed", sa.Integer, "Prices that changed (history rows written).", nullable=False
    ),
    _col("prices_new", sa.Integer, "Prices seen for the first time."),
    _col("withdrawals", sa.Integer, "Prices newly marked withdrawn (-)."),
    _col("api_calls", sa.Integer, "API requests the cycle made."),
    _col("fetch_ms", sa.Integer, "Milliseconds spent fetching cards."),
    _col("process_ms", sa.Integer, "Milliseconds spent parsing and writing."),
    _col("errors", sa.Integer, "Errors in the cycle.", nullable=False, server_default="0"),
    _col("error", sa.Text, "The latest error message, credentials removed."),
    _col("next_delay_s", sa.Integer, "Seconds chosen until the next cycle."),
    _col("run_id", sa.Integer, "The run the cycle belonged to (dh_runs.id)."),
    comment="One row per live odds cycle: what it saw, what changed, what it cost.",
)

__all__ = ["ra_odds_historical", "ra_odds_history", "ra_odds_live", "ra_odds_statistics"]
