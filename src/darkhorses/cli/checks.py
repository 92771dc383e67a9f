"""`darkhorses health` and `darkhorses quality`: checks for people and for monitoring.

Exit codes: 0 all ok, 1 a check failed, 2 usage or configuration error, 3 warnings only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import typer

from darkhorses.checks.result import USAGE, Check, Status, exit_code, overall
from darkhorses.config import ConfigError, Settings, load_settings

_MARKS = {Status.OK: "ok  ", Status.SKIP: "skip", Status.WARN: "WARN", Status.FAIL: "FAIL"}

CONFIG_OPTION = typer.Option(
    None, "--config", "-c", help="YAML settings file (sections as top-level keys)."
)
JSON_OPTION = typer.Option(False, "--json", help="Print the checks as one JSON document.")


def _settings(config: Path | None) -> Settings:
    from darkhorses.logs import configure_logging

    try:
        settings = load_settings(config)
        configure_logging(settings)
    except (ConfigError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(USAGE) from None
    return settings


def _figure(check: Check) -> str:
    if check.figure is None:
        return ""
    return f"[{check.figure:g}{(' ' + check.unit) if check.unit else ''}] "


def _report(kind: str, checks: list[Check], as_json: bool) -> None:
    status = overall(checks)
    if as_json:
        document = {"check": kind, "status": status.value, "checks": [c.as_dict() for c in checks]}
        typer.echo(json.dumps(document, indent=2, default=str))
    else:
        width = max((len(c.name) for c in checks), default=0)
        for check in checks:
            mark = _MARKS[check.status]
            typer.echo(f"{mark}  {check.name:<{width}}  {_figure(check)}{check.message}")
        counts = {s: sum(c.status is s for c in checks) for s in Status}
        summary = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
        typer.echo(f"{kind}: {status.value} ({summary})")
    raise typer.Exit(exit_code(checks))


def _with_engine(settings: Settings, work: Callable[..., list[Check]]) -> list[Check]:
    from darkhorses.store.engine import DatabaseURLError, make_engine

    try:
        engine = make_engine(settings.database.url, settings=settings)
    except DatabaseURLError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(USAGE) from None
    try:
        return work(settings, engine)
    finally:
        engine.dispose()


def health(config: Path | None = CONFIG_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Configuration, API and plan, database, migrations, last success per job, error rate."""
    from darkhorses.checks.health import run_health

    settings = _settings(config)
    _report("health", _with_engine(settings, run_health), as_json)


def quality(config: Path | None = CONFIG_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Row counts, freshness, required fields, regions, orphans, duplicates, racing sense."""
    import sqlalchemy as sa

    from darkhorses.checks.quality import run_quality
    from darkhorses.store import migrate
    from darkhorses.store.engine import redact_url

    settings = _settings(config)

    def work(settings: Settings, engine: sa.Engine) -> list[Check]:
        where = redact_url(settings.database.url)
        try:
            if not migrate.is_current(engine):
                message = f"{where}: schema not current; run `darkhorses db upgrade`"
                return [Check("database", Status.FAIL, message)]
            return run_quality(engine, settings)
        except sa.exc.SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            message = f"{where}: {reason[0] if reason else type(exc).__name__}"
            return [Check("database", Status.FAIL, message)]

    _report("quality", _with_engine(settings, work), as_json)


def register(app: typer.Typer) -> None:
    """Add ``health`` and ``quality`` to the main application."""
    app.command("health")(health)
    app.command("quality")(quality)
