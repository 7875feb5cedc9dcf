"""Confidence: the judge's estimate that an event is right, NULL for the events stored before
it (read by the rules alone).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE on both back ends: SQLite adds (and, from 3.35, drops) a column in
    # place, so the events table is never rebuilt and its full-text triggers stay.
    op.add_column("events", sa.Column("confidence", sa.Float, nullable=True))


def downgrade() -> None:
    op.drop_column("events", "confidence")
