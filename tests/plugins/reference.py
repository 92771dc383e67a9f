"""The vendor's reference material (OpenAPI document, captured samples), when present.

``.ci/run`` points ``DARKHORSES_REFERENCE_DIR`` at ``../shared/reference``. Elsewhere the tests
that need it skip, saying why. The material is read, never copied into the project.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REFERENCE_ENV = "DARKHORSES_REFERENCE_DIR"


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The reference folder, or a skip naming the variable to set."""
    raw = os.environ.get(REFERENCE_ENV)
    if not raw:
        pytest.skip(f"{REFERENCE_ENV} is not set (it points at shared/reference)")
    path = Path(raw)
    if not path.is_dir():
        pytest.skip(f"{REFERENCE_ENV}={raw} is not a folder")
    return path


@pytest.fixture(scope="session")
def openapi_path(reference_dir: Path) -> Path:
    """The official OpenAPI document."""
    path = reference_dir / "racing-api-openapi.yml"
    if not path.is_file():
        pytest.skip(f"no OpenAPI document at {path}")
    return path


@pytest.fixture(scope="session")
def samples_dir(reference_dir: Path) -> Path:
    """The folder of captured real responses."""
    path = reference_dir / "samples"
    if not path.is_dir():
        pytest.skip(f"no samples folder at {path}")
    return path


def load_sample(samples_dir: Path, name: str) -> dict[str, Any]:
    """One captured sample: ``{"request": {...}, "body": ...}``."""
    return json.loads((samples_dir / name).read_text())
