"""Date windows over real HTTP: which days each endpoint and account may ask about."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.plugins.sandbox import DEFAULT_NOW, RunningSandbox, SandboxFactory, sample_ids

TODAY = datetime.fromisoformat(DEFAULT_NOW).date()


def iso(day: date) -> str:
    return day.isoformat()


@pytest.fixture
def open_sandbox(sandbox_factory: SandboxFactory) -> RunningSandbox:
    return sandbox_factory(limits=False)


def _detail(response: object) -> str:
    return response.json()["detail"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("tier", ["free", "basic", "standard"])
def test_day_cards_are_today_or_tomorrow(open_sandbox: RunningSandbox, tier: str) -> None:
    today = open_sandbox.get(f"/v1/racecards/{tier}").json()
    assert today["racecards"]
    assert {c["date"] for c in today["racecards"]} == {iso(TODAY)}
    assert today["query"] == []
    tomorrow = open_sandbox.get(f"/v1/racecards/{tier}", params={"day": "tomorrow"}).json()
    assert {c["date"] for c in tomorrow["racecards"]} == {iso(TODAY + timedelta(days=1))}
    assert tomorrow["query"] == [["day", "tomorrow"]]
    other = open_sandbox.get(f"/v1/racecards/{tier}", params={"day": "yesterday"})
    assert other.status_code == 422
    assert _detail(other).startswith("Validation error - ")


def test_pro_cards_run_from_2023_01_23_to_a_week_ahead(open_sandbox: RunningSandbox) -> None:
    def status(day: date | str) -> int:
        value = day if isinstance(day, str) else iso(day)
        return open_sandbox.get("/v1/racecards/pro", params={"date": value}).status_code

    assert status(date(2023, 1, 23)) == 200
    assert status(date(2023, 1, 22)) == 422
    assert status(TODAY + timedelta(days=7)) == 200
    assert status(TODAY + timedelta(days=8)) == 422
    assert status("14/10/2025") == 422
    assert status("2025-02-30") == 422
    default = open_sandbox.get("/v1/racecards/pro").json()
    assert {c["date"] for c in default["racecards"]} == {iso(TODAY)}


def test_the_calendar_ends_a_week_ahead(open_sandbox: RunningSandbox) -> None:
    last = open_sandbox.get("/v1/racecards/summaries", params={"date": iso(TODAY + timedelta(7))})
    assert last.json()["racecard_summaries"]
    beyond = open_sandbox.get("/v1/racecards/summaries", params={"date": iso(TODAY + timedelta(8))})
    assert beyond.json()["racecard_summaries"] == []


def test_results_range_is_at_most_365_days(open_sandbox: RunningSandbox) -> None:
    start = TODAY - timedelta(days=365)
    ok = open_sandbox.get("/v1/results", params={"start_date": iso(start), "end_date": iso(TODAY)})
    assert ok.status_code == 200
    too_long = open_sandbox.get(
        "/v1/results", params={"start_date": iso(start - timedelta(1)), "end_date": iso(TODAY)}
    )
    assert too_long.status_code == 422
    backwards = open_sandbox.get(
        "/v1/results", params={"start_date": iso(TODAY), "end_date": iso(TODAY - timedelta(1))}
    )
    assert backwards.status_code == 422


def test_results_reach_back_365_days_without_the_addon(open_sandbox: RunningSandbox) -> None:
    old = {"start_date": "2020-06-01", "end_date": "2020-06-01"}
    for plan in ("standard", "pro"):
        response = open_sandbox.get("/v1/results", plan=plan, params=old)
        assert response.status_code == 422, plan
        assert "before" in _detail(response)
    historic = open_sandbox.get("/v1/results", plan="historic", params=old)
    assert historic.status_code == 200
    assert historic.json()["results"], "the world has racing in 2020"
    assert {r["date"] for r in historic.json()["results"]} == {"2020-06-01"}
    edge = {"start_date": "1988-01-01", "end_date": "1988-01-02"}
    assert open_sandbox.get("/v1/results", plan="historic", params=edge).status_code == 200
    before = {"start_date": "1987-12-31", "end_date": "1988-01-01"}
    assert open_sandbox.get("/v1/results", plan="historic", params=before).status_code == 422


def test_entity_results_reach_back_to_1988_for_any_pro(open_sandbox: RunningSandbox) -> None:
    ids = sample_ids(open_sandbox)
    old = {"start_date": "2020-06-01", "end_date": "2020-06-14"}
    response = open_sandbox.get(f"/v1/sires/{ids['sire_id']}/results", params=old)
    assert response.status_code == 200
    assert all("2020-06-01" <= r["date"] <= "2020-06-14" for r in response.json()["results"])


def test_entity_results_list_the_races_it_ran_in(open_sandbox: RunningSandbox) -> None:
    day = "2025-10-13"
    race = open_sandbox.get("/v1/results", params={"start_date": day, "end_date": day}).json()
    result = race["results"][0]
    runner = result["runners"][0]
    window = {"start_date": day, "end_date": day}
    for kind, key in (("horses", "horse_id"), ("jockeys", "jockey_id"), ("sires", "sire_id")):
        found = open_sandbox.get(f"/v1/{kind}/{runner[key]}/results", params=window).json()
        assert result["race_id"] in {r["race_id"] for r in found["results"]}, kind
        assert all(
            runner[key] in {r[key] for r in other["runners"]} for other in found["results"]
        ), kind


def test_results_exist_only_once_out(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=False, now="2025-10-14T09:00:00+01:00")
    race_id = sample_ids(running)["race_id"]
    card = running.get(f"/v1/racecards/{race_id}/pro").json()
    off = datetime.fromisoformat(card["off_dt"])

    def today_ids() -> set[str]:
        body = running.get("/v1/results/today", params={"limit": "100"}).json()
        return {r["race_id"] for r in body["results"]}

    assert running.get(f"/v1/results/{race_id}").status_code == 404
    assert race_id not in today_ids()
    running.set_clock(off + timedelta(minutes=1))
    assert running.get(f"/v1/results/{race_id}").status_code == 404
    running.set_clock(off + timedelta(hours=1))
    result = running.get(f"/v1/results/{race_id}")
    assert result.status_code == 200
    assert result.json()["race_id"] == race_id
    assert race_id in today_ids()


def test_big_races_start_today_or_later(open_sandbox: RunningSandbox) -> None:
    past = open_sandbox.get("/v1/racecards/big-races", params={"start_date": "2025-10-13"})
    assert past.status_code == 422
    upcoming = open_sandbox.get("/v1/racecards/big-races").json()
    assert all(c["big_race"] is True for c in upcoming["racecards"])
    assert all(iso(TODAY) <= c["date"] <= iso(TODAY + timedelta(7)) for c in upcoming["racecards"])


def test_standard_single_card_is_for_today_and_tomorrow(open_sandbox: RunningSandbox) -> None:
    today_id = sample_ids(open_sandbox, iso(TODAY))["race_id"]
    assert open_sandbox.get(f"/v1/racecards/{today_id}/standard").status_code == 200
    old_id = sample_ids(open_sandbox, "2025-10-01")["race_id"]
    assert open_sandbox.get(f"/v1/racecards/{old_id}/pro").status_code == 200
    assert open_sandbox.get(f"/v1/racecards/{old_id}/standard").status_code == 404
