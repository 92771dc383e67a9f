"""gzip when the client accepts it, as the real API does since v1.3.1."""

from __future__ import annotations

import gzip

import httpx

from tests.plugins.sandbox import RunningSandbox, SandboxFactory

PATH = "/v1/racecards/pro?date=2025-10-13"


def test_large_bodies_are_gzipped_when_accepted(sandbox: RunningSandbox) -> None:
    url = sandbox.base_url + PATH
    with (
        httpx.Client(auth=("pro", "pro")) as client,
        client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as response,
    ):
        assert response.headers["content-encoding"] == "gzip"
        raw = b"".join(response.iter_raw())
    assert gzip.decompress(raw).startswith(b'{"racecards":[')


def test_gzip_and_plain_carry_the_same_json(sandbox_factory: SandboxFactory) -> None:
    running = sandbox_factory(limits=False)
    zipped = running.get(PATH, headers={"Accept-Encoding": "gzip"})
    plain = running.get(PATH, headers={"Accept-Encoding": "identity"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert zipped.content == plain.content
    assert int(zipped.headers["content-length"]) < len(plain.content)


def test_small_bodies_are_not_compressed(sandbox: RunningSandbox) -> None:
    response = sandbox.get("/v1/nowhere", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in response.headers
