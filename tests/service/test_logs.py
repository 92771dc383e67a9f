"""Logs: readable or JSON lines, an optional file, and no secret anywhere in them."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest

from darkhorses.config import Settings
from darkhorses.logs import configure_logging, reset_logging

API_PASSWORD = "s3cret-api-pa55"
DB_PASSWORD = "db-pa55word-xyz"
WEBHOOK = "https://hooks.example.com/services/T1/B2/hook-token-abc"


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    yield
    reset_logging()


def _settings(tmp_path, fmt: str) -> Settings:
    return Settings(
        api={"username": "punter", "password": API_PASSWORD},
        database={"url": f"postgresql://dh:{DB_PASSWORD}@db.example.com:6543/postgres"},
        service={"alert_webhook": WEBHOOK},
        logging={"format": fmt, "file": str(tmp_path / "logs" / "darkhorses.log")},
    )


def _log_everything() -> None:
    log = logging.getLogger("darkhorses.test")
    auth = httpx.BasicAuth("punter", API_PASSWORD)
    header = next(auth.auth_flow(httpx.Request("GET", "https://x"))).headers["Authorization"]
    log.info("connecting with password %s", API_PASSWORD)
    log.info("request headers: %s", {"Authorization": header, "Accept": "application/json"})
    log.warning("database at postgresql://dh:%s@db.example.com:6543/postgres", DB_PASSWORD)
    log.info("dsn host=db port=5432 password=%s", DB_PASSWORD)
    log.info("posting alert", extra={"webhook": WEBHOOK, "detail": {"url": WEBHOOK}})
    try:
        raise RuntimeError(f"login failed for punter:{API_PASSWORD} ({header})")
    except RuntimeError:
        log.exception("job failed")


def _assert_clean(text: str) -> None:
    assert text.strip(), "nothing was logged"
    for secret in (API_PASSWORD, DB_PASSWORD, WEBHOOK, "hook-token-abc", "cHVudGVy"):
        assert secret not in text


@pytest.mark.parametrize("fmt", ["console", "json"])
def test_no_secret_reaches_console_or_file(tmp_path, fmt: str) -> None:
    stream = io.StringIO()
    configure_logging(_settings(tmp_path, fmt), stream=stream)
    _log_everything()
    console = stream.getvalue()
    in_file = (tmp_path / "logs" / "darkhorses.log").read_text()
    _assert_clean(console)
    _assert_clean(in_file)
    # The records are still there, masked rather than dropped.
    assert "job failed" in console and "RuntimeError: login failed for punter:***" in console
    assert "job failed" in in_file


def test_json_lines_parse(tmp_path) -> None:
    stream = io.StringIO()
    configure_logging(_settings(tmp_path, "json"), stream=stream)
    _log_everything()
    logging.getLogger("darkhorses.jobs").info(
        "racecards success", extra={"job": "racecards", "api_calls": 4}
    )
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == 7
    assert {"ts", "level", "logger", "msg"} <= lines[0].keys()
    failed = next(line for line in lines if line["msg"] == "job failed")
    assert failed["level"] == "ERROR" and "Traceback" in failed["exc"]
    assert lines[-1]["job"] == "racecards" and lines[-1]["api_calls"] == 4
    # Extra fields keep their shape, secrets masked inside them.
    assert lines[4]["webhook"] == "***" and lines[4]["detail"] == {"url": "***"}


def test_level_from_settings(tmp_path) -> None:
    stream = io.StringIO()
    configure_logging(Settings(logging={"level": "warning"}), stream=stream)
    logging.getLogger("darkhorses.test").info("quiet")
    logging.getLogger("darkhorses.test").warning("loud")
    assert "loud" in stream.getvalue() and "quiet" not in stream.getvalue()


def test_environment_picks_json(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("LOG_FORMAT", "json")
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    stream = io.StringIO()
    configure_logging(Settings(), stream=stream)
    logging.getLogger("darkhorses.test").debug("hello")
    assert json.loads(stream.getvalue())["msg"] == "hello"


def test_unknown_level_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"logging.level"):
        configure_logging(Settings(logging={"level": "LOUD"}))


def test_a_short_secret_is_masked_as_a_word_only(tmp_path) -> None:
    stream = io.StringIO()
    configure_logging(Settings(api={"username": "pro", "password": "pro"}), stream=stream)
    logging.getLogger("darkhorses.test").info("server process started; password pro accepted")
    assert "server process started; password *** accepted" in stream.getvalue()
