"""Parameters, bounds, 422 bodies, the ``query`` echo and paging, over real HTTP."""

from __future__ import annotations

import pytest

from tests.plugins.sandbox import RunningSandbox, SandboxFactory, sample_ids

DAY = "2025-10-13"


@pytest.fixture
def open_sandbox(sandbox_factory: SandboxFactory) -> RunningSandbox:
    return sandbox_factory(limits=False)


def test_missing_required_name_is_a_fastapi_422(open_sandbox: RunningSandbox) -> None:
    for kind in ("horses", "jockeys", "trainers", "owners", "sires", "dams", "damsires"):
        response = open_sandbox.get(f"/v1/{kind}/search", params={"limit": "10"})
        assert response.status_code == 422
        assert response.json() == {
            "detail": [
                {
                    "type": "missing",
                    "loc": ["query", "name"],
                    "msg": "Field required",
                    "input": None,
                }
            ]
        }


@pytest.mark.parametrize(
    ("path", "params", "error"),
    [
        (
            "/v1/racecards/pro",
            {"limit": "501"},
            {
                "type": "less_than_equal",
                "loc": ["query", "limit"],
                "msg": "Input should be less than or equal to 500",
                "input": "501",
                "ctx": {"le": 500},
            },
        ),
        (
            "/v1/racecards/free",
            {"limit": "0"},
            {
                "type": "greater_than_equal",
                "loc": ["query", "limit"],
                "msg": "Input should be greater than or equal to 1",
                "input": "0",
                "ctx": {"ge": 1},
            },
        ),
        (
            "/v1/racecards/basic",
            {"skip": "501"},
            {
                "type": "less_than_equal",
                "loc": ["query", "skip"],
                "msg": "Input should be less than or equal to 500",
                "input": "501",
                "ctx": {"le": 500},
            },
        ),
        (
            "/v1/results",
            {"limit": "101"},
            {
                "type": "less_than_equal",
                "loc": ["query", "limit"],
                "msg": "Input should be less than or equal to 100",
                "input": "101",
                "ctx": {"le": 100},
            },
        ),
        (
            "/v1/results",
            {"skip": "20001"},
            {
                "type": "less_than_equal",
                "loc": ["query", "skip"],
                "msg": "Input should be less than or equal to 20000",
                "input": "20001",
                "ctx": {"le": 20000},
            },
        ),
        (
            "/v1/results",
            {"limit": "ten"},
            {
                "type": "int_parsing",
                "loc": ["query", "limit"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "ten",
            },
        ),
    ],
)
def test_bounds_give_pydantic_v2_422_bodies(
    open_sandbox: RunningSandbox, path: str, params: dict[str, str], error: dict[str, object]
) -> None:
    response = open_sandbox.get(path, params=params)
    assert response.status_code == 422
    assert response.json() == {"detail": [error]}


def test_all_bad_parameters_are_reported_together(open_sandbox: RunningSandbox) -> None:
    response = open_sandbox.get("/v1/results", params={"limit": "0", "skip": "x"})
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [
        ["query", "limit"],
        ["query", "skip"],
    ]


def test_limit_and_skip_edges_are_accepted(open_sandbox: RunningSandbox) -> None:
    assert open_sandbox.get("/v1/results", params={"limit": "100"}).status_code == 200
    assert open_sandbox.get("/v1/results", params={"skip": "20000"}).status_code == 200
    assert open_sandbox.get("/v1/racecards/free", params={"skip": "500"}).status_code == 200
    big = open_sandbox.get("/v1/results/today", params={"skip": "100000"})
    assert big.status_code == 200
    assert big.json()["results"] == []


@pytest.mark.parametrize("joined", ["gb+ire", "gb,ire", "gb ire", "GB", "xx"])
def test_joined_or_unknown_region_codes_are_rejected(
    open_sandbox: RunningSandbox, joined: str
) -> None:
    response = open_sandbox.get("/v1/racecards/pro", params={"date": DAY, "region_codes": joined})
    assert response.status_code == 422
    assert response.json() == {"detail": f"Validation error - unrecognised region code, {joined}"}
    results = open_sandbox.get("/v1/results", params={"region": joined})
    assert results.status_code == 422
    assert results.json() == {"detail": f"Validation error - unrecognised region code, {joined}"}


def test_repeated_keys_select_several_regions(open_sandbox: RunningSandbox) -> None:
    def regions(params: list[tuple[str, str]]) -> set[str]:
        body = open_sandbox.get("/v1/racecards/pro", params=params).json()
        return {card["region"] for card in body["racecards"]}

    both = regions([("date", DAY), ("region_codes", "gb"), ("region_codes", "ire")])
    assert both == {"GB", "IRE"}
    assert regions([("date", DAY), ("region_codes", "gb")]) == {"GB"}
    everything = regions([("date", DAY)])
    assert everything > {"GB", "IRE"}, "foreign racing is listed when no region is asked for"


def test_results_filter_by_region_and_course(open_sandbox: RunningSandbox) -> None:
    params = [("start_date", DAY), ("end_date", DAY), ("limit", "100")]
    ire = open_sandbox.get("/v1/results", params=[*params, ("region", "ire")]).json()
    assert ire["results"]
    assert {r["region"] for r in ire["results"]} == {"IRE"}
    course_id = ire["results"][0]["course_id"]
    # A course wins over a region, as documented.
    by_course = open_sandbox.get(
        "/v1/results", params=[*params, ("region", "gb"), ("course", course_id)]
    ).json()
    assert by_course["results"]
    assert {r["course_id"] for r in by_course["results"]} == {course_id}


def test_racecards_filter_by_course_ids(open_sandbox: RunningSandbox) -> None:
    course_id = sample_ids(open_sandbox, DAY)["course_id"]
    body = open_sandbox.get(
        "/v1/racecards/pro", params={"date": DAY, "course_ids": course_id}
    ).json()
    assert body["racecards"]
    assert {c["course_id"] for c in body["racecards"]} == {course_id}
    assert body["total"] == len(body["racecards"])


def test_query_echo_keeps_request_order_strings_and_appends_path_params(
    open_sandbox: RunningSandbox,
) -> None:
    ids = sample_ids(open_sandbox, DAY)
    # Spelled out in the URL: the order of the keys is the point here.
    response = open_sandbox.get(
        f"/v1/jockeys/{ids['jockey_id']}/results"
        "?limit=10&region=gb&start_date=2025-01-01&region=ire"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == [
        ["limit", "10"],
        ["region", "gb"],
        ["start_date", "2025-01-01"],
        ["region", "ire"],
        ["jockey_id", ids["jockey_id"]],
    ]
    assert body["limit"] == 10
    assert body["skip"] == 0


def test_query_echo_is_empty_without_parameters(open_sandbox: RunningSandbox) -> None:
    body = open_sandbox.get("/v1/racecards/big-races").json()
    assert body["query"] == []
    assert (body["limit"], body["skip"]) == (500, 0)
    results = open_sandbox.get("/v1/results").json()
    assert results["query"] == []
    assert (results["limit"], results["skip"]) == (50, 0)


def test_unknown_parameters_are_ignored(open_sandbox: RunningSandbox) -> None:
    body = open_sandbox.get("/v1/racecards/pro", params={"date": DAY, "colour": "b"}).json()
    assert body["query"] == [["date", DAY]]


def test_total_counts_races_and_pages_cover_them_once(open_sandbox: RunningSandbox) -> None:
    everything = open_sandbox.get(
        "/v1/results", params={"start_date": DAY, "end_date": DAY, "limit": "100"}
    ).json()
    total = everything["total"]
    assert total == len(everything["results"]) > 10
    seen: list[str] = []
    for skip in range(0, total, 7):
        page = open_sandbox.get(
            "/v1/results",
            params={"start_date": DAY, "end_date": DAY, "limit": "7", "skip": str(skip)},
        ).json()
        assert page["total"] == total
        seen += [r["race_id"] for r in page["results"]]
    assert seen == [r["race_id"] for r in everything["results"]]


def test_results_are_newest_first(open_sandbox: RunningSandbox) -> None:
    body = open_sandbox.get(
        "/v1/results", params={"start_date": "2025-10-11", "end_date": DAY, "limit": "100"}
    ).json()
    offs = [r["off_dt"] for r in body["results"]]
    assert offs
    keys = [(r["date"], r["off_dt"]) for r in body["results"]]
    assert keys == sorted(keys, reverse=True)
    assert body["results"][0]["date"] == DAY


def test_racecards_total_counts_races_not_runners(open_sandbox: RunningSandbox) -> None:
    body = open_sandbox.get("/v1/racecards/pro", params={"date": DAY, "limit": "2"}).json()
    assert len(body["racecards"]) == 2
    full = open_sandbox.get("/v1/racecards/pro", params={"date": DAY}).json()
    assert body["total"] == full["total"] == len(full["racecards"])
