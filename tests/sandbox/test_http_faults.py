"""Fault injection over real HTTP: every kind observable, and reproducible by seed."""

from __future__ import annotations

import json

import httpx
import pytest

from darkhorses.sandbox.faults import EXTRA_FIELD, FaultSpec, FaultSpecError
from tests.plugins.sandbox import RunningSandbox, SandboxFactory

PATH = "/v1/racecards/pro?date=2025-10-13&region_codes=gb&limit=3"


def _outcome(client: httpx.Client, path: str = PATH) -> str:
    """What a client sees: status and body, or the transport error."""
    try:
        response = client.get(path)
    except httpx.TransportError as exc:
        return type(exc).__name__
    return f"{response.status_code}:{response.text}"


def _run(running: RunningSandbox, n: int) -> list[str]:
    with running.client("pro") as client:
        return [_outcome(client) for _ in range(n)]


MIXED = "429=0.1,429-retry-after=0.1,500=0.1,503=0.1,reset=0.1,truncate=0.1,drift-extra=0.1"


def test_same_seed_same_request_sequence_same_faults(sandbox_factory: SandboxFactory) -> None:
    first = _run(sandbox_factory(limits=False, faults=f"{MIXED},seed=11"), 40)
    second = _run(sandbox_factory(limits=False, faults=f"{MIXED},seed=11"), 40)
    other = _run(sandbox_factory(limits=False, faults=f"{MIXED},seed=12"), 40)
    assert first == second
    assert first != other
    kinds = {o.split(":", 1)[0] for o in first}
    assert {"200", "429", "500", "503"} <= kinds
    assert len(kinds - {"200", "429", "500", "503"}) >= 1, "resets show as transport errors"


def test_reset_restarts_the_fault_sequence(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=False, faults=f"{MIXED},seed=5")
    before = _run(running, 15)
    running.reset()
    assert _run(running, 15) == before


@pytest.mark.parametrize(("name", "status"), [("500", 500), ("502", 502), ("503", 503)])
def test_server_errors(sandbox_factory: SandboxFactory, name: str, status: int) -> None:
    running = sandbox_factory(limits=False, faults=f"{name}=1")
    response = running.get(PATH)
    assert response.status_code == status
    assert running.stats()["by_status"] == {str(status): 1}


def test_429_with_and_without_retry_after(sandbox_factory: SandboxFactory) -> None:
    plain = sandbox_factory(limits=False, faults="429=1").get(PATH)
    assert plain.status_code == 429
    assert plain.json() == {"error": "Rate limit exceeded: 2 per 1 second"}
    assert "retry-after" not in plain.headers
    told = sandbox_factory(limits=False, faults="429-retry-after=1,retry-after-s=3").get(PATH)
    assert told.status_code == 429
    assert told.headers["retry-after"] == "3"


def test_reset_drops_the_connection(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=False, faults="reset=1")
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        running.get(PATH)
    assert running.stats()["by_status"] == {"0": 1}


def test_slow_answers_outlast_a_client_timeout(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=False, faults="slow=1,slow-s=5")
    with pytest.raises(httpx.ReadTimeout):
        running.get(PATH, timeout=0.3)


def test_truncated_json(sandbox_factory: SandboxFactory) -> None:
    clean = sandbox_factory(limits=False).get(PATH)
    cut = sandbox_factory(limits=False, faults="truncate=1").get(PATH)
    assert cut.status_code == 200
    assert 0 < len(cut.content) < len(clean.content)
    assert clean.content.startswith(cut.content)
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.content)


def _first_card(response: httpx.Response) -> dict[str, object]:
    assert response.status_code == 200
    return response.json()["racecards"][0]


def test_schema_drift(sandbox_factory: SandboxFactory) -> None:
    clean = _first_card(sandbox_factory(limits=False).get(PATH))
    missing = _first_card(sandbox_factory(limits=False, faults="drift-missing=1").get(PATH))
    assert len(set(clean) - set(missing)) == 1
    assert set(missing) <= set(clean)
    extra = _first_card(sandbox_factory(limits=False, faults="drift-extra=1").get(PATH))
    assert set(extra) - set(clean) == {EXTRA_FIELD}
    number = _first_card(sandbox_factory(limits=False, faults="drift-number=1").get(PATH))
    changed = {k for k in clean if clean[k] != number[k]}
    assert len(changed) == 1
    key = changed.pop()
    assert isinstance(clean[key], str)
    assert isinstance(number[key], int | float)
    assert float(clean[key]) == number[key]


def test_faults_apply_only_to_the_api_and_chosen_paths(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=False, faults="500=1,path=/v1/results")
    assert running.get(PATH).status_code == 200
    assert running.get("/v1/results").status_code == 500
    assert httpx.get(running.base_url + "/_sandbox/stats").status_code == 200


def test_faults_can_be_switched_over_http(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=False)
    assert running.get(PATH).status_code == 200
    running.set_faults("503=1")
    assert running.get(PATH).status_code == 503
    running.set_faults("")
    assert running.get(PATH).status_code == 200
    bad = httpx.post(running.base_url + "/_sandbox/faults", json={"spec": "boom=1"})
    assert bad.status_code == 422
    assert "boom" in bad.json()["detail"]


@pytest.mark.parametrize(
    "spec", ["500", "500=2", "500=0.6,503=0.6", "seed=x", "nonsense=0.1", "500=-0.1"]
)
def test_bad_fault_specs_are_refused_clearly(spec: str) -> None:
    with pytest.raises(FaultSpecError):
        FaultSpec.parse(spec)


def test_an_unknown_fault_is_named() -> None:
    with pytest.raises(FaultSpecError, match="unknown fault 'boom'"):
        FaultSpec.parse("500=0.1,boom=0.1")
