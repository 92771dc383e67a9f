"""The sandbox's responses, fetched over HTTP, read by the payload models and transformed with
nothing quarantined, nothing unparsed and every foreign race counted."""

from __future__ import annotations

from typing import Any

import pytest

from darkhorses.api.models import read_body
from darkhorses.transform import course_rows, horse_profile_rows, racecard_rows, result_rows
from tests.plugins.sandbox import RunningSandbox, SandboxFactory

DAY = "2025-10-14"  # the sandbox clock's day (see DEFAULT_NOW)


@pytest.fixture
def running(sandbox_factory: SandboxFactory) -> RunningSandbox:
    return sandbox_factory(limits=False)


def fetch(running: RunningSandbox, path: str, plan: str = "pro", **params: Any) -> Any:
    response = running.get(path, plan=plan, params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("plan", "path", "params"),
    [
        ("free", "/v1/racecards/free", {"day": "today"}),
        ("basic", "/v1/racecards/basic", {"day": "today"}),
        ("standard", "/v1/racecards/standard", {"day": "today"}),
        ("pro", "/v1/racecards/pro", {"date": DAY}),
    ],
)
def test_racecards_of_every_tier(
    running: RunningSandbox, plan: str, path: str, params: dict[str, str]
) -> None:
    body = fetch(running, path, plan, **params)
    parsed = read_body(body, kind="racecards", tier=plan, source=path)
    assert parsed.quarantined == []
    assert len(parsed.items) == len(body["racecards"]) > 0
    rows = racecard_rows(parsed.items)
    assert rows.quarantined == [] and rows.counters["unparsed_values"] == 0
    foreign = [r for r in body["racecards"] if r["region"] not in {"GB", "IRE"}]
    assert rows.filtered_foreign == len(foreign)
    home = [r for r in body["racecards"] if r["region"] in {"GB", "IRE"}]
    if all(r.get("race_id") for r in home):
        assert len(rows["ra_mst_races"]) == len(home)
        assert len(rows["ra_mst_runners"]) == sum(len(r["runners"]) for r in home)
        assert all(r["off_dt"].utcoffset().total_seconds() == 0 for r in rows["ra_mst_races"])


def test_a_day_of_results(running: RunningSandbox) -> None:
    body = fetch(running, "/v1/results", start_date="2025-10-13", end_date="2025-10-13", limit=100)
    parsed = read_body(body, kind="results", tier="standard", source="/v1/results")
    assert parsed.quarantined == []
    rows = result_rows(parsed.items)
    assert rows.quarantined == [] and rows.counters["unparsed_values"] == 0
    home = [r for r in body["results"] if r["region"] in {"GB", "IRE"}]
    assert len(rows["ra_mst_races"]) == len(home) > 0
    assert len(rows["ra_mst_race_results"]) == sum(len(r["runners"]) for r in home)
    statuses = {r["position_status"] for r in rows["ra_mst_runners"]}
    assert "finished" in statuses
    winners = [r for r in rows["ra_mst_runners"] if r["position"] == 1]
    assert len(winners) >= len(home)
    assert all(w["sp_dec"] is not None for w in winners)


def test_courses_and_a_horse_profile(running: RunningSandbox) -> None:
    courses = read_body(fetch(running, "/v1/courses"), kind="courses")
    assert courses.quarantined == []
    rows = course_rows(courses.items)
    assert {c["region_code"] for c in rows["ra_mst_courses"]} == {"GB", "IRE"}
    assert rows.filtered_foreign > 0
    regions = read_body(fetch(running, "/v1/courses/regions"), kind="regions")
    assert regions.quarantined == [] and regions.items
    card = fetch(running, "/v1/racecards/pro", date=DAY, region_codes="gb")
    horse_id = card["racecards"][0]["runners"][0]["horse_id"]
    profile = read_body(fetch(running, f"/v1/horses/{horse_id}/pro"), kind="horse", tier="pro")
    assert profile.quarantined == []
    horse = horse_profile_rows(profile.items)["ra_mst_horses"][0]
    assert horse["id"] == horse_id and horse["profile_status"] == "pro"
