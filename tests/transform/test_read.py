"""Whole response bodies: kind and tier from the shape, every sample read with nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from darkhorses.api.models import (
    HorsePro,
    ProRacecard,
    StandardResult,
    UnknownPayload,
    detect_kind,
    read_body,
)
from tests.plugins.reference import load_sample
from tests.transform.payloads import card_race, card_runner, result_race

EXPECTED = {
    "courses_gb.json": ("courses", None),
    "courses_regions.json": ("regions", None),
    "horse_pro.json": ("horse", "pro"),
    "horses_search.json": ("horse_search", None),
    "jockeys_search.json": ("search", None),
    "racecards_basic_today.json": ("racecards", "basic"),
    "racecards_free_today.json": ("racecards", "free"),
    "racecards_pro_today.json": ("racecards", "pro"),
    "racecards_standard_today.json": ("racecards", "standard"),
    "racecards_summaries.json": ("summaries", None),
    "results_2025-10-13.json": ("results", "basic"),  # October 2025 results had no bsp yet
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_sample_reads_whole(samples_dir: Path, name: str) -> None:
    body = load_sample(samples_dir, name)["body"]
    parsed = read_body(body)
    assert (parsed.kind, parsed.tier) == EXPECTED[name]
    assert parsed.quarantined == []
    assert parsed.items
    if isinstance(body, dict) and "total" in body:
        assert parsed.page is not None and parsed.page.total == body["total"]


def test_single_races_and_explicit_tiers() -> None:
    card = read_body(card_race())
    assert (card.kind, card.tier) == ("racecards", "pro")
    assert isinstance(card.items[0], ProRacecard) and card.page is None
    result = read_body(result_race(), kind="results", tier="standard")
    assert isinstance(result.items[0], StandardResult)
    assert result.items[0].runners[0].bsp is not None


def test_a_bad_runner_in_a_page_is_quarantined_alone() -> None:
    page = {
        "racecards": [card_race(runners=[card_runner(), card_runner(horse_id="h2", ofr="high")])],
        "total": 1,
        "limit": 500,
        "skip": 0,
        "query": [],
    }
    parsed = read_body(page)
    assert len(parsed.items[0].runners) == 1
    assert [q.record_key for q in parsed.quarantined] == ["rac_1/h2"]


def test_odds_and_horse_tiers() -> None:
    odds = {"race_id": "rac_1", "horse_id": "hrs_1", "horse": "X", "odds": []}
    assert detect_kind(odds) == "odds" and read_body(odds).items[0].horse_id == "hrs_1"
    horse = read_body({"id": "hrs_1", "name": "X (GB)", "dob": "2020-01-01"})
    assert horse.tier == "pro" and isinstance(horse.items[0], HorsePro)
    assert read_body({"id": "hrs_1", "name": "X (GB)"}).tier == "standard"


@pytest.mark.parametrize("body", [{"detail": "Not Found"}, [1, 2], "text", {"id": "jky_1"}])
def test_unknown_shapes_are_refused(body: object) -> None:
    with pytest.raises(UnknownPayload, match="unrecognised"):
        detect_kind(body)
