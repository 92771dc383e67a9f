"""Logging: readable console lines or JSON lines, an optional rotating file, secrets redacted.

:func:`configure_logging` installs the handlers on the root logger once per process (calling it
again replaces them). Every handler carries a :class:`RedactingFilter`, so no record reaches
the console, a JSON line or the file with a secret in its message, arguments, extra fields or
exception text: the API password and any other configured secret, ``Authorization`` header
values, and passwords inside URLs and connection strings.
"""

from __future__ import annotations

import base64
import json
import logging
import logging.handlers
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from darkhorses.config import Settings

MASK = "***"
# Secrets at least this long are masked wherever they appear, even inside other words.
SUBSTRING_MIN = 8

# ``Authorization: Basic abc=`` / ``'authorization': 'Bearer x'`` / ``authorization=...``
_AUTH_HEADER = re.compile(
    r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(?:(basic|bearer|token)\s+)?[^\s'\",}]+"
)
# ``Basic dXNlcjpwYXNz`` / ``Bearer abc.def`` wherever they appear.
_AUTH_SCHEME = re.compile(r"\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~\-]{8,}")
# ``scheme://user:password@host``
_URL_PASSWORD = re.compile(r"(?i)([a-z][a-z0-9+.\-]*://[^:/@\s]*:)[^@/\s]+(@)")
# ``password=...`` in DSNs and query strings, ``"password": "..."`` in dumps.
_PASSWORD_PARAM = re.compile(r"(?i)((?:password|passwd|pwd)['\"]?\s*[=:]\s*['\"]?)[^\s&;'\",}]+")

# Attributes every LogRecord has; anything else was passed through ``extra=``.
_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)


def secrets_of(settings: Settings) -> list[str]:
    """The secret values held in the settings, for exact-match redaction."""
    password = settings.api.password.get_secret_value()
    found: list[str] = [password]
    if password:
        # The Basic credential as it travels in the Authorization header.
        pair = f"{settings.api.username}:{password}".encode()
        found.append(base64.b64encode(pair).decode())
    if settings.service.alert_webhook is not None:
        found.append(settings.service.alert_webhook.get_secret_value())
    if settings.dashboard.token is not None:
        found.append(settings.dashboard.token.get_secret_value())
    match = re.match(r"^[^:]+://[^:/@]*:([^@/]+)@", settings.database.url)
    if match:
        found.append(match.group(1))
    return [s for s in found if s]


class Redactor:
    """Removes secrets from text: known values plus credential-shaped patterns."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is masked whole.
        ordered = sorted({s for s in secrets if len(s) >= 3}, key=len, reverse=True)
        self._secrets = [s for s in ordered if len(s) >= SUBSTRING_MIN]
        # A short secret is masked only as a whole word, so "pro" leaves "process" alone.
        short = [re.escape(s) for s in ordered if len(s) < SUBSTRING_MIN]
        self._short = re.compile(rf"(?<![\w-])(?:{'|'.join(short)})(?![\w-])") if short else None

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        if self._short is not None:
            text = self._short.sub(MASK, text)
        text = _AUTH_HEADER.sub(
            lambda m: f"{m.group(1)}{m.group(2) + ' ' if m.group(2) else ''}{MASK}", text
        )
        text = _AUTH_SCHEME.sub(rf"\1 {MASK}", text)
        text = _URL_PASSWORD.sub(rf"\1{MASK}\2", text)
        return _PASSWORD_PARAM.sub(rf"\1{MASK}", text)


class RedactingFilter(logging.Filter):
    """Rewrites a record in place so that nothing secret is left in it."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redact = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not hide the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        # The traceback now lives only in exc_text, so no handler re-renders the raw one.
        record.exc_info = None
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                setattr(record, key, self._scrub(value))
        return True

    def _scrub(self, value: Any) -> Any:
        """Redact strings anywhere inside an ``extra=`` value; other objects become text."""
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {str(k): self._scrub(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self._scrub(v) for v in value]
        return self.redact(str(value))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, default=str, ensure_ascii=False)


def _alembic_chatter(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(("Context impl", "Will assume"))


PLAIN_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# Handlers this module installed, so a second call replaces rather than duplicates them.
_installed: list[logging.Handler] = []


def _console_handler(fmt: str, stream: Any) -> logging.Handler:
    if fmt == "json":
        handler: logging.Handler = logging.StreamHandler(stream)
        handler.setFormatter(JsonFormatter())
        return handler
    if stream.isatty():
        from rich.console import Console
        from rich.logging import RichHandler

        # Rich renders tracebacks itself from exc_info, which the filter removes on purpose.
        handler = RichHandler(
            console=Console(file=stream), rich_tracebacks=False, show_path=False, markup=False
        )
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        return handler
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(PLAIN_FORMAT))
    return handler


def configure_logging(settings: Settings, *, stream: Any = None) -> Redactor:
    """Install console (and file) handlers on the root logger per ``settings.logging``."""
    conf = settings.logging
    level = logging.getLevelName(conf.level.upper())
    if not isinstance(level, int):
        raise ValueError(f"logging.level: unknown level {conf.level!r}")
    redactor = Redactor(secrets_of(settings))
    reset_logging()
    root = logging.getLogger()
    handlers = [_console_handler(conf.format, stream or sys.stderr)]
    if conf.file:
        path = Path(conf.file)
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=conf.file_max_bytes, backupCount=conf.file_backups, encoding="utf-8"
        )
        file_handler.setFormatter(
            JsonFormatter() if conf.format == "json" else logging.Formatter(PLAIN_FORMAT)
        )
        handlers.append(file_handler)
    for handler in handlers:
        handler.addFilter(RedactingFilter(redactor))
        root.addHandler(handler)
        _installed.append(handler)
    root.setLevel(level)
    # httpx logs every request at INFO; one line per API call is noise in a service log.
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    # APScheduler logs two lines per trigger; the scheduler's own summary line says it all.
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))
    # Alembic announces its context on every migration check (each /readyz): keep the
    # upgrades themselves, drop the chatter.
    migration_log = logging.getLogger("alembic.runtime.migration")
    if _alembic_chatter not in migration_log.filters:
        migration_log.addFilter(_alembic_chatter)
    return redactor


def reset_logging() -> None:
    """Remove the handlers :func:`configure_logging` installed."""
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
