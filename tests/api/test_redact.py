"""Credentials never survive into what we log or store."""

from __future__ import annotations

from darkhorses.api.redact import safe_params, safe_url


def test_secret_params_are_masked() -> None:
    shown = safe_params([("region", "gb"), ("password", "hunter2"), ("api_key", "k")])
    assert shown == [["region", "gb"], ["password", "***"], ["api_key", "***"]]


def test_urls_lose_user_info_and_secret_values() -> None:
    url = safe_url("https://user:hunter2@api.example.com/v1/results?token=abc&region=gb")
    assert "hunter2" not in url and "abc" not in url
    assert url.startswith("https://api.example.com/v1/results?")
    assert "region=gb" in url
