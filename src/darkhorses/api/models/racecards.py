"""Racecards of every tier, single racecards and summaries.

Tiers nest: free ⊂ basic ⊂ standard ⊂ pro. Each class declares only what its tier carries, so
``Model.carries(field)`` tells a transform which columns a payload may write. Free cards before
v1.4.3 carry no ids at all; ids are therefore optional here and required by the validation step
where the caller needs them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from darkhorses.api.models.base import (
    ApiModel,
    Day,
    Dec,
    Flag,
    Instant,
    Int,
    ListOf,
    PageInfo,
    RawDict,
    RawList,
    Text,
)
from darkhorses.api.models.odds import BookmakerOdds, BookmakerOddsHistory


class PreviousTrainer(ApiModel):
    """``{"trainer": ..., "trainer_id": "trn_...", "change_date": "2024-08-01"}``."""

    trainer: Text = None
    trainer_id: Text = None
    change_date: Text = None


class PreviousOwner(ApiModel):
    """``{"owner": ..., "owner_id": "own_...", "change_date": "2025-10-01"}``."""

    owner: Text = None
    owner_id: Text = None
    change_date: Text = None


# --- runners ---------------------------------------------------------------------------------


class FreeRunner(ApiModel):
    """A runner on a free card (``RunnerBasic`` in the vendor's spec)."""

    horse_id: Text = None
    horse: Text = None
    age: Int = None
    sex: Text = None
    sex_code: Text = None
    colour: Text = None
    region: Text = None
    dam: Text = None
    dam_id: Text = None
    sire: Text = None
    sire_id: Text = None
    damsire: Text = None
    damsire_id: Text = None
    trainer: Text = None
    trainer_id: Text = None
    owner: Text = None
    owner_id: Text = None
    number: Text = None  # "NR" for a non-runner
    draw: Int = None
    headgear: Text = None
    lbs: Int = None
    ofr: Int = None
    jockey: Text = None  # "Rose Dawes(5)": the claim is embedded
    jockey_id: Text = None
    last_run: Int = None
    form: Text = None


class Runner(FreeRunner):
    """A runner on a basic card."""

    dob: Day = None
    breeder: Text = None
    dam_region: Text = None
    sire_region: Text = None
    damsire_region: Text = None
    trainer_location: Text = None
    trainer_14_days: RawDict = Field(default_factory=dict)
    prev_trainers: ListOf[PreviousTrainer] = Field(default_factory=list)
    prev_owners: ListOf[PreviousOwner] = Field(default_factory=list)
    comment: Text = None
    spotlight: Text = None
    quotes: RawList = Field(default_factory=list)
    stable_tour: RawList = Field(default_factory=list)
    medical: RawList = Field(default_factory=list)
    headgear_run: Text = None
    wind_surgery: Text = None
    wind_surgery_run: Text = None
    past_results_flags: RawList = Field(default_factory=list)
    rpr: Int = None
    ts: Int = None
    silk_url: Text = None
    trainer_rtf: Int = None


class OddsRunner(Runner):
    """A runner on a standard card: current prices, no history."""

    odds: ListOf[BookmakerOdds] = Field(default_factory=list)


class ProRunner(Runner):
    """A runner on a pro card: prices with their history."""

    odds: ListOf[BookmakerOddsHistory] = Field(default_factory=list)


# --- racecards -------------------------------------------------------------------------------


class FreeRacecard(ApiModel):
    """A race on ``/v1/racecards/free`` (``RacecardBasic``)."""

    race_id: Text = None
    course: Text = None
    date: Day = None
    off_time: Text = None  # 12-hour UK clock without am/pm: text only
    off_dt: Instant = None
    race_name: Text = None
    distance_f: Dec = None
    region: Text = None
    pattern: Text = None
    race_class: Text = None
    type: Text = None
    age_band: Text = None
    rating_band: Text = None
    sex_restriction: Text = None
    prize: Text = None  # "£4,193", "€5,900": money with a currency
    field_size: Int = None
    going: Text = None
    surface: Text = None
    race_status: Text = None
    runners: ListOf[FreeRunner] = Field(default_factory=list)


class Racecard(FreeRacecard):
    """A race on ``/v1/racecards/basic``."""

    course_id: Text = None
    distance_round: Text = None
    distance: Text = None
    going_detailed: Text = None
    rail_movements: Text = None
    stalls: Text = None
    weather: Text = None
    big_race: Flag = None
    is_abandoned: Flag = None
    runners: ListOf[Runner] = Field(default_factory=list)  # type: ignore[assignment]


class OddsRacecard(Racecard):
    """A race on ``/v1/racecards/standard``, ``/big-races`` and ``/{race_id}/standard``."""

    jumps: Text = None
    tip: Text = None
    verdict: Text = None
    betting_forecast: Text = None
    runners: ListOf[OddsRunner] = Field(default_factory=list)  # type: ignore[assignment]


class ProRacecard(OddsRacecard):
    """A race on ``/v1/racecards/pro`` and ``/{race_id}/pro``."""

    runners: ListOf[ProRunner] = Field(default_factory=list)  # type: ignore[assignment]


class FreeRacecardsPage(PageInfo):
    racecards: ListOf[FreeRacecard] = Field(default_factory=list)


class RacecardsPage(PageInfo):
    racecards: ListOf[Racecard] = Field(default_factory=list)


class OddsRacecardsPage(PageInfo):
    racecards: ListOf[OddsRacecard] = Field(default_factory=list)


class ProRacecardsPage(PageInfo):
    racecards: ListOf[ProRacecard] = Field(default_factory=list)


class RacecardSummary(ApiModel):
    """One item of ``/v1/racecards/summaries``."""

    date: Day = None
    region: Text = None
    course_id: Text = None
    course: Text = None
    race_id: Text = None
    race_name: Text = None
    race_class: Text = None
    off_time: Text = None
    off_dt: Instant = None
    big_race: Flag = None
    is_abandoned: Flag = None


class RacecardSummariesPage(ApiModel):
    racecard_summaries: ListOf[RacecardSummary] = Field(default_factory=list)
    query: RawList = Field(default_factory=list)


RACECARD_TIERS: dict[str, type[FreeRacecard]] = {
    "free": FreeRacecard,
    "basic": Racecard,
    "standard": OddsRacecard,
    "pro": ProRacecard,
}
"""The racecard model of each plan tier."""


def runner_model(card_model: type[BaseModel]) -> type[FreeRunner]:
    """The runner model a racecard model holds."""
    annotation: Any = card_model.model_fields["runners"].annotation
    return annotation.__args__[0]
