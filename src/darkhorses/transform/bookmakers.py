"""Bookmakers: canonical ids, types, and the seed list of the names quoting on UK/IRE cards."""

from __future__ import annotations

from typing import Any

from darkhorses.transform.names import clean_name, slug

FIXED = "fixed"
EXCHANGE = "exchange"

# Names quoting on GB runners (live, October 2025), plus names met in older data.
SEED: tuple[tuple[str, str], ...] = (
    ("Bet365", FIXED),
    ("William Hill", FIXED),
    ("Coral", FIXED),
    ("Betfred", FIXED),
    ("Boyle Sports", FIXED),
    ("Ladbrokes", FIXED),
    ("Unibet", FIXED),
    ("Bet Goodwin", FIXED),
    ("Bet Victor", FIXED),
    ("10 Bet", FIXED),
    ("BetMGM", FIXED),
    ("Grosvenor Sports", FIXED),
    ("Betway", FIXED),
    ("Virgin Bet", FIXED),
    ("talkSPORT BET", FIXED),
    ("Dragon Bet", FIXED),
    ("CopyBet", FIXED),
    ("PricedUp Bet", FIXED),
    ("Spreadex", FIXED),
    ("BresBet", FIXED),
    ("Star Sports", FIXED),
    ("7Bet", FIXED),
    ("BetTom", FIXED),
    ("Gentlemen Jim", FIXED),
    ("Midnite", FIXED),
    ("SportingIndex", FIXED),
    ("Quinn Bet", FIXED),
    ("Betfair Exchange", EXCHANGE),
    ("Sky Bet", FIXED),
    ("Paddy Power", FIXED),
)

_SEED_TYPES = {slug(name): kind for name, kind in SEED}
_EXCHANGE_WORDS = ("exchange", "matchbook", "smarkets", "betdaq")


def bookmaker_id(name: str) -> str:
    """The canonical id of a bookmaker: the slug of its display name."""
    return slug(name)


def bookmaker_type(name: str) -> str:
    """``exchange`` for betting exchanges, else ``fixed`` (seeded names keep their type)."""
    known = _SEED_TYPES.get(slug(name))
    if known:
        return known
    lowered = name.lower()
    return EXCHANGE if any(word in lowered for word in _EXCHANGE_WORDS) else FIXED


def bookmaker_row(name: str | None) -> dict[str, Any] | None:
    """The master row of a bookmaker named in odds (no dates), or ``None`` for a blank name."""
    display = clean_name(name)
    if display is None or not slug(display):
        return None
    return {"id": bookmaker_id(display), "name": display, "type": bookmaker_type(display)}


def seed_rows() -> list[dict[str, Any]]:
    """The seed list as ``ra_mst_bookmakers`` rows."""
    return [{"id": bookmaker_id(n), "name": n, "type": kind} for n, kind in SEED]
