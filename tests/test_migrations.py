"""Schema migrations on SQLite and PostgreSQL: a fresh store is the schema the code describes,
a store of the first revision is upgraded with its rows kept and filled in, and the latest
revision can be undone and redone."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from conftest import fresh_database
from diplowatch.linking.stories import Agencies, block_key, block_label, build_stories
from diplowatch.records import Article, Event, Page, Story
from diplowatch.store import Store, schema
from diplowatch.store.migrate import (
    BASELINE,
    HEAD,
    alembic_config,
    current_revision,
    head_revision,
)
from diplowatch.store.order import sort_key
from diplowatch.store.rows import actor_codes, article_row, event_row
from diplowatch.store.stories import story_day, story_row
from outlets import day_of, page_and_article, report, ties_event

URL = "https://www.reuters.com/world/niger-ukraine"
PUBLISHED = date(2024, 8, 6)
MONDAY = date(2024, 8, 5)
# The baseline's tables, as revision 0002 leaves them (its other tables are new).
BASELINE_TABLES = ("pages", "articles", "events", "stories", "story_reports")
# The revision before events had a confidence.
BEFORE_CONFIDENCE = "0003"
AlembicCommand = Callable[[Config, str], None]


@dataclass(frozen=True, slots=True)
class Baseline:
    """What a test put in a store of the first revision: a page, its article, its events (one
    dated, one not) and the stories they make."""

    page: Page
    events: tuple[Event, ...]
    stories: tuple[Story, ...]

    def days(self) -> dict[str, date]:
        """Event id -> the day revision 0002 stands it at (its date, else its article's)."""
        return {
            event.id: event.date.start if event.date and event.date.start else PUBLISHED
            for event in self.events
        }


def _baseline_records() -> Baseline:
    page, _article = page_and_article(URL, "Niger cut ties with Ukraine.", PUBLISHED)
    sentences = (
        "Niger cut diplomatic ties with Ukraine after the ceasefire talks collapsed.",
        "The junta also announced an embargo on Ukrainian grain shipments.",
    )
    dated = ties_event(URL, URL, sentences[0], day_of("on Monday", MONDAY))
    undated = replace(ties_event(URL, URL, sentences[1], None), sentence_index=1)
    events = (dated, undated)
    stories = build_stories(
        [report(event, "reuters.com", PUBLISHED) for event in events], agencies=Agencies.load()
    )
    return Baseline(page, events, tuple(stories))


def _described(_object: Any, name: str | None, kind: str, _reflected: bool, _to: Any) -> bool:
    """False for the full-text search objects, which migration 0002 makes by hand and the
    metadata does not describe: the FTS5 table and its shadow tables on SQLite, the generated
    ``search`` column and its index on PostgreSQL."""
    if kind == "table" and name is not None and name.startswith("events_search"):
        return False
    return not (kind in ("column", "index") and name in ("search", "ix_events_search"))


def _schema_differences(url: str) -> list[Any]:
    """What Alembic's autogenerate finds between the metadata and the database at ``url``."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "compare_server_default": True,
                    "include_object": _described,
                },
            )
            return list(compare_metadata(context, schema.metadata))
    finally:
        engine.dispose()


def _with_connection(url: str, work: Callable[[Connection], Any]) -> Any:
    """``work`` on a connection to ``url``, in one transaction, on an engine of its own (on
    SQLite with foreign keys off, as ``migrate`` runs migrations: a table rebuild must not
    cascade)."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            return work(connection)
    finally:
        engine.dispose()


def _alembic(url: str, step: AlembicCommand, revision: str) -> None:
    """Run one Alembic command (upgrade, downgrade) on the store at ``url``."""
    _with_connection(url, lambda connection: step(alembic_config(connection), revision))


def _revision(url: str) -> str | None:
    """The revision the store at ``url`` is at."""
    return _with_connection(url, current_revision)


def _fill_baseline(connection: Connection, records: Baseline) -> None:
    """Insert the records into the tables of the first revision, as that revision wrote them
    (columns that came later left out)."""
    tables = sa.MetaData()
    tables.reflect(connection, only=BASELINE_TABLES)

    def insert(name: str, rows: list[dict[str, Any]]) -> None:
        table = tables.tables[name]
        connection.execute(
            sa.insert(table), [{k: v for k, v in row.items() if k in table.c} for row in rows]
        )

    page = records.page
    added = connection.execute(sa.insert(tables.tables["pages"]).values(_page_row(page)))
    page_id = added.inserted_primary_key[0]
    _page, article = page_and_article(URL, page.content, PUBLISHED)
    insert("articles", [article_row(page_id, article)])
    insert("events", [event_row(page_id, event, PUBLISHED, 0) for event in records.events])
    stories = records.stories
    insert(
        "stories",
        [story_row(block_label(block_key(s.reports[0])), s, story_day(s), 0) for s in stories],
    )
    links = [
        {"story_id": story.id, "event_id": item.event.id, "position": index}
        for story in stories
        for index, item in enumerate(story.reports)
    ]
    insert("story_reports", links)


def _page_row(page: Page) -> dict[str, Any]:
    """The page's row in the ``pages`` table (its id left to the database)."""
    return {
        "content_hash": page.content_hash,
        "name": page.name,
        "url": page.url,
        "version": 1,
        "site": "reuters.com",
        "kind": page.kind,
        "origin": "",
        "encoding": "utf-8",
        "published": page.published,
        "ingested_at": datetime(2024, 8, 6, 12, tzinfo=UTC),
        "content": page.content,
    }


@pytest.fixture
def baseline(db_url: str) -> Iterator[Baseline]:
    """A store at ``db_url`` made at the first revision, with the baseline records in it."""
    records = _baseline_records()
    _alembic(db_url, command.upgrade, BASELINE)
    _with_connection(db_url, lambda connection: _fill_baseline(connection, records))
    assert _revision(db_url) == BASELINE
    yield records


def _search(connection: Connection, word: str) -> set[str]:
    """Ids of the events whose sentence the full-text index finds ``word`` in."""
    if connection.dialect.name == "sqlite":
        query = (
            "SELECT id FROM events WHERE seq IN "
            "(SELECT rowid FROM events_search WHERE events_search MATCH :word)"
        )
    else:
        query = "SELECT id FROM events WHERE search @@ plainto_tsquery('english', :word)"
    return set(connection.execute(sa.text(query), {"word": word}).scalars())


def _search_objects(connection: Connection) -> set[str]:
    """The full-text objects present: the FTS5 table and its triggers, or the tsvector column
    and its index."""
    inspector = sa.inspect(connection)
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name IN "
            "('events_search', 'events_search_insert', 'events_search_delete')"
        )
        return set(rows.scalars())
    columns = {column["name"] for column in inspector.get_columns("events")}
    indexes = {index["name"] for index in inspector.get_indexes("events")}
    return ({"search"} & columns) | ({"ix_events_search"} & indexes)


def _assert_upgraded(store: Store, records: Baseline) -> None:
    """The store is at the latest revision with the baseline's rows kept, their order keys,
    days and actor codes filled in, and their sentences in the full-text index."""
    days = records.days()
    keys = {event.id: sort_key(days[event.id], event.id) for event in records.events}
    with store.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        events = schema.events
        stored = connection.execute(sa.select(events.c.id, events.c.day, events.c.seq)).all()
        assert {row.id: (row.day, row.seq) for row in stored} == {
            event_id: (days[event_id], key) for event_id, key in keys.items()
        }
        actors = connection.execute(sa.select(schema.event_actors)).all()
        assert {tuple(row) for row in actors} == {
            (code, keys[event.id], event.id)
            for event in records.events
            for code in actor_codes(event)
        }
        stories = schema.stories
        rows = connection.execute(sa.select(stories.c.id, stories.c.day, stories.c.seq)).all()
        assert {tuple(row) for row in rows} == {
            (story.id, story_day(story), sort_key(story_day(story), story.id))
            for story in records.stories
        }
        links = connection.execute(sa.select(schema.story_reports)).all()
        assert {(row.story_id, row.event_id) for row in links} == {
            (story.id, item.event.id) for story in records.stories for item in story.reports
        }
        dated, undated = records.events
        assert _search(connection, "ceasefire") == {dated.id}
        assert _search(connection, "embargo") == {undated.id}
    assert list(store.events()) == list(records.events)
    assert store.counts()["pages"] == store.counts()["articles"] == 1


def test_a_fresh_store_is_at_the_latest_revision_and_the_schema_the_code_describes(
    db_url: str,
) -> None:
    with Store(db_url) as store, store.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        assert _search_objects(connection)
    assert _schema_differences(db_url) == []


def test_a_first_revision_store_is_upgraded_with_its_rows_kept_and_filled_in(
    db_url: str, baseline: Baseline
) -> None:
    with Store(db_url) as store:
        _assert_upgraded(store, baseline)
        later = ties_event(
            f"{URL}-2", f"{URL}-2", "Kyiv called the decision a hasty armistice blunder.", None
        )
        page, article = page_and_article(f"{URL}-2", "Kyiv answered.", PUBLISHED)
        assert store.add(page, article, [later]) == "new"
        with store.engine.connect() as connection:
            assert _search(connection, "armistice") == {later.id}
    assert _schema_differences(db_url) == []


def test_the_latest_revision_can_be_undone_and_redone_with_the_rows_kept(
    db_url: str, baseline: Baseline
) -> None:
    Store(db_url).close()
    _alembic(db_url, command.downgrade, BASELINE)
    assert _revision(db_url) == BASELINE

    def baseline_state(connection: Connection) -> tuple[dict[str, int], set[str], set[str]]:
        counts = {
            name: connection.execute(sa.text(f"SELECT count(*) FROM {name}")).scalar_one()
            for name in BASELINE_TABLES
        }
        columns = {column["name"] for column in sa.inspect(connection).get_columns("events")}
        return counts, columns, _search_objects(connection)

    counts, columns, search = _with_connection(db_url, baseline_state)
    assert counts == {
        "pages": 1,
        "articles": 1,
        "events": 2,
        "stories": len(baseline.stories),
        "story_reports": 2,
    }
    assert not {"day", "seq", "source_actor", "place_name", "search"} & columns
    assert search == set()
    assert not _with_connection(db_url, lambda c: sa.inspect(c).has_table("event_actors"))

    with Store(db_url) as store:
        _assert_upgraded(store, baseline)
    assert _schema_differences(db_url) == []


def _fill_before_confidence(connection: Connection, events: Sequence[Event]) -> None:
    """A page, its article and its events as revision 0003 wrote them: no confidence."""
    tables = sa.MetaData()
    tables.reflect(connection, only=("pages", "articles", "events"))
    page, article = page_and_article(URL, "Niger cut ties with Ukraine.", PUBLISHED)
    added = connection.execute(sa.insert(tables.tables["pages"]).values(_page_row(page)))
    page_id = added.inserted_primary_key[0]
    connection.execute(sa.insert(tables.tables["articles"]), [article_row(page_id, article)])
    table = tables.tables["events"]
    rows = [
        event_row(page_id, event, day, sort_key(day, event.id))
        for event in events
        for day in [event.date.start if event.date and event.date.start else PUBLISHED]
    ]
    connection.execute(
        sa.insert(table), [{k: v for k, v in r.items() if k in table.c} for r in rows]
    )


def _judged_later() -> tuple[Page, Article, Event]:
    url = f"{URL}-judged"
    page, article = page_and_article(url, "Kyiv answered with a hasty armistice.", PUBLISHED)
    event = replace(
        ties_event(url, url, "Kyiv answered with a hasty armistice.", None), confidence=0.72
    )
    return page, article, event


def test_a_store_from_before_confidence_is_upgraded_its_events_with_none(db_url: str) -> None:
    judged = [replace(event, confidence=0.9) for event in _baseline_records().events]
    _alembic(db_url, command.upgrade, BEFORE_CONFIDENCE)
    _with_connection(db_url, lambda connection: _fill_before_confidence(connection, judged))
    with Store(db_url) as store:
        assert list(store.events()) == [replace(event, confidence=None) for event in judged]
        page, article, later = _judged_later()
        assert store.add(page, article, [later]) == "new"
        assert list(store.events(page=later.page)) == [later]
        with store.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
            assert _search(connection, "armistice") == {later.id}
    assert _schema_differences(db_url) == []


def test_the_confidence_revision_can_be_undone_and_redone_with_search_intact(
    db_url: str,
) -> None:
    with Store(db_url) as store:
        page, article, later = _judged_later()
        store.add(page, article, [later])
    objects = _with_connection(db_url, _search_objects)
    _alembic(db_url, command.downgrade, BEFORE_CONFIDENCE)

    def state(connection: Connection) -> tuple[set[str], set[str], set[str]]:
        columns = {column["name"] for column in sa.inspect(connection).get_columns("events")}
        return columns, _search_objects(connection), _search(connection, "armistice")

    columns, search, found = _with_connection(db_url, state)
    assert "confidence" not in columns and "seq" in columns
    # The events table was altered in place, not rebuilt: its full-text index is whole.
    assert search == objects and found == {later.id}
    with Store(db_url) as store:
        assert list(store.events()) == [replace(later, confidence=None)]
        with store.engine.connect() as connection:
            assert _search(connection, "armistice") == {later.id}
    assert _schema_differences(db_url) == []


def _reflected_schema(connection: Connection) -> dict[str, Any]:
    """Everything the database says of its tables (columns with their types, nullability and
    defaults; keys; indexes; unique constraints), of its triggers and virtual tables, and the
    revision it is stamped with."""
    inspector = sa.inspect(connection)
    tables: dict[str, Any] = {}
    for name in sorted(inspector.get_table_names()):
        if name.startswith("events_search") or name == "sqlite_sequence":
            continue
        columns = [
            (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
            for c in inspector.get_columns(name)
        ]
        keys = sorted(
            (
                tuple(k["constrained_columns"]),
                k["referred_table"],
                tuple(k["referred_columns"]),
                str(k.get("options")),
            )
            for k in inspector.get_foreign_keys(name)
        )
        indexes = sorted(
            (i["name"], tuple(i["column_names"]), bool(i["unique"]))
            for i in inspector.get_indexes(name)
        )
        uniques = sorted(
            (u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(name)
        )
        primary = tuple(inspector.get_pk_constraint(name)["constrained_columns"])
        tables[name] = (sorted(columns), primary, keys, indexes, uniques)
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master "
            "WHERE type = 'trigger' OR name = 'events_search' ORDER BY name"
        )
        tables["sqlite_master"] = [tuple(row) for row in rows]
    tables["revision"] = current_revision(connection)
    return tables


def test_a_fresh_store_has_the_schema_the_migrations_build(db_url: str, tmp_path: Any) -> None:
    """A fresh store is given the latest schema at once, without Alembic; Alembic's migrations
    from an empty database must build the very same one."""
    with Store(db_url) as store, store.engine.connect() as connection:
        fresh = _reflected_schema(connection)
    backend = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    (tmp_path / "migrated").mkdir()
    with fresh_database(backend, tmp_path / "migrated") as other:
        engine = sa.create_engine(other)
        try:
            with engine.begin() as connection:
                command.upgrade(alembic_config(connection), "head")
            with engine.connect() as connection:
                migrated = _reflected_schema(connection)
        finally:
            engine.dispose()
    assert fresh["revision"] == HEAD
    assert fresh == migrated


def test_the_head_a_store_is_checked_against_is_alembics() -> None:
    """A store at ``HEAD`` is opened without Alembic; ``HEAD`` must be the last migration."""
    assert head_revision() == HEAD
