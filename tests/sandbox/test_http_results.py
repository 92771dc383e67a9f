"""``/v1/results`` paged, with and without the filters only a result can answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from darkhorses.sandbox.app import SandboxOptions, create_app
from darkhorses.sandbox.clock import parse_instant
from darkhorses.sandbox.server import serve
from tests.plugins.sandbox import DEFAULT_NOW, RunningSandbox

RANGE = {"start_date": "2025-10-04", "end_date": "2025-10-13"}


@pytest.fixture(scope="module")
def everything(
    sandbox_worlds: Callable[[int], Any],
) -> Iterator[tuple[RunningSandbox, list[dict]]]:
    """An open sandbox (rate limits off), and every result of the range fetched page by page."""
    options = SandboxOptions(limits=None, now=parse_instant(DEFAULT_NOW))
    app = create_app(sandbox_worlds(1), options)
    with serve(app) as base_url:
        running = RunningSandbox(base_url, app, 1)
        try:
            yield running, _pages(running, {**RANGE}, limit=100)
        finally:
            running.close()


def _pages(running: RunningSandbox, params: dict[str, Any], limit: int) -> list[dict]:
    found: list[dict] = []
    skip, total = 0, 1
    while skip < total:
        page = running.get("/v1/results", params={**params, "limit": limit, "skip": skip})
        body = page.raise_for_status().json()
        total = body["total"]
        assert body["limit"] == limit and body["skip"] == skip
        found += body["results"]
        skip += limit
    assert len(found) == total
    return found


@pytest.mark.parametrize(
    ("params", "keep"),
    [
        ({"going": ["good", "good_to_firm"]}, lambda r: r["going"] in ("Good", "Good To Firm")),
        ({"min_distance_y": "2500"}, lambda r: int(r["dist_y"]) >= 2500),
        (
            {"age_band": "3yo+", "max_distance_y": "1800", "region": "gb"},
            lambda r: r["age_band"] == "3yo+" and int(r["dist_y"]) <= 1800 and r["region"] == "GB",
        ),
        ({"sex_restriction": "f"}, lambda r: r["sex_rest"] == "F"),
    ],
)
def test_result_only_filters_keep_exactly_the_matching_results_on_every_page(
    everything: tuple[RunningSandbox, list[dict]], params: dict[str, Any], keep: Any
) -> None:
    running, results = everything
    expected = [r for r in results if keep(r)]
    assert expected, "the range should hold matching races"
    filtered = _pages(running, {**RANGE, **params}, limit=7)
    assert filtered == expected  # same results, same order, pages stitched together


def test_a_page_is_the_same_bytes_each_time(everything: tuple[RunningSandbox, list[dict]]) -> None:
    running, _ = everything
    params = {**RANGE, "going": "soft", "limit": 5, "skip": 5}
    first = running.get("/v1/results", params=params).content
    assert running.get("/v1/results", params=params).content == first
