"""Payload models of The Racing API: tolerant pydantic models for every response the jobs read.

``read_body`` reads a whole response body (its kind known or detected from its shape);
``validate_items`` / ``validate_races`` read raw items one record at a time and set aside what
cannot be read as :class:`Quarantined`.
"""

from darkhorses.api.models.base import ApiModel, PageInfo, is_missing
from darkhorses.api.models.courses import Course, CoursesPage, Region
from darkhorses.api.models.horses import Horse, HorsePro
from darkhorses.api.models.odds import (
    BookmakerOdds,
    BookmakerOddsHistory,
    PriceChange,
    RaceRunnerOdds,
)
from darkhorses.api.models.racecards import (
    RACECARD_TIERS,
    FreeRacecard,
    FreeRacecardsPage,
    FreeRunner,
    OddsRacecard,
    OddsRacecardsPage,
    OddsRunner,
    PreviousOwner,
    PreviousTrainer,
    ProRacecard,
    ProRacecardsPage,
    ProRunner,
    Racecard,
    RacecardsPage,
    RacecardSummariesPage,
    RacecardSummary,
    Runner,
)
from darkhorses.api.models.read import Parsed, UnknownPayload, detect_kind, read_body
from darkhorses.api.models.results import (
    RESULT_TIERS,
    FreeResult,
    FreeResultRunner,
    FreeResultsPage,
    Result,
    ResultRunner,
    ResultsPage,
    StandardResult,
    StandardResultRunner,
    StandardResultsPage,
)
from darkhorses.api.models.search import HorseSearchResults, NamedEntity, SearchResults
from darkhorses.api.models.validate import Quarantined, validate_items, validate_races

__all__ = [
    "RACECARD_TIERS",
    "RESULT_TIERS",
    "ApiModel",
    "BookmakerOdds",
    "BookmakerOddsHistory",
    "Course",
    "CoursesPage",
    "FreeRacecard",
    "FreeRacecardsPage",
    "FreeResult",
    "FreeResultRunner",
    "FreeResultsPage",
    "FreeRunner",
    "Horse",
    "HorsePro",
    "HorseSearchResults",
    "NamedEntity",
    "OddsRacecard",
    "OddsRacecardsPage",
    "OddsRunner",
    "PageInfo",
    "Parsed",
    "PreviousOwner",
    "PreviousTrainer",
    "PriceChange",
    "ProRacecard",
    "ProRacecardsPage",
    "ProRunner",
    "Quarantined",
    "RaceRunnerOdds",
    "Racecard",
    "RacecardSummariesPage",
    "RacecardSummary",
    "RacecardsPage",
    "Region",
    "Result",
    "ResultRunner",
    "ResultsPage",
    "Runner",
    "SearchResults",
    "StandardResult",
    "StandardResultRunner",
    "StandardResultsPage",
    "UnknownPayload",
    "detect_kind",
    "is_missing",
    "read_body",
    "validate_items",
    "validate_races",
]
