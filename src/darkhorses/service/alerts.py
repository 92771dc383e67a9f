"""Alerts: a job failing N times running, a table staler than its threshold.

A table's age is that of its newest write: its own ``updated_at``-style column where it has
one, else the last successful run whose report counted rows for it (written or unchanged:
either way the data was checked against the API then).

An alert is an ERROR log line and, when ``service.alert_webhook`` is set, a POST of
Slack-compatible JSON (``{"text": ...}``). Each alert has a key (``job_failed:results``,
``stale:ra_mst_races``); its state lives in ``dh_alerts`` so every replica shares one cooldown:
while an alert stays active it is repeated no more often than ``alert_cooldown_s``. When the
condition clears, the alert is resolved and a short all-clear is sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import sqlalchemy as sa

from darkhorses.clock import Clock
from darkhorses.config import Settings
from darkhorses.logs import Redactor, secrets_of
from darkhorses.service import metrics, runs
from darkhorses.store.schema import metadata

log = logging.getLogger(__name__)

# Columns that tell when a row was last written, in order of preference (indexed or on small
# tables: their max() is read often; the price tables go by the run log instead).
WRITE_TIME_COLUMNS = (
    "updated_at",
    "fetched_at",
    "last_fetched_at",
    "cycle_at",
    "captured_at",
    "created_at",
)


@dataclass(frozen=True)
class Alert:
    """One raised alert."""

    key: str
    kind: str
    text: str


def _alerts_table() -> sa.Table:
    return metadata.tables["dh_alerts"]


def write_time_column(table: sa.Table) -> sa.Column[Any] | None:
    """The column that says when a row of ``table`` was last written, if it has one."""
    for name in WRITE_TIME_COLUMNS:
        if name in table.c:
            return table.c[name]
    return None


def last_write(conn: sa.Connection, name: str) -> datetime | None:
    """When ``name`` was last written: its own write-time column, else the run log."""
    table = metadata.tables.get(name)
    column = write_time_column(table) if table is not None else None
    if column is not None:
        newest: datetime | None = conn.execute(sa.select(sa.func.max(column))).scalar()
        return newest
    return runs.last_wrote(conn, name)


class Alerter:
    """Checks alert conditions, keeps their state in ``dh_alerts`` and notifies."""

    def __init__(
        self,
        engine: sa.Engine,
        settings: Settings,
        *,
        clock: Clock | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        self._engine = engine
        self._conf = settings.service
        self._clock = clock or Clock()
        self._http = http
        # Messages leave the process (webhook, dh_alerts): mask secrets as the logs do.
        self._redact = Redactor(secrets_of(settings))

    # -- conditions ---------------------------------------------------------------------

    def check_job(self, job: str) -> Alert | None:
        """Alert when ``job``'s latest runs all failed, at least ``alert_after_failures``."""
        threshold = self._conf.alert_after_failures
        with self._engine.connect() as conn:
            failures = runs.consecutive_failures(conn, job, limit=max(threshold, 1) * 10)
            last = runs.last_runs(conn, [job]).get(job) if failures else None
        key = f"job_failed:{job}"
        if threshold > 0 and failures >= threshold:
            runs_word = "run" if failures == 1 else "runs"
            text = f"darkhorses: job {job} has failed {failures} {runs_word} in a row"
            if last is not None and last.error:
                text += f"; last error: {last.error[:300]}"
            return self.raise_alert(key, "job_failures", text)
        self.resolve(key, f"darkhorses: job {job} is running again")
        return None

    def check_staleness(self) -> list[Alert]:
        """Alert on every table whose newest write is older than its threshold."""
        raised: list[Alert] = []
        now = self._clock.now()
        for name, hours in sorted(self._conf.stale_after_h.items()):
            with self._engine.connect() as conn:
                newest = last_write(conn, name)
            key = f"stale:{name}"
            if newest is None or now - newest > timedelta(hours=hours):
                age = (
                    "never written"
                    if newest is None
                    else f"last written {newest:%Y-%m-%d %H:%M} UTC"
                )
                text = f"darkhorses: table {name} is stale ({age}; threshold {hours:g} h)"
                alert = self.raise_alert(key, "stale_table", text)
                if alert:
                    raised.append(alert)
            else:
                self.resolve(key, f"darkhorses: table {name} is fresh again")
        return raised

    # -- state and notification ---------------------------------------------------------

    def raise_alert(self, key: str, kind: str, text: str) -> Alert | None:
        """Record the alert and notify, unless it was notified within the cooldown."""
        text = self._redact(text)
        table = _alerts_table()
        now = self._clock.now()
        cooldown = timedelta(seconds=self._conf.alert_cooldown_s)
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(table).where(table.c.key == key)).first()
            if row is None:
                conn.execute(
                    sa.insert(table).values(
                        key=key,
                        message=text,
                        active=True,
                        first_at=now,
                        last_at=now,
                        last_sent_at=now,
                        count=1,
                    )
                )
            else:
                m = row._mapping
                due = not m["active"] or m["last_sent_at"] is None
                due = due or now - m["last_sent_at"] >= cooldown
                values: dict[str, Any] = {"message": text, "last_at": now, "active": True}
                values["count"] = (m["count"] or 0) + 1 if m["active"] else 1
                if not m["active"]:
                    values["first_at"] = now
                if due:
                    values["last_sent_at"] = now
                conn.execute(sa.update(table).where(table.c.key == key).values(**values))
                if not due:
                    log.debug("alert %s still active; within cooldown", key)
                    return None
        log.error(text, extra={"alert": key})
        metrics.ALERTS.labels(kind).inc()
        self._post(text)
        return Alert(key, kind, text)

    def resolve(self, key: str, text: str) -> bool:
        """Mark an active alert resolved and send the all-clear; False if none was active."""
        text = self._redact(text)
        table = _alerts_table()
        with self._engine.begin() as conn:
            done = conn.execute(
                sa.update(table)
                .where(table.c.key == key, table.c.active.is_(True))
                .values(active=False)
            ).rowcount
        if done:
            log.info(text, extra={"alert": key})
            self._post(text)
        return bool(done)

    def active(self) -> list[dict[str, Any]]:
        """The active alerts, newest first, JSON-ready."""
        table = _alerts_table()
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(table).where(table.c.active.is_(True)).order_by(table.c.last_at.desc())
            ).all()
        return [_jsonable(dict(r._mapping)) for r in rows]

    def _post(self, text: str) -> None:
        webhook = self._conf.alert_webhook
        if webhook is None or not webhook.get_secret_value():
            return
        try:
            if self._http is not None:
                response = self._http.post(webhook.get_secret_value(), json={"text": text})
            else:
                response = httpx.post(webhook.get_secret_value(), json={"text": text}, timeout=10)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            # The webhook URL is a secret: name the failure, never the URL.
            log.warning("alert webhook failed: %s", type(exc).__name__)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}
