"""The package imports and its CLI answers."""

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from darkhorses.cli import app
from darkhorses.config import ConfigError, load_settings


def test_cli_help_lists_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "darkhorses" in result.output.lower() or "Usage" in result.output


def test_env_override_names_the_bad_key(monkeypatch) -> None:
    monkeypatch.setenv("DARKHORSES_API_TIMEOUT_S", "soon")
    try:
        load_settings()
    except ConfigError as exc:
        assert "api.timeout_s" in str(exc)
    else:  # pragma: no cover - the assertion below explains the failure
        raise AssertionError("a bad value must raise ConfigError")


def test_well_known_env(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("DARKHORSES_SYNC_DAYS_AHEAD", "5")
    settings = load_settings()
    assert settings.database.url == "postgresql://u@h/db"
    assert settings.sync.days_ahead == 5


@pytest.mark.parametrize(
    ("raw", "regions"),
    [("ire", ["ire"]), ("GB, ire", ["gb", "ire"]), ('["gb","ire"]', ["gb", "ire"])],
)
def test_regions_from_the_environment_as_a_list_or_json(monkeypatch, raw, regions) -> None:
    monkeypatch.setenv("DARKHORSES_SYNC_REGIONS", raw)
    assert load_settings().sync.regions == regions


def test_malformed_json_in_the_environment_is_a_config_error(monkeypatch) -> None:
    monkeypatch.setenv("DARKHORSES_SYNC_REGIONS", "[gb")
    with pytest.raises(ConfigError, match=r"sync\.regions"):
        load_settings()


def test_fresh_database_fixture(db_url: str) -> None:
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    engine.dispose()
