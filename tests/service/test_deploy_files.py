"""Deployment files: the image runs `darkhorses run` as non-root; Render checks a real path."""

from __future__ import annotations

from pathlib import Path

import yaml

from darkhorses.service.http import create_app

ROOT = Path(__file__).resolve().parents[2]


def _instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_image_runs_the_service_as_non_root() -> None:
    steps = _instructions()
    final = steps[max(i for i, (op, _) in enumerate(steps) if op == "FROM") :]
    users = [arg for op, arg in final if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert any(op == "FROM" and "slim" in arg for op, arg in final)
    assert ("ENTRYPOINT", '["darkhorses"]') in final and ("CMD", '["run"]') in final
    assert any(op == "HEALTHCHECK" and "/healthz" in arg for op, arg in final)


def test_render_blueprint_runs_the_service_with_a_served_health_path() -> None:
    blueprint = yaml.safe_load((ROOT / "render.yaml").read_text())
    [web] = [s for s in blueprint["services"] if s["type"] == "web"]
    assert web["dockerCommand"] == "darkhorses run"
    served = {route.path for route in create_app(engine=None).routes}  # type: ignore[arg-type]
    assert web["healthCheckPath"] in served
    env = {e["key"]: e for e in web["envVars"]}
    # Secrets are filled in on Render, never committed.
    for secret in ("DATABASE_URL", "RACING_API_PASSWORD"):
        assert env[secret].get("sync") is False and "value" not in env[secret]


def test_dockerignore_keeps_local_state_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".venv", ".git", "*.db", ".env"):
        assert entry in ignored
