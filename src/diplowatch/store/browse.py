"""Browsing the store a page at a time, newest first: events and stories filtered as on the
command line (``query.Filters``), with full-text search, and a cursor to the next page.

Everything is ordered by one integer key (``store.order``), so a page is one index range scan
that stops after a page's worth of rows, whatever the size of the store. An actor's events are
read from the ``event_actors`` index, a search from the full-text index (SQLite FTS5, whose row
ids are the order keys; PostgreSQL's tsvector). A watch is first narrowed in SQL to events that
could follow it (its codes and places, or its keywords anywhere in the sentence), then checked
exactly with ``Watch.follows_event``, so pages hold exactly what the command line would keep.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from diplowatch.query import Filters, confidence_order
from diplowatch.records import Event, Story
from diplowatch.store import schema
from diplowatch.store.order import after_key, first_key
from diplowatch.store.rows import event_from_row
from diplowatch.store.stories import read_stories
from diplowatch.watches import Watch

T = TypeVar("T")

MAX_PAGE = 500
# How many of the newest events a PostgreSQL search looks among first.
PROBE = 5000
NO_FILTERS = Filters()
# SQLite's full-text index of event sentences; its row ids are the events' order keys.
_SEARCH = sa.table("events_search", sa.column("rowid", sa.BigInteger), sa.column("events_search"))


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """One page of results, and the cursor that gives the next (None: this was the last)."""

    items: list[T]
    next_cursor: int | None


@dataclass(frozen=True, slots=True)
class EventItem:
    """An event as listed: with its order key, the day it stands at, and its story if any."""

    event: Event
    seq: int
    day: Any
    story: str | None


@dataclass(frozen=True, slots=True)
class StoryItem:
    story: Story
    seq: int


def search_terms(text: str) -> list[str]:
    """The words and "quoted phrases" of a search box, lower-cased; nothing else of the text is
    passed on, so no input can be read as search syntax."""
    found = []
    for phrase, word in re.findall(r'"([^"]*)"|([\w\'-]+)', text):
        words = re.findall(r"\w+", (phrase or word).casefold())
        if words:
            found.append(" ".join(words))
    return found


def _fts5_query(terms: Sequence[str]) -> str:
    """All terms, each a quoted FTS5 phrase (double quotes never occur inside: ``\\w+`` only)."""
    return " ".join(f'"{term}"' for term in terms)


def _tsquery(terms: Sequence[str]) -> sa.ColumnElement[Any]:
    """All terms as a PostgreSQL tsquery; phrases keep their word order."""
    parts = [sa.func.phraseto_tsquery("english", term) for term in terms]
    query = parts[0]
    for part in parts[1:]:
        query = query.op("&&")(part)
    return query


def _period(key: sa.ColumnElement[int], filters: Filters) -> list[sa.ColumnElement[bool]]:
    found = []
    if filters.since is not None:
        found.append(key >= first_key(filters.since))
    if filters.until is not None:
        found.append(key < after_key(filters.until))
    return found


def _sides_are(codes: Sequence[str]) -> sa.ColumnElement[bool]:
    t = schema.events
    columns = (t.c.source_country, t.c.target_country, t.c.source_actor, t.c.target_actor)
    return sa.or_(*(column.in_(codes) for column in columns))


def _could_follow(watch: Watch) -> sa.ColumnElement[bool]:
    """Events that may follow the watch: a superset of ``Watch.follows_event`` in SQL."""
    t = schema.events
    places = [place.casefold() for place in watch.places]
    found = [
        _sides_are(watch.parties),
        t.c.place_country.in_(watch.parties),
    ]
    if places:
        found.append(sa.func.lower(t.c.place_name).in_(places))
    terms = [*watch.places, *watch.keywords]
    if watch.actors and terms:
        named = sa.or_(*(t.c.sentence.ilike(f"%{term}%") for term in terms))
        found.append(sa.and_(_sides_are(watch.actors), named))
    return sa.or_(*found)


def _exact(filters: Filters) -> Callable[[Event], bool]:
    """What the SQL did not decide exactly: the watch."""
    watch = filters.watch
    return (lambda _event: True) if watch is None else watch.follows_event


def _events_select(
    connection: Connection, filters: Filters, text: str | None
) -> tuple[sa.Select[Any], sa.ColumnElement[int]]:
    """The query of the events kept, and the order key it is read by (newest first)."""
    t, actors = schema.events, schema.event_actors
    terms = search_terms(text or "")
    query = sa.select(t)
    key: sa.ColumnElement[int] = t.c.seq
    sqlite = connection.dialect.name == "sqlite"
    if terms and sqlite:
        query = query.join(_SEARCH, _SEARCH.c.rowid == t.c.seq).where(
            _SEARCH.c.events_search.op("MATCH")(_fts5_query(terms))
        )
        key = _SEARCH.c.rowid
    elif terms:
        query = query.where(sa.literal_column("events.search").op("@@")(_tsquery(terms)))
    if filters.actor is not None:
        if key is t.c.seq:
            query = query.join(actors, actors.c.seq == t.c.seq)
            query = query.where(actors.c.code == filters.actor)
            key = actors.c.seq
        else:
            query = query.where(_sides_are([filters.actor]))
    if filters.type is not None:
        query = query.where(t.c.type == filters.type)
    if filters.place is not None:
        query = query.where(_placed(filters.place))
    if filters.certainty is not None:
        query = query.where(t.c.certainty == filters.certainty)
    if filters.min_confidence is not None:
        # As ``query.is_confident``: events read by the rules alone have none and are kept.
        query = query.where(
            sa.or_(t.c.confidence.is_(None), t.c.confidence >= filters.min_confidence)
        )
    if filters.watch is not None:
        query = query.where(_could_follow(filters.watch))
    query = query.where(*_period(key, filters))
    return query.add_columns(key.label("order_key")).order_by(key.desc()), key


def _pages(
    connection: Connection,
    query: sa.Select[Any],
    key: sa.ColumnElement[int],
    cursor: int | None,
    size: int,
) -> Iterator[Any]:
    """Rows of the query from the cursor on, ``size`` first, then in growing rounds (rows
    that are checked in Python too may not all be kept)."""
    while True:
        bounded = query if cursor is None else query.where(key < cursor)
        rows = connection.execute(bounded.limit(size)).fetchall()
        yield from rows
        if len(rows) < size:
            return
        cursor = rows[-1].order_key
        size = min(size * 4, 5000)


def _fill(
    rows: Iterator[Any], keep: Callable[[Event], bool], limit: int
) -> tuple[list[tuple[Any, Event]], int | None]:
    """Up to ``limit`` rows whose events are kept, and the cursor after them if more are."""
    kept: list[tuple[Any, Event]] = []
    for row in rows:
        event = event_from_row(row)
        if keep(event):
            if len(kept) == limit:
                return kept, kept[-1][0].order_key
            kept.append((row, event))
    return kept, None


def _search_recent(
    connection: Connection, filters: Filters, text: str | None, cursor: int | None, limit: int
) -> tuple[list[tuple[Any, Event]], int | None] | None:
    """PostgreSQL: a search among the ``PROBE`` newest events the other filters keep, when that
    fills the page; else None. PostgreSQL misjudges how common a phrase is and may sort every
    match of a common one; among the newest events a common phrase fills the page at once,
    and a rare one is left to the full-text index, whose matches are then few."""
    terms = search_terms(text or "")
    if not terms or connection.dialect.name != "postgresql":
        return None
    query, key = _events_select(connection, filters, None)
    if cursor is not None:
        query = query.where(key < cursor)
    search = sa.literal_column("events.search").label("search")
    recent = query.add_columns(search).limit(PROBE).subquery()
    rows = connection.execute(
        sa.select(recent)
        .where(recent.c.search.op("@@")(_tsquery(terms)))
        .order_by(recent.c.order_key.desc())
        .limit(limit + 1)
    ).fetchall()
    kept, next_cursor = _fill(iter(rows), _exact(filters), limit)
    return (kept, next_cursor) if next_cursor is not None else None


def browse_events(
    connection: Connection,
    filters: Filters = NO_FILTERS,
    text: str | None = None,
    cursor: int | None = None,
    limit: int = 50,
) -> Listing[EventItem]:
    """One page of the events kept, newest first; ``cursor`` is a page's ``next_cursor``."""
    limit = max(1, min(limit, MAX_PAGE))
    exact = _exact(filters)
    found = _search_recent(connection, filters, text, cursor, limit)
    if found is not None:
        kept, next_cursor = found
    else:
        query, key = _events_select(connection, filters, text)
        rows = _pages(connection, query, key, cursor, limit + 1)
        kept, next_cursor = _fill(rows, exact, limit)
    stories = _stories_of(connection, [event.id for _, event in kept])
    items = [EventItem(event, row.seq, row.day, stories.get(event.id)) for row, event in kept]
    return Listing(items, next_cursor)


# A count the SQL cannot make exactly (a watch's filter is Python's) reads at most this many
# of the rows the SQL keeps; past it the count is "at least".
COUNT_READ = 20_000


def count_events(
    connection: Connection, filters: Filters = NO_FILTERS, text: str | None = None
) -> tuple[int, bool]:
    """How many events the listing of these filters holds, and whether that is exact (False:
    at least that many)."""
    query, _key = _events_select(connection, filters, text)
    if filters.watch is None:
        counted = sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
        return connection.execute(counted).scalar_one(), True
    keep = _exact(filters)
    found = 0
    for read, row in enumerate(connection.execute(query.limit(COUNT_READ + 1)), start=1):
        if read > COUNT_READ:
            return found, False
        found += keep(event_from_row(row))
    return found, True


def latest_events(
    connection: Connection, filters: Filters = NO_FILTERS, limit: int = 15
) -> list[EventItem]:
    """The newest ``limit`` events kept, newest day first and, within a day, the most confident
    first (those without a confidence last, then by order key)."""
    found = browse_events(connection, filters, limit=limit)
    items = found.items
    if found.next_cursor is not None:
        # The last day shown may go on past the page: its most confident events belong on it.
        last = items[-1].day
        rest = browse_events(connection, replace(filters, since=last, until=last), limit=MAX_PAGE)
        items = list({item.event.id: item for item in [*items, *rest.items]}.values())
    return sorted(items, key=_newest_most_confident)[:limit]


def _newest_most_confident(item: EventItem) -> tuple[int, tuple[bool, float], int]:
    return (-item.day.toordinal(), confidence_order(item.event.confidence), -item.seq)


def _stories_of(connection: Connection, event_ids: Sequence[str]) -> dict[str, str]:
    if not event_ids:
        return {}
    links = schema.story_reports
    rows = connection.execute(
        sa.select(links.c.event_id, links.c.story_id).where(links.c.event_id.in_(event_ids))
    )
    return {row.event_id: row.story_id for row in rows}


def _placed(place: str) -> sa.ColumnElement[bool]:
    """Events in the country of this code, or at the place of this name: each one index range
    by order key."""
    t = schema.events
    if re.fullmatch(r"[A-Z]{3}", place):
        return t.c.place_country == place
    return t.c.place_name == place


def _stories_select(
    connection: Connection, filters: Filters, text: str | None
) -> tuple[sa.Select[Any], sa.ColumnElement[int]]:
    t = schema.stories
    key = t.c.seq
    query = sa.select(t.c.id, key.label("order_key")).order_by(key.desc())
    terms = search_terms(text or "")
    if terms:
        matching, _ = _events_select(connection, NO_FILTERS, text)
        ids = matching.with_only_columns(schema.events.c.id).order_by(None)
        links = schema.story_reports
        query = query.where(
            t.c.id.in_(sa.select(links.c.story_id).where(links.c.event_id.in_(ids)))
        )
    if filters.type is not None:
        query = query.where(t.c.type == filters.type)
    if filters.place is not None:
        links, events = schema.story_reports, schema.events
        placed = sa.select(links.c.story_id).join(events, events.c.id == links.c.event_id)
        query = query.where(t.c.id.in_(placed.where(_placed(filters.place))))
    if filters.actor is not None and re.fullmatch(r"[A-Z]{2,5}", filters.actor):
        query = query.where(
            sa.or_(t.c.source_country == filters.actor, t.c.target_country == filters.actor)
        )
    return query.where(*_period(key, filters)), key


def browse_stories(
    connection: Connection,
    filters: Filters = NO_FILTERS,
    text: str | None = None,
    cursor: int | None = None,
    limit: int = 50,
) -> Listing[StoryItem]:
    """One page of the stories kept, newest first, each with all its reports."""
    limit = max(1, min(limit, MAX_PAGE))
    query, key = _stories_select(connection, filters, text)
    found: list[StoryItem] = []
    bounded, size = cursor, limit + 1
    while True:
        page = query if bounded is None else query.where(key < bounded)
        rows = connection.execute(page.limit(size)).fetchall()
        if not rows:
            return Listing(found, None)
        keys = {row.id: row.order_key for row in rows}
        stories = read_stories(connection, [schema.stories.c.id.in_(list(keys))])
        stories.sort(key=lambda story: keys[story.id], reverse=True)
        for story in filters.stories(stories):
            if len(found) == limit:
                return Listing(found, found[-1].seq)
            found.append(StoryItem(story, keys[story.id]))
        if len(rows) < size:
            return Listing(found, None)
        bounded, size = rows[-1].order_key, min(size * 4, 5000)


def known_places(connection: Connection, limit: int = 500) -> list[tuple[str, str | None, int]]:
    """The places events happened at, the most events first: name, country, events."""
    t = schema.events
    count = sa.func.count().label("events")
    rows = connection.execute(
        sa.select(t.c.place_name, t.c.place_country, count)
        .where(t.c.place_name.is_not(None))
        .group_by(t.c.place_name, t.c.place_country)
        .order_by(count.desc())
        .limit(limit)
    )
    found = ((row.place_name, row.place_country, row.events) for row in rows)
    return sorted(found, key=lambda item: (-item[2], item[0], item[1] or ""))


def place_named(connection: Connection, text: str) -> str | None:
    """The name, as events were placed, of a place whose name is the text, case aside."""
    t = schema.events
    query = sa.select(t.c.place_name).where(sa.func.lower(t.c.place_name) == text.casefold())
    return connection.execute(query.limit(1)).scalar_one_or_none()


def reads_in_sql(view: str, filters: Filters) -> bool:
    """Whether the SQL alone decides which rows a listing of the view keeps, so that a page
    reads a bounded number of rows: no watch (a Python check) and, for stories, neither
    certainty, confidence nor an actor id, which stories keep by their reports."""
    if filters.watch is not None:
        return False
    if view == "events":
        return True
    actor = filters.actor
    return (
        filters.certainty is None
        and filters.min_confidence is None
        and (actor is None or re.fullmatch(r"[A-Z]{2,5}", actor) is not None)
    )


def events_with_places(
    connection: Connection,
    filters: Filters = NO_FILTERS,
    text: str | None = None,
    most: int = 5000,
) -> list[Event]:
    """The newest ``most`` events kept that happened at a named place (for the map)."""
    query, _ = _events_select(connection, filters, text)
    query = query.where(schema.events.c.place_name.is_not(None))
    exact = _exact(filters)
    events = map(event_from_row, connection.execute(query.limit(most)))
    return [event for event in events if exact(event)]
