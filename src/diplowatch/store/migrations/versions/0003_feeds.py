"""Feeds: the feeds each watch follows, and the article addresses they listed.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("watch", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("etag", sa.Text, nullable=True),
        sa.Column("last_modified", sa.Text, nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("problem", sa.Text, nullable=True),
        sa.Column("entries", sa.Integer, nullable=False),
        sa.UniqueConstraint("watch", "url", name="uq_feeds_watch_url"),
    )
    op.create_table(
        "feed_entries",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column(
            "feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("problem", sa.Text, nullable=True),
    )
    op.create_index("ix_feed_entries_feed_id", "feed_entries", ["feed_id"])


def downgrade() -> None:
    op.drop_index("ix_feed_entries_feed_id", table_name="feed_entries")
    op.drop_table("feed_entries")
    op.drop_table("feeds")
