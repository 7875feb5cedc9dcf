"""The store's tables (SQLAlchemy Core). Portable SQL: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()


def _page_key() -> sa.Column[int]:
    """A table keyed by the page its row belongs to (gone with the page)."""
    return sa.Column(
        "page_id", sa.Integer, sa.ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True
    )


pages = sa.Table(
    "pages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=True, index=True),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.Column("site", sa.Text, nullable=True, index=True),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("origin", sa.Text, nullable=False, default=""),
    sa.Column("encoding", sa.String(32), nullable=False, default="utf-8"),
    sa.Column("published", sa.Date, nullable=True),
    sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
)

# Other addresses a stored page's very content arrived under (a moved page, a copy served at a
# second address): the address, the name it came with, its date and when it was fetched and
# recorded. The page's first address is ``pages.url``.
page_addresses = sa.Table(
    "page_addresses",
    metadata,
    _page_key(),
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("published", sa.Date, nullable=True),
    sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    _page_key(),
    sa.Column("page", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("site", sa.Text, nullable=True),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("dek", sa.Text, nullable=True),
    sa.Column("section", sa.Text, nullable=True),
    sa.Column("byline", sa.Text, nullable=True),
    sa.Column("published", sa.Date, nullable=True, index=True),
    sa.Column("published_source", sa.String(16), nullable=True),
    sa.Column("language", sa.String(8), nullable=True),
    sa.Column("paragraphs", sa.JSON, nullable=False),
    sa.Column("captions", sa.JSON, nullable=False),
    sa.Column("related", sa.JSON, nullable=False),
    sa.Column("teasers", sa.JSON, nullable=False),
    sa.Column("template", sa.JSON, nullable=False),
)

# Which pages (by URL, else name) have been counted into a site's line counts.
site_pages = sa.Table(
    "site_pages",
    metadata,
    sa.Column("site", sa.Text, primary_key=True),
    sa.Column("page_key", sa.Text, primary_key=True),
)

# For each site and short line: on how many distinct pages it was seen.
site_lines = sa.Table(
    "site_lines",
    metadata,
    sa.Column("site", sa.Text, primary_key=True),
    sa.Column("line_hash", sa.String(40), primary_key=True),
    sa.Column("line", sa.Text, nullable=False),
    sa.Column("pages", sa.Integer, nullable=False),
)


def _evidence_columns() -> list[sa.Column[Any]]:
    """The columns every extracted record has: its id, its page, and its evidence (the
    verbatim sentence and span)."""
    return [
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "page_id",
            sa.Integer,
            sa.ForeignKey("pages.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("page", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("sentence_index", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
    ]


def _date_columns() -> list[sa.Column[Any]]:
    """A date period as the words named it (``DateMention``)."""
    return [
        sa.Column("date_start", sa.Date, nullable=True, index=True),
        sa.Column("date_end", sa.Date, nullable=True),
        sa.Column("date_precision", sa.String(8), nullable=True),
        sa.Column("date_text", sa.Text, nullable=True),
    ]


# The events of each article, with their evidence: the verbatim sentence and span.
events = sa.Table(
    "events",
    metadata,
    *_evidence_columns(),
    sa.Column("source", sa.JSON, nullable=True),
    sa.Column("target", sa.JSON, nullable=True),
    sa.Column("source_country", sa.String(8), nullable=True, index=True),
    sa.Column("target_country", sa.String(8), nullable=True, index=True),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("mode", sa.Text, nullable=True),
    *_date_columns(),
    sa.Column("location", sa.JSON, nullable=True),
    sa.Column("attribution", sa.Text, nullable=True),
    sa.Column("certainty", sa.String(16), nullable=False),
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column("cameo", sa.String(8), nullable=True),
    sa.Column("goldstein", sa.Float, nullable=True),
    # The judge's estimate (0-1) that the event is right; NULL for events read by the rules
    # alone. Filters on it ride along the order-key scans, so it needs no index of its own.
    sa.Column("confidence", sa.Float, nullable=True),
    # For browsing: the day the event stands at (its date, else its page's publication date,
    # else the day it was stored), its order key (see ``order.sort_key``), and the codes and
    # place the filters compare, as plain columns.
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.UniqueConstraint("seq", name="uq_events_seq"),
    # Actor ids ("org:" or "person:" and a slug of the name) have no bound on their length.
    sa.Column("source_actor", sa.Text, nullable=True),
    sa.Column("target_actor", sa.Text, nullable=True),
    sa.Column("place_country", sa.String(8), nullable=True),
    sa.Column("place_name", sa.Text, nullable=True),
    # A type's or a certainty's events, newest first, are one index range.
    sa.Index("ix_events_type_seq", "type", "seq"),
    sa.Index("ix_events_certainty_seq", "certainty", "seq"),
    # A place's or a country's events, newest first (the ``place`` filter), likewise.
    sa.Index("ix_events_place_name_seq", "place_name", "seq"),
    sa.Index("ix_events_place_country_seq", "place_country", "seq"),
)

# Every code (country and actor id) on either side of an event, with the event's order key:
# an actor's events, newest first, are one index range.
event_actors = sa.Table(
    "event_actors",
    metadata,
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

# Negotiating positions, with their evidence; one row per position.
positions = sa.Table(
    "positions",
    metadata,
    *_evidence_columns(),
    sa.Column("actor", sa.JSON, nullable=False),
    sa.Column("actor_country", sa.String(8), nullable=True, index=True),
    sa.Column("counterparts", sa.JSON, nullable=False),
    sa.Column("issue", sa.String(32), nullable=False),
    sa.Column("stance", sa.String(16), nullable=False),
    sa.Column("conditions", sa.JSON, nullable=False),
    *_date_columns(),
    sa.Column("placed", sa.Date, nullable=True, index=True),
    sa.Column("certainty", sa.String(16), nullable=False),
)

# Which ledgers (actor, counterpart, issue) each position belongs to: one row per counterpart.
ledger = sa.Table(
    "ledger",
    metadata,
    sa.Column(
        "position_id",
        sa.String(32),
        sa.ForeignKey("positions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("actor", sa.String(8), primary_key=True),
    sa.Column("counterpart", sa.String(8), primary_key=True),
    sa.Column("issue", sa.String(32), primary_key=True),
    sa.Index("ledger_key", "actor", "counterpart", "issue"),
)

# Changes of stance between consecutive positions of a ledger, kept up to date as pages come.
shifts = sa.Table(
    "shifts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("actor", sa.String(8), nullable=False, index=True),
    sa.Column("counterpart", sa.String(8), nullable=False),
    sa.Column("issue", sa.String(32), nullable=False),
    sa.Column(
        "from_position",
        sa.String(32),
        sa.ForeignKey("positions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column(
        "to_position",
        sa.String(32),
        sa.ForeignKey("positions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("from_stance", sa.String(16), nullable=False),
    sa.Column("to_stance", sa.String(16), nullable=False),
    sa.Column("date", sa.Date, nullable=True),
)

# Syndicated copies: each page's MinHash signature and LSH band keys, and for a page whose
# article is a near-copy of one stored before it, that page (the first of its kind).
fingerprints = sa.Table(
    "fingerprints",
    metadata,
    _page_key(),
    sa.Column("signature", sa.LargeBinary, nullable=False),
)

fingerprint_bands = sa.Table(
    "fingerprint_bands",
    metadata,
    sa.Column("band", sa.String(40), primary_key=True),
    _page_key(),
)

copies = sa.Table(
    "copies",
    metadata,
    _page_key(),
    sa.Column(
        "original_id",
        sa.Integer,
        sa.ForeignKey("pages.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("similarity", sa.Float, nullable=False),
)

# Stories: the events of many articles that report one real event. Built per block (the kind
# of event, both countries, denied or not) from all the block's events; a block whose events
# changed waits in story_blocks until it is rebuilt, so a crash never leaves stories half-built.
stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("block", sa.Text, nullable=False, index=True),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("source", sa.JSON, nullable=True),
    sa.Column("target", sa.JSON, nullable=True),
    sa.Column("source_country", sa.String(8), nullable=True, index=True),
    sa.Column("target_country", sa.String(8), nullable=True, index=True),
    sa.Column("date", sa.Date, nullable=True, index=True),
    sa.Column("date_precision", sa.String(8), nullable=True),
    sa.Column("first_reported", sa.Date, nullable=True, index=True),
    sa.Column("latest_reported", sa.Date, nullable=True),
    sa.Column("corroboration", sa.Integer, nullable=False),
    sa.Column("outlets", sa.JSON, nullable=False),
    sa.Column("sources", sa.JSON, nullable=False),
    sa.Column("disagreements", sa.JSON, nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.UniqueConstraint("seq", name="uq_stories_seq"),
    sa.Index("ix_stories_type_seq", "type", "seq"),
)

story_reports = sa.Table(
    "story_reports",
    metadata,
    sa.Column(
        "story_id",
        sa.String(32),
        sa.ForeignKey("stories.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "event_id",
        sa.String(32),
        sa.ForeignKey("events.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("position", sa.Integer, nullable=False),
)

story_blocks = sa.Table(
    "story_blocks",
    metadata,
    sa.Column("block", sa.Text, primary_key=True),
)

# The feeds a watch follows, with what their server said last (validators for conditional
# requests) and how the last poll went.
feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("watch", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("status", sa.String(16), nullable=False, default="new"),
    sa.Column("problem", sa.Text, nullable=True),
    sa.Column("entries", sa.Integer, nullable=False, default=0),
    sa.UniqueConstraint("watch", "url", name="uq_feeds_watch_url"),
)

# Every article address a feed listed, and what became of it: stored, or failed (tried again on
# later polls until ``attempts`` reaches the limit).
feed_entries = sa.Table(
    "feed_entries",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("problem", sa.Text, nullable=True),
    sa.Index("ix_feed_entries_feed_id", "feed_id"),
)


# What full-text search over event sentences adds to the tables, by back end: an FTS5 table keyed
# by order key, kept in step by triggers, on SQLite; a stored tsvector with a GIN index on
# PostgreSQL. The migration that brought search in runs these, and a fresh store is given them
# with the tables (``migrate.create_fresh``).
SEARCH_DDL: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE VIRTUAL TABLE events_search USING fts5("
        "sentence, content='', tokenize='porter unicode61 remove_diacritics 2')",
        "CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN "
        "INSERT INTO events_search(rowid, sentence) VALUES (new.seq, new.sentence); END",
        "CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN "
        "INSERT INTO events_search(events_search, rowid, sentence) "
        "VALUES ('delete', old.seq, old.sentence); END",
    ),
    "postgresql": (
        "ALTER TABLE events ADD COLUMN search tsvector "
        "GENERATED ALWAYS AS (to_tsvector('english', sentence)) STORED",
        "CREATE INDEX ix_events_search ON events USING gin (search)",
    ),
}
