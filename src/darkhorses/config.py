"""Settings: one object, built from defaults, a YAML file and the environment.

Precedence, highest first:

1. keyword arguments to :class:`Settings` (tests, the CLI);
2. ``DARKHORSES_<SECTION>_<KEY>`` environment variables, e.g. ``DARKHORSES_API_TIMEOUT_S=10``
   or ``DARKHORSES_SYNC_REGIONS='["gb","ire"]'``;
3. the well-known names a deployment sets: ``RACING_API_USERNAME``, ``RACING_API_PASSWORD``,
   ``RACING_API_PLAN``, ``RACING_API_BASE_URL``, ``DATABASE_URL``, ``LOG_LEVEL``,
   ``LOG_FORMAT``, ``LOG_FILE``, ``PORT``, ``DARKHORSES_NOW``;
4. a YAML file (``--config`` or ``DARKHORSES_CONFIG``), sections as top-level keys;
5. the defaults declared below.

A bad value fails with a message naming the key.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
    YamlConfigSettingsSource,
)

Plan = Literal["auto", "free", "basic", "standard", "pro"]

DEFAULT_BASE_URL = "https://api.theracingapi.com"
DEFAULT_DATABASE_URL = "sqlite:///darkhorses.db"


class ApiSettings(BaseModel):
    """The Racing API account and how hard we may use it."""

    base_url: str = DEFAULT_BASE_URL
    username: str = ""
    password: SecretStr = SecretStr("")
    plan: Plan = "auto"
    historic_addon: bool = False
    timeout_s: float = 30.0
    # Requests per second per endpoint class (v1.4.3 spec: free 1/s, racecard lists 2/s, rest 5/s).
    rate_free: float = 1.0
    rate_racecards: float = 2.0
    rate_default: float = 5.0
    rate_global: float = 5.0
    retry_attempts: int = 8
    retry_timeout_s: float = 120.0
    archive: bool = True


class DatabaseSettings(BaseModel):
    """Where the data lives."""

    url: str = DEFAULT_DATABASE_URL
    pool_size: int = 5
    max_overflow: int = 5
    echo: bool = False


class SyncSettings(BaseModel):
    """The main job: which racing, how far back and ahead."""

    # From the environment as "gb,ire" or a JSON list.
    regions: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["gb", "ire"])
    days_ahead: int = 2
    days_back: int = 1
    weekly_days: int = 7
    # Horse profiles fetched per run at most; the rest wait for the next run.
    enrich_limit: int = 1000

    @field_validator("regions", mode="before")
    @classmethod
    def _split_regions(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip().lower() for part in text.split(",") if part.strip()]
        return value


class OddsSettings(BaseModel):
    """Live odds capture cadence, in seconds, by time to the nearest off."""

    cadence_5m_s: int = 10
    cadence_30m_s: int = 60
    cadence_2h_s: int = 300
    cadence_far_s: int = 900
    tomorrow_every_s: int = 1800
    # After this many cycles in a row without a price change, each further quiet cycle doubles
    # the wait, up to backoff_max_factor times the cadence (never past the next tighter band).
    backoff_after_quiet: int = 2
    backoff_max_factor: float = 4.0
    # Post-race fill from /v1/odds/{race_id}/{horse_id} (Pro): off unless a budget is set.
    fill_max_calls: int = 0


class BackfillSettings(BaseModel):
    """Historical backfill."""

    start: str = "2015-01-01"
    log_every_days: int = 30
    # Threads fetching days ahead of the writer, and how many fetched days may wait for it.
    fetch_workers: int = 4
    fetch_ahead: int = 6
    # Threads fetching horse profiles for the enrichment of the horses met.
    enrich_workers: int = 2
    # SQLite page cache per connection during a backfill (MB): years of days would fill each
    # connection's larger everyday cache, and memory must stay flat however long the range.
    sqlite_cache_mb: int = 2


class ServiceSettings(BaseModel):
    """The long-running service."""

    host: str = "127.0.0.1"
    port: int = 8080
    timezone: str = "Europe/London"
    alert_webhook: SecretStr | None = None
    # Alert after this many failed runs in a row; repeat an alert no sooner than the cooldown.
    alert_after_failures: int = 3
    alert_cooldown_s: int = 3600
    # Hours after which a table's newest write counts as stale, by table.
    stale_after_h: dict[str, float] = Field(
        default_factory=lambda: {
            "ra_mst_races": 30.0,
            "ra_mst_runners": 30.0,
            "ra_mst_race_results": 36.0,
            "ra_mst_courses": 24.0 * 40,
        }
    )
    # Per-job schedule overrides: {"racecards": {"cron": {"hour": "7,12"}}, "stats": {...}}.
    schedule: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # Extra or replacement job callables by schedule name, as "module:function".
    jobs: dict[str, str] = Field(default_factory=dict)
    # Job locks: auto picks advisory locks on PostgreSQL (lock rows behind a transaction
    # pooler) and file locks on SQLite.
    lock_mode: Literal["auto", "advisory", "row", "file"] = "auto"
    lock_ttl_s: int = 3600
    lock_dir: str | None = None
    misfire_grace_s: int = 600
    upgrade_on_start: bool = True
    # `darkhorses health`: the error rate over the latest runs that warns, and that fails.
    health_runs: int = 50
    error_rate_warn: float = 0.1
    error_rate_fail: float = 0.5


class LoggingSettings(BaseModel):
    """Log output."""

    level: str = "INFO"
    format: Literal["console", "json"] = "console"
    file: str | None = None
    file_max_bytes: int = 10_000_000
    file_backups: int = 5


class StatsSettings(BaseModel):
    """Racing statistics."""

    min_bucket_runs: int = 5
    min_combo_runs: int = 5


class DashboardSettings(BaseModel):
    """The status dashboard."""

    token: SecretStr | None = None


# Well-known environment names -> (section, key).
WELL_KNOWN_ENV: dict[str, tuple[str, str]] = {
    "RACING_API_USERNAME": ("api", "username"),
    "RACING_API_PASSWORD": ("api", "password"),
    "RACING_API_PLAN": ("api", "plan"),
    "RACING_API_BASE_URL": ("api", "base_url"),
    "DATABASE_URL": ("database", "url"),
    "LOG_LEVEL": ("logging", "level"),
    "LOG_FORMAT": ("logging", "format"),
    "LOG_FILE": ("logging", "file"),
    "PORT": ("service", "port"),
}


class _WellKnownEnvSource(PydanticBaseSettingsSource):
    """Reads the conventional deployment variables (``DATABASE_URL``, ``RACING_API_*``...)."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for env_name, (section, key) in WELL_KNOWN_ENV.items():
            value = os.environ.get(env_name)
            if value not in (None, ""):
                out.setdefault(section, {})[key] = value
        now = os.environ.get("DARKHORSES_NOW")
        if now:
            out["now"] = now
        return out


class Settings(BaseSettings):
    """Every knob of darkhorses."""

    model_config = SettingsConfigDict(
        env_prefix="DARKHORSES_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="forbid",
        validate_default=True,
    )

    api: ApiSettings = Field(default_factory=ApiSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    odds: OddsSettings = Field(default_factory=OddsSettings)
    backfill: BackfillSettings = Field(default_factory=BackfillSettings)
    service: ServiceSettings = Field(default_factory=ServiceSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    stats: StatsSettings = Field(default_factory=StatsSettings)
    dashboard: DashboardSettings = Field(default_factory=DashboardSettings)
    # A fixed clock for drills and tests (DARKHORSES_NOW, ISO time); None means real time.
    now: datetime | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [
            init_settings,
            env_settings,
            _WellKnownEnvSource(settings_cls),
        ]
        yaml_path = os.environ.get("DARKHORSES_CONFIG")
        if yaml_path:
            sources.append(YamlConfigSettingsSource(settings_cls, yaml_file=yaml_path))
        return tuple(sources)


class ConfigError(ValueError):
    """A configuration value is missing or invalid; the message names the key."""


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Build the settings, naming the offending key when a value is bad."""
    previous = os.environ.get("DARKHORSES_CONFIG")
    if config_file is not None:
        if not Path(config_file).is_file():
            raise ConfigError(f"config file not found: {config_file}")
        os.environ["DARKHORSES_CONFIG"] = str(config_file)
    try:
        return Settings(**overrides)
    except SettingsError as exc:
        # The environment held a value of the wrong shape (say, malformed JSON).
        raise ConfigError(f"invalid configuration: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from None
    finally:
        if config_file is not None:
            if previous is None:
                os.environ.pop("DARKHORSES_CONFIG", None)
            else:
                os.environ["DARKHORSES_CONFIG"] = previous
