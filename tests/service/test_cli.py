"""`darkhorses run` refuses a bad configuration with the key named, before starting anything."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from darkhorses.cli import service


def _app() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)
    service.register(app)
    return app


def test_bad_schedule_is_refused_with_the_key(tmp_path) -> None:
    config = tmp_path / "darkhorses.yaml"
    config.write_text("service:\n  schedule:\n    racecards: {cron: {hour: 27}}\n")
    result = CliRunner().invoke(_app(), ["run", "--config", str(config)])
    assert result.exit_code == 2
    assert "service.schedule.racecards.cron" in result.output


def test_bad_value_from_the_environment_names_the_key(monkeypatch) -> None:
    monkeypatch.setenv("DARKHORSES_SERVICE_ALERT_AFTER_FAILURES", "often")
    result = CliRunner().invoke(_app(), ["run"])
    assert result.exit_code == 2
    assert "service.alert_after_failures" in result.output


def test_missing_config_file_is_refused(tmp_path) -> None:
    result = CliRunner().invoke(_app(), ["run", "--config", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "config file not found" in result.output
