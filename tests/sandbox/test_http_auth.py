"""Accounts and plan gating over real HTTP."""

from __future__ import annotations

import httpx
import pytest

from darkhorses.sandbox.accounts import Account
from tests.plugins.sandbox import RunningSandbox, SandboxFactory

PLANS = ("free", "basic", "standard", "pro")

# Endpoint -> the lowest plan that may call it (v1.4.3).
MIN_PLAN = {
    "/v1/courses": "free",
    "/v1/courses/regions": "free",
    "/v1/racecards/free?limit=2": "free",
    "/v1/results/today/free?limit=2": "free",
    "/v1/racecards/basic?limit=2": "basic",
    "/v1/racecards/summaries": "basic",
    "/v1/results/today?limit=2": "basic",
    "/v1/racecards/standard?limit=2": "standard",
    "/v1/racecards/big-races?limit=2": "standard",
    "/v1/results?start_date=2025-10-13&end_date=2025-10-13&limit=2": "standard",
    "/v1/horses/search?name=ab": "standard",
    "/v1/jockeys/search?name=ab": "standard",
    "/v1/damsires/search?name=ab": "standard",
    "/v1/racecards/pro?limit=2": "pro",
    "/v1/jockeys/jky_0/results": "pro",
    "/v1/sires/sir_0/results": "pro",
    "/v1/horses/hrs_0/results": "pro",
}


@pytest.fixture
def open_sandbox(sandbox_factory: SandboxFactory) -> RunningSandbox:
    return sandbox_factory(limits=False)


def test_each_plan_reaches_its_endpoints_and_those_below(open_sandbox: RunningSandbox) -> None:
    seen = {}
    for plan in PLANS:
        with open_sandbox.client(plan) as client:
            for path in MIN_PLAN:
                response = client.get(path)
                seen[(plan, path)] = (response.status_code, response.json())
    for (plan, path), (status, body) in seen.items():
        needed = MIN_PLAN[path]
        if PLANS.index(plan) >= PLANS.index(needed):
            assert status == 200, (plan, path, body)
        else:
            assert status == 401, (plan, path)
            assert body == {"detail": f"{needed.title()} Plan required"}


@pytest.mark.parametrize(
    "path", ["/v1/racecards/rac_0/pro", "/v1/odds/rac_0/hrs_0", "/v1/horses/hrs_0/pro"]
)
def test_pro_only_endpoints_refuse_standard_before_looking_up_ids(
    open_sandbox: RunningSandbox, path: str
) -> None:
    response = open_sandbox.get(path, plan="standard")
    assert response.status_code == 401
    assert response.json() == {"detail": "Pro Plan required"}


def test_missing_credentials_are_401_with_basic_challenge(open_sandbox: RunningSandbox) -> None:
    response = open_sandbox.get("/v1/courses", plan=None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Basic"
    assert response.json() == {"detail": "Not authenticated"}


@pytest.mark.parametrize("auth", [("pro", "wrong"), ("nobody", "pro"), ("", "")])
def test_wrong_credentials_are_401(open_sandbox: RunningSandbox, auth: tuple[str, str]) -> None:
    response = httpx.get(open_sandbox.base_url + "/v1/courses", auth=auth)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Basic"
    assert "wrong" not in response.text


def test_malformed_authorization_header_is_401(open_sandbox: RunningSandbox) -> None:
    for header in ("Basic !!!notbase64", "Bearer abc", "Basic"):
        response = httpx.get(
            open_sandbox.base_url + "/v1/courses", headers={"Authorization": header}
        )
        assert response.status_code == 401, header


def test_configured_accounts_replace_the_defaults(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=False, accounts=(Account("alice", "s3cret", "standard"),))
    ok = httpx.get(running.base_url + "/v1/results/today", auth=("alice", "s3cret"))
    assert ok.status_code == 200
    assert running.get("/v1/results/today", plan="pro").status_code == 401
    pro = httpx.get(running.base_url + "/v1/racecards/pro", auth=("alice", "s3cret"))
    assert pro.json() == {"detail": "Pro Plan required"}
