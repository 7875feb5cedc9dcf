"""Place indexes: a place's events, or a country's, newest first, are one index range (the
``place`` filter), and the places events happened at are read from an index alone.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_place_name_seq", "events", ["place_name", "seq"])
    op.create_index("ix_events_place_country_seq", "events", ["place_country", "seq"])


def downgrade() -> None:
    op.drop_index("ix_events_place_country_seq", table_name="events")
    op.drop_index("ix_events_place_name_seq", table_name="events")
