"""statistics working state: dh_stats_runs, the sums tables, dh_stats_changes and its triggers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

``dh_stats_runs`` keeps every runner with the statistics definitions applied, as the stats
job last read it; ``dh_stats_person_sums``, ``dh_stats_ancestor_sums`` and
``dh_stats_horse_counts`` keep careers as sums; ``dh_stats_changes`` lists the runner, race and horse rows changed since,
written by triggers on ``ra_mst_runners``, ``ra_mst_races`` and ``ra_mst_horses`` in the
writer's own transaction. A trigger logs an update only when a column the statistics read
changed (the lists below; ``darkhorses.stats.changes.WATCHED`` is checked against them by the
tests). Frozen here as SQL so the step never changes with the code.
"""

# ruff: noqa: E501  (SQL text)

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNNER_COLUMNS = (
    "race_id",
    "horse_id",
    "jockey_id",
    "trainer_id",
    "owner_id",
    "position",
    "position_status",
    "is_non_runner",
    "sp_dec",
    "bsp",
    "finishing_time_s",
)
RACE_COLUMNS = (
    "id",
    "course_id",
    "date",
    "off_dt",
    "distance_y",
    "going",
    "surface",
    "race_class",
    "region",
    "type",
    "winning_time_s",
)
HORSE_COLUMNS = ("id", "sire_id", "dam_id", "damsire_id")
# How an incremental run finds the runs of a few horses, people, pairs and groups.
INDEXES = (
    ("horse_id", "day_no"),
    ("jockey_id", "trainer_id"),
    ("jockey_id", "distance_y"),
    ("jockey_id", "course_id"),
    ("trainer_id", "distance_y"),
    ("trainer_id", "course_id"),
    ("owner_id",),
    ("day_no",),
)


def _index_name(columns: tuple[str, ...]) -> str:
    return "ix_dh_stats_runs_" + "_".join(columns)


def _sums(what: str) -> list[sa.Column]:
    return [
        sa.Column("runs", sa.Integer(), nullable=False, comment=f"Runs {what}."),
        sa.Column("wins", sa.Integer(), nullable=False, comment=f"Wins {what}."),
        sa.Column("seconds", sa.Integer(), nullable=False, comment=f"2nd places {what}."),
        sa.Column("thirds", sa.Integer(), nullable=False, comment=f"3rd places {what}."),
        sa.Column("priced", sa.Integer(), nullable=False, comment=f"Runs {what} with an SP."),
        sa.Column("sp_wins", sa.Integer(), nullable=False, comment=f"Wins {what} with an SP."),
        sa.Column(
            "inverse",
            sa.BigInteger(),
            nullable=False,
            comment="Sum of 1 / SP in units of 10^-9.",
        ),
        sa.Column(
            "pl_sp",
            sa.BigInteger(),
            nullable=False,
            comment="Level-stakes P/L at SP in 1/60000 of a stake.",
        ),
    ]


# (table, trigger stem, watched columns, values logged as (race_id, horse_id))
TABLES = (
    ("ra_mst_runners", "runners", RUNNER_COLUMNS, ("{row}.race_id", "{row}.horse_id")),
    ("ra_mst_races", "races", RACE_COLUMNS, ("{row}.id", "NULL")),
    ("ra_mst_horses", "horses", HORSE_COLUMNS, ("NULL", "{row}.id")),
)
KEYS = {"runners": ("race_id", "horse_id"), "races": ("id",), "horses": ("id",)}


def _values(template: tuple[str, str], row: str) -> str:
    return ", ".join(v.format(row=row) for v in template)


def _postgresql() -> list[str]:
    statements = []
    for table, stem, columns, template in TABLES:
        key_changed = " OR ".join(f"NEW.{k} IS DISTINCT FROM OLD.{k}" for k in KEYS[stem])
        statements.append(
            f"""
CREATE OR REPLACE FUNCTION dh_stats_log_{stem}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO dh_stats_changes (race_id, horse_id) VALUES ({_values(template, "OLD")});
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND ({key_changed})) THEN
        INSERT INTO dh_stats_changes (race_id, horse_id) VALUES ({_values(template, "NEW")});
    END IF;
    RETURN NULL;
END
$$"""
        )
        old = ", ".join(f"OLD.{c}" for c in columns)
        new = ", ".join(f"NEW.{c}" for c in columns)
        for event, when in (
            ("INSERT", ""),
            ("UPDATE", f" WHEN (({old}) IS DISTINCT FROM ({new}))"),
            ("DELETE", ""),
        ):
            statements.append(
                f"CREATE TRIGGER dh_stats_{stem}_{event.lower()} AFTER {event} ON {table}"
                f" FOR EACH ROW{when} EXECUTE FUNCTION dh_stats_log_{stem}()"
            )
    return statements


def _sqlite() -> list[str]:
    statements = []
    insert = "INSERT INTO dh_stats_changes (race_id, horse_id)"
    for table, stem, columns, template in TABLES:
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        key_changed = " OR ".join(f"NEW.{k} IS NOT OLD.{k}" for k in KEYS[stem])
        statements += [
            f"CREATE TRIGGER dh_stats_{stem}_insert AFTER INSERT ON {table} BEGIN"
            f" {insert} VALUES ({_values(template, 'NEW')}); END",
            f"CREATE TRIGGER dh_stats_{stem}_update AFTER UPDATE ON {table} WHEN {changed} BEGIN"
            f" {insert} VALUES ({_values(template, 'OLD')});"
            f" {insert} SELECT {_values(template, 'NEW')} WHERE {key_changed}; END",
            f"CREATE TRIGGER dh_stats_{stem}_delete AFTER DELETE ON {table} BEGIN"
            f" {insert} VALUES ({_values(template, 'OLD')}); END",
        ]
    return statements


def upgrade() -> None:
    op.create_table(
        "dh_stats_changes",
        sa.Column(
            "id",
            sa.Integer(),
            nullable=False,
            comment="Change number, assigned by the database.",
        ),
        sa.Column(
            "race_id",
            sa.Text(),
            nullable=True,
            comment="Race whose runner (with horse_id) or whose own row changed; NULL for a horse.",
        ),
        sa.Column(
            "horse_id",
            sa.Text(),
            nullable=True,
            comment="Horse whose runner (with race_id) or whose pedigree changed; NULL for a race.",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dh_stats_changes")),
        comment="Runner, race and horse rows changed since the last statistics run: written by triggers on ra_mst_runners, ra_mst_races and ra_mst_horses, emptied by the stats job.",
    )
    flag = "1 or 0: "
    op.create_table(
        "dh_stats_runs",
        sa.Column("race_id", sa.Text(), nullable=False, comment="Race id, rac_..."),
        sa.Column("horse_id", sa.Text(), nullable=False, comment="Horse id, hrs_..."),
        sa.Column("jockey_id", sa.Text(), nullable=True, comment="Jockey id of the runner."),
        sa.Column("trainer_id", sa.Text(), nullable=True, comment="Trainer id of the runner."),
        sa.Column("owner_id", sa.Text(), nullable=True, comment="Owner id of the runner."),
        sa.Column("course_id", sa.Text(), nullable=True, comment="Course id of the race."),
        sa.Column(
            "sire_id",
            sa.Text(),
            nullable=True,
            comment="Sire of the horse (its ra_mst_horses row).",
        ),
        sa.Column(
            "dam_id", sa.Text(), nullable=True, comment="Dam of the horse (its ra_mst_horses row)."
        ),
        sa.Column(
            "damsire_id",
            sa.Text(),
            nullable=True,
            comment="Damsire of the horse (its ra_mst_horses row).",
        ),
        sa.Column("date", sa.Date(), nullable=False, comment="Race date, UK calendar."),
        sa.Column(
            "day_no",
            sa.Integer(),
            nullable=False,
            comment="Race date as days since 1970-01-01 (date windows).",
        ),
        sa.Column(
            "off_dt",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Off of the race (UTC): orders a horse's runs within a day.",
        ),
        sa.Column("distance_y", sa.Integer(), nullable=True, comment="Race distance in yards."),
        sa.Column(
            "dist_f", sa.Integer(), nullable=True, comment="Race distance to the nearest furlong."
        ),
        sa.Column(
            "going_b",
            sa.Text(),
            nullable=False,
            comment="Going bucket of the race: good, soft, ..., unknown.",
        ),
        sa.Column(
            "surface_b",
            sa.Text(),
            nullable=False,
            comment="Surface bucket: turf, all_weather or unknown.",
        ),
        sa.Column(
            "class_b",
            sa.Text(),
            nullable=False,
            comment="Class bucket: Class 1..7, Irish (no class), Unclassed.",
        ),
        sa.Column(
            "band",
            sa.Text(),
            nullable=True,
            comment="Distance band, flat or jumps; NULL without a distance.",
        ),
        *(
            sa.Column(name, sa.SmallInteger(), nullable=False, comment=flag + what + ".")
            for name, what in (
                ("jumps", "a hurdle, chase or NH flat race"),
                ("run", "a run (a result that was not a non-runner or a void race)"),
                ("win", "a run that won (dead-heaters included)"),
                ("second", "a run placed 2nd"),
                ("third", "a run placed 3rd"),
                ("has_sp", "a run with a starting price"),
                ("sp_win", "a winning run with a starting price"),
                ("has_bsp", "a run with a Betfair starting price"),
                ("quality", "a run with an SP, a class (or Irish) and a distance"),
            )
        ),
        sa.Column(
            "pl_sp",
            sa.Integer(),
            nullable=True,
            comment="Level-stakes P/L at SP in 1/60000 of a stake (dead-heat rule).",
        ),
        sa.Column(
            "pl_bsp",
            sa.Integer(),
            nullable=True,
            comment="Level-stakes P/L at BSP in 1/60000 of a stake.",
        ),
        sa.Column(
            "inv_sp",
            sa.Integer(),
            nullable=True,
            comment="1 / SP decimal in units of 10^-9 (A/E's expected wins).",
        ),
        sa.Column(
            "win_time",
            sa.Numeric(precision=9, scale=2),
            nullable=True,
            comment="A win's time in seconds: the runner's, else the race's.",
        ),
        sa.PrimaryKeyConstraint("race_id", "horse_id", name=op.f("pk_dh_stats_runs")),
        comment="Every runner with the statistics definitions applied, as the stats job last read it: the input of every statistic, kept so a run recomputes only what changed.",
    )
    with op.batch_alter_table("dh_stats_runs", schema=None) as batch_op:
        for columns in INDEXES:
            batch_op.create_index(batch_op.f(_index_name(columns)), list(columns), unique=False)
    op.create_table(
        "dh_stats_person_sums",
        sa.Column("role", sa.Text(), nullable=False, comment="jockey, trainer or owner."),
        sa.Column("id", sa.Text(), nullable=False, comment="The person's id: jky_, trn_ or own_."),
        *_sums("up to the as-of date"),
        sa.Column("last_date", sa.Date(), nullable=True, comment="Date of the latest run."),
        sa.Column("last_win_date", sa.Date(), nullable=True, comment="Date of the latest win."),
        sa.PrimaryKeyConstraint("role", "id", name=op.f("pk_dh_stats_person_sums")),
        comment="Each jockey's, trainer's and owner's career as sums, kept by the stats job: a daily run adds the new runs and takes out the changed ones instead of reading careers.",
    )
    op.create_table(
        "dh_stats_ancestor_sums",
        sa.Column("role", sa.Text(), nullable=False, comment="sire, dam or damsire."),
        sa.Column(
            "id", sa.Text(), nullable=False, comment="The ancestor's id: sir_, dam_ or dsi_."
        ),
        sa.Column("class_b", sa.Text(), nullable=False, comment="Class bucket of the runs."),
        sa.Column(
            "band",
            sa.Text(),
            nullable=False,
            comment="Distance band of the runs; empty without a distance.",
        ),
        sa.Column("going_b", sa.Text(), nullable=False, comment="Going bucket of the runs."),
        sa.Column("surface_b", sa.Text(), nullable=False, comment="Surface bucket of the runs."),
        *_sums("of the progeny in these buckets"),
        sa.Column(
            "quality",
            sa.Integer(),
            nullable=False,
            comment="Runs with an SP, a class (or Irish) and a distance.",
        ),
        sa.PrimaryKeyConstraint(
            "role",
            "id",
            "class_b",
            "band",
            "going_b",
            "surface_b",
            name=op.f("pk_dh_stats_ancestor_sums"),
        ),
        comment="Each sire's, dam's and damsire's progeny runs as sums per class, band, going and surface, kept by the stats job (added to and taken from, never read run by run).",
    )
    op.create_table(
        "dh_stats_horse_counts",
        sa.Column("role", sa.Text(), nullable=False, comment="owner, sire, dam or damsire."),
        sa.Column("id", sa.Text(), nullable=False, comment="The owner's or ancestor's id."),
        sa.Column(
            "horse_id", sa.Text(), nullable=False, comment="A horse with runs for it, hrs_..."
        ),
        sa.Column(
            "runs",
            sa.Integer(),
            nullable=False,
            comment="The horse's runs for it up to the as-of date.",
        ),
        sa.PrimaryKeyConstraint("role", "id", "horse_id", name=op.f("pk_dh_stats_horse_counts")),
        comment="Runs per owner (or ancestor) and horse, kept by the stats job: distinct horses and progeny are the rows with runs, without reading every run again.",
    )

    bind = op.get_bind()
    for statement in _postgresql() if bind.dialect.name == "postgresql" else _sqlite():
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    for table, stem, _, _ in TABLES:
        for event in ("insert", "update", "delete"):
            op.execute(
                f"DROP TRIGGER IF EXISTS dh_stats_{stem}_{event}"
                + (f" ON {table}" if bind.dialect.name == "postgresql" else "")
            )
        if bind.dialect.name == "postgresql":
            op.execute(f"DROP FUNCTION IF EXISTS dh_stats_log_{stem}()")
    op.drop_table("dh_stats_horse_counts")
    op.drop_table("dh_stats_ancestor_sums")
    op.drop_table("dh_stats_person_sums")
    with op.batch_alter_table("dh_stats_runs", schema=None) as batch_op:
        for columns in reversed(INDEXES):
            batch_op.drop_index(batch_op.f(_index_name(columns)))
    op.drop_table("dh_stats_runs")
    op.drop_table("dh_stats_changes")
