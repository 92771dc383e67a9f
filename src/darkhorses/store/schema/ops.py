"""Operational tables (``dh_*``): what the pipeline itself needs to run, resume and explain.

Runs, checkpoints, quarantined records, the raw response archive, amendments, backfill
progress, fallback job locks and alerts. Each has a natural key so every write is an upsert.

Foreign keys: none. ``dh_amendments.run_id`` names the run that saw the change, but a run's own
row is written when the run ends, after its amendments; the reference is kept soft.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema.base import JSONType, UTCDateTime, metadata


def _col(name: str, type_: Any, comment: str, *args: Any, **kw: Any) -> sa.Column[Any]:
    """A column with its data-dictionary comment."""
    return sa.Column(name, type_, *args, comment=comment, **kw)


dh_runs = sa.Table(
    "dh_runs",
    metadata,
    _col("id", sa.Integer, "Run number, assigned by the database.", primary_key=True),
    _col("job", sa.Text, "Job name: masters, racecards, results, odds_live, ...", nullable=False),
    _col("trigger", sa.Text, "What started it: schedule, cli, demo, backfill, service."),
    _col("started_at", UTCDateTime, "When the run started (UTC).", nullable=False),
    _col("finished_at", UTCDateTime, "When the run ended (UTC); NULL while running."),
    _col("status", sa.Text, "running, success, partial or failed.", nullable=False),
    _col("rows", JSONType, 'Rows by table and outcome: {"ra_mst_runners": {"inserted": 9}}.'),
    _col("counts", JSONType, "Other counts: races fetched, filtered foreign, quarantined, ..."),
    _col("api_calls", sa.Integer, "API requests the run made.", nullable=False, server_default="0"),
    _col("error", sa.Text, "The failure or problems, credentials removed; NULL on success."),
    _col("params", JSONType, "The run's arguments: date range, entities, flags."),
    _col("host", sa.Text, "Host name of the process that ran it."),
    _col("pid", sa.Integer, "Process id of the process that ran it."),
    sa.Index(None, "job", "started_at"),
    sa.Index(None, "started_at"),
    comment="One row per job run: when, outcome, counts, API calls, error.",
)

dh_checkpoints = sa.Table(
    "dh_checkpoints",
    metadata,
    _col("name", sa.Text, "Checkpoint name, e.g. backfill:results or odds_live.", primary_key=True),
    _col("state", JSONType, "Resume state, kept whole (dates done, cursor, ...).", nullable=False),
    _col("updated_at", UTCDateTime, "When the state was last written (UTC).", nullable=False),
    comment="Resume state of jobs, kept in the database so it survives an ephemeral disk.",
)

dh_quarantine = sa.Table(
    "dh_quarantine",
    metadata,
    _col("source", sa.Text, "Where it came from: endpoint or file kind.", primary_key=True),
    _col("record_key", sa.Text, "The record's id(s), e.g. rac_1:hrs_2.", primary_key=True),
    _col("reason", sa.Text, "Why it was refused: the validation or parse error.", primary_key=True),
    _col("payload", JSONType, "The offending record as received, kept whole."),
    _col("payload_text", sa.Text, "The record as text when it was not valid JSON."),
    _col("run_id", sa.Integer, "The run that last met it (dh_runs.id)."),
    _col("first_seen", UTCDateTime, "When it was first refused (UTC).", nullable=False),
    _col("last_seen", UTCDateTime, "When it was last refused (UTC).", nullable=False),
    _col("seen_count", sa.Integer, "How many times it was refused.", nullable=False),
    _col("resolved_at", UTCDateTime, "When a later run stored it after all (UTC); NULL if not."),
    sa.Index(None, "last_seen"),
    comment="Records that could not be stored, with the reason; the rest of their page landed.",
)

dh_raw_responses = sa.Table(
    "dh_raw_responses",
    metadata,
    _col(
        "sha256", sa.Text, "SHA-256 of the uncompressed body, hex: the dedup key.", primary_key=True
    ),
    _col("endpoint", sa.Text, "API path template or path, e.g. /v1/results.", nullable=False),
    _col("path", sa.Text, "The path as requested, ids filled in."),
    _col(
        "params",
        JSONType,
        "Query parameters as [[name, value], ...] in request order; never credentials.",
    ),
    _col("status", sa.Integer, "HTTP status of the response.", nullable=False),
    _col(
        "first_fetched_at", UTCDateTime, "First time this body was received (UTC).", nullable=False
    ),
    _col(
        "last_fetched_at", UTCDateTime, "Latest time this body was received (UTC).", nullable=False
    ),
    _col("fetch_count", sa.Integer, "How many times this exact body was received.", nullable=False),
    _col("body_gzip", sa.LargeBinary, "The body, gzip-compressed.", nullable=False),
    _col("body_bytes", sa.Integer, "Size of the uncompressed body in bytes.", nullable=False),
    sa.Index(None, "endpoint", "last_fetched_at"),
    sa.Index(None, "last_fetched_at"),
    comment="Every API response body, compressed and deduplicated by hash, for replay.",
)

dh_amendments = sa.Table(
    "dh_amendments",
    metadata,
    _col(
        "table_name", sa.Text, "Table whose value changed, e.g. ra_mst_runners.", primary_key=True
    ),
    _col("record_key", sa.Text, "The row's natural key, e.g. rac_1:hrs_2.", primary_key=True),
    _col("column_name", sa.Text, "Column that changed.", primary_key=True),
    _col("changed_at", UTCDateTime, "When the change was stored (UTC).", primary_key=True),
    _col("old_value", sa.Text, "Value before, as text; NULL when it was empty."),
    _col("new_value", sa.Text, "Value after, as text; NULL when it is now empty."),
    _col("run_id", sa.Integer, "The run that stored the change (dh_runs.id)."),
    sa.Index(None, "changed_at"),
    comment="Stored results that changed later: stewards' placings, late ratings, BSP.",
)

dh_backfill_days = sa.Table(
    "dh_backfill_days",
    metadata,
    _col("kind", sa.Text, "What is being backfilled: results, racecards, odds.", primary_key=True),
    _col("day", sa.Date, "Race date (UK calendar).", primary_key=True),
    _col("status", sa.Text, "pending, done, failed or empty (no racing).", nullable=False),
    _col("attempts", sa.Integer, "Attempts so far.", nullable=False, server_default="0"),
    _col("last_error", sa.Text, "The latest failure, credentials removed."),
    _col("api_calls", sa.Integer, "API requests the day took."),
    _col("rows", sa.Integer, "Rows written for the day."),
    _col("updated_at", UTCDateTime, "When the day's state last changed (UTC).", nullable=False),
    sa.Index(None, "status", "day"),
    comment="Backfill progress, one row per kind and day, so a backfill resumes where it stopped.",
)

dh_locks = sa.Table(
    "dh_locks",
    metadata,
    _col("name", sa.Text, "Lock name, usually the job name.", primary_key=True),
    _col("holder", sa.Text, "Who holds it: host:pid:token.", nullable=False),
    _col("acquired_at", UTCDateTime, "When it was taken (UTC).", nullable=False),
    _col("expires_at", UTCDateTime, "When it lapses unless renewed (UTC).", nullable=False),
    comment="Job locks as rows, where advisory locks are unavailable (transaction poolers).",
)

dh_alerts = sa.Table(
    "dh_alerts",
    metadata,
    _col("key", sa.Text, "Alert identity, e.g. job_failed:results.", primary_key=True),
    _col("message", sa.Text, "The latest message, credentials removed.", nullable=False),
    _col("first_at", UTCDateTime, "When the condition was first seen (UTC).", nullable=False),
    _col("last_at", UTCDateTime, "When the condition was last seen (UTC).", nullable=False),
    _col("last_sent_at", UTCDateTime, "When it was last sent to the webhook (UTC); NULL if never."),
    _col("count", sa.Integer, "Times the condition was seen.", nullable=False),
    _col("active", sa.Boolean, "Still firing; False once resolved.", nullable=False),
    comment="Alert conditions, so each is sent once and repeats are counted, not re-sent.",
)

__all__ = [
    "dh_alerts",
    "dh_amendments",
    "dh_backfill_days",
    "dh_checkpoints",
    "dh_locks",
    "dh_quarantine",
    "dh_raw_responses",
    "dh_runs",
]
