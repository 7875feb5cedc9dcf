"""The store: pages and their articles, and what each site's pages have in common.

Each page is written in one transaction with its article and its site-line counts, so a crash
(even ``kill -9``) leaves every page either fully stored or absent, and a re-run completes the
batch. Pages are keyed by content hash: the same page twice changes nothing; a changed page at
the same URL is stored as a new version.

SQLite and PostgreSQL give the same results: writers take turns on both (SQLite's database lock,
an advisory lock on PostgreSQL), every listing has a total order that does not depend on the
back end (NULLs, ties, collations), times come back in UTC, and text never holds a NUL
character, which PostgreSQL refuses (it is stored as U+FFFD on both).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from diplowatch.clean.profiles import line_hash, page_key, site_lines
from diplowatch.config import DEFAULT_DB_URL
from diplowatch.errors import StoreError
from diplowatch.linking.copies import fingerprint
from diplowatch.linking.ledger import LedgerKey, ledger_keys, ledger_order, shifts
from diplowatch.linking.stories import Agencies
from diplowatch.query import Filters
from diplowatch.records import Article, Event, Page, Position, Shift, SiteProfile, Story
from diplowatch.sites import site_of
from diplowatch.store import actors, browse, schema
from diplowatch.store.actors import ActorSummary
from diplowatch.store.addresses import PageAddress, addresses_of, record_address
from diplowatch.store.browse import NO_FILTERS, EventItem, Listing, StoryItem
from diplowatch.store.copies import record_fingerprint
from diplowatch.store.migrate import migrate
from diplowatch.store.order import free_keys, sort_key
from diplowatch.store.revision import Revision
from diplowatch.store.rows import (
    actor_codes,
    article_from_row,
    article_row,
    as_utc,
    event_from_row,
    event_row,
    position_from_row,
    position_row,
)
from diplowatch.store.stories import (
    dirty_blocks,
    in_period,
    mark_blocks,
    read_stories,
    rebuild_block,
)

# SQL engines bound the number of parameters of one statement; look lines up in chunks.
LOOKUP_CHUNK = 500
# PostgreSQL URLs without a driver name SQLAlchemy would open with psycopg2, which diplowatch
# does not install; they get psycopg (3), its dependency.
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
POSTGRES_DRIVER_URL = "postgresql+psycopg://"
# The advisory lock every write transaction holds on PostgreSQL (see ``take_turn``); advisory
# locks belong to one database, so stores on one server do not wait for each other.
WRITE_LOCK = 7352
# What a NUL character in text is stored as: PostgreSQL's text cannot hold one.
NUL_REPLACEMENT = "\ufffd"

# "new address": the content was stored before under another address, recorded now as its own.
StoreOutcome = Literal["new", "new address", "unchanged"]


def as_db_url(value: str) -> str:
    """A database URL from a URL or a plain file path (``my.db`` -> ``sqlite:///my.db``); a
    PostgreSQL URL without a driver gets psycopg's (``postgresql://`` ->
    ``postgresql+psycopg://``)."""
    if "://" not in value:
        return f"sqlite:///{value}"
    for scheme in _POSTGRES_SCHEMES:
        if value.startswith(scheme):
            return POSTGRES_DRIVER_URL + value.removeprefix(scheme)
    return value


def shown_url(url: str) -> str:
    """The URL as messages show it: without its password."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


def without_nul(value: Any) -> Any:
    """``value`` with every NUL character in its text (also inside lists, tuples and mappings)
    replaced by ``NUL_REPLACEMENT``; PostgreSQL refuses NUL in text, SQLite keeps it, and the
    store must give the same back on both."""
    if isinstance(value, str):
        return value.replace("\x00", NUL_REPLACEMENT) if "\x00" in value else value
    if isinstance(value, Mapping):
        return {key: without_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(without_nul(item) for item in value)
    return value


def _replace_nul_in_parameters(engine: Engine) -> None:
    """Every statement's parameters go to the database without NUL characters in their text
    (written and compared alike; JSON is already escaped by then)."""

    @sa.event.listens_for(engine, "before_cursor_execute", retval=True)
    def _parameters(
        _connection: Connection,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> tuple[str, Any]:
        return statement, without_nul(parameters)


def take_turn(connection: Connection) -> None:
    """Wait for this write transaction's turn: on PostgreSQL an advisory lock held until the
    transaction ends, so that writers take turns as SQLite's database lock makes them, and each
    reads what the writers before it committed (the next version of a URL, free order keys,
    dirty story blocks, a ledger's positions, site line counts)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK)))


def _configure_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def _position_order() -> tuple[sa.Column[Any], ...]:
    """Positions in the order of their pages and sentences, then ids: positions that tie in
    ledger order (one sentence) then keep one order on every back end."""
    table = schema.positions
    return (table.c.page_id, table.c.sentence_index, table.c.id)


def _key_is(table: sa.Table, key: LedgerKey) -> list[sa.ColumnElement[bool]]:
    actor, counterpart, issue = key
    return [table.c.actor == actor, table.c.counterpart == counterpart, table.c.issue == issue]


def _shift_row(shift: Shift) -> dict[str, Any]:
    return {
        "actor": shift.actor,
        "counterpart": shift.counterpart,
        "issue": shift.issue,
        "from_position": shift.before.id,
        "to_position": shift.after.id,
        "from_stance": shift.before.stance,
        "to_stance": shift.after.stance,
        "date": shift.after.date.start if shift.after.date else None,
    }


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as the store holds it, with the page it came from."""

    page_id: int
    version: int
    ingested_at: datetime
    article: Article


def store_exists(url: str) -> bool:
    """Whether the store at ``url`` exists already: for an SQLite file, whether the file does
    (a server's database is taken to exist; opening it says otherwise)."""
    url = as_db_url(url)
    if not url.startswith("sqlite:///"):
        return True
    name = url.removeprefix("sqlite:///").split("?", 1)[0]
    return not name or name == ":memory:" or name.startswith("file:") or Path(name).exists()


def _create_private(name: str) -> None:
    """Create a new SQLite file (and its folder) readable and writable by its owner alone
    (0600); SQLite gives its -wal and -shm files the same permissions. An existing file keeps
    the ones it has."""
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


class Store:
    """Pages and articles in a SQL database (SQLAlchemy Core)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = as_db_url(url or DEFAULT_DB_URL)
        try:
            if self.url.startswith("sqlite:///"):
                _create_private(self.url.removeprefix("sqlite:///").split("?", 1)[0])
            self.engine = sa.create_engine(self.url)
            if self.engine.dialect.name == "sqlite":
                _configure_sqlite(self.engine)
            _replace_nul_in_parameters(self.engine)
            migrate(self.engine)
        except (SQLAlchemyError, OSError) as error:
            raise StoreError(f"{shown_url(self.url)}: cannot open the store ({error})") from None

    def close(self) -> None:
        if "revision" in self.__dict__:
            self.revision.close()
        self.engine.dispose()

    @functools.cached_property
    def revision(self) -> Revision:
        """What tells whether anyone has written to the store since (``revision.Revision``)."""
        return Revision(self.engine)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def has_page(self, content_hash: str) -> bool:
        with self.engine.connect() as connection:
            query = sa.select(schema.pages.c.id).where(schema.pages.c.content_hash == content_hash)
            return connection.execute(query).first() is not None

    def site_profiles(
        self, lines_by_site: Mapping[str, set[str]], keys_by_site: Mapping[str, set[str]]
    ) -> tuple[dict[str, SiteProfile], dict[str, set[str]]]:
        """Stored counts of the given lines per site, and which of the given page keys the
        store has already counted (so that they are not counted twice)."""
        profiles: dict[str, SiteProfile] = {}
        counted: dict[str, set[str]] = {}
        lines_table, pages_table = schema.site_lines, schema.site_pages
        with self.engine.connect() as connection:
            for site, lines in lines_by_site.items():
                total = connection.execute(
                    sa.select(sa.func.count()).where(pages_table.c.site == site)
                ).scalar_one()
                hashes = {line_hash(line): line for line in lines}
                counts: dict[str, int] = {}
                keys = list(hashes)
                for start in range(0, len(keys), LOOKUP_CHUNK):
                    chunk = keys[start : start + LOOKUP_CHUNK]
                    rows = connection.execute(
                        sa.select(lines_table.c.line_hash, lines_table.c.pages).where(
                            lines_table.c.site == site, lines_table.c.line_hash.in_(chunk)
                        )
                    )
                    counts.update({hashes[row.line_hash]: row.pages for row in rows})
                profiles[site] = SiteProfile(site=site, pages=total, line_pages=counts)
                wanted = list(keys_by_site.get(site, ()))
                counted[site] = set()
                for start in range(0, len(wanted), LOOKUP_CHUNK):
                    rows = connection.execute(
                        sa.select(pages_table.c.page_key).where(
                            pages_table.c.site == site,
                            pages_table.c.page_key.in_(wanted[start : start + LOOKUP_CHUNK]),
                        )
                    )
                    counted[site] |= {row.page_key for row in rows}
        return profiles, counted

    def add(
        self,
        page: Page,
        article: Article,
        events: Sequence[Event] = (),
        positions: Sequence[Position] = (),
    ) -> StoreOutcome:
        """Store a page with its article, events and positions in one transaction, and bring
        the shifts of the ledgers its positions join up to date. A page whose content is
        already there is ``unchanged``, or, arriving under an address the stored page does not
        have, a ``new address`` of it (see ``add_address``)."""
        if self.has_page(page.content_hash):
            return "new address" if self.add_address(page) else "unchanged"
        try:
            with self.engine.begin() as connection:
                take_turn(connection)
                page_id = self._insert_page(connection, page)
                connection.execute(sa.insert(schema.articles).values(article_row(page_id, article)))
                if events:
                    self._insert_events(connection, page_id, article, events)
                    mark_blocks(connection, events)
                found = fingerprint(article)
                if found is not None:
                    record_fingerprint(connection, page_id, found)
                if positions:
                    self._insert_positions(connection, page_id, positions)
                self._count_site_lines(connection, page)
        except IntegrityError:
            # Another writer stored the same content in the meantime.
            if self.has_page(page.content_hash):
                return "new address" if self.add_address(page) else "unchanged"
            raise
        except SQLAlchemyError as error:
            raise StoreError(f"{shown_url(self.url)}: cannot store {page.name} ({error})") from None
        return "new"

    def add_address(self, page: Page) -> bool:
        """Record the page's address as another address of the stored page of the same content
        (with the page's date and fetch time), in its own transaction; False when there is
        nothing to record (no address, no such content, an address already known)."""
        try:
            with self.engine.begin() as connection:
                take_turn(connection)
                return record_address(connection, page)
        except IntegrityError:
            # Another writer recorded the same address in the meantime.
            return False
        except SQLAlchemyError as error:
            raise StoreError(
                f"{shown_url(self.url)}: cannot record {page.name}'s address ({error})"
            ) from None

    def addresses(self, content_hash: str) -> list[PageAddress]:
        """The other addresses the stored page of this content arrived under, oldest first."""
        with self.engine.connect() as connection:
            return addresses_of(connection, content_hash)

    def update_stories(self) -> int:
        """Rebuild the stories of every block whose events changed, each block in its own
        transaction; the number of blocks rebuilt."""
        agencies = Agencies.load()
        with self.engine.connect() as connection:
            labels = dirty_blocks(connection)
        try:
            for label in labels:
                with self.engine.begin() as connection:
                    take_turn(connection)
                    rebuild_block(connection, label, agencies)
        except SQLAlchemyError as error:
            raise StoreError(f"{shown_url(self.url)}: cannot rebuild stories ({error})") from None
        return len(labels)

    def stories(
        self, since: date | None = None, until: date | None = None, limit: int | None = None
    ) -> list[Story]:
        """Stored stories dated (else first reported) in the period, in time order, with their
        reports; blocks waiting for a rebuild are rebuilt first."""
        self.update_stories()
        with self.engine.connect() as connection:
            return read_stories(connection, in_period(since, until), limit)

    def story_of_events(self) -> dict[str, str]:
        """Event id -> the id of the story it is a report of."""
        self.update_stories()
        table = schema.story_reports
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(table.c.event_id, table.c.story_id))
            return {row.event_id: row.story_id for row in rows}

    def published(self) -> dict[str, date | None]:
        """Page name -> the publication date of its article."""
        return {page: published for page, (published, _site) in self.page_facts().items()}

    def publication_days(self) -> list[date]:
        """The distinct publication dates of the stored articles, in order (an index scan)."""
        column = schema.articles.c.published
        query = sa.select(column).where(column.is_not(None)).distinct().order_by(column)
        with self.engine.connect() as connection:
            return list(connection.execute(query).scalars())

    def page_facts(
        self, pages: Iterable[str] | None = None
    ) -> dict[str, tuple[date | None, str | None]]:
        """Page name -> its article's publication date and site (of its latest version), for
        every page or for the ``pages`` named."""
        table = schema.articles
        query = sa.select(table.c.page, table.c.published, table.c.site).order_by(table.c.page_id)
        queries = [query]
        if pages is not None:
            wanted = sorted(set(pages))
            queries = [
                query.where(table.c.page.in_(wanted[start : start + LOOKUP_CHUNK]))
                for start in range(0, len(wanted), LOOKUP_CHUNK)
            ]
        facts: dict[str, tuple[date | None, str | None]] = {}
        with self.engine.connect() as connection:
            for chosen in queries:
                for row in connection.execute(chosen):
                    facts[row.page] = (row.published, row.site)
        return facts

    def copies(self) -> dict[str, str]:
        """Page name -> the page name of the original it is a syndicated copy of."""
        copy, original = schema.articles.alias("copy"), schema.articles.alias("original")
        query = (
            sa.select(copy.c.page.label("copy"), original.c.page.label("original"))
            .join(schema.copies, schema.copies.c.page_id == copy.c.page_id)
            .join(original, original.c.page_id == schema.copies.c.original_id)
            .order_by(copy.c.page_id)
        )
        with self.engine.connect() as connection:
            return {row.copy: row.original for row in connection.execute(query)}

    def _insert_events(
        self, connection: Connection, page_id: int, article: Article, events: Sequence[Event]
    ) -> None:
        """The events with their browsing order keys and the codes on their sides. An undated
        event stands at its article's publication date, else at the day it is stored."""
        fallback = article.published or datetime.now(UTC).date()
        days = [e.date.start if e.date and e.date.start else fallback for e in events]
        keys = free_keys(
            connection,
            schema.events.c.seq,
            [sort_key(d, e.id) for d, e in zip(days, events, strict=True)],
        )
        rows = [event_row(page_id, e, d, k) for e, d, k in zip(events, days, keys, strict=True)]
        connection.execute(sa.insert(schema.events), rows)
        codes = [
            {"code": code, "seq": key, "event_id": event.id}
            for event, key in zip(events, keys, strict=True)
            for code in sorted(actor_codes(event))
        ]
        if codes:
            connection.execute(sa.insert(schema.event_actors), codes)

    def _insert_positions(
        self, connection: Connection, page_id: int, positions: Sequence[Position]
    ) -> None:
        connection.execute(
            sa.insert(schema.positions), [position_row(page_id, p) for p in positions]
        )
        keys = {(p.id, key) for p in positions for key in ledger_keys(p)}
        if keys:
            connection.execute(
                sa.insert(schema.ledger),
                [
                    {"position_id": pid, "actor": a, "counterpart": c, "issue": i}
                    for pid, (a, c, i) in sorted(keys)
                ],
            )
        for key in sorted({key for _pid, key in keys}):
            self._update_shifts(connection, key)

    def _update_shifts(self, connection: Connection, key: LedgerKey) -> None:
        """Recompute one ledger's shifts from all its positions (pages come in any order)."""
        ledger, table = schema.ledger, schema.shifts
        rows = connection.execute(
            sa.select(schema.positions)
            .join(ledger, ledger.c.position_id == schema.positions.c.id)
            .where(*_key_is(ledger, key))
            .order_by(*_position_order())
        )
        found = [
            shift
            for shift in shifts(map(position_from_row, rows))
            if (shift.actor, shift.counterpart, shift.issue) == key
        ]
        connection.execute(sa.delete(table).where(*_key_is(table, key)))
        if found:
            connection.execute(sa.insert(table), [_shift_row(shift) for shift in found])

    def _insert_page(self, connection: Connection, page: Page) -> int:
        version = 1
        if page.url:
            latest = connection.execute(
                sa.select(sa.func.max(schema.pages.c.version)).where(schema.pages.c.url == page.url)
            ).scalar_one_or_none()
            version = (latest or 0) + 1
        result = connection.execute(
            sa.insert(schema.pages).values(
                content_hash=page.content_hash,
                name=page.name,
                url=page.url,
                version=version,
                site=site_of(page.url),
                kind=page.kind,
                origin=page.origin,
                encoding=page.encoding,
                published=page.published,
                fetched_at=page.fetched_at,
                ingested_at=datetime.now(UTC),
                content=page.content,
            )
        )
        return int(result.inserted_primary_key[0])

    def _count_site_lines(self, connection: Connection, page: Page) -> None:
        site = site_of(page.url)
        if site is None or page.kind != "text":
            return
        key = page_key(page)
        exists = connection.execute(
            sa.select(schema.site_pages.c.page_key).where(
                schema.site_pages.c.site == site, schema.site_pages.c.page_key == key
            )
        ).first()
        if exists:
            return
        connection.execute(sa.insert(schema.site_pages).values(site=site, page_key=key))
        table = schema.site_lines
        for line in sorted(site_lines(page)):
            digest = line_hash(line)
            updated = connection.execute(
                sa.update(table)
                .where(table.c.site == site, table.c.line_hash == digest)
                .values(pages=table.c.pages + 1)
            )
            if updated.rowcount == 0:
                connection.execute(
                    sa.insert(table).values(site=site, line_hash=digest, line=line, pages=1)
                )

    def articles(self, limit: int | None = None) -> Iterator[StoredArticle]:
        """Stored articles, the latest ingested first."""
        query = (
            sa.select(
                schema.articles,
                schema.pages.c.version,
                schema.pages.c.ingested_at,
                schema.pages.c.content_hash,
            )
            .join(schema.pages, schema.pages.c.id == schema.articles.c.page_id)
            .order_by(schema.pages.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield StoredArticle(
                    page_id=row.page_id,
                    version=row.version,
                    ingested_at=as_utc(row.ingested_at),
                    article=article_from_row(row),
                )

    def events(self, page: str | None = None, limit: int | None = None) -> Iterator[Event]:
        """Stored events in the order of their pages and sentences (then ids, so that events
        of one sentence come in the same order from every back end); of one page if given."""
        table = schema.events
        query = (
            sa.select(table)
            .order_by(table.c.page_id, table.c.sentence_index, table.c.id)
            .limit(limit)
        )
        if page is not None:
            query = query.where(table.c.page == page)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield event_from_row(row)

    def positions(self, actor: str | None = None) -> list[Position]:
        """Stored positions in ledger order (by time, then page and sentence); those whose
        actor is of country ``actor`` if given."""
        table = schema.positions
        query = sa.select(table).order_by(*_position_order())
        if actor is not None:
            query = query.where(table.c.actor_country == actor)
        with self.engine.connect() as connection:
            found = [position_from_row(row) for row in connection.execute(query)]
        return sorted(found, key=ledger_order)

    def shifts(self, actor: str | None = None) -> list[Shift]:
        """Stored shifts in time order (undated first), with both positions; of one actor
        country if given."""
        table = schema.shifts
        query = sa.select(table).order_by(sa.nulls_first(table.c.date), table.c.id)
        if actor is not None:
            query = query.where(table.c.actor == actor)
        with self.engine.connect() as connection:
            rows = list(connection.execute(query))
            ids = sorted({row.from_position for row in rows} | {row.to_position for row in rows})
            positions = {
                row.id: position_from_row(row)
                for start in range(0, len(ids), LOOKUP_CHUNK)
                for row in connection.execute(
                    sa.select(schema.positions).where(
                        schema.positions.c.id.in_(ids[start : start + LOOKUP_CHUNK])
                    )
                )
            }
        return [
            Shift(
                row.actor,
                row.counterpart,
                row.issue,
                positions[row.from_position],
                positions[row.to_position],
            )
            for row in rows
        ]

    # What the pages and the API read: each in a connection of its own.

    def browse_events(
        self,
        filters: Filters = NO_FILTERS,
        text: str | None = None,
        cursor: int | None = None,
        limit: int = 50,
    ) -> Listing[EventItem]:
        """One page of events, newest first (see ``browse.browse_events``)."""
        with self.engine.connect() as connection:
            return browse.browse_events(connection, filters, text, cursor, limit)

    def browse_stories(
        self,
        filters: Filters = NO_FILTERS,
        text: str | None = None,
        cursor: int | None = None,
        limit: int = 50,
    ) -> Listing[StoryItem]:
        """One page of stories, newest first (see ``browse.browse_stories``)."""
        with self.engine.connect() as connection:
            return browse.browse_stories(connection, filters, text, cursor, limit)

    def count_events(
        self, filters: Filters = NO_FILTERS, text: str | None = None
    ) -> tuple[int, bool]:
        """How many events a listing holds, and whether exactly (``browse.count_events``)."""
        with self.engine.connect() as connection:
            return browse.count_events(connection, filters, text)

    def latest_events(self, filters: Filters = NO_FILTERS, limit: int = 15) -> list[EventItem]:
        """The newest events, the most confident first within a day (``browse.latest_events``)."""
        with self.engine.connect() as connection:
            return browse.latest_events(connection, filters, limit)

    def known_places(self, limit: int = 500) -> list[tuple[str, str | None, int]]:
        """The places events happened at (name, country code), the most events first, and
        their numbers of events."""
        with self.engine.connect() as connection:
            return browse.known_places(connection, limit)

    def place_named(self, text: str) -> str | None:
        """The name, as events were placed, of a place whose name is the text, case aside."""
        with self.engine.connect() as connection:
            return browse.place_named(connection, text)

    def events_with_places(
        self, filters: Filters = NO_FILTERS, text: str | None = None
    ) -> list[Event]:
        """The events kept that have a place, for the map."""
        with self.engine.connect() as connection:
            return browse.events_with_places(connection, filters, text)

    def story(self, story_id: str) -> Story | None:
        """One story with every report, its blocks brought up to date first."""
        self.update_stories()
        with self.engine.connect() as connection:
            found = read_stories(connection, [schema.stories.c.id == story_id])
        return found[0] if found else None

    def actor_summary(
        self, code: str, since: date | None = None, until: date | None = None
    ) -> ActorSummary | None:
        """An actor's weekly counts and counterparts over a period (``actors.actor_summary``)."""
        with self.engine.connect() as connection:
            return actors.actor_summary(connection, code, since, until)

    def known_actors(self, limit: int = 200) -> list[tuple[str, int]]:
        """The actor codes with the most events, and their counts."""
        with self.engine.connect() as connection:
            return actors.known_actors(connection, limit)

    def version(self) -> tuple[int | None, int]:
        """Changes whenever pages are stored: the newest page's id and the count of story
        blocks."""
        with self.engine.connect() as connection:
            newest, blocks = connection.execute(
                sa.select(
                    sa.select(sa.func.max(schema.pages.c.id)).scalar_subquery(),
                    sa.select(sa.func.count()).select_from(schema.story_blocks).scalar_subquery(),
                )
            ).one()
        return newest, blocks

    def counts(self) -> dict[str, int]:
        """Number of rows per table: a quick view of what the store holds."""
        with self.engine.connect() as connection:
            return {
                table.name: connection.execute(
                    sa.select(sa.func.count()).select_from(table)
                ).scalar_one()
                for table in schema.metadata.sorted_tables
            }
