"""Routing over real HTTP: every endpoint answers, anything else is FastAPI's 404."""

from __future__ import annotations

import pytest

from tests.plugins.sandbox import RunningSandbox, SandboxFactory, sample_ids


@pytest.fixture
def open_sandbox(sandbox_factory: SandboxFactory) -> RunningSandbox:
    return sandbox_factory(limits=False)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/horses",
        "/v1/jockeys",
        "/v1/sires",
        "/v1/statistics",
        "/v1/horses/statistics",
        "/v1/racecards",
        "/v1/dams/dam_1/progeny/results",
        "/v1/jockeys/jky_1",
        "/v1/jockeys/jky_1/pro",
        "/nothing/here",
    ],
)
def test_unknown_paths_are_404_not_found(open_sandbox: RunningSandbox, path: str) -> None:
    response = open_sandbox.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_unknown_path_is_404_even_without_credentials(open_sandbox: RunningSandbox) -> None:
    response = open_sandbox.get("/v1/statistics", plan=None)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_only_get_is_allowed(open_sandbox: RunningSandbox) -> None:
    import httpx

    response = httpx.post(open_sandbox.base_url + "/v1/courses", auth=("pro", "pro"))
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}


def test_literal_routes_win_over_parameterised_ones(open_sandbox: RunningSandbox) -> None:
    today = open_sandbox.get("/v1/results/today")
    assert today.status_code == 200
    assert "results" in today.json()
    free = open_sandbox.get("/v1/results/today/free")
    assert free.status_code == 200
    assert free.json()["query"][-1][0] == "date"
    search = open_sandbox.get("/v1/horses/search", params={"name": "a"})
    assert search.status_code == 200
    assert "search_results" in search.json()


def test_every_endpoint_answers_for_pro(open_sandbox: RunningSandbox) -> None:
    ids = sample_ids(open_sandbox)
    yesterday = sample_ids(open_sandbox, "2025-10-13")
    paths = [
        "/v1/courses",
        "/v1/courses/regions",
        "/v1/racecards/free?limit=2",
        "/v1/racecards/basic?limit=2",
        "/v1/racecards/standard?limit=2",
        "/v1/racecards/pro?limit=2",
        "/v1/racecards/big-races?limit=2",
        "/v1/racecards/summaries",
        f"/v1/racecards/{ids['race_id']}/standard",
        f"/v1/racecards/{ids['race_id']}/pro",
        "/v1/results?start_date=2025-10-13&end_date=2025-10-13&limit=2",
        "/v1/results/today",
        "/v1/results/today/free",
        f"/v1/results/{yesterday['race_id']}",
        f"/v1/horses/{ids['horse_id']}/standard",
        f"/v1/horses/{ids['horse_id']}/pro",
        f"/v1/horses/{ids['horse_id']}/results?start_date=2025-10-01",
        f"/v1/jockeys/{ids['jockey_id']}/results?start_date=2025-10-01",
        f"/v1/trainers/{ids['trainer_id']}/results?start_date=2025-10-01",
        f"/v1/owners/{ids['owner_id']}/results?start_date=2025-10-01",
        f"/v1/sires/{ids['sire_id']}/results?start_date=2025-10-01",
        f"/v1/dams/{ids['dam_id']}/results?start_date=2025-10-01",
        f"/v1/damsires/{ids['damsire_id']}/results?start_date=2025-10-01",
        f"/v1/odds/{ids['race_id']}/{ids['horse_id']}",
    ]
    for kind in ("horses", "jockeys", "trainers", "owners", "sires", "dams", "damsires"):
        paths.append(f"/v1/{kind}/search?name=ab")
    with open_sandbox.client("pro") as client:
        statuses = {path: client.get(path).status_code for path in paths}
    assert statuses == dict.fromkeys(paths, 200)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/results/rac_0",
        "/v1/racecards/rac_0/pro",
        "/v1/racecards/rac_0/standard",
        "/v1/horses/hrs_0/pro",
        "/v1/horses/hrs_0/standard",
        "/v1/odds/rac_0/hrs_0",
    ],
)
def test_unknown_ids_are_404(open_sandbox: RunningSandbox, path: str) -> None:
    response = open_sandbox.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_a_result_not_yet_out_is_404(open_sandbox: RunningSandbox) -> None:
    tomorrow = sample_ids(open_sandbox, "2025-10-15")
    response = open_sandbox.get(f"/v1/results/{tomorrow['race_id']}")
    assert response.status_code == 404
