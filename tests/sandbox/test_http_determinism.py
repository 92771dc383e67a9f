"""Same seed and request, byte-identical body; another seed, another world."""

from __future__ import annotations

import httpx

from darkhorses.sandbox.app import SandboxOptions, create_app
from darkhorses.sandbox.clock import parse_instant
from darkhorses.sandbox.server import serve
from tests.plugins.sandbox import DEFAULT_NOW

PATHS = [
    "/v1/racecards/pro?date=2025-10-13&region_codes=gb",
    "/v1/racecards/standard?region_codes=ire",
    "/v1/results?start_date=2025-10-13&end_date=2025-10-13&limit=100",
    "/v1/courses",
]


def _bodies(seed: int) -> list[bytes]:
    """The bodies served by a freshly built world of ``seed``."""
    from darkhorses.sandbox.world import World

    options = SandboxOptions(limits=None, now=parse_instant(DEFAULT_NOW))
    with (
        serve(create_app(World(seed), options)) as base_url,
        httpx.Client(base_url=base_url, auth=("pro", "pro")) as client,
    ):
        return [client.get(path).raise_for_status().content for path in PATHS]


def test_same_seed_same_bytes_other_seed_other_world() -> None:
    first = _bodies(1)
    assert _bodies(1) == first
    other = _bodies(2)
    assert other[0] != first[0]
    assert other[2] != first[2]
