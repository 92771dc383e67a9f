"""odds price spans view

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

The view ``ra_odds_price_spans`` behind ``darkhorses odds at``: each price a bookmaker showed,
with when it opened and closed relative to the off. Frozen here as SQL so the step never
changes with the code.
"""

# ruff: noqa: E501  (SQL text)

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE = """
CREATE VIEW ra_odds_price_spans AS
SELECT s.race_id, s.horse_id, s.bookmaker_id, s.bookmaker, s.race_date, s.off_dt,
       s.changed_at, CASE WHEN s.replaced_at < s.off_dt THEN s.replaced_at END AS replaced_at,
       s.fractional, s.decimal, s.fractional_raw, s.decimal_raw, s.is_sp, s.is_withdrawn,
       s.ew_places, s.ew_denom, s.source,
       ROUND((julianday(s.off_dt) - julianday(s.changed_at)) * 86400.0, 3) AS opened_s_before_off,
       ROUND((julianday(s.off_dt) - julianday(CASE WHEN s.replaced_at < s.off_dt THEN s.replaced_at END)) * 86400.0, 3) AS closed_s_before_off
FROM (
    SELECT h.race_id, h.horse_id, h.bookmaker_id, h.bookmaker, h.race_date, h.changed_at,
           h.fractional, h.decimal, h.fractional_raw, h.decimal_raw, h.is_sp, h.is_withdrawn,
           h.ew_places, h.ew_denom, h.source,
           COALESCE(r.off_dt, l.off_dt) AS off_dt,
           LEAD(h.changed_at) OVER (
               PARTITION BY h.race_id, h.horse_id, h.bookmaker_id ORDER BY h.changed_at
           ) AS replaced_at
    FROM ra_odds_history h
    LEFT JOIN ra_mst_races r ON r.id = h.race_id
    LEFT JOIN ra_odds_live l
           ON l.race_id = h.race_id AND l.horse_id = h.horse_id
          AND l.bookmaker_id = h.bookmaker_id
) s
WHERE s.off_dt IS NOT NULL AND s.changed_at < s.off_dt
"""

POSTGRESQL = """
CREATE VIEW ra_odds_price_spans AS
SELECT s.race_id, s.horse_id, s.bookmaker_id, s.bookmaker, s.race_date, s.off_dt,
       s.changed_at, CASE WHEN s.replaced_at < s.off_dt THEN s.replaced_at END AS replaced_at,
       s.fractional, s.decimal, s.fractional_raw, s.decimal_raw, s.is_sp, s.is_withdrawn,
       s.ew_places, s.ew_denom, s.source,
       EXTRACT(EPOCH FROM (s.off_dt - s.changed_at)) AS opened_s_before_off,
       EXTRACT(EPOCH FROM (s.off_dt - CASE WHEN s.replaced_at < s.off_dt THEN s.replaced_at END)) AS closed_s_before_off
FROM (
    SELECT h.race_id, h.horse_id, h.bookmaker_id, h.bookmaker, h.race_date, h.changed_at,
           h.fractional, h.decimal, h.fractional_raw, h.decimal_raw, h.is_sp, h.is_withdrawn,
           h.ew_places, h.ew_denom, h.source,
           COALESCE(r.off_dt, l.off_dt) AS off_dt,
           LEAD(h.changed_at) OVER (
               PARTITION BY h.race_id, h.horse_id, h.bookmaker_id ORDER BY h.changed_at
           ) AS replaced_at
    FROM ra_odds_history h
    LEFT JOIN ra_mst_races r ON r.id = h.race_id
    LEFT JOIN ra_odds_live l
           ON l.race_id = h.race_id AND l.horse_id = h.horse_id
          AND l.bookmaker_id = h.bookmaker_id
) s
WHERE s.off_dt IS NOT NULL AND s.changed_at < s.off_dt
"""


def upgrade() -> None:
    bind = op.get_bind()
    op.execute("DROP VIEW IF EXISTS ra_odds_price_spans")
    op.execute(POSTGRESQL if bind.dialect.name == "postgresql" else SQLITE)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS ra_odds_price_spans")
