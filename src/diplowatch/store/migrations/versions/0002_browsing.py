"""Browsing: order keys, side codes and places as columns, an actor index, full-text search.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from diplowatch.store.order import next_free, sort_key
from diplowatch.store.schema import SEARCH_DDL

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_EVENT_COLUMNS = {
    "day": sa.Date,
    "seq": sa.BigInteger,
    "source_actor": sa.Text,
    "target_actor": sa.Text,
    "place_country": lambda: sa.String(8),
    "place_name": sa.Text,
}


def _side(value: Any) -> tuple[str | None, str | None]:
    actor = (value or {}).get("actor") or {}
    return actor.get("country"), actor.get("id")


def _fill_events(connection: sa.Connection) -> None:
    """Order keys, side codes and places of the events stored before this revision."""
    events = sa.table(
        "events",
        sa.column("id"),
        sa.column("page_id"),
        sa.column("date_start", sa.Date),
        *(sa.column(name, sa.JSON) for name in ("source", "target", "location")),
        *(sa.column(name) for name in _EVENT_COLUMNS),
    )
    articles = sa.table("articles", sa.column("page_id"), sa.column("published", sa.Date))
    actors = sa.table("event_actors", sa.column("code"), sa.column("seq"), sa.column("event_id"))
    today = datetime.now(UTC).date()
    published = {
        row.page_id: row.published
        for row in connection.execute(sa.select(articles.c.page_id, articles.c.published))
    }
    query = sa.select(
        events.c.id,
        events.c.page_id,
        events.c.date_start,
        events.c.source,
        events.c.target,
        events.c.location,
    )
    taken: set[int] = set()
    for row in connection.execute(query).fetchall():
        day = row.date_start or published.get(row.page_id) or today
        key = next_free(sort_key(day, row.id), taken)
        taken.add(key)
        source, target = _side(row.source), _side(row.target)
        place = row.location or {}
        connection.execute(
            sa.update(events)
            .where(events.c.id == row.id)
            .values(
                day=day,
                seq=key,
                source_actor=source[1],
                target_actor=target[1],
                place_country=place.get("country"),
                place_name=place.get("name"),
            )
        )
        codes = {code for code in (*source, *target) if code}
        for code in sorted(codes):
            connection.execute(sa.insert(actors).values(code=code, seq=key, event_id=row.id))


def _fill_stories(connection: sa.Connection) -> None:
    stories = sa.table(
        "stories",
        sa.column("id"),
        sa.column("date", sa.Date),
        sa.column("first_reported", sa.Date),
        sa.column("day"),
        sa.column("seq"),
    )
    today = datetime.now(UTC).date()
    taken: set[int] = set()
    for row in connection.execute(sa.select(stories)).fetchall():
        day = row.date or row.first_reported or today
        key = next_free(sort_key(day, row.id), taken)
        taken.add(key)
        connection.execute(
            sa.update(stories).where(stories.c.id == row.id).values(day=day, seq=key)
        )


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table("events") as batch:
        for name, kind in _EVENT_COLUMNS.items():
            batch.add_column(sa.Column(name, kind(), nullable=True))
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("day", sa.Date, nullable=True))
        batch.add_column(sa.Column("seq", sa.BigInteger, nullable=True))
    op.create_table(
        "event_actors",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True),
        sa.Column(
            "event_id",
            sa.String(32),
            sa.ForeignKey("events.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
    )
    _fill_events(connection)
    _fill_stories(connection)
    with op.batch_alter_table("events") as batch:
        batch.alter_column("day", existing_type=sa.Date, nullable=False)
        batch.alter_column("seq", existing_type=sa.BigInteger, nullable=False)
        batch.create_unique_constraint("uq_events_seq", ["seq"])
    with op.batch_alter_table("stories") as batch:
        batch.alter_column("day", existing_type=sa.Date, nullable=False)
        batch.alter_column("seq", existing_type=sa.BigInteger, nullable=False)
        batch.create_unique_constraint("uq_stories_seq", ["seq"])
    # Filtered pages newest first: one index range per type or certainty.
    op.drop_index("ix_events_type", table_name="events")
    op.create_index("ix_events_type_seq", "events", ["type", "seq"])
    op.create_index("ix_events_certainty_seq", "events", ["certainty", "seq"])
    op.drop_index("ix_stories_type", table_name="stories")
    op.create_index("ix_stories_type_seq", "stories", ["type", "seq"])
    _create_search(connection)


def _create_search(connection: sa.Connection) -> None:
    """Full-text search over event sentences, kept in step with the events table: an FTS5
    table keyed by order key on SQLite, a stored tsvector with a GIN index on PostgreSQL
    (``schema.SEARCH_DDL``, which a fresh store is also given)."""
    for statement in SEARCH_DDL.get(connection.dialect.name, ()):
        op.execute(statement)
    if connection.dialect.name == "sqlite":
        op.execute("INSERT INTO events_search(rowid, sentence) SELECT seq, sentence FROM events")


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS events_search_insert")
        op.execute("DROP TRIGGER IF EXISTS events_search_delete")
        op.execute("DROP TABLE IF EXISTS events_search")
    elif connection.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_events_search")
        op.execute("ALTER TABLE events DROP COLUMN IF EXISTS search")
    op.drop_index("ix_stories_type_seq", table_name="stories")
    op.create_index("ix_stories_type", "stories", ["type"])
    op.drop_index("ix_events_certainty_seq", table_name="events")
    op.drop_index("ix_events_type_seq", table_name="events")
    op.create_index("ix_events_type", "events", ["type"])
    op.drop_table("event_actors")
    with op.batch_alter_table("stories") as batch:
        batch.drop_constraint("uq_stories_seq", type_="unique")
        batch.drop_column("seq")
        batch.drop_column("day")
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("uq_events_seq", type_="unique")
        for name in reversed(_EVENT_COLUMNS):
            batch.drop_column(name)
