"""``darkhorses sandbox`` as a real process: it starts, serves, counts and stops cleanly."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from tests.plugins.sandbox import DEFAULT_NOW

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0  # imports and the world's start on a busy machine
STOP_TIMEOUT_S = 15.0
# Wide enough that the error panel does not wrap the messages checked below.
ENV = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}


def _command() -> list[str]:
    """The ``darkhorses`` console script of this environment (or its entry point)."""
    script = Path(sys.executable).with_name("darkhorses")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from darkhorses.cli import main; main()"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _plain(text: str) -> str:
    """Output with the error panel's frame and line breaks taken out."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@contextmanager
def _sandbox_process(tmp_path: Path, *args: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``darkhorses sandbox --port <free> *args`` running until it answers; killed if left."""
    port = _free_port()
    log = tmp_path / "sandbox.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*_command(), "sandbox", "--port", str(port), *args],
            cwd=ROOT,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"the sandbox exited with {process.returncode}:\n{log.read_text()}")
            try:
                httpx.get(base_url + "/_sandbox/health", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the sandbox did not answer in time:\n{log.read_text()}")
                time.sleep(0.1)
        yield process, base_url
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_S)


def test_the_command_serves_counts_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    args = ("--now", DEFAULT_NOW, "--seed", "1", "--speed", "60")
    faults = ("--faults", "503=1,path=/v1/results,seed=3")  # every /v1/results call fails
    with _sandbox_process(tmp_path, *args, *faults) as (process, base_url):
        health = httpx.get(base_url + "/_sandbox/health").json()
        assert health == {"ok": True, "seed": 1, "limits": True, "faults": True}

        courses = httpx.get(base_url + "/v1/courses", auth=("free", "free"))
        assert courses.status_code == 200
        names = {c["course"] for c in courses.json()["courses"]}
        assert {"Ascot", "Cheltenham", "Leopardstown"} <= names
        assert httpx.get(base_url + "/v1/courses").status_code == 401  # no credentials
        failed = httpx.get(base_url + "/v1/results", auth=("pro", "pro"))
        assert failed.status_code == 503  # --faults is in force

        # --now and --speed: the clock starts at the given instant and runs 60 times faster
        clock = httpx.get(base_url + "/_sandbox/clock").json()
        assert clock["mode"] == "speed" and clock["speed"] == 60.0
        assert datetime.fromisoformat(clock["now"]) >= datetime.fromisoformat(DEFAULT_NOW)
        spec = httpx.get(base_url + "/_sandbox/faults").json()
        assert spec["faults"] == {"503": 1.0} and spec["seed"] == 3
        assert spec["paths"] == ["/v1/results"]

        stats = httpx.get(base_url + "/_sandbox/stats").json()
        assert stats["requests"] == 3
        assert stats["by_endpoint"] == {"/v1/courses": 2, "/v1/results": 1}
        assert stats["by_status"] == {"200": 1, "401": 1, "503": 1}

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=STOP_TIMEOUT_S) == 0
    output = (tmp_path / "sandbox.log").read_text()
    assert f"sandbox Racing API on {base_url} (seed 1)" in output
    assert "Shutting down" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--faults", "bogus=1"), "Invalid value for '--faults': unknown fault 'bogus'"),
        (("--speed", "0"), "Invalid value for '--speed': must be positive"),
        (("--now", "yesterday"), "Invalid value for '--now': not an ISO instant"),
    ],
)
def test_a_bad_option_value_is_refused_with_a_clear_error(
    args: tuple[str, ...], message: str
) -> None:
    done = subprocess.run(
        [*_command(), "sandbox", "--port", str(_free_port()), *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in _plain(done.stderr)
    assert "Uvicorn running" not in done.stdout + done.stderr
