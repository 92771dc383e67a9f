"""Error parsing: each status becomes the right typed error, transient or terminal."""

from __future__ import annotations

import json

import pytest

from darkhorses.api.errors import (
    ApiError,
    AuthFailed,
    InvalidRequest,
    NotFound,
    PlanRequired,
    RateLimited,
    ServerError,
    error_for_status,
)


def _body(obj: object) -> bytes:
    return json.dumps(obj).encode()


@pytest.mark.parametrize("plan", ["Pro", "Standard", "Basic"])
def test_plan_required_names_the_plan(plan: str) -> None:
    err = error_for_status(401, _body({"detail": f"{plan} Plan required"}), endpoint="/v1/odds/x/y")
    assert isinstance(err, PlanRequired)
    assert err.plan == plan
    assert not err.transient
    assert f"{plan} Plan required" in str(err)


def test_bad_credentials_are_auth_failed_with_a_hint() -> None:
    err = error_for_status(401, _body({"detail": "Not authenticated"}), endpoint="/v1/courses")
    assert type(err) is AuthFailed
    assert "RACING_API_USERNAME" in str(err)
    assert not err.transient


def test_validation_error_keeps_the_api_detail() -> None:
    detail = [{"type": "missing", "loc": ["query", "name"], "msg": "Field required"}]
    err = error_for_status(422, _body({"detail": detail}), endpoint="/v1/horses/search")
    assert isinstance(err, InvalidRequest)
    assert err.detail == detail
    assert "Field required" in str(err)


def test_not_found() -> None:
    err = error_for_status(404, _body({"detail": "Not Found"}), endpoint="/v1/horses")
    assert isinstance(err, NotFound) and not err.transient


def test_rate_limited_reads_retry_after_and_slowapi_body() -> None:
    body = _body({"error": "Rate limit exceeded: 1 per 1 second"})
    err = error_for_status(429, body, endpoint="/v1/courses", retry_after="2")
    assert isinstance(err, RateLimited) and err.transient
    assert err.retry_after == 2.0
    assert "1 per 1 second" in str(err)
    assert error_for_status(429, body, endpoint="/v1/courses").retry_after is None


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_transient(status: int) -> None:
    err = error_for_status(status, b"<html>oops</html>", endpoint="/v1/results")
    assert isinstance(err, ServerError) and isinstance(err, ApiError) and err.transient
