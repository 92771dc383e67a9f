"""Bookmaker prices: on standard/pro racecards and from ``/v1/odds/{race_id}/{horse_id}``.

Prices stay as sent (``"11/4"``, ``"4"``, ``"SP"``, ``"-"``): the transforms read them.
"""

from __future__ import annotations

from pydantic import Field

from darkhorses.api.models.base import ApiModel, Instant, ListOf, Text


class PriceChange(ApiModel):
    """One price movement: ``{"changed_at": "2025-04-22T13:34:00+01:00", ...}``."""

    changed_at: Instant = None
    fractional: Text = None
    decimal: Text = None


class BookmakerOdds(ApiModel):
    """A bookmaker's current price for a runner (``OddsNoHistory`` on standard cards).

    ``updated`` is ``YYYY-MM-DD HH:MM:SS`` on the UK clock without an offset, kept as text.
    """

    bookmaker: Text = None
    fractional: Text = None
    decimal: Text = None
    ew_places: Text = None
    ew_denom: Text = None
    updated: Text = None


class BookmakerOddsHistory(BookmakerOdds):
    """A price with its movements (``OddsHistory`` on pro cards, the odds endpoint)."""

    history: ListOf[PriceChange] = Field(default_factory=list)


class RaceRunnerOdds(ApiModel):
    """``/v1/odds/{race_id}/{horse_id}``; the ids may be absent, callers fall back to the path."""

    race_id: Text = None
    horse_id: Text = None
    horse: Text = None
    odds: ListOf[BookmakerOddsHistory] = Field(default_factory=list)
