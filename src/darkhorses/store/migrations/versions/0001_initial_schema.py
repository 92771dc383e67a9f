"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

# ruff: noqa: E501  (generated: long comment strings)

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dh_alerts",
        sa.Column(
            "key", sa.Text(), nullable=False, comment="Alert identity, e.g. job_failed:results."
        ),
        sa.Column(
            "message", sa.Text(), nullable=False, comment="The latest message, credentials removed."
        ),
        sa.Column(
            "first_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the condition was first seen (UTC).",
        ),
        sa.Column(
            "last_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the condition was last seen (UTC).",
        ),
        sa.Column(
            "last_sent_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When it was last sent to the webhook (UTC); NULL if never.",
        ),
        sa.Column("count", sa.Integer(), nullable=False, comment="Times the condition was seen."),
        sa.Column(
            "active", sa.Boolean(), nullable=False, comment="Still firing; False once resolved."
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_dh_alerts")),
        comment="Alert conditions, so each is sent once and repeats are counted, not re-sent.",
    )
    op.create_table(
        "dh_amendments",
        sa.Column(
            "table_name",
            sa.Text(),
            nullable=False,
            comment="Table whose value changed, e.g. ra_mst_runners.",
        ),
        sa.Column(
            "record_key",
            sa.Text(),
            nullable=False,
            comment="The row's natural key, e.g. rac_1:hrs_2.",
        ),
        sa.Column("column_name", sa.Text(), nullable=False, comment="Column that changed."),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the change was stored (UTC).",
        ),
        sa.Column(
            "old_value",
            sa.Text(),
            nullable=True,
            comment="Value before, as text; NULL when it was empty.",
        ),
        sa.Column(
            "new_value",
            sa.Text(),
            nullable=True,
            comment="Value after, as text; NULL when it is now empty.",
        ),
        sa.Column(
            "run_id",
            sa.Integer(),
            nullable=True,
            comment="The run that stored the change (dh_runs.id).",
        ),
        sa.PrimaryKeyConstraint(
            "table_name", "record_key", "column_name", "changed_at", name=op.f("pk_dh_amendments")
        ),
        comment="Stored results that changed later: stewards' placings, late ratings, BSP.",
    )
    with op.batch_alter_table("dh_amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dh_amendments_changed_at"), ["changed_at"], unique=False
        )

    op.create_table(
        "dh_backfill_days",
        sa.Column(
            "kind",
            sa.Text(),
            nullable=False,
            comment="What is being backfilled: results, racecards, odds.",
        ),
        sa.Column("day", sa.Date(), nullable=False, comment="Race date (UK calendar)."),
        sa.Column(
            "status",
            sa.Text(),
            nullable=False,
            comment="pending, done, failed or empty (no racing).",
        ),
        sa.Column(
            "attempts", sa.Integer(), server_default="0", nullable=False, comment="Attempts so far."
        ),
        sa.Column(
            "last_error",
            sa.Text(),
            nullable=True,
            comment="The latest failure, credentials removed.",
        ),
        sa.Column("api_calls", sa.Integer(), nullable=True, comment="API requests the day took."),
        sa.Column("rows", sa.Integer(), nullable=True, comment="Rows written for the day."),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the day's state last changed (UTC).",
        ),
        sa.PrimaryKeyConstraint("kind", "day", name=op.f("pk_dh_backfill_days")),
        comment="Backfill progress, one row per kind and day, so a backfill resumes where it stopped.",
    )
    with op.batch_alter_table("dh_backfill_days", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dh_backfill_days_status_day"), ["status", "day"], unique=False
        )

    op.create_table(
        "dh_checkpoints",
        sa.Column(
            "name",
            sa.Text(),
            nullable=False,
            comment="Checkpoint name, e.g. backfill:results or odds_live.",
        ),
        sa.Column(
            "state",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
            comment="Resume state, kept whole (dates done, cursor, ...).",
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the state was last written (UTC).",
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_dh_checkpoints")),
        comment="Resume state of jobs, kept in the database so it survives an ephemeral disk.",
    )
    op.create_table(
        "dh_locks",
        sa.Column("name", sa.Text(), nullable=False, comment="Lock name, usually the job name."),
        sa.Column("holder", sa.Text(), nullable=False, comment="Who holds it: host:pid:token."),
        sa.Column(
            "acquired_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When it was taken (UTC).",
        ),
        sa.Column(
            "expires_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When it lapses unless renewed (UTC).",
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_dh_locks")),
        comment="Job locks as rows, where advisory locks are unavailable (transaction poolers).",
    )
    op.create_table(
        "dh_quarantine",
        sa.Column(
            "source",
            sa.Text(),
            nullable=False,
            comment="Where it came from: endpoint or file kind.",
        ),
        sa.Column(
            "record_key", sa.Text(), nullable=False, comment="The record's id(s), e.g. rac_1:hrs_2."
        ),
        sa.Column(
            "reason",
            sa.Text(),
            nullable=False,
            comment="Why it was refused: the validation or parse error.",
        ),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="The offending record as received, kept whole.",
        ),
        sa.Column(
            "payload_text",
            sa.Text(),
            nullable=True,
            comment="The record as text when it was not valid JSON.",
        ),
        sa.Column(
            "run_id", sa.Integer(), nullable=True, comment="The run that last met it (dh_runs.id)."
        ),
        sa.Column(
            "first_seen",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When it was first refused (UTC).",
        ),
        sa.Column(
            "last_seen",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When it was last refused (UTC).",
        ),
        sa.Column(
            "seen_count", sa.Integer(), nullable=False, comment="How many times it was refused."
        ),
        sa.Column(
            "resolved_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When a later run stored it after all (UTC); NULL if not.",
        ),
        sa.PrimaryKeyConstraint("source", "record_key", "reason", name=op.f("pk_dh_quarantine")),
        comment="Records that could not be stored, with the reason; the rest of their page landed.",
    )
    with op.batch_alter_table("dh_quarantine", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dh_quarantine_last_seen"), ["last_seen"], unique=False)

    op.create_table(
        "dh_raw_responses",
        sa.Column(
            "sha256",
            sa.Text(),
            nullable=False,
            comment="SHA-256 of the uncompressed body, hex: the dedup key.",
        ),
        sa.Column(
            "endpoint",
            sa.Text(),
            nullable=False,
            comment="API path template or path, e.g. /v1/results.",
        ),
        sa.Column(
            "path", sa.Text(), nullable=True, comment="The path as requested, ids filled in."
        ),
        sa.Column(
            "params",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Query parameters as [[name, value], ...] in request order; never credentials.",
        ),
        sa.Column("status", sa.Integer(), nullable=False, comment="HTTP status of the response."),
        sa.Column(
            "first_fetched_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="First time this body was received (UTC).",
        ),
        sa.Column(
            "last_fetched_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="Latest time this body was received (UTC).",
        ),
        sa.Column(
            "fetch_count",
            sa.Integer(),
            nullable=False,
            comment="How many times this exact body was received.",
        ),
        sa.Column(
            "body_gzip", sa.LargeBinary(), nullable=False, comment="The body, gzip-compressed."
        ),
        sa.Column(
            "body_bytes",
            sa.Integer(),
            nullable=False,
            comment="Size of the uncompressed body in bytes.",
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_dh_raw_responses")),
        comment="Every API response body, compressed and deduplicated by hash, for replay.",
    )
    with op.batch_alter_table("dh_raw_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dh_raw_responses_endpoint_last_fetched_at"),
            ["endpoint", "last_fetched_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_dh_raw_responses_last_fetched_at"), ["last_fetched_at"], unique=False
        )

    op.create_table(
        "dh_runs",
        sa.Column(
            "id", sa.Integer(), nullable=False, comment="Run number, assigned by the database."
        ),
        sa.Column(
            "job",
            sa.Text(),
            nullable=False,
            comment="Job name: masters, racecards, results, odds_live, ...",
        ),
        sa.Column(
            "trigger",
            sa.Text(),
            nullable=True,
            comment="What started it: schedule, cli, demo, backfill, service.",
        ),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the run started (UTC).",
        ),
        sa.Column(
            "finished_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the run ended (UTC); NULL while running.",
        ),
        sa.Column(
            "status", sa.Text(), nullable=False, comment="running, success, partial or failed."
        ),
        sa.Column(
            "rows",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment='Rows by table and outcome: {"ra_mst_runners": {"inserted": 9}}.',
        ),
        sa.Column(
            "counts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Other counts: races fetched, filtered foreign, quarantined, ...",
        ),
        sa.Column(
            "api_calls",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="API requests the run made.",
        ),
        sa.Column(
            "error",
            sa.Text(),
            nullable=True,
            comment="The failure or problems, credentials removed; NULL on success.",
        ),
        sa.Column(
            "params",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="The run's arguments: date range, entities, flags.",
        ),
        sa.Column(
            "host", sa.Text(), nullable=True, comment="Host name of the process that ran it."
        ),
        sa.Column(
            "pid", sa.Integer(), nullable=True, comment="Process id of the process that ran it."
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dh_runs")),
        comment="One row per job run: when, outcome, counts, API calls, error.",
    )
    with op.batch_alter_table("dh_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dh_runs_job_started_at"), ["job", "started_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dh_runs_started_at"), ["started_at"], unique=False)

    op.create_table(
        "ra_entity_combinations",
        sa.Column("jockey_id", sa.Text(), nullable=False, comment="Jockey id, jky_..."),
        sa.Column("trainer_id", sa.Text(), nullable=False, comment="Trainer id, trn_..."),
        sa.Column(
            "runs", sa.Integer(), nullable=False, comment="Runs by the jockey for the trainer."
        ),
        sa.Column(
            "wins",
            sa.Integer(),
            nullable=False,
            comment="Wins by the jockey for the trainer, dead-heaters included.",
        ),
        sa.Column(
            "seconds",
            sa.Integer(),
            nullable=False,
            comment="2nd places by the jockey for the trainer.",
        ),
        sa.Column(
            "thirds",
            sa.Integer(),
            nullable=False,
            comment="3rd places by the jockey for the trainer.",
        ),
        sa.Column(
            "places",
            sa.Integer(),
            nullable=False,
            comment="1st, 2nd or 3rd finishes by the jockey for the trainer.",
        ),
        sa.Column(
            "win_percent",
            sa.Numeric(precision=7, scale=3),
            nullable=True,
            comment="Wins / runs, 0..100.",
        ),
        sa.Column(
            "place_percent",
            sa.Numeric(precision=7, scale=3),
            nullable=True,
            comment="Places / runs, 0..100.",
        ),
        sa.Column(
            "ae_index",
            sa.Numeric(precision=9, scale=4),
            nullable=True,
            comment="A/E: wins / sum(1 / SP decimal) over runs with an SP.",
        ),
        sa.Column(
            "profit_loss_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at SP, 1 unit a run (dead-heat rule).",
        ),
        sa.Column(
            "profit_loss_bsp_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at BSP over runs with a BSP.",
        ),
        sa.Column(
            "first_run_date",
            sa.Date(),
            nullable=True,
            comment="Date of the first run by the jockey for the trainer.",
        ),
        sa.Column(
            "last_run_date",
            sa.Date(),
            nullable=True,
            comment="Date of the latest run by the jockey for the trainer.",
        ),
        sa.Column(
            "last_win_date",
            sa.Date(),
            nullable=True,
            comment="Date of the latest win by the jockey for the trainer.",
        ),
        sa.Column(
            "computed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the stats job last computed this row (UTC).",
        ),
        sa.PrimaryKeyConstraint("jockey_id", "trainer_id", name=op.f("pk_ra_entity_combinations")),
        comment="Jockey x trainer pairs with at least the configured number of runs (default 5).",
    )
    with op.batch_alter_table("ra_entity_combinations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ra_entity_combinations_trainer_id"), ["trainer_id"], unique=False
        )

    op.create_table(
        "ra_mst_bookmakers",
        sa.Column(
            "id",
            sa.Text(),
            nullable=False,
            comment="Canonical bookmaker id: slug of the display name, e.g. bet365, betfair-exchange.",
        ),
        sa.Column(
            "name",
            sa.Text(),
            nullable=False,
            comment="Display name as the API writes it, e.g. Bet365 (seed, odds).",
        ),
        sa.Column(
            "type",
            sa.Text(),
            nullable=True,
            comment="fixed (fixed-odds bookmaker) or exchange (seed, odds).",
        ),
        sa.Column(
            "first_seen_date",
            sa.Date(),
            nullable=True,
            comment="Race date of the first card whose odds named it; set once, on insert.",
        ),
        sa.Column(
            "last_seen_date",
            sa.Date(),
            nullable=True,
            comment="Race date of the latest card whose odds named it (odds).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ra_mst_bookmakers")),
        comment="Bookmakers quoting prices: a seed list plus any new name met in odds.",
    )
    op.create_table(
        "ra_mst_courses",
        sa.Column(
            "id",
            sa.Text(),
            nullable=False,
            comment="API course id, crs_... (courses, card, result).",
        ),
        sa.Column(
            "name",
            sa.Text(),
            nullable=True,
            comment="Course name as the API lists it, e.g. Kempton (AW) (courses).",
        ),
        sa.Column(
            "region_code",
            sa.Text(),
            nullable=True,
            comment="Region code, upper case: GB, IRE (courses).",
        ),
        sa.Column(
            "region", sa.Text(), nullable=True, comment="Region name, e.g. Great Britain (courses)."
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ra_mst_courses")),
        comment="Racecourses; all-weather tracks are separate courses as in the API.",
    )
    op.create_table(
        "ra_mst_dams",
        sa.Column(
            "id", sa.Text(), nullable=False, comment="API dam id, dam_... (card, result, profile)."
        ),
        sa.Column(
            "name",
            sa.Text(),
            nullable=True,
            comment="Dam name without region suffix (card, result, profile).",
        ),
        sa.Column(
            "region",
            sa.Text(),
            nullable=True,
            comment="Dam's country of breeding (card; name suffix).",
        ),
        sa.Column(
            "horse_id",
            sa.Text(),
            nullable=True,
            comment="The dam's own horse id: the dam_ id with hrs_ prefix.",
        ),
        sa.Column(
            "total_progeny",
            sa.Integer(),
            nullable=True,
            comment="Distinct progeny with at least one run (stats job).",
        ),
        sa.Column(
            "total_runners", sa.Integer(), nullable=True, comment="Runs by the progeny (stats job)."
        ),
        sa.Column(
            "total_wins", sa.Integer(), nullable=True, comment="Wins by the progeny (stats job)."
        ),
        sa.Column(
            "total_places_2nd",
            sa.Integer(),
            nullable=True,
            comment="2nd places by the progeny (stats job).",
        ),
        sa.Column(
            "total_places_3rd",
            sa.Integer(),
            nullable=True,
            comment="3rd places by the progeny (stats job).",
        ),
        sa.Column(
            "overall_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Wins / runs as a percentage 0..100 (stats job).",
        ),
        sa.Column(
            "overall_ae_index",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Actual / expected wins from SP over all runs (stats job).",
        ),
        sa.Column(
            "profit_loss_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at SP for 1 unit a run (stats job).",
        ),
        sa.Column(
            "best_class",
            sa.Text(),
            nullable=True,
            comment="Race class with the best A/E among qualifying classes (stats job).",
        ),
        sa.Column(
            "best_class_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in best_class (stats job).",
        ),
        sa.Column(
            "best_distance",
            sa.Text(),
            nullable=True,
            comment="Distance band with the best A/E (stats job).",
        ),
        sa.Column(
            "best_distance_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in best_distance (stats job).",
        ),
        sa.Column(
            "class_1_name",
            sa.Text(),
            nullable=True,
            comment="Name of the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_2_name",
            sa.Text(),
            nullable=True,
            comment="Name of the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_3_name",
            sa.Text(),
            nullable=True,
            comment="Name of the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_name",
            sa.Text(),
            nullable=True,
            comment="Name of the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_name",
            sa.Text(),
            nullable=True,
            comment="Name of the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_name",
            sa.Text(),
            nullable=True,
            comment="Name of the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "going_breakdown",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Runs, wins and A/E per going bucket (stats job).",
        ),
        sa.Column(
            "surface_breakdown",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Runs, wins and A/E per surface (stats job).",
        ),
        sa.Column(
            "data_quality_score",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Share 0..1 of the runs that had an SP, class and distance (stats job).",
        ),
        sa.Column(
            "analysis_last_updated",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the stats job last computed this row (UTC).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ra_mst_dams")),
        comment="Dams of the horses met, with the figures of their progeny.",
    )
    op.create_table(
        "ra_mst_damsires",
        sa.Column(
            "id",
            sa.Text(),
            nullable=False,
            comment="API damsire id, dsi_... (card, result, profile).",
        ),
        sa.Column(
            "name",
            sa.Text(),
            nullable=True,
            comment="Damsire name without region suffix (card, result, profile).",
        ),
        sa.Column(
            "region",
            sa.Text(),
            nullable=True,
            comment="Damsire's country of breeding (card; name suffix).",
        ),
        sa.Column(
            "horse_id",
            sa.Text(),
            nullable=True,
            comment="The damsire's own horse id: the dsi_ id with hrs_ prefix.",
        ),
        sa.Column(
            "total_progeny",
            sa.Integer(),
            nullable=True,
            comment="Distinct grand-offspring with at least one run (stats job).",
        ),
        sa.Column(
            "total_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs by the grand-offspring (stats job).",
        ),
        sa.Column(
            "total_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins by the grand-offspring (stats job).",
        ),
        sa.Column(
            "total_places_2nd",
            sa.Integer(),
            nullable=True,
            comment="2nd places by the grand-offspring (stats job).",
        ),
        sa.Column(
            "total_places_3rd",
            sa.Integer(),
            nullable=True,
            comment="3rd places by the grand-offspring (stats job).",
        ),
        sa.Column(
            "overall_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Wins / runs as a percentage 0..100 (stats job).",
        ),
        sa.Column(
            "overall_ae_index",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Actual / expected wins from SP over all runs (stats job).",
        ),
        sa.Column(
            "profit_loss_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at SP for 1 unit a run (stats job).",
        ),
        sa.Column(
            "best_class",
            sa.Text(),
            nullable=True,
            comment="Race class with the best A/E among qualifying classes (stats job).",
        ),
        sa.Column(
            "best_class_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in best_class (stats job).",
        ),
        sa.Column(
            "best_distance",
            sa.Text(),
            nullable=True,
            comment="Distance band with the best A/E (stats job).",
        ),
        sa.Column(
            "best_distance_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in best_distance (stats job).",
        ),
        sa.Column(
            "class_1_name",
            sa.Text(),
            nullable=True,
            comment="Name of the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_2_name",
            sa.Text(),
            nullable=True,
            comment="Name of the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_3_name",
            sa.Text(),
            nullable=True,
            comment="Name of the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_name",
            sa.Text(),
            nullable=True,
            comment="Name of the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_name",
            sa.Text(),
            nullable=True,
            comment="Name of the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_name",
            sa.Text(),
            nullable=True,
            comment="Name of the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "going_breakdown",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Runs, wins and A/E per going bucket (stats job).",
        ),
        sa.Column(
            "surface_breakdown",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Runs, wins and A/E per surface (stats job).",
        ),
        sa.Column(
            "data_quality_score",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Share 0..1 of the runs that had an SP, class and distance (stats job).",
        ),
        sa.Column(
            "analysis_last_updated",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the stats job last computed this row (UTC).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ra_mst_damsires")),
        comment="Damsires of the horses met, with the figures of their grand-offspring.",
    )
    op.create_table(
        "ra_mst_horses",
        sa.Column(
            "id",
            sa.Text(),
            nullable=False,
            comment="API horse id, hrs_... (card, result, profile).",
        ),
        sa.Column(
            "name",
            sa.Text(),
            nullable=True,
            comment="Name without the region suffix: Veraison (card, result, profile).",
        ),
        sa.Column(
            "region",
            sa.Text(),
            nullable=True,
            comment="Country of breeding, e.g. IRE: the card's region, or the suffix of a result name.",
        ),
        sa.Column("dob", sa.Date(), nullable=True, comment="Date of birth (card, profile)."),
        sa.Column(
            "sex",
            sa.Text(),
            nullable=True,
            comment="Sex as a word: colt, filly, gelding, horse, mare (card, profile).",
        ),
        sa.Column(
            "sex_code",
            sa.Text(),
            nullable=True,
            comment="Sex code: C, F, G, H, M (card, result, profile).",
        ),
        sa.Column(
            "colour",
            sa.Text(),
            nullable=True,
            comment="Colour as the API writes it: b, ch, gr, b/br (card, profile).",
        ),
        sa.Column(
            "colour_code",
            sa.Text(),
            nullable=True,
            comment="Colour code, upper case: B, CH (profile; derived from colour on cards).",
        ),
        sa.Column("breeder", sa.Text(), nullable=True, comment="Breeder (card, profile)."),
        sa.Column(
            "sire_id", sa.Text(), nullable=True, comment="Sire id, sir_... (card, result, profile)."
        ),
        sa.Column(
            "dam_id", sa.Text(), nullable=True, comment="Dam id, dam_... (card, result, profile)."
        ),
        sa.Column(
            "damsire_id",
            sa.Text(),
            nullable=True,
            comment="Damsire id, dsi_... (card, result, profile).",
        ),
        sa.Column(
            "profile_status",
            sa.Text(),
            nullable=True,
            comment="Profile enrichment: pro, standard, none (404) or failed (enrich job).",
        ),
        sa.Column(
            "profile_checked_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the profile was last requested, UTC (enrich job).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ra_mst_horses")),
        comment="Horses met on cards, in results and in profiles.",
    )
    with op.batch_alter_table("ra_mst_horses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ra_mst_horses_dam_id"), ["dam_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ra_mst_horses_damsire_id"), ["damsire_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ra_mst_horses_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_ra_mst_horses_sire_id"), ["sire_id"], unique=False)

    op.create_table(
        "ra_mst_jockeys",
        sa.Column(
            "id", sa.Text(), nullable=False, comment="API jockey id, jky_... (card, result)."
        ),
        sa.Column(
            "name",
            sa.Text(),
            nullable=True,
            comment="Jockey name without the claim suffix (card, result).",
        ),
        sa.Column(
            "total_rides",
            sa.Integer(),
            nullable=True,
            comment="Career rides in stored results (stats job).",
        ),
        sa.Column(
            "total_wins",
            sa.Integer(),
            nullable=True,
            comment="Career wins, dead-heaters included (stats job).",
        ),
        sa.Column(
            "total_places",
            sa.Integer(),
            nullable=True,
            comment="Career 1st, 2nd or 3rd finishes (stats job).",
        ),
        sa.Column(
            "total_seconds", sa.Integer(), nullable=True, comment="Career 2nd places (stats job)."
        ),
        sa.Column(
            "total_thirds", sa.Integer(), nullable=True, comment="Career 3rd places (stats job)."
        ),
        sa.Column(
            "win_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Wins / rides, a fraction 0..1 (stats job).",
        ),
        sa.Column(
            "place_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Places / rides, a fraction 0..1 (stats job).",
        ),
        sa.Column(
            "ae_index",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Actual / expected wins: wins / sum(1/SP decimal) (stats job).",
        ),
        sa.Column(
            "profit_loss_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at SP for 1 unit a run (stats job).",
        ),
        sa.Column(
            "last_ride_date",
            sa.Date(),
            nullable=True,
            comment="Date of the latest ride (stats job).",
        ),
        sa.Column(
            "last_win_date", sa.Date(), nullable=True, comment="Date of the latest win (stats job)."
        ),
        sa.Column(
            "days_since_last_ride",
            sa.Integer(),
            nullable=True,
            comment="Days from the latest ride to the as-of date (stats job).",
        ),
        sa.Column(
            "days_since_last_win",
            sa.Integer(),
            nullable=True,
            comment="Days from the latest win to the as-of date.",
        ),
        sa.Column(
            "recent_14d_rides",
            sa.Integer(),
            nullable=True,
            comment="rides in the 14 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_14d_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the 14 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_14d_win_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win rate over the last 14 days (stats job).",
        ),
        sa.Column(
            "recent_14d_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E over the last 14 days (stats job).",
        ),
        sa.Column(
            "recent_30d_rides",
            sa.Integer(),
            nullable=True,
            comment="rides in the 30 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_30d_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the 30 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_30d_win_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win rate over the last 30 days (stats job).",
        ),
        sa.Column(
            "recent_30d_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E over the last 30 days (stats job).",
        ),
        sa.Column(
            "stats_as_of",
            sa.Date(),
            nullable=True,
            comment="The as-of date the figures were computed for (stats job).",
        ),
        sa.Column(
            "stats_updated_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the stats job last computed this row (UTC).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ra_mst_jockeys")),
        comment="Jockeys met on cards and in results, with their form (stats job).",
    )
    op.create_table(
        "ra_mst_owners",
        sa.Column("id", sa.Text(), nullable=False, comment="API owner id, own_... (card, result)."),
        sa.Column("name", sa.Text(), nullable=True, comment="Owner name (card, result)."),
        sa.Column(
            "total_runners",
            sa.Integer(),
            nullable=True,
            comment="Career runs in stored results (stats job).",
        ),
        sa.Column(
            "total_wins",
            sa.Integer(),
            nullable=True,
            comment="Career wins, dead-heaters included (stats job).",
        ),
        sa.Column(
            "total_places",
            sa.Integer(),
            nullable=True,
            comment="Career 1st, 2nd or 3rd finishes (stats job).",
        ),
        sa.Column(
            "total_seconds", sa.Integer(), nullable=True, comment="Career 2nd places (stats job)."
        ),
        sa.Column(
            "total_thirds", sa.Integer(), nullable=True, comment="Career 3rd places (stats job)."
        ),
        sa.Column(
            "win_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Wins / runs, a fraction 0..1 (stats job).",
        ),
        sa.Column(
            "place_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Places / runs, a fraction 0..1 (stats job).",
        ),
        sa.Column(
            "ae_index",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Actual / expected wins: wins / sum(1/SP decimal) (stats job).",
        ),
        sa.Column(
            "profit_loss_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at SP for 1 unit a run (stats job).",
        ),
        sa.Column(
            "last_runner_date",
            sa.Date(),
            nullable=True,
            comment="Date of the latest runner (stats job).",
        ),
        sa.Column(
            "last_win_date", sa.Date(), nullable=True, comment="Date of the latest win (stats job)."
        ),
        sa.Column(
            "days_since_last_runner",
            sa.Integer(),
            nullable=True,
            comment="Days from the latest runner to the as-of date (stats job).",
        ),
        sa.Column(
            "days_since_last_win",
            sa.Integer(),
            nullable=True,
            comment="Days from the latest win to the as-of date.",
        ),
        sa.Column(
            "recent_14d_runs",
            sa.Integer(),
            nullable=True,
            comment="runs in the 14 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_14d_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the 14 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_14d_win_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win rate over the last 14 days (stats job).",
        ),
        sa.Column(
            "recent_14d_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E over the last 14 days (stats job).",
        ),
        sa.Column(
            "recent_30d_runs",
            sa.Integer(),
            nullable=True,
            comment="runs in the 30 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_30d_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the 30 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_30d_win_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win rate over the last 30 days (stats job).",
        ),
        sa.Column(
            "recent_30d_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E over the last 30 days (stats job).",
        ),
        sa.Column(
            "stats_as_of",
            sa.Date(),
            nullable=True,
            comment="The as-of date the figures were computed for (stats job).",
        ),
        sa.Column(
            "stats_updated_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the stats job last computed this row (UTC).",
        ),
        sa.Column(
            "total_horses",
            sa.Integer(),
            nullable=True,
            comment="Distinct horses that ran in these colours (stats job).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ra_mst_owners")),
        comment="Owners met on cards and in results, with their form (stats job).",
    )
    op.create_table(
        "ra_mst_races",
        sa.Column("id", sa.Text(), nullable=False, comment="API race id, rac_... (card, result)."),
        sa.Column(
            "course_id", sa.Text(), nullable=True, comment="Course id, crs_... (card, result)."
        ),
        sa.Column(
            "course",
            sa.Text(),
            nullable=True,
            comment="Course name as given, e.g. Kempton (AW) (card, result).",
        ),
        sa.Column(
            "date",
            sa.Date(),
            nullable=False,
            comment="Race date on the UK calendar (card, result).",
        ),
        sa.Column(
            "off_time",
            sa.Text(),
            nullable=True,
            comment="Off time as the API writes it: 12-hour UK clock, 1:50 = 13:50; text only (card, result).",
        ),
        sa.Column(
            "off_dt",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Scheduled off, a UTC instant (card, result: off_dt).",
        ),
        sa.Column("race_name", sa.Text(), nullable=True, comment="Race title (card, result)."),
        sa.Column(
            "region",
            sa.Text(),
            nullable=True,
            comment="Region code of the course: GB, IRE (card, result).",
        ),
        sa.Column(
            "type",
            sa.Text(),
            nullable=True,
            comment="Flat, Hurdle, Chase or NH Flat (card, result).",
        ),
        sa.Column(
            "race_class",
            sa.Text(),
            nullable=True,
            comment="Class 1..Class 7, NULL for unclassed and Irish races (card, result).",
        ),
        sa.Column(
            "pattern",
            sa.Text(),
            nullable=True,
            comment="Group 1, Grade 2, Listed... (card, result).",
        ),
        sa.Column(
            "age_band", sa.Text(), nullable=True, comment="Age condition, e.g. 3yo+ (card, result)."
        ),
        sa.Column(
            "rating_band",
            sa.Text(),
            nullable=True,
            comment="Rating band, e.g. 0-70 (card, result).",
        ),
        sa.Column(
            "sex_restriction",
            sa.Text(),
            nullable=True,
            comment="Sex condition, e.g. F, C&G (card, result: sex_rest).",
        ),
        sa.Column(
            "distance",
            sa.Text(),
            nullable=True,
            comment="Exact distance as the card writes it, e.g. 2m53y (card).",
        ),
        sa.Column(
            "distance_round",
            sa.Text(),
            nullable=True,
            comment="Distance to the furlong as written: 2m (card; result dist).",
        ),
        sa.Column(
            "distance_f",
            sa.Numeric(precision=6, scale=2),
            nullable=True,
            comment="Distance in furlongs (card distance_f; result dist_f).",
        ),
        sa.Column(
            "distance_y",
            sa.Integer(),
            nullable=True,
            comment="Distance in yards (result dist_y; card: parsed from distance).",
        ),
        sa.Column(
            "distance_m", sa.Integer(), nullable=True, comment="Distance in metres (result)."
        ),
        sa.Column(
            "going",
            sa.Text(),
            nullable=True,
            comment="Going description, e.g. Good To Soft (card; the official final going from the result).",
        ),
        sa.Column(
            "going_detailed", sa.Text(), nullable=True, comment="Detailed going text (card)."
        ),
        sa.Column("surface", sa.Text(), nullable=True, comment="Turf or AW (card, result)."),
        sa.Column(
            "jumps",
            sa.Text(),
            nullable=True,
            comment="Obstacles, e.g. 8 hurdles (card standard+, result).",
        ),
        sa.Column("rail_movements", sa.Text(), nullable=True, comment="Rail movements (card)."),
        sa.Column("stalls", sa.Text(), nullable=True, comment="Stalls position (card)."),
        sa.Column("weather", sa.Text(), nullable=True, comment="Weather note (card)."),
        sa.Column(
            "prize",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Race prize fund, e.g. 4193.00 from £4,193 (card).",
        ),
        sa.Column(
            "prize_currency",
            sa.Text(),
            nullable=True,
            comment="Currency of prize: GBP or EUR (card).",
        ),
        sa.Column(
            "prize_raw", sa.Text(), nullable=True, comment="Prize as written, e.g. £4,193 (card)."
        ),
        sa.Column(
            "field_size",
            sa.Integer(),
            nullable=True,
            comment="Runners declared (card); the number that ran once the result is in (result).",
        ),
        sa.Column(
            "big_race", sa.Boolean(), nullable=True, comment="Flagged as a big race (card basic+)."
        ),
        sa.Column(
            "is_abandoned",
            sa.Boolean(),
            nullable=True,
            comment="Meeting or race abandoned (card basic+).",
        ),
        sa.Column(
            "race_status",
            sa.Text(),
            nullable=True,
            comment="The card's race_status, e.g. result (card).",
        ),
        sa.Column("tip", sa.Text(), nullable=True, comment="Tipster's selection (card standard+)."),
        sa.Column("verdict", sa.Text(), nullable=True, comment="Race verdict (card standard+)."),
        sa.Column(
            "betting_forecast",
            sa.Text(),
            nullable=True,
            comment="Betting forecast, e.g. 15/8 Horse, 7/2 Other (card standard+).",
        ),
        sa.Column(
            "card_source",
            sa.Text(),
            nullable=True,
            comment="Racecard tier that last wrote the card columns: free, basic, standard, pro (card).",
        ),
        sa.Column(
            "has_result",
            sa.Boolean(),
            server_default=sa.text("(false)"),
            nullable=False,
            comment="True once a result has been stored (result); false until then.",
        ),
        sa.Column(
            "result_source",
            sa.Text(),
            nullable=True,
            comment="Results tier that last wrote the result columns: free, basic, standard (result).",
        ),
        sa.Column(
            "winning_time_detail",
            sa.Text(),
            nullable=True,
            comment="Winning time text, e.g. 2m 19.97s (slow by 2.07s) (result).",
        ),
        sa.Column(
            "winning_time_s",
            sa.Numeric(precision=9, scale=2),
            nullable=True,
            comment="Winning time in seconds, e.g. 139.97 (result).",
        ),
        sa.Column("comments", sa.Text(), nullable=True, comment="Race comments (result)."),
        sa.Column(
            "non_runners",
            sa.Text(),
            nullable=True,
            comment="Non-runners with reasons, as written (result).",
        ),
        sa.Column(
            "tote_win",
            sa.Text(),
            nullable=True,
            comment="Tote win dividend as written, e.g. £9.50 (result).",
        ),
        sa.Column(
            "tote_pl",
            sa.Text(),
            nullable=True,
            comment="Tote place dividends as written, e.g. £2.80 £1.50 (result).",
        ),
        sa.Column("tote_ex", sa.Text(), nullable=True, comment="Tote exacta as written (result)."),
        sa.Column(
            "tote_csf",
            sa.Text(),
            nullable=True,
            comment="Computer straight forecast as written (result).",
        ),
        sa.Column("tote_tricast", sa.Text(), nullable=True, comment="Tricast as written (result)."),
        sa.Column(
            "tote_trifecta", sa.Text(), nullable=True, comment="Tote trifecta as written (result)."
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ra_mst_races")),
        comment="One row per race; card columns and result columns owned separately.",
    )
    with op.batch_alter_table("ra_mst_races", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ra_mst_races_course_id_date"), ["course_id", "date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ra_mst_races_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_ra_mst_races_off_dt"), ["off_dt"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ra_mst_races_region_date"), ["region", "date"], unique=False
        )

    op.create_table(
        "ra_mst_regions",
        sa.Column(
            "id",
            sa.Text(),
            nullable=False,
            comment="Region code, upper case as races carry it: GB, IRE, FR (courses).",
        ),
        sa.Column(
            "name", sa.Text(), nullable=False, comment="Region name, e.g. Great Britain (courses)."
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ra_mst_regions")),
        comment="Racing regions known to the API (from /v1/courses/regions).",
    )
    op.create_table(
        "ra_mst_sires",
        sa.Column(
            "id", sa.Text(), nullable=False, comment="API sire id, sir_... (card, result, profile)."
        ),
        sa.Column(
            "name",
            sa.Text(),
            nullable=True,
            comment="Sire name without region suffix (card, result, profile).",
        ),
        sa.Column(
            "region",
            sa.Text(),
            nullable=True,
            comment="Sire's country of breeding (card; name suffix).",
        ),
        sa.Column(
            "horse_id",
            sa.Text(),
            nullable=True,
            comment="The sire's own horse id: the sir_ id with hrs_ prefix.",
        ),
        sa.Column(
            "total_progeny",
            sa.Integer(),
            nullable=True,
            comment="Distinct progeny with at least one run (stats job).",
        ),
        sa.Column(
            "total_runners", sa.Integer(), nullable=True, comment="Runs by the progeny (stats job)."
        ),
        sa.Column(
            "total_wins", sa.Integer(), nullable=True, comment="Wins by the progeny (stats job)."
        ),
        sa.Column(
            "total_places_2nd",
            sa.Integer(),
            nullable=True,
            comment="2nd places by the progeny (stats job).",
        ),
        sa.Column(
            "total_places_3rd",
            sa.Integer(),
            nullable=True,
            comment="3rd places by the progeny (stats job).",
        ),
        sa.Column(
            "overall_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Wins / runs as a percentage 0..100 (stats job).",
        ),
        sa.Column(
            "overall_ae_index",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Actual / expected wins from SP over all runs (stats job).",
        ),
        sa.Column(
            "profit_loss_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at SP for 1 unit a run (stats job).",
        ),
        sa.Column(
            "best_class",
            sa.Text(),
            nullable=True,
            comment="Race class with the best A/E among qualifying classes (stats job).",
        ),
        sa.Column(
            "best_class_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in best_class (stats job).",
        ),
        sa.Column(
            "best_distance",
            sa.Text(),
            nullable=True,
            comment="Distance band with the best A/E (stats job).",
        ),
        sa.Column(
            "best_distance_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in best_distance (stats job).",
        ),
        sa.Column(
            "class_1_name",
            sa.Text(),
            nullable=True,
            comment="Name of the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_1_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the class ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "class_2_name",
            sa.Text(),
            nullable=True,
            comment="Name of the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_2_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the class ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "class_3_name",
            sa.Text(),
            nullable=True,
            comment="Name of the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "class_3_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the class ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_name",
            sa.Text(),
            nullable=True,
            comment="Name of the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_1_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the distance ranked 1 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_name",
            sa.Text(),
            nullable=True,
            comment="Name of the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_2_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the distance ranked 2 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_name",
            sa.Text(),
            nullable=True,
            comment="Name of the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_runners",
            sa.Integer(),
            nullable=True,
            comment="Runs in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_win_percent",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win percentage in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "distance_3_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E in the distance ranked 3 by runs (stats job).",
        ),
        sa.Column(
            "going_breakdown",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Runs, wins and A/E per going bucket (stats job).",
        ),
        sa.Column(
            "surface_breakdown",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Runs, wins and A/E per surface (stats job).",
        ),
        sa.Column(
            "data_quality_score",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Share 0..1 of the runs that had an SP, class and distance (stats job).",
        ),
        sa.Column(
            "analysis_last_updated",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the stats job last computed this row (UTC).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ra_mst_sires")),
        comment="Sires of the horses met, with the figures of their progeny.",
    )
    op.create_table(
        "ra_mst_trainers",
        sa.Column(
            "id", sa.Text(), nullable=False, comment="API trainer id, trn_... (card, result)."
        ),
        sa.Column("name", sa.Text(), nullable=True, comment="Trainer name (card, result)."),
        sa.Column(
            "location",
            sa.Text(),
            nullable=True,
            comment="Trainer's yard, e.g. Brompton Regis, Somerset (card).",
        ),
        sa.Column(
            "total_runners",
            sa.Integer(),
            nullable=True,
            comment="Career runs in stored results (stats job).",
        ),
        sa.Column(
            "total_wins",
            sa.Integer(),
            nullable=True,
            comment="Career wins, dead-heaters included (stats job).",
        ),
        sa.Column(
            "total_places",
            sa.Integer(),
            nullable=True,
            comment="Career 1st, 2nd or 3rd finishes (stats job).",
        ),
        sa.Column(
            "total_seconds", sa.Integer(), nullable=True, comment="Career 2nd places (stats job)."
        ),
        sa.Column(
            "total_thirds", sa.Integer(), nullable=True, comment="Career 3rd places (stats job)."
        ),
        sa.Column(
            "win_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Wins / runs, a fraction 0..1 (stats job).",
        ),
        sa.Column(
            "place_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Places / runs, a fraction 0..1 (stats job).",
        ),
        sa.Column(
            "ae_index",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Actual / expected wins: wins / sum(1/SP decimal) (stats job).",
        ),
        sa.Column(
            "profit_loss_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at SP for 1 unit a run (stats job).",
        ),
        sa.Column(
            "last_runner_date",
            sa.Date(),
            nullable=True,
            comment="Date of the latest runner (stats job).",
        ),
        sa.Column(
            "last_win_date", sa.Date(), nullable=True, comment="Date of the latest win (stats job)."
        ),
        sa.Column(
            "days_since_last_runner",
            sa.Integer(),
            nullable=True,
            comment="Days from the latest runner to the as-of date (stats job).",
        ),
        sa.Column(
            "days_since_last_win",
            sa.Integer(),
            nullable=True,
            comment="Days from the latest win to the as-of date.",
        ),
        sa.Column(
            "recent_14d_runs",
            sa.Integer(),
            nullable=True,
            comment="runs in the 14 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_14d_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the 14 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_14d_win_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win rate over the last 14 days (stats job).",
        ),
        sa.Column(
            "recent_14d_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E over the last 14 days (stats job).",
        ),
        sa.Column(
            "recent_30d_runs",
            sa.Integer(),
            nullable=True,
            comment="runs in the 30 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_30d_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the 30 days to the as-of date (stats job).",
        ),
        sa.Column(
            "recent_30d_win_rate",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="Win rate over the last 30 days (stats job).",
        ),
        sa.Column(
            "recent_30d_ae",
            sa.Numeric(precision=7, scale=4),
            nullable=True,
            comment="A/E over the last 30 days (stats job).",
        ),
        sa.Column(
            "stats_as_of",
            sa.Date(),
            nullable=True,
            comment="The as-of date the figures were computed for (stats job).",
        ),
        sa.Column(
            "stats_updated_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the stats job last computed this row (UTC).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ra_mst_trainers")),
        comment="Trainers met on cards and in results, with their form (stats job).",
    )
    op.create_table(
        "ra_odds_historical",
        sa.Column("race_id", sa.Text(), nullable=False, comment="Race id, rac_..."),
        sa.Column("horse_id", sa.Text(), nullable=False, comment="Horse id, hrs_..."),
        sa.Column("race_date", sa.Date(), nullable=False, comment="Race date, UK calendar."),
        sa.Column(
            "off_dt", sa.DateTime(timezone=True), nullable=True, comment="Off of the race (UTC)."
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=True,
            comment="Finishing position; NULL when it did not finish.",
        ),
        sa.Column(
            "is_non_runner",
            sa.Boolean(),
            nullable=True,
            comment="Withdrawn before the off (stakes returned).",
        ),
        sa.Column(
            "dead_heat_count",
            sa.Integer(),
            nullable=True,
            comment="Horses sharing its placing; 1 when not a dead heat.",
        ),
        sa.Column("runners", sa.Integer(), nullable=True, comment="Horses that ran in the race."),
        sa.Column(
            "sp",
            sa.Text(),
            nullable=True,
            comment="Starting price as a fraction, e.g. 11/4, with the favourite mark kept.",
        ),
        sa.Column(
            "sp_dec",
            sa.Numeric(precision=10, scale=3),
            nullable=True,
            comment="Starting price, decimal odds, e.g. 3.75.",
        ),
        sa.Column(
            "is_favourite",
            sa.Boolean(),
            nullable=True,
            comment="Favourite (or joint or co-favourite) at SP.",
        ),
        sa.Column(
            "favourite_rank",
            sa.Integer(),
            nullable=True,
            comment="Rank in the SP market: 1 = favourite; ties share a rank.",
        ),
        sa.Column(
            "bsp",
            sa.Numeric(precision=10, scale=3),
            nullable=True,
            comment="Betfair starting price, decimal, where given.",
        ),
        sa.Column(
            "first_price",
            sa.Numeric(precision=10, scale=3),
            nullable=True,
            comment="Earliest pre-race decimal price across bookmakers (mean if tied).",
        ),
        sa.Column(
            "first_price_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="API time of first_price (UTC).",
        ),
        sa.Column(
            "last_price",
            sa.Numeric(precision=10, scale=3),
            nullable=True,
            comment="Latest pre-off decimal price across bookmakers (mean if tied).",
        ),
        sa.Column(
            "last_price_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="API time of last_price (UTC).",
        ),
        sa.Column(
            "min_price",
            sa.Numeric(precision=10, scale=3),
            nullable=True,
            comment="Shortest pre-race decimal price seen at any bookmaker.",
        ),
        sa.Column(
            "max_price",
            sa.Numeric(precision=10, scale=3),
            nullable=True,
            comment="Longest pre-race decimal price seen at any bookmaker.",
        ),
        sa.Column(
            "mean_price",
            sa.Numeric(precision=10, scale=3),
            nullable=True,
            comment="Mean of all pre-race decimal price observations.",
        ),
        sa.Column(
            "price_observations",
            sa.Integer(),
            nullable=True,
            comment="Pre-race price observations the figures use.",
        ),
        sa.Column(
            "bookmakers",
            sa.Integer(),
            nullable=True,
            comment="Bookmakers that priced the runner before the off.",
        ),
        sa.Column(
            "best_price",
            sa.Numeric(precision=10, scale=3),
            nullable=True,
            comment="Best (longest) last pre-off decimal price among fixed-odds books.",
        ),
        sa.Column(
            "best_price_bookmaker_id",
            sa.Text(),
            nullable=True,
            comment="Bookmaker offering best_price (first by id if tied).",
        ),
        sa.Column(
            "ew_places",
            sa.Integer(),
            nullable=True,
            comment="Each-way places paid, from the card's terms.",
        ),
        sa.Column(
            "ew_denom",
            sa.Integer(),
            nullable=True,
            comment="Each-way fraction denominator, from the card's terms (4 = 1/4).",
        ),
        sa.Column(
            "sp_win_return",
            sa.Numeric(precision=12, scale=4),
            nullable=True,
            comment="Return, stake included, of 1 unit to win at SP: sp_dec if it won (dead-heat rule), 0 if it lost, 1 for a non-runner.",
        ),
        sa.Column(
            "sp_place_return",
            sa.Numeric(precision=12, scale=4),
            nullable=True,
            comment="Return of 1 unit on the place part at SP: 1 + (sp_dec - 1) / ew_denom if placed within ew_places, else 0; 1 for a non-runner.",
        ),
        sa.Column(
            "sp_ew_return",
            sa.Numeric(precision=12, scale=4),
            nullable=True,
            comment="Return of 1 unit each way (2 staked) at SP: sp_win_return + sp_place_return.",
        ),
        sa.Column(
            "best_win_return",
            sa.Numeric(precision=12, scale=4),
            nullable=True,
            comment="As sp_win_return, at best_price.",
        ),
        sa.Column(
            "best_place_return",
            sa.Numeric(precision=12, scale=4),
            nullable=True,
            comment="As sp_place_return, at best_price.",
        ),
        sa.Column(
            "best_ew_return",
            sa.Numeric(precision=12, scale=4),
            nullable=True,
            comment="As sp_ew_return, at best_price (2 units staked).",
        ),
        sa.Column(
            "computed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When these figures were last computed (UTC).",
        ),
        sa.PrimaryKeyConstraint("race_id", "horse_id", name=op.f("pk_ra_odds_historical")),
        comment="Final odds per runner after the result: SP, BSP, market summary and 1-unit returns.",
    )
    with op.batch_alter_table("ra_odds_historical", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ra_odds_historical_horse_id"), ["horse_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ra_odds_historical_race_date"), ["race_date"], unique=False
        )

    op.create_table(
        "ra_odds_history",
        sa.Column("race_id", sa.Text(), nullable=False, comment="Race id, rac_..."),
        sa.Column("horse_id", sa.Text(), nullable=False, comment="Horse id, hrs_..."),
        sa.Column(
            "bookmaker_id",
            sa.Text(),
            nullable=False,
            comment="Bookmaker id (ra_mst_bookmakers.id).",
        ),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="API time the price took this value (card updated, or odds history changed_at), UTC.",
        ),
        sa.Column("race_date", sa.Date(), nullable=False, comment="Race date, UK calendar."),
        sa.Column(
            "bookmaker",
            sa.Text(),
            nullable=True,
            comment="Bookmaker display name as the API writes it, e.g. Bet365.",
        ),
        sa.Column(
            "fractional",
            sa.Text(),
            nullable=True,
            comment="Fractional price normalised, e.g. 11/4, 1/1 for evens.",
        ),
        sa.Column(
            "decimal",
            sa.Numeric(precision=10, scale=3),
            nullable=True,
            comment="Decimal price, e.g. 3.75; NULL for SP or a withdrawal.",
        ),
        sa.Column(
            "fractional_raw",
            sa.Text(),
            nullable=True,
            comment="Fractional as written: 11/4, 4 (meaning 4/1), -, SP.",
        ),
        sa.Column(
            "decimal_raw", sa.Text(), nullable=True, comment="Decimal as written: 3.75, -, SP."
        ),
        sa.Column(
            "is_sp",
            sa.Boolean(),
            nullable=True,
            comment="Quoted as SP (starting price), no fixed price offered.",
        ),
        sa.Column(
            "is_withdrawn",
            sa.Boolean(),
            nullable=True,
            comment="Quoted as - : the runner is withdrawn (non-runner).",
        ),
        sa.Column(
            "ew_places",
            sa.Integer(),
            nullable=True,
            comment="Each-way places paid, e.g. 3; NULL on exchanges.",
        ),
        sa.Column(
            "ew_denom",
            sa.Integer(),
            nullable=True,
            comment="Each-way fraction denominator, e.g. 5 for 1/5 odds.",
        ),
        sa.Column(
            "observed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When we first saw this price (UTC).",
        ),
        sa.Column(
            "source",
            sa.Text(),
            nullable=True,
            comment="Where it came from: live_card, historical_card or odds_history.",
        ),
        sa.PrimaryKeyConstraint(
            "race_id", "horse_id", "bookmaker_id", "changed_at", name=op.f("pk_ra_odds_history")
        ),
        comment="Every observed price change: one row per race, horse, bookmaker and API change time.",
    )
    with op.batch_alter_table("ra_odds_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ra_odds_history_race_date"), ["race_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ra_odds_history_race_id_changed_at"),
            ["race_id", "changed_at"],
            unique=False,
        )

    op.create_table(
        "ra_odds_live",
        sa.Column("race_id", sa.Text(), nullable=False, comment="Race id, rac_..."),
        sa.Column("horse_id", sa.Text(), nullable=False, comment="Horse id, hrs_..."),
        sa.Column(
            "bookmaker_id",
            sa.Text(),
            nullable=False,
            comment="Bookmaker id (ra_mst_bookmakers.id).",
        ),
        sa.Column("race_date", sa.Date(), nullable=False, comment="Race date, UK calendar."),
        sa.Column(
            "off_dt",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Scheduled off of the race (UTC).",
        ),
        sa.Column(
            "bookmaker",
            sa.Text(),
            nullable=True,
            comment="Bookmaker display name as the API writes it, e.g. Bet365.",
        ),
        sa.Column(
            "fractional",
            sa.Text(),
            nullable=True,
            comment="Fractional price normalised, e.g. 11/4, 1/1 for evens.",
        ),
        sa.Column(
            "decimal",
            sa.Numeric(precision=10, scale=3),
            nullable=True,
            comment="Decimal price, e.g. 3.75; NULL for SP or a withdrawal.",
        ),
        sa.Column(
            "fractional_raw",
            sa.Text(),
            nullable=True,
            comment="Fractional as written: 11/4, 4 (meaning 4/1), -, SP.",
        ),
        sa.Column(
            "decimal_raw", sa.Text(), nullable=True, comment="Decimal as written: 3.75, -, SP."
        ),
        sa.Column(
            "is_sp",
            sa.Boolean(),
            nullable=True,
            comment="Quoted as SP (starting price), no fixed price offered.",
        ),
        sa.Column(
            "is_withdrawn",
            sa.Boolean(),
            nullable=True,
            comment="Quoted as - : the runner is withdrawn (non-runner).",
        ),
        sa.Column(
            "ew_places",
            sa.Integer(),
            nullable=True,
            comment="Each-way places paid, e.g. 3; NULL on exchanges.",
        ),
        sa.Column(
            "ew_denom",
            sa.Integer(),
            nullable=True,
            comment="Each-way fraction denominator, e.g. 5 for 1/5 odds.",
        ),
        sa.Column(
            "api_updated_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="The API's updated time of this price (UTC).",
        ),
        sa.Column(
            "price_changed_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="API time of the latest change to this price (UTC).",
        ),
        sa.Column(
            "first_observed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When we first saw a price here (UTC).",
        ),
        sa.Column(
            "observed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When we last saw this price (UTC).",
        ),
        sa.PrimaryKeyConstraint(
            "race_id", "horse_id", "bookmaker_id", name=op.f("pk_ra_odds_live")
        ),
        comment="The current price per race, horse and bookmaker, as last captured.",
    )
    with op.batch_alter_table("ra_odds_live", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ra_odds_live_race_date"), ["race_date"], unique=False)

    op.create_table(
        "ra_odds_statistics",
        sa.Column(
            "cycle_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the live cycle started (UTC).",
        ),
        sa.Column("races", sa.Integer(), nullable=False, comment="Races priced in the cycle."),
        sa.Column("runners", sa.Integer(), nullable=False, comment="Runners priced in the cycle."),
        sa.Column(
            "bookmakers",
            sa.Integer(),
            nullable=False,
            comment="Distinct bookmakers quoting in the cycle.",
        ),
        sa.Column("prices_seen", sa.Integer(), nullable=False, comment="Prices read in the cycle."),
        sa.Column(
            "prices_changed",
            sa.Integer(),
            nullable=False,
            comment="Prices that changed (history rows written).",
        ),
        sa.Column(
            "prices_new", sa.Integer(), nullable=True, comment="Prices seen for the first time."
        ),
        sa.Column(
            "withdrawals", sa.Integer(), nullable=True, comment="Prices newly marked withdrawn (-)."
        ),
        sa.Column("api_calls", sa.Integer(), nullable=True, comment="API requests the cycle made."),
        sa.Column(
            "fetch_ms", sa.Integer(), nullable=True, comment="Milliseconds spent fetching cards."
        ),
        sa.Column(
            "process_ms",
            sa.Integer(),
            nullable=True,
            comment="Milliseconds spent parsing and writing.",
        ),
        sa.Column(
            "errors",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Errors in the cycle.",
        ),
        sa.Column(
            "error",
            sa.Text(),
            nullable=True,
            comment="The latest error message, credentials removed.",
        ),
        sa.Column(
            "next_delay_s",
            sa.Integer(),
            nullable=True,
            comment="Seconds chosen until the next cycle.",
        ),
        sa.Column(
            "run_id",
            sa.Integer(),
            nullable=True,
            comment="The run the cycle belonged to (dh_runs.id).",
        ),
        sa.PrimaryKeyConstraint("cycle_at", name=op.f("pk_ra_odds_statistics")),
        comment="One row per live odds cycle: what it saw, what changed, what it cost.",
    )
    op.create_table(
        "ra_performance_by_distance",
        sa.Column("entity_type", sa.Text(), nullable=False, comment="horse, jockey or trainer."),
        sa.Column(
            "entity_id",
            sa.Text(),
            nullable=False,
            comment="The entity's id: hrs_, jky_ or trn_ (per distance).",
        ),
        sa.Column("distance_y", sa.Integer(), nullable=False, comment="Race distance in yards."),
        sa.Column(
            "distance_band",
            sa.Text(),
            nullable=True,
            comment="Documented distance band of distance_y (flat or jumps).",
        ),
        sa.Column("runs", sa.Integer(), nullable=False, comment="Runs at this distance."),
        sa.Column(
            "wins",
            sa.Integer(),
            nullable=False,
            comment="Wins at this distance, dead-heaters included.",
        ),
        sa.Column("seconds", sa.Integer(), nullable=False, comment="2nd places at this distance."),
        sa.Column("thirds", sa.Integer(), nullable=False, comment="3rd places at this distance."),
        sa.Column(
            "places",
            sa.Integer(),
            nullable=False,
            comment="1st, 2nd or 3rd finishes at this distance.",
        ),
        sa.Column(
            "win_percent",
            sa.Numeric(precision=7, scale=3),
            nullable=True,
            comment="Wins / runs, 0..100.",
        ),
        sa.Column(
            "place_percent",
            sa.Numeric(precision=7, scale=3),
            nullable=True,
            comment="Places / runs, 0..100.",
        ),
        sa.Column(
            "ae_index",
            sa.Numeric(precision=9, scale=4),
            nullable=True,
            comment="A/E: wins / sum(1 / SP decimal) over runs with an SP.",
        ),
        sa.Column(
            "profit_loss_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at SP, 1 unit a run (dead-heat rule).",
        ),
        sa.Column(
            "profit_loss_bsp_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at BSP over runs with a BSP.",
        ),
        sa.Column(
            "first_run_date",
            sa.Date(),
            nullable=True,
            comment="Date of the first run at this distance.",
        ),
        sa.Column(
            "last_run_date",
            sa.Date(),
            nullable=True,
            comment="Date of the latest run at this distance.",
        ),
        sa.Column(
            "last_win_date",
            sa.Date(),
            nullable=True,
            comment="Date of the latest win at this distance.",
        ),
        sa.Column(
            "best_winning_time_s",
            sa.Numeric(precision=9, scale=2),
            nullable=True,
            comment="Fastest winning time, seconds.",
        ),
        sa.Column(
            "avg_winning_time_s",
            sa.Numeric(precision=9, scale=2),
            nullable=True,
            comment="Mean winning time, seconds.",
        ),
        sa.Column(
            "last_winning_time_s",
            sa.Numeric(precision=9, scale=2),
            nullable=True,
            comment="Winning time of the latest win, seconds.",
        ),
        sa.Column(
            "going_breakdown",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment='Per going bucket: {"good": {"runs": 4, "wins": 1, "ae": 0.9}, ...}.',
        ),
        sa.Column(
            "computed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the stats job last computed this row (UTC).",
        ),
        sa.PrimaryKeyConstraint(
            "entity_type", "entity_id", "distance_y", name=op.f("pk_ra_performance_by_distance")
        ),
        comment="Horse, jockey and trainer records per race distance (yards).",
    )
    op.create_table(
        "ra_performance_by_venue",
        sa.Column("entity_type", sa.Text(), nullable=False, comment="horse, jockey or trainer."),
        sa.Column(
            "entity_id",
            sa.Text(),
            nullable=False,
            comment="The entity's id: hrs_, jky_ or trn_ (per course).",
        ),
        sa.Column("course_id", sa.Text(), nullable=False, comment="Course id, crs_..."),
        sa.Column("runs", sa.Integer(), nullable=False, comment="Runs at this course."),
        sa.Column(
            "wins",
            sa.Integer(),
            nullable=False,
            comment="Wins at this course, dead-heaters included.",
        ),
        sa.Column("seconds", sa.Integer(), nullable=False, comment="2nd places at this course."),
        sa.Column("thirds", sa.Integer(), nullable=False, comment="3rd places at this course."),
        sa.Column(
            "places",
            sa.Integer(),
            nullable=False,
            comment="1st, 2nd or 3rd finishes at this course.",
        ),
        sa.Column(
            "win_percent",
            sa.Numeric(precision=7, scale=3),
            nullable=True,
            comment="Wins / runs, 0..100.",
        ),
        sa.Column(
            "place_percent",
            sa.Numeric(precision=7, scale=3),
            nullable=True,
            comment="Places / runs, 0..100.",
        ),
        sa.Column(
            "ae_index",
            sa.Numeric(precision=9, scale=4),
            nullable=True,
            comment="A/E: wins / sum(1 / SP decimal) over runs with an SP.",
        ),
        sa.Column(
            "profit_loss_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at SP, 1 unit a run (dead-heat rule).",
        ),
        sa.Column(
            "profit_loss_bsp_1u",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Level-stakes P/L at BSP over runs with a BSP.",
        ),
        sa.Column(
            "first_run_date",
            sa.Date(),
            nullable=True,
            comment="Date of the first run at this course.",
        ),
        sa.Column(
            "last_run_date",
            sa.Date(),
            nullable=True,
            comment="Date of the latest run at this course.",
        ),
        sa.Column(
            "last_win_date",
            sa.Date(),
            nullable=True,
            comment="Date of the latest win at this course.",
        ),
        sa.Column(
            "best_winning_time_s",
            sa.Numeric(precision=9, scale=2),
            nullable=True,
            comment="Fastest winning time, seconds.",
        ),
        sa.Column(
            "avg_winning_time_s",
            sa.Numeric(precision=9, scale=2),
            nullable=True,
            comment="Mean winning time, seconds.",
        ),
        sa.Column(
            "last_winning_time_s",
            sa.Numeric(precision=9, scale=2),
            nullable=True,
            comment="Winning time of the latest win, seconds.",
        ),
        sa.Column(
            "going_breakdown",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment='Per going bucket: {"good": {"runs": 4, "wins": 1, "ae": 0.9}, ...}.',
        ),
        sa.Column(
            "computed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the stats job last computed this row (UTC).",
        ),
        sa.PrimaryKeyConstraint(
            "entity_type", "entity_id", "course_id", name=op.f("pk_ra_performance_by_venue")
        ),
        comment="Horse, jockey and trainer records per course.",
    )
    with op.batch_alter_table("ra_performance_by_venue", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ra_performance_by_venue_course_id"), ["course_id"], unique=False
        )

    op.create_table(
        "ra_horse_pedigree",
        sa.Column(
            "horse_id",
            sa.Text(),
            nullable=False,
            comment="Horse id, hrs_... (card, result, profile).",
        ),
        sa.Column(
            "sire_id", sa.Text(), nullable=True, comment="Sire id, sir_... (card, result, profile)."
        ),
        sa.Column(
            "sire",
            sa.Text(),
            nullable=True,
            comment="Sire name without region suffix (card, result, profile).",
        ),
        sa.Column(
            "sire_region",
            sa.Text(),
            nullable=True,
            comment="Sire's country of breeding (card; result/profile name suffix).",
        ),
        sa.Column(
            "dam_id", sa.Text(), nullable=True, comment="Dam id, dam_... (card, result, profile)."
        ),
        sa.Column(
            "dam",
            sa.Text(),
            nullable=True,
            comment="Dam name without region suffix (card, result, profile).",
        ),
        sa.Column(
            "dam_region",
            sa.Text(),
            nullable=True,
            comment="Dam's country of breeding (card; result/profile name suffix).",
        ),
        sa.Column(
            "damsire_id",
            sa.Text(),
            nullable=True,
            comment="Damsire id, dsi_... (card, result, profile).",
        ),
        sa.Column(
            "damsire",
            sa.Text(),
            nullable=True,
            comment="Damsire name without region suffix (card, result, profile).",
        ),
        sa.Column(
            "damsire_region",
            sa.Text(),
            nullable=True,
            comment="Damsire's country of breeding (card; profile name suffix).",
        ),
        sa.Column("breeder", sa.Text(), nullable=True, comment="Breeder (card, profile)."),
        sa.ForeignKeyConstraint(
            ["horse_id"],
            ["ra_mst_horses.id"],
            name=op.f("fk_ra_horse_pedigree_horse_id_ra_mst_horses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("horse_id", name=op.f("pk_ra_horse_pedigree")),
        comment="Each horse's sire, dam and damsire, with names and regions.",
    )
    with op.batch_alter_table("ra_horse_pedigree", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ra_horse_pedigree_dam_id"), ["dam_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ra_horse_pedigree_damsire_id"), ["damsire_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ra_horse_pedigree_sire_id"), ["sire_id"], unique=False)

    op.create_table(
        "ra_mst_race_results",
        sa.Column("race_id", sa.Text(), nullable=False, comment="Race id, rac_... (result)."),
        sa.Column("horse_id", sa.Text(), nullable=False, comment="Horse id, hrs_... (result)."),
        sa.Column("date", sa.Date(), nullable=False, comment="Race date, UK calendar (result)."),
        sa.Column(
            "off_dt",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Off, a UTC instant (result).",
        ),
        sa.Column("region", sa.Text(), nullable=True, comment="Region code: GB, IRE (result)."),
        sa.Column("course_id", sa.Text(), nullable=True, comment="Course id, crs_... (result)."),
        sa.Column("course", sa.Text(), nullable=True, comment="Course name (result)."),
        sa.Column("race_name", sa.Text(), nullable=True, comment="Race title (result)."),
        sa.Column(
            "type", sa.Text(), nullable=True, comment="Flat, Hurdle, Chase or NH Flat (result)."
        ),
        sa.Column(
            "race_class", sa.Text(), nullable=True, comment="Class 1..Class 7 or NULL (result)."
        ),
        sa.Column("pattern", sa.Text(), nullable=True, comment="Group/Grade/Listed (result)."),
        sa.Column(
            "distance_f",
            sa.Numeric(precision=6, scale=2),
            nullable=True,
            comment="Distance in furlongs (result).",
        ),
        sa.Column("distance_y", sa.Integer(), nullable=True, comment="Distance in yards (result)."),
        sa.Column("going", sa.Text(), nullable=True, comment="Official going (result)."),
        sa.Column("surface", sa.Text(), nullable=True, comment="Turf or AW (result)."),
        sa.Column("horse", sa.Text(), nullable=True, comment="Horse name without suffix (result)."),
        sa.Column(
            "horse_region",
            sa.Text(),
            nullable=True,
            comment="Horse's country of breeding, from the name suffix (result).",
        ),
        sa.Column("age", sa.Integer(), nullable=True, comment="Age (result)."),
        sa.Column("sex_code", sa.Text(), nullable=True, comment="Sex code (result sex)."),
        sa.Column("number", sa.Integer(), nullable=True, comment="Saddle-cloth number (result)."),
        sa.Column(
            "draw", sa.Integer(), nullable=True, comment="Stall, NULL when not drawn (result)."
        ),
        sa.Column(
            "weight_lbs", sa.Integer(), nullable=True, comment="Weight carried in lb (result)."
        ),
        sa.Column("headgear", sa.Text(), nullable=True, comment="Headgear code (result)."),
        sa.Column("jockey_id", sa.Text(), nullable=True, comment="Jockey id (result)."),
        sa.Column(
            "jockey_claim_lbs",
            sa.Integer(),
            nullable=True,
            comment="Jockey allowance in lb (result).",
        ),
        sa.Column("trainer_id", sa.Text(), nullable=True, comment="Trainer id (result)."),
        sa.Column("owner_id", sa.Text(), nullable=True, comment="Owner id (result)."),
        sa.Column("sire_id", sa.Text(), nullable=True, comment="Sire id (result)."),
        sa.Column("dam_id", sa.Text(), nullable=True, comment="Dam id (result)."),
        sa.Column("damsire_id", sa.Text(), nullable=True, comment="Damsire id (result)."),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=True,
            comment="Finishing position; NULL when it did not finish (result).",
        ),
        sa.Column(
            "position_raw", sa.Text(), nullable=True, comment="Position as written (result)."
        ),
        sa.Column(
            "position_status",
            sa.Text(),
            nullable=True,
            comment="finished, or the non-finish code: PU, F, UR... (result).",
        ),
        sa.Column(
            "is_dead_heat",
            sa.Boolean(),
            nullable=True,
            comment="Dead-heated for this position (result).",
        ),
        sa.Column(
            "btn",
            sa.Numeric(precision=7, scale=2),
            nullable=True,
            comment="Lengths behind the horse in front (result).",
        ),
        sa.Column(
            "ovr_btn",
            sa.Numeric(precision=7, scale=2),
            nullable=True,
            comment="Lengths behind the winner (result).",
        ),
        sa.Column("sp", sa.Text(), nullable=True, comment="Starting price as written (result)."),
        sa.Column(
            "sp_dec",
            sa.Numeric(precision=10, scale=2),
            nullable=True,
            comment="Starting price, decimal odds (result).",
        ),
        sa.Column(
            "is_favourite",
            sa.Boolean(),
            nullable=True,
            comment="Favourite, joint or co-favourite (result).",
        ),
        sa.Column(
            "bsp",
            sa.Numeric(precision=10, scale=2),
            nullable=True,
            comment="Betfair starting price (result, when given).",
        ),
        sa.Column(
            "finishing_time_s",
            sa.Numeric(precision=9, scale=2),
            nullable=True,
            comment="Finishing time in seconds (result).",
        ),
        sa.Column("result_or", sa.Integer(), nullable=True, comment="Official rating (result)."),
        sa.Column(
            "result_rpr", sa.Integer(), nullable=True, comment="Racing Post Rating earned (result)."
        ),
        sa.Column(
            "result_tsr", sa.Integer(), nullable=True, comment="Topspeed rating earned (result)."
        ),
        sa.Column(
            "performance_rating",
            sa.Integer(),
            nullable=True,
            comment="Performance rating, where given (result).",
        ),
        sa.Column(
            "speed_rating",
            sa.Integer(),
            nullable=True,
            comment="Speed rating, where given (result).",
        ),
        sa.Column(
            "prize_won",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Prize money won (result).",
        ),
        sa.Column("prize_won_currency", sa.Text(), nullable=True, comment="GBP or EUR (result)."),
        sa.ForeignKeyConstraint(
            ["race_id"],
            ["ra_mst_races.id"],
            name=op.f("fk_ra_mst_race_results_race_id_ra_mst_races"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("race_id", "horse_id", name=op.f("pk_ra_mst_race_results")),
        comment="One row per runner that ran, with its race's context, as consumers read results.",
    )
    with op.batch_alter_table("ra_mst_race_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ra_mst_race_results_course_id_date"), ["course_id", "date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ra_mst_race_results_date"), ["date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ra_mst_race_results_horse_id_date"), ["horse_id", "date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ra_mst_race_results_jockey_id"), ["jockey_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ra_mst_race_results_trainer_id"), ["trainer_id"], unique=False
        )

    op.create_table(
        "ra_mst_runners",
        sa.Column("race_id", sa.Text(), nullable=False, comment="Race id, rac_... (card, result)."),
        sa.Column(
            "horse_id", sa.Text(), nullable=False, comment="Horse id, hrs_... (card, result)."
        ),
        sa.Column(
            "horse",
            sa.Text(),
            nullable=True,
            comment="Horse name without region suffix (card, result).",
        ),
        sa.Column(
            "jockey_id", sa.Text(), nullable=True, comment="Jockey id, jky_... (card, result)."
        ),
        sa.Column(
            "trainer_id", sa.Text(), nullable=True, comment="Trainer id, trn_... (card, result)."
        ),
        sa.Column(
            "owner_id", sa.Text(), nullable=True, comment="Owner id, own_... (card, result)."
        ),
        sa.Column(
            "number",
            sa.Integer(),
            nullable=True,
            comment="Saddle-cloth number; NULL for a non-runner (card, result).",
        ),
        sa.Column(
            "draw",
            sa.Integer(),
            nullable=True,
            comment="Stall; NULL when not drawn (jumps: 0 on cards, blank in results) (card, result).",
        ),
        sa.Column(
            "age", sa.Integer(), nullable=True, comment="Age in years on race day (card, result)."
        ),
        sa.Column(
            "weight_lbs",
            sa.Integer(),
            nullable=True,
            comment="Weight carried in lb (card lbs, result weight_lbs).",
        ),
        sa.Column(
            "weight_st_lb",
            sa.Text(),
            nullable=True,
            comment="Weight as written in stones-pounds, e.g. 9-5 (result).",
        ),
        sa.Column(
            "jockey_claim_lbs",
            sa.Integer(),
            nullable=True,
            comment="Apprentice allowance in lb: from Name(5) on cards, jockey_claim_lbs in results.",
        ),
        sa.Column(
            "headgear",
            sa.Text(),
            nullable=True,
            comment="Headgear code, e.g. p, t, tb (card, result).",
        ),
        sa.Column(
            "headgear_run",
            sa.Text(),
            nullable=True,
            comment="Run number with this headgear, e.g. 1 = first time (card).",
        ),
        sa.Column("wind_surgery", sa.Text(), nullable=True, comment="Wind surgery mark, w (card)."),
        sa.Column(
            "wind_surgery_run",
            sa.Text(),
            nullable=True,
            comment="Run number since wind surgery (card).",
        ),
        sa.Column(
            "ofr",
            sa.Integer(),
            nullable=True,
            comment="Official rating going into the race (card ofr).",
        ),
        sa.Column(
            "rpr",
            sa.Integer(),
            nullable=True,
            comment="Racing Post Rating going into the race (card).",
        ),
        sa.Column(
            "ts", sa.Integer(), nullable=True, comment="Topspeed rating going into the race (card)."
        ),
        sa.Column(
            "form", sa.Text(), nullable=True, comment="Recent form figures, e.g. 542- (card)."
        ),
        sa.Column(
            "last_run_days",
            sa.Integer(),
            nullable=True,
            comment="Days since the horse's last run (card last_run).",
        ),
        sa.Column(
            "trainer_rtf",
            sa.Integer(),
            nullable=True,
            comment="Trainer's runners-to-form percentage (card).",
        ),
        sa.Column(
            "trainer_location",
            sa.Text(),
            nullable=True,
            comment="Trainer's yard at declaration (card).",
        ),
        sa.Column(
            "trainer_14_days",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Trainer's last 14 days {runs, wins, percent} (card).",
        ),
        sa.Column("comment", sa.Text(), nullable=True, comment="Pre-race comment (card)."),
        sa.Column("spotlight", sa.Text(), nullable=True, comment="Spotlight preview (card)."),
        sa.Column(
            "quotes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Connections' quotes, kept whole (card).",
        ),
        sa.Column(
            "stable_tour",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Stable-tour quotes, kept whole (card).",
        ),
        sa.Column(
            "medical",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Medical history [{date, type}], kept whole (card).",
        ),
        sa.Column(
            "prev_trainers",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Previous trainers [{trainer, trainer_id, change_date}] (card).",
        ),
        sa.Column(
            "prev_owners",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment="Previous owners [{owner, owner_id, change_date}] (card).",
        ),
        sa.Column(
            "past_results_flags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
            comment='Course/distance/beaten-favourite flags, e.g. ["CD"] (card).',
        ),
        sa.Column(
            "silk_url", sa.Text(), nullable=True, comment="URL of the silks image (card, result)."
        ),
        sa.Column(
            "is_non_runner",
            sa.Boolean(),
            nullable=True,
            comment="Withdrawn: number NR on the card (card); False once it ran (result).",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=True,
            comment="Finishing position; NULL when it did not finish (result).",
        ),
        sa.Column(
            "position_raw",
            sa.Text(),
            nullable=True,
            comment="Position as written: 1, PU, UR, Died as a 5 (result).",
        ),
        sa.Column(
            "position_status",
            sa.Text(),
            nullable=True,
            comment="finished, or the non-finish code: PU, F, UR, RO, BD, SU, DSQ, REF, CO, DIED (result).",
        ),
        sa.Column(
            "is_dead_heat",
            sa.Boolean(),
            nullable=True,
            comment="Dead-heated for this position (result).",
        ),
        sa.Column(
            "btn",
            sa.Numeric(precision=7, scale=2),
            nullable=True,
            comment="Lengths behind the horse in front: .5, nk = 0.3 (result).",
        ),
        sa.Column(
            "btn_raw", sa.Text(), nullable=True, comment="Beaten distance as written (result)."
        ),
        sa.Column(
            "ovr_btn",
            sa.Numeric(precision=7, scale=2),
            nullable=True,
            comment="Lengths behind the winner (result).",
        ),
        sa.Column(
            "ovr_btn_raw",
            sa.Text(),
            nullable=True,
            comment="Overall beaten distance as written (result).",
        ),
        sa.Column(
            "sp",
            sa.Text(),
            nullable=True,
            comment="Starting price as written, e.g. 11/4F, EvensF (result).",
        ),
        sa.Column(
            "sp_dec",
            sa.Numeric(precision=10, scale=2),
            nullable=True,
            comment="Starting price as decimal odds, e.g. 3.75 (result).",
        ),
        sa.Column(
            "is_favourite",
            sa.Boolean(),
            nullable=True,
            comment="Favourite, joint or co-favourite at SP (result).",
        ),
        sa.Column(
            "favourite_mark",
            sa.Text(),
            nullable=True,
            comment="F favourite, J joint, C co-favourite (result).",
        ),
        sa.Column(
            "bsp",
            sa.Numeric(precision=10, scale=2),
            nullable=True,
            comment="Betfair starting price (result, when given).",
        ),
        sa.Column(
            "finishing_time",
            sa.Text(),
            nullable=True,
            comment="Finishing time as written, e.g. 2:19.97 (result).",
        ),
        sa.Column(
            "finishing_time_s",
            sa.Numeric(precision=9, scale=2),
            nullable=True,
            comment="Finishing time in seconds (result).",
        ),
        sa.Column(
            "result_or",
            sa.Integer(),
            nullable=True,
            comment="Official rating in the result (result or).",
        ),
        sa.Column(
            "result_rpr",
            sa.Integer(),
            nullable=True,
            comment="Racing Post Rating earned in the race (result rpr).",
        ),
        sa.Column(
            "result_tsr",
            sa.Integer(),
            nullable=True,
            comment="Topspeed rating earned in the race (result tsr).",
        ),
        sa.Column(
            "performance_rating",
            sa.Integer(),
            nullable=True,
            comment="Performance rating, where results give it instead of rpr (result).",
        ),
        sa.Column(
            "speed_rating",
            sa.Integer(),
            nullable=True,
            comment="Speed rating, where results give it instead of tsr (result).",
        ),
        sa.Column(
            "prize_won",
            sa.Numeric(precision=14, scale=2),
            nullable=True,
            comment="Prize money won (result prize).",
        ),
        sa.Column(
            "prize_won_currency",
            sa.Text(),
            nullable=True,
            comment="Currency of prize_won: GBP or EUR (result; by region when unmarked).",
        ),
        sa.Column(
            "result_comment",
            sa.Text(),
            nullable=True,
            comment="In-running comment (result comment).",
        ),
        sa.ForeignKeyConstraint(
            ["race_id"],
            ["ra_mst_races.id"],
            name=op.f("fk_ra_mst_runners_race_id_ra_mst_races"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("race_id", "horse_id", name=op.f("pk_ra_mst_runners")),
        comment="One row per horse declared in a race; card and result columns owned separately.",
    )
    with op.batch_alter_table("ra_mst_runners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ra_mst_runners_horse_id"), ["horse_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ra_mst_runners_jockey_id"), ["jockey_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ra_mst_runners_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ra_mst_runners_trainer_id"), ["trainer_id"], unique=False
        )

    op.create_table(
        "ra_runner_statistics",
        sa.Column("race_id", sa.Text(), nullable=False, comment="Race id, rac_..."),
        sa.Column("horse_id", sa.Text(), nullable=False, comment="Horse id, hrs_..."),
        sa.Column(
            "race_date",
            sa.Date(),
            nullable=False,
            comment="Race date: the figures count only earlier runs.",
        ),
        sa.Column(
            "off_dt",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Off of the race (UTC): the point in time of the figures.",
        ),
        sa.Column(
            "career_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs in its career, before this race's off.",
        ),
        sa.Column(
            "career_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in its career, before this race's off.",
        ),
        sa.Column(
            "career_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places in its career, before this race's off.",
        ),
        sa.Column(
            "career_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places in its career, before this race's off.",
        ),
        sa.Column(
            "course_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs at this course, before this race's off.",
        ),
        sa.Column(
            "course_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins at this course, before this race's off.",
        ),
        sa.Column(
            "course_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places at this course, before this race's off.",
        ),
        sa.Column(
            "course_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places at this course, before this race's off.",
        ),
        sa.Column(
            "course_distance_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs at this course over this distance, before this race's off.",
        ),
        sa.Column(
            "course_distance_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins at this course over this distance, before this race's off.",
        ),
        sa.Column(
            "course_distance_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places at this course over this distance, before this race's off.",
        ),
        sa.Column(
            "course_distance_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places at this course over this distance, before this race's off.",
        ),
        sa.Column(
            "distance_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs over this distance, before this race's off.",
        ),
        sa.Column(
            "distance_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins over this distance, before this race's off.",
        ),
        sa.Column(
            "distance_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places over this distance, before this race's off.",
        ),
        sa.Column(
            "distance_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places over this distance, before this race's off.",
        ),
        sa.Column(
            "going_firm_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs on firm going, before this race's off.",
        ),
        sa.Column(
            "going_firm_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins on firm going, before this race's off.",
        ),
        sa.Column(
            "going_firm_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places on firm going, before this race's off.",
        ),
        sa.Column(
            "going_firm_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places on firm going, before this race's off.",
        ),
        sa.Column(
            "going_good_to_firm_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs on good to firm going, before this race's off.",
        ),
        sa.Column(
            "going_good_to_firm_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins on good to firm going, before this race's off.",
        ),
        sa.Column(
            "going_good_to_firm_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places on good to firm going, before this race's off.",
        ),
        sa.Column(
            "going_good_to_firm_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places on good to firm going, before this race's off.",
        ),
        sa.Column(
            "going_good_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs on good going, before this race's off.",
        ),
        sa.Column(
            "going_good_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins on good going, before this race's off.",
        ),
        sa.Column(
            "going_good_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places on good going, before this race's off.",
        ),
        sa.Column(
            "going_good_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places on good going, before this race's off.",
        ),
        sa.Column(
            "going_good_to_soft_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs on good to soft going, before this race's off.",
        ),
        sa.Column(
            "going_good_to_soft_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins on good to soft going, before this race's off.",
        ),
        sa.Column(
            "going_good_to_soft_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places on good to soft going, before this race's off.",
        ),
        sa.Column(
            "going_good_to_soft_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places on good to soft going, before this race's off.",
        ),
        sa.Column(
            "going_soft_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs on soft going, before this race's off.",
        ),
        sa.Column(
            "going_soft_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins on soft going, before this race's off.",
        ),
        sa.Column(
            "going_soft_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places on soft going, before this race's off.",
        ),
        sa.Column(
            "going_soft_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places on soft going, before this race's off.",
        ),
        sa.Column(
            "going_heavy_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs on heavy going, before this race's off.",
        ),
        sa.Column(
            "going_heavy_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins on heavy going, before this race's off.",
        ),
        sa.Column(
            "going_heavy_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places on heavy going, before this race's off.",
        ),
        sa.Column(
            "going_heavy_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places on heavy going, before this race's off.",
        ),
        sa.Column(
            "going_standard_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs on standard going, before this race's off.",
        ),
        sa.Column(
            "going_standard_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins on standard going, before this race's off.",
        ),
        sa.Column(
            "going_standard_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places on standard going, before this race's off.",
        ),
        sa.Column(
            "going_standard_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places on standard going, before this race's off.",
        ),
        sa.Column(
            "going_standard_to_slow_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs on standard to slow going, before this race's off.",
        ),
        sa.Column(
            "going_standard_to_slow_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins on standard to slow going, before this race's off.",
        ),
        sa.Column(
            "going_standard_to_slow_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places on standard to slow going, before this race's off.",
        ),
        sa.Column(
            "going_standard_to_slow_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places on standard to slow going, before this race's off.",
        ),
        sa.Column(
            "going_slow_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs on slow going, before this race's off.",
        ),
        sa.Column(
            "going_slow_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins on slow going, before this race's off.",
        ),
        sa.Column(
            "going_slow_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places on slow going, before this race's off.",
        ),
        sa.Column(
            "going_slow_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places on slow going, before this race's off.",
        ),
        sa.Column(
            "all_weather_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs on all-weather surfaces, before this race's off.",
        ),
        sa.Column(
            "all_weather_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins on all-weather surfaces, before this race's off.",
        ),
        sa.Column(
            "all_weather_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places on all-weather surfaces, before this race's off.",
        ),
        sa.Column(
            "all_weather_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places on all-weather surfaces, before this race's off.",
        ),
        sa.Column(
            "jumps_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs over jumps (hurdle, chase, NH flat races), before this race's off.",
        ),
        sa.Column(
            "jumps_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins over jumps (hurdle, chase, NH flat races), before this race's off.",
        ),
        sa.Column(
            "jumps_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places over jumps (hurdle, chase, NH flat races), before this race's off.",
        ),
        sa.Column(
            "jumps_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places over jumps (hurdle, chase, NH flat races), before this race's off.",
        ),
        sa.Column(
            "jockey_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs ridden by this race's jockey, before this race's off.",
        ),
        sa.Column(
            "jockey_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins ridden by this race's jockey, before this race's off.",
        ),
        sa.Column(
            "jockey_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places ridden by this race's jockey, before this race's off.",
        ),
        sa.Column(
            "jockey_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places ridden by this race's jockey, before this race's off.",
        ),
        sa.Column(
            "last_10_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs in its last 10 runs, before this race's off.",
        ),
        sa.Column(
            "last_10_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in its last 10 runs, before this race's off.",
        ),
        sa.Column(
            "last_10_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places in its last 10 runs, before this race's off.",
        ),
        sa.Column(
            "last_10_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places in its last 10 runs, before this race's off.",
        ),
        sa.Column(
            "last_12_months_runs",
            sa.Integer(),
            nullable=True,
            comment="Runs in the 12 months before the race, before this race's off.",
        ),
        sa.Column(
            "last_12_months_wins",
            sa.Integer(),
            nullable=True,
            comment="Wins in the 12 months before the race, before this race's off.",
        ),
        sa.Column(
            "last_12_months_seconds",
            sa.Integer(),
            nullable=True,
            comment="2nd places in the 12 months before the race, before this race's off.",
        ),
        sa.Column(
            "last_12_months_thirds",
            sa.Integer(),
            nullable=True,
            comment="3rd places in the 12 months before the race, before this race's off.",
        ),
        sa.Column(
            "last_raced_date", sa.Date(), nullable=True, comment="Date of the horse's previous run."
        ),
        sa.Column(
            "last_won_date", sa.Date(), nullable=True, comment="Date of the horse's previous win."
        ),
        sa.Column(
            "days_since_last_run",
            sa.Integer(),
            nullable=True,
            comment="Days from the previous run to this race.",
        ),
        sa.Column(
            "min_winning_distance_y",
            sa.Integer(),
            nullable=True,
            comment="Shortest distance won at before, yards.",
        ),
        sa.Column(
            "max_winning_distance_y",
            sa.Integer(),
            nullable=True,
            comment="Longest distance won at before, yards.",
        ),
        sa.Column(
            "computed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the stats job last computed this row (UTC).",
        ),
        sa.ForeignKeyConstraint(
            ["race_id", "horse_id"],
            ["ra_mst_runners.race_id", "ra_mst_runners.horse_id"],
            name=op.f("fk_ra_runner_statistics_race_id_ra_mst_runners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("race_id", "horse_id", name=op.f("pk_ra_runner_statistics")),
        comment="Each runner's record strictly before its race's off: point in time, no look-ahead.",
    )
    with op.batch_alter_table("ra_runner_statistics", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ra_runner_statistics_horse_id_race_date"),
            ["horse_id", "race_date"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_ra_runner_statistics_race_date"), ["race_date"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("ra_runner_statistics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ra_runner_statistics_race_date"))
        batch_op.drop_index(batch_op.f("ix_ra_runner_statistics_horse_id_race_date"))

    op.drop_table("ra_runner_statistics")
    with op.batch_alter_table("ra_mst_runners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ra_mst_runners_trainer_id"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_runners_owner_id"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_runners_jockey_id"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_runners_horse_id"))

    op.drop_table("ra_mst_runners")
    with op.batch_alter_table("ra_mst_race_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ra_mst_race_results_trainer_id"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_race_results_jockey_id"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_race_results_horse_id_date"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_race_results_date"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_race_results_course_id_date"))

    op.drop_table("ra_mst_race_results")
    with op.batch_alter_table("ra_horse_pedigree", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ra_horse_pedigree_sire_id"))
        batch_op.drop_index(batch_op.f("ix_ra_horse_pedigree_damsire_id"))
        batch_op.drop_index(batch_op.f("ix_ra_horse_pedigree_dam_id"))

    op.drop_table("ra_horse_pedigree")
    with op.batch_alter_table("ra_performance_by_venue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ra_performance_by_venue_course_id"))

    op.drop_table("ra_performance_by_venue")
    op.drop_table("ra_performance_by_distance")
    op.drop_table("ra_odds_statistics")
    with op.batch_alter_table("ra_odds_live", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ra_odds_live_race_date"))

    op.drop_table("ra_odds_live")
    with op.batch_alter_table("ra_odds_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ra_odds_history_race_id_changed_at"))
        batch_op.drop_index(batch_op.f("ix_ra_odds_history_race_date"))

    op.drop_table("ra_odds_history")
    with op.batch_alter_table("ra_odds_historical", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ra_odds_historical_race_date"))
        batch_op.drop_index(batch_op.f("ix_ra_odds_historical_horse_id"))

    op.drop_table("ra_odds_historical")
    op.drop_table("ra_mst_trainers")
    op.drop_table("ra_mst_sires")
    op.drop_table("ra_mst_regions")
    with op.batch_alter_table("ra_mst_races", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ra_mst_races_region_date"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_races_off_dt"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_races_date"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_races_course_id_date"))

    op.drop_table("ra_mst_races")
    op.drop_table("ra_mst_owners")
    op.drop_table("ra_mst_jockeys")
    with op.batch_alter_table("ra_mst_horses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ra_mst_horses_sire_id"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_horses_name"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_horses_damsire_id"))
        batch_op.drop_index(batch_op.f("ix_ra_mst_horses_dam_id"))

    op.drop_table("ra_mst_horses")
    op.drop_table("ra_mst_damsires")
    op.drop_table("ra_mst_dams")
    op.drop_table("ra_mst_courses")
    op.drop_table("ra_mst_bookmakers")
    with op.batch_alter_table("ra_entity_combinations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ra_entity_combinations_trainer_id"))

    op.drop_table("ra_entity_combinations")
    with op.batch_alter_table("dh_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dh_runs_started_at"))
        batch_op.drop_index(batch_op.f("ix_dh_runs_job_started_at"))

    op.drop_table("dh_runs")
    with op.batch_alter_table("dh_raw_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dh_raw_responses_last_fetched_at"))
        batch_op.drop_index(batch_op.f("ix_dh_raw_responses_endpoint_last_fetched_at"))

    op.drop_table("dh_raw_responses")
    with op.batch_alter_table("dh_quarantine", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dh_quarantine_last_seen"))

    op.drop_table("dh_quarantine")
    op.drop_table("dh_locks")
    op.drop_table("dh_checkpoints")
    with op.batch_alter_table("dh_backfill_days", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dh_backfill_days_status_day"))

    op.drop_table("dh_backfill_days")
    with op.batch_alter_table("dh_amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dh_amendments_changed_at"))

    op.drop_table("dh_amendments")
    op.drop_table("dh_alerts")
