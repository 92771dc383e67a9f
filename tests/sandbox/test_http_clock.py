"""The sandbox clock over HTTP: fixed, set, advanced, sped up; it decides today."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx

from tests.plugins.sandbox import RunningSandbox, SandboxFactory


def _card_dates(running: RunningSandbox) -> set[str]:
    body = running.get("/v1/racecards/free").json()
    return {card["date"] for card in body["racecards"]}


def test_the_clock_decides_today(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=False, now="2025-10-14T23:30:00+01:00")
    assert _card_dates(running) == {"2025-10-14"}
    state = running.advance(3600)
    assert state["today"] == "2025-10-15"
    assert _card_dates(running) == {"2025-10-15"}


def test_set_and_read_the_clock(sandbox: RunningSandbox) -> None:
    state = sandbox.set_clock("2025-03-30T00:30:00+00:00")
    assert state["mode"] == "fixed"
    assert state["now_uk"] == "2025-03-30T00:30:00+00:00"
    # An hour later the clocks have gone forward: UK time is BST.
    later = sandbox.advance(3600)
    assert later["now_uk"] == "2025-03-30T02:30:00+01:00"
    read = httpx.get(sandbox.base_url + "/_sandbox/clock").json()
    assert read == later


def test_a_naive_instant_is_uk_time(sandbox: RunningSandbox) -> None:
    state = sandbox.set_clock("2025-07-01T12:00:00")
    assert state["now"] == "2025-07-01T11:00:00+00:00"


def test_speed_runs_the_clock_faster(sandbox: RunningSandbox) -> None:
    start = datetime.fromisoformat(
        sandbox.set_clock("2025-10-14T12:00:00+01:00", speed=3600)["now"]
    )
    # At 3600x even the round trip of one request moves the clock on.
    later = datetime.fromisoformat(httpx.get(sandbox.base_url + "/_sandbox/clock").json()["now"])
    assert later > start
    assert httpx.get(sandbox.base_url + "/_sandbox/clock").json()["mode"] == "speed"


def test_real_time_by_default(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=False, now=None)
    state = httpx.get(running.base_url + "/_sandbox/clock").json()
    assert state["mode"] == "real"
    assert abs(datetime.fromisoformat(state["now"]) - datetime.now().astimezone()) < timedelta(
        minutes=5
    )


def test_bad_clock_settings_are_refused(sandbox: RunningSandbox) -> None:
    url = sandbox.base_url + "/_sandbox/clock"
    for body in ({"now": "yesterday"}, {"now": "2025-10-14T12:00:00+01:00", "speed": -1}):
        response = httpx.post(url, json=body)
        assert response.status_code == 422
        assert response.json()["detail"].startswith("bad clock setting")
    assert httpx.get(url).json()["now_uk"].startswith("2025-10-14T15:00")
