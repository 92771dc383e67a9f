"""Dashboard fixtures: databases filled from the sandbox, the dashboard served on loopback,
and headless Chromium (Debian's, never a downloaded one)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from darkhorses.config import Settings
from darkhorses.dashboard import create_app
from darkhorses.sandbox.app import SandboxOptions
from darkhorses.sandbox.app import create_app as create_sandbox_app
from darkhorses.sandbox.server import serve
from darkhorses.sandbox.world import World
from darkhorses.store.engine import make_engine
from tests.dashboard.fill import NOW, Filled, fill
from tests.plugins.sandbox import RunningSandbox

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@contextmanager
def running_sandbox(seed: int = 1) -> Iterator[RunningSandbox]:
    """A sandbox on loopback without rate limits (the fill steps its clock)."""
    app = create_sandbox_app(World(seed), SandboxOptions(limits=None))
    with serve(app) as base_url:
        sandbox = RunningSandbox(base_url, app, seed)
        try:
            yield sandbox
        finally:
            sandbox.close()


def dashboard_settings(db_url: str, **extra: Any) -> Settings:
    """Settings of a dashboard looking at ``db_url`` at the fill's instant."""
    return Settings(database={"url": db_url}, now=NOW, **extra)


ServeDashboard = Callable[..., AbstractContextManager[str]]


@contextmanager
def serve_dashboard(db_url: str, **extra: Any) -> Iterator[str]:
    """The dashboard of ``db_url`` over real HTTP; yields its base URL."""
    settings = dashboard_settings(db_url, **extra)
    engine = make_engine(db_url)
    try:
        with serve(create_app(engine, settings)) as base_url:
            yield base_url
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def filled_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Filled:
    """A SQLite database filled by a sandbox sync, live capture, results and a backfill
    (three days done, two failed), once per module."""
    path = tmp_path_factory.mktemp("dashboard") / "filled.db"
    with running_sandbox() as sandbox:
        filled = fill(sandbox, f"sqlite:///{path}", failed_backfill=True)
    return filled


@pytest.fixture
def copy_of(tmp_path: Path) -> Callable[[Filled], str]:
    """``copy_of(filled)``: the URL of a private copy of a filled SQLite database."""

    def copy(filled: Filled) -> str:
        source = Path(sa.engine.make_url(filled.url).database or "")
        target = tmp_path / source.name
        shutil.copy(source, target)
        return f"sqlite:///{target}"

    return copy


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium from the Debian package, driven by Playwright."""
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} not installed (apt-get install chromium)"
        if _in_ci():
            pytest.fail(f"the browser tests need Chromium in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def screenshots() -> Path:
    """Where the page screenshots go."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
