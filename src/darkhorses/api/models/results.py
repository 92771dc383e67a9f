"""Results of every tier: ``/v1/results/today/free``, ``/v1/results/today``, ``/v1/results``,
``/v1/results/{race_id}`` and the entity ``/results`` pages.

Tiers nest: free ⊂ basic ⊂ standard. Positions, prices, beaten distances, times and prizes stay
as sent (``"PU"``, ``"11/4F"``, ``"nk"``, ``"2:19.97"``): the transforms read them.
"""

from __future__ import annotations

from pydantic import Field

from darkhorses.api.models.base import ApiModel, Day, Dec, Instant, Int, ListOf, PageInfo, Text


class FreeResultRunner(ApiModel):
    """A runner in a free result (``RunnerFree``); names carry the region suffix."""

    horse_id: Text = None
    horse: Text = None  # "Veraison (IRE)"
    age: Int = None
    sex: Text = None  # a code here: F, G, C...
    number: Text = None
    position: Text = None  # "1", "PU", "UR", "Died as a 5"...
    draw: Int = None
    weight: Text = None  # stones-pounds "9-5"
    weight_lbs: Int = None
    headgear: Text = None
    or_: Int = Field(default=None, alias="or")
    jockey: Text = None
    jockey_id: Text = None
    trainer: Text = None
    trainer_id: Text = None
    owner: Text = None
    owner_id: Text = None
    sire: Text = None
    sire_id: Text = None
    dam: Text = None
    dam_id: Text = None
    damsire: Text = None
    damsire_id: Text = None


class ResultRunner(FreeResultRunner):
    """A runner in a basic result (``result.RunnerBasic``)."""

    sp: Text = None
    sp_dec: Dec = None
    btn: Text = None
    ovr_btn: Text = None
    time: Text = None
    rpr: Int = None
    tsr: Int = None
    prize: Text = None
    jockey_claim_lbs: Int = None
    comment: Text = None
    silk_url: Text = None
    # Not in the spec; reported in 2026 exports where rpr/tsr were empty.
    performance_rating: Int = None
    speed_rating: Int = None


class StandardResultRunner(ResultRunner):
    """A runner in a standard result (``RunnerStandard``): adds the Betfair SP."""

    bsp: Dec = None


class FreeResult(ApiModel):
    """A race in ``/v1/results/today/free`` (``ResultFree``)."""

    race_id: Text = None
    course: Text = None
    date: Day = None
    off: Text = None  # 12-hour UK clock: text only
    off_dt: Instant = None
    race_name: Text = None
    dist_f: Text = None  # "11f"
    region: Text = None
    pattern: Text = None
    class_: Text = Field(default=None, alias="class")
    type: Text = None
    age_band: Text = None
    rating_band: Text = None
    sex_rest: Text = None
    going: Text = None
    surface: Text = None
    runners: ListOf[FreeResultRunner] = Field(default_factory=list)


class Result(FreeResult):
    """A race in ``/v1/results/today``, ``/v1/racecards/{horse_id}/results`` (``ResultBasic``)."""

    course_id: Text = None
    dist: Text = None
    dist_y: Int = None
    dist_m: Int = None
    jumps: Text = None
    winning_time_detail: Text = None
    comments: Text = None
    non_runners: Text = None
    tote_win: Text = None
    tote_pl: Text = None
    tote_ex: Text = None
    tote_csf: Text = None
    tote_tricast: Text = None
    tote_trifecta: Text = None
    runners: ListOf[ResultRunner] = Field(default_factory=list)  # type: ignore[assignment]


class StandardResult(Result):
    """A race in ``/v1/results``, ``/v1/results/{race_id}`` and entity results."""

    runners: ListOf[StandardResultRunner] = Field(default_factory=list)  # type: ignore[assignment]


class FreeResultsPage(PageInfo):
    results: list[FreeResult] | None = Field(default_factory=list)


class ResultsPage(PageInfo):
    results: list[Result] | None = Field(default_factory=list)


class StandardResultsPage(PageInfo):
    results: list[StandardResult] | None = Field(default_factory=list)


RESULT_TIERS: dict[str, type[FreeResult]] = {
    "free": FreeResult,
    "basic": Result,
    "standard": StandardResult,
}
"""The result model of each plan tier (pro uses standard)."""
