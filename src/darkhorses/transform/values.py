"""Parsers for the API's string values: money, odds, positions, beaten distances, distances,
weights and times.

Each parser returns ``None`` for the API's missing markers (``""``, ``"-"``, ``"–"``) and raises
``ValueError`` with the offending text for anything it does not recognise, so a caller decides
whether to keep the raw text and move on or to quarantine the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from darkhorses.api.models.base import is_missing

UK = ZoneInfo("Europe/London")
YARDS_PER_MILE = 1760
YARDS_PER_FURLONG = 220
CENT = Decimal("0.01")

__all__ = [
    "UK",
    "FinishingPosition",
    "Money",
    "Price",
    "currency_for_region",
    "is_missing",
    "parse_decimal_odds",
    "parse_distance_yards",
    "parse_fractional",
    "parse_furlongs",
    "parse_int",
    "parse_lengths",
    "parse_money",
    "parse_position",
    "parse_race_time",
    "parse_stone_lb",
    "parse_winning_time",
    "race_date",
    "to_utc",
    "uk_date",
]


def parse_int(raw: str | int | None) -> int | None:
    """``"9"`` -> 9; missing markers and ``"NR"``-style words raise unless missing."""
    if isinstance(raw, int):
        return raw
    if is_missing(raw):
        return None
    assert raw is not None
    text = raw.strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"not a whole number: {raw!r}")
    return int(text)


# --- money -----------------------------------------------------------------------------------

_CURRENCY_SYMBOLS = {"£": "GBP", "€": "EUR", "$": "USD"}
_CURRENCY_BY_REGION = {"GB": "GBP", "IRE": "EUR"}
_MONEY = re.compile(r"^([£€$]?)\s*(\d[\d,]*(?:\.\d+)?|\.\d+)$")


@dataclass(frozen=True)
class Money:
    """An amount and its currency (``None`` when the text had no symbol)."""

    amount: Decimal
    currency: str | None


def parse_money(raw: str | None) -> Money | None:
    """``"£4,193"`` -> 4193 GBP; ``"€5900"`` -> 5900 EUR; ``"4187.20"`` -> 4187.20, no currency."""
    if is_missing(raw):
        return None
    assert raw is not None
    match = _MONEY.match(raw.strip())
    if not match:
        raise ValueError(f"not an amount of money: {raw!r}")
    symbol, number = match.groups()
    return Money(Decimal(number.replace(",", "")), _CURRENCY_SYMBOLS.get(symbol))


def currency_for_region(region: str | None) -> str | None:
    """The currency prizes are run for in a region: GB pounds, Irish euros."""
    return _CURRENCY_BY_REGION.get((region or "").upper())


# --- odds ------------------------------------------------------------------------------------

_FRACTION = re.compile(r"^(\d+(?:\.\d+)?)(?:\s*/\s*(\d+(?:\.\d+)?))?$")
_EVENS = {"evens", "evs", "even", "evn", "ev"}
# F favourite, J joint favourite, C co-favourite; "JF" and "CF" are also written.
_FAV_SUFFIX = re.compile(r"^(.*?)(JF|CF|F|J|C)$", re.IGNORECASE)


@dataclass(frozen=True)
class Price:
    """A fractional price read as decimal odds, with the favourite mark it carried."""

    decimal: Decimal | None
    favourite: str | None = None  # F, J or C

    @property
    def is_favourite(self) -> bool:
        return self.favourite is not None


def parse_fractional(raw: str | None) -> Price | None:
    """Read a fractional price or SP: ``"11/4"`` -> 3.75; ``"11/4F"`` -> 3.75 favourite;
    ``"EvensF"`` -> 2.0 favourite; ``"4"`` (old style, 4/1) -> 5.0; ``"SP"`` -> no price.
    """
    if is_missing(raw):
        return None
    assert raw is not None
    text = raw.strip()
    if text.upper() == "SP":
        return Price(None)
    favourite = None
    mark = _FAV_SUFFIX.match(text)
    if mark and mark.group(1) and (mark.group(1)[-1].isdigit() or mark.group(1).lower() in _EVENS):
        text, favourite = mark.group(1).strip(), mark.group(2).upper()[0]
    if text.lower() in _EVENS:
        return Price(Decimal("2.00"), favourite)
    match = _FRACTION.match(text)
    if not match:
        raise ValueError(f"not a fractional price: {raw!r}")
    numerator = Decimal(match.group(1))
    denominator = Decimal(match.group(2) or "1")
    if denominator == 0:
        raise ValueError(f"not a fractional price: {raw!r}")
    decimal = (1 + numerator / denominator).quantize(CENT, ROUND_HALF_UP)
    return Price(decimal, favourite)


def parse_decimal_odds(raw: str | None) -> Decimal | None:
    """``"23"`` -> 23; ``"4.33"`` -> 4.33; ``"SP"`` or a dash -> None."""
    if is_missing(raw):
        return None
    assert raw is not None
    text = raw.strip()
    if text.upper() == "SP":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not decimal odds: {raw!r}") from None
    if not value.is_finite() or value < 1:
        raise ValueError(f"not decimal odds: {raw!r}")
    return value


# --- positions -------------------------------------------------------------------------------

FINISHED = "finished"
# Codes for a run that did not finish with a placing (or a later change to it).
POSITION_CODES = {
    "PU": "PU",  # pulled up
    "F": "F",  # fell
    "UR": "UR",  # unseated rider
    "RO": "RO",  # ran out
    "BD": "BD",  # brought down
    "SU": "SU",  # slipped up
    "REF": "REF",  # refused
    "RR": "RR",  # refused to race
    "CO": "CO",  # carried out
    "LFT": "LFT",  # left at the start
    "DSQ": "DSQ",  # disqualified
    "DISQ": "DSQ",
    "VOI": "VOI",  # void race
    "NR": "NR",  # non-runner
}


@dataclass(frozen=True)
class FinishingPosition:
    """A placing (``position``) or the reason there is none (``status``)."""

    position: int | None
    status: str
    dead_heat: bool = False


def parse_position(raw: str | None) -> FinishingPosition | None:
    """``"1"`` -> 1 finished; ``"1="``/``"dh1"`` -> 1 dead heat; ``"PU"`` -> PU;
    ``"Died as a 5"`` -> DIED. An unknown word is kept upper-cased as its own status.
    """
    if is_missing(raw):
        return None
    assert raw is not None
    text = raw.strip()
    number = re.fullmatch(r"(?i)(=)?(?:dh\s*)?(\d+)(=|\s*dh)?", text)
    if number:
        dead_heat = bool(number.group(1) or number.group(3) or text.lower().startswith("dh"))
        value = int(number.group(2))
        if value == 0:
            return FinishingPosition(None, "UNPLACED")
        return FinishingPosition(value, FINISHED, dead_heat)
    if text.lower().startswith("died"):
        return FinishingPosition(None, "DIED")
    code = text.upper()
    return FinishingPosition(None, POSITION_CODES.get(code, code))


# --- beaten distances ------------------------------------------------------------------------

# The conventional lengths of the short margins.
MARGINS = {
    "dht": Decimal("0"),
    "dh": Decimal("0"),
    "nse": Decimal("0.05"),
    "nose": Decimal("0.05"),
    "shd": Decimal("0.1"),
    "sh": Decimal("0.1"),
    "hd": Decimal("0.2"),
    "head": Decimal("0.2"),
    "snk": Decimal("0.25"),
    "nk": Decimal("0.3"),
    "neck": Decimal("0.3"),
}
_VULGAR = {"¼": Decimal("0.25"), "½": Decimal("0.5"), "¾": Decimal("0.75")}
_LENGTHS = re.compile(r"^(\d+)?\s*(?:([¼½¾])|(\d+)/(\d+))?$")


def parse_lengths(raw: str | None) -> Decimal | None:
    """A beaten distance in lengths: ``".5"`` -> 0.5, ``"nk"`` -> 0.3, ``"hd"`` -> 0.2,
    ``"dht"`` -> 0, ``"1½"`` -> 1.5. ``"dist"`` (a distance, too far to measure) raises.
    """
    if is_missing(raw):
        return None
    assert raw is not None
    text = raw.strip().lower()
    if text in MARGINS:
        return MARGINS[text]
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    match = _LENGTHS.match(text)
    if not match or not any(match.groups()):
        raise ValueError(f"not a beaten distance: {raw!r}")
    whole, vulgar, num, den = match.groups()
    value = Decimal(whole or 0)
    if vulgar:
        value += _VULGAR[vulgar]
    if num:
        value += Decimal(num) / Decimal(den)
    return value


# --- distances, weights, times ---------------------------------------------------------------

_DISTANCE = re.compile(r"^(?:(\d+)m)?\s*(?:(\d+)?(½)?f)?\s*(?:(\d+)y)?$")


def parse_distance_yards(raw: str | None) -> int | None:
    """``"1m3f"`` -> 2420 yards; ``"2m53y"`` -> 3573; ``"5f"`` -> 1100; ``"1m½f"`` -> 1870."""
    if is_missing(raw):
        return None
    assert raw is not None
    text = raw.strip().replace(" ", "")
    match = _DISTANCE.match(text)
    if not text or not match or not any(match.groups()):
        raise ValueError(f"not a race distance: {raw!r}")
    miles, furlongs, half, yards = match.groups()
    total = int(miles or 0) * YARDS_PER_MILE + int(furlongs or 0) * YARDS_PER_FURLONG
    total += (YARDS_PER_FURLONG // 2 if half else 0) + int(yards or 0)
    return total


def yards_to_furlongs(yards: int) -> Decimal:
    """Yards as furlongs to two places."""
    return (Decimal(yards) / YARDS_PER_FURLONG).quantize(CENT, ROUND_HALF_UP)


def parse_furlongs(raw: str | None) -> Decimal | None:
    """Furlongs as the API writes them: ``"8.5"`` (cards), ``"11f"`` (results)."""
    if is_missing(raw):
        return None
    assert raw is not None
    text = raw.strip().lower().removesuffix("f").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a distance in furlongs: {raw!r}") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"not a distance in furlongs: {raw!r}")
    return value


def parse_stone_lb(raw: str | None) -> int | None:
    """``"9-5"`` (stones-pounds) -> 131 lb."""
    if is_missing(raw):
        return None
    assert raw is not None
    match = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", raw)
    if not match:
        raise ValueError(f"not a weight in stones-pounds: {raw!r}")
    return int(match.group(1)) * 14 + int(match.group(2))


def parse_race_time(raw: str | None) -> Decimal | None:
    """A finishing time in seconds: ``"2:19.97"`` -> 139.97, ``"3:5.14"`` -> 185.14,
    ``"59.87"`` -> 59.87, ``"1m 2.5s"`` -> 62.5.
    """
    if is_missing(raw):
        return None
    assert raw is not None
    text = raw.strip()
    match = re.fullmatch(r"(?:(\d+)\s*[:m]\s*)?(\d+(?:\.\d+)?)\s*s?", text)
    if not match:
        raise ValueError(f"not a race time: {raw!r}")
    minutes, seconds = match.groups()
    return Decimal(minutes or 0) * 60 + Decimal(seconds)


def parse_winning_time(raw: str | None) -> Decimal | None:
    """The seconds of a winning-time text: ``"2m 19.97s (slow by 2.07s)"`` -> 139.97."""
    if is_missing(raw):
        return None
    assert raw is not None
    match = re.match(r"\s*(?:(\d+)m\s*)?(\d+(?:\.\d+)?)s", raw)
    if not match:
        raise ValueError(f"not a winning time: {raw!r}")
    minutes, seconds = match.groups()
    return Decimal(minutes or 0) * 60 + Decimal(seconds)


# --- instants --------------------------------------------------------------------------------


def to_utc(value: datetime | None) -> datetime | None:
    """An aware instant in UTC; a naive one is an error, never a guess."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError(f"timestamp without a UTC offset: {value.isoformat()}")
    return value.astimezone(UTC)


def uk_date(value: datetime) -> date:
    """The date on the UK calendar at an instant."""
    return value.astimezone(UK).date()


def race_date(api_date: date | None, off_dt: datetime | None) -> date | None:
    """A race's UK date: the API's ``date``, else the UK calendar date of its off."""
    if api_date is not None:
        return api_date
    return uk_date(off_dt) if off_dt is not None else None
