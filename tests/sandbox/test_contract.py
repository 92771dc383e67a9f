"""Contract: sandbox responses validate against the vendor's official OpenAPI 3.1 document.

Every implemented endpoint is called over real HTTP by every plan allowed to call it, and the
body is validated by openapi-core against the operation's documented 200 response schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from tests.plugins.sandbox import RunningSandbox, SandboxFactory, sample_ids

SERVER = "https://api.theracingapi.com"
PLANS = ("free", "basic", "standard", "pro")
TODAY = "2025-10-14"
YESTERDAY = "2025-10-13"

# (spec path, concrete path or template, query, lowest plan)
CASES: list[tuple[str, str, dict[str, Any], str]] = [
    ("/v1/courses/regions", "/v1/courses/regions", {}, "free"),
    ("/v1/courses", "/v1/courses", {"region_codes": ["gb", "ire"]}, "free"),
    ("/v1/racecards/free", "/v1/racecards/free", {"limit": 4}, "free"),
    ("/v1/racecards/free", "/v1/racecards/free", {"day": "tomorrow", "limit": 4}, "free"),
    ("/v1/results/today/free", "/v1/results/today/free", {"limit": 4}, "free"),
    ("/v1/racecards/basic", "/v1/racecards/basic", {"limit": 4}, "basic"),
    ("/v1/racecards/summaries", "/v1/racecards/summaries", {"date": TODAY}, "basic"),
    ("/v1/results/today", "/v1/results/today", {"region": ["gb"], "limit": 4}, "basic"),
    ("/v1/racecards/standard", "/v1/racecards/standard", {"limit": 4}, "standard"),
    ("/v1/racecards/big-races", "/v1/racecards/big-races", {"limit": 4}, "standard"),
    ("/v1/racecards/{race_id}/standard", "/v1/racecards/{race_id}/standard", {}, "standard"),
    (
        "/v1/results",
        "/v1/results",
        {"start_date": YESTERDAY, "end_date": YESTERDAY, "limit": 6},
        "standard",
    ),
    ("/v1/results/{race_id}", "/v1/results/{old_race_id}", {}, "standard"),
    ("/v1/horses/search", "/v1/horses/search", {"name": "{horse_name}"}, "standard"),
    ("/v1/horses/{horse_id}/standard", "/v1/horses/{horse_id}/standard", {}, "standard"),
    ("/v1/racecards/pro", "/v1/racecards/pro", {"date": YESTERDAY, "limit": 4}, "pro"),
    ("/v1/racecards/pro", "/v1/racecards/pro", {"date": "2024-03-01", "limit": 3}, "pro"),
    ("/v1/racecards/{race_id}/pro", "/v1/racecards/{race_id}/pro", {}, "pro"),
    ("/v1/horses/{horse_id}/pro", "/v1/horses/{horse_id}/pro", {}, "pro"),
    ("/v1/odds/{race_id}/{horse_id}", "/v1/odds/{race_id}/{horse_id}", {}, "pro"),
]
ENTITY_ID = {
    "horses": "horse_id",
    "jockeys": "jockey_id",
    "trainers": "trainer_id",
    "owners": "owner_id",
    "sires": "sire_id",
    "dams": "dam_id",
    "damsires": "damsire_id",
}
for _kind, _id in ENTITY_ID.items():
    CASES.append(
        (
            f"/v1/{_kind}/{{{_id}}}/results",
            f"/v1/{_kind}/{{{_id}}}/results",
            {"limit": 3, "start_date": "2025-10-01", "end_date": TODAY},
            "pro",
        )
    )
    if _kind != "horses":
        CASES.append((f"/v1/{_kind}/search", f"/v1/{_kind}/search", {"name": "a"}, "standard"))


@pytest.fixture(scope="module")
def openapi(openapi_path: Path) -> OpenAPI:
    spec = yaml.load(openapi_path.read_text(), Loader=yaml.CSafeLoader)
    # The vendor's file carries a non-standard top-level key, so the document itself is not
    # checked; every response is still validated against its schemas.
    return OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))


@pytest.fixture
def running(sandbox_factory: SandboxFactory) -> RunningSandbox:
    return sandbox_factory(limits=False)


def _validate(openapi: OpenAPI, spec_path: str, path: str, response: httpx.Response) -> None:
    request = MockRequest(SERVER, "get", path, path_pattern=spec_path)
    result = MockResponse(
        response.content, status_code=response.status_code, content_type="application/json"
    )
    try:
        openapi.validate_response(request, result)
    except Exception as exc:  # report the schema errors, not just "invalid"
        errors = getattr(exc.__cause__, "schema_errors", None) or [exc]
        messages = sorted(
            {f"{list(e.path) if hasattr(e, 'path') else ''}: {e}"[:300] for e in errors}
        )
        pytest.fail(f"{path} does not match the spec:\n" + "\n".join(messages[:20]))


def test_every_endpoint_and_plan_matches_the_official_schemas(
    openapi: OpenAPI, running: RunningSandbox
) -> None:
    ids = sample_ids(running, TODAY)
    ids["old_race_id"] = sample_ids(running, YESTERDAY)["race_id"]
    with running.client("pro") as client:
        horse = client.get(f"/v1/horses/{ids['horse_id']}/standard").json()
    ids["horse_name"] = horse["name"].split(" (")[0]
    checked = 0
    for spec_path, template, query, lowest in CASES:
        path = template.format(**ids)
        params = {k: (v.format(**ids) if isinstance(v, str) else v) for k, v in query.items()}
        for plan in PLANS[PLANS.index(lowest) :]:
            response = running.get(path, plan=plan, params=params)
            assert response.status_code == 200, (plan, path, response.text[:200])
            _validate(openapi, spec_path, path, response)
            checked += 1
    assert checked > 60


def test_searches_find_what_they_are_asked_for(running: RunningSandbox) -> None:
    ids = sample_ids(running, TODAY)
    horse = running.get(f"/v1/horses/{ids['horse_id']}/standard").json()
    name = horse["name"].split(" (")[0]
    found = running.get("/v1/horses/search", params={"name": name}).json()["search_results"]
    assert found
    assert all(name.lower() in h["name"].lower() for h in found)


def test_validation_errors_match_the_documented_model(
    openapi: OpenAPI, running: RunningSandbox
) -> None:
    response = running.get("/v1/results", params={"limit": "0", "skip": "x"})
    assert response.status_code == 422
    request = MockRequest(SERVER, "get", "/v1/results", path_pattern="/v1/results")
    openapi.validate_response(request, MockResponse(response.content, status_code=422))


def test_the_validator_catches_a_broken_body(openapi: OpenAPI, running: RunningSandbox) -> None:
    body = running.get("/v1/courses").json()
    body["courses"][0]["id"] = 52
    request = MockRequest(SERVER, "get", "/v1/courses", path_pattern="/v1/courses")
    with pytest.raises(Exception, match="not valid"):
        openapi.validate_response(request, MockResponse(json.dumps(body).encode()))
