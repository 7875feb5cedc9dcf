"""The feeds each watch follows, in the store: their validators for conditional requests, how
the last poll went, and the article addresses they listed with what became of each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Literal

import sqlalchemy as sa

from diplowatch.records import Feed, FeedStatus
from diplowatch.store import schema
from diplowatch.store.database import Store, as_utc, take_turn

EntryState = Literal["stored", "failed"]


def _feed(row: sa.Row) -> Feed:
    return Feed(
        id=row.id,
        watch=row.watch,
        url=row.url,
        etag=row.etag,
        last_modified=row.last_modified,
        checked_at=as_utc(row.checked_at) if row.checked_at else None,
        status=row.status,
        problem=row.problem,
        entries=row.entries,
    )


def add_feeds(store: Store, watch: str, urls: Iterable[str]) -> list[str]:
    """Follow the feeds for a watch; the addresses that were not followed already."""
    added = []
    table = schema.feeds
    with store.engine.begin() as connection:
        take_turn(connection)
        for url in dict.fromkeys(urls):
            known = sa.select(table.c.id).where(table.c.watch == watch, table.c.url == url)
            if connection.execute(known).first() is not None:
                continue
            connection.execute(
                sa.insert(table).values(
                    watch=watch, url=url, added_at=datetime.now(UTC), status="new", entries=0
                )
            )
            added.append(url)
    return added


def remove_feeds(store: Store, watch: str, urls: Sequence[str] = ()) -> int:
    """Stop following the given feeds of a watch (all of them when none is given)."""
    table = schema.feeds
    condition = table.c.watch == watch
    if urls:
        condition = condition & table.c.url.in_(urls)
    with store.engine.begin() as connection:
        take_turn(connection)
        ids = [row.id for row in connection.execute(sa.select(table.c.id).where(condition))]
        if ids:
            entries = schema.feed_entries
            connection.execute(sa.delete(entries).where(entries.c.feed_id.in_(ids)))
            connection.execute(sa.delete(table).where(table.c.id.in_(ids)))
    return len(ids)


def list_feeds(store: Store, watch: str | None = None) -> list[Feed]:
    """The feeds followed (of one watch), in the order they were added."""
    query = sa.select(schema.feeds).order_by(schema.feeds.c.id)
    if watch is not None:
        query = query.where(schema.feeds.c.watch == watch)
    with store.engine.connect() as connection:
        return [_feed(row) for row in connection.execute(query)]


def record_check(
    store: Store,
    feed: Feed,
    status: FeedStatus,
    *,
    problem: str | None = None,
    entries: int | None = None,
) -> None:
    """How a poll of the feed went."""
    values: dict[str, object] = {
        "checked_at": datetime.now(UTC),
        "status": status,
        "problem": problem,
    }
    if entries is not None:
        values["entries"] = entries
    _update(store, feed, values)


def record_validators(
    store: Store, feed: Feed, etag: str | None, last_modified: str | None
) -> None:
    """The validators the feed's next poll sends (If-None-Match, If-Modified-Since)."""
    _update(store, feed, {"etag": etag, "last_modified": last_modified})


def _update(store: Store, feed: Feed, values: dict[str, object]) -> None:
    with store.engine.begin() as connection:
        take_turn(connection)
        connection.execute(
            sa.update(schema.feeds).where(schema.feeds.c.id == feed.id).values(**values)
        )


def entries_to_fetch(store: Store, urls: Sequence[str], max_attempts: int) -> list[str]:
    """Of a feed's article addresses, those to fetch: neither stored (from this feed or any
    other way) nor failed ``max_attempts`` times already; in the feed's order."""
    wanted = list(dict.fromkeys(urls))
    done: set[str] = set()
    entries, pages = schema.feed_entries, schema.pages
    with store.engine.connect() as connection:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            finished = (entries.c.state == "stored") | (entries.c.attempts >= max_attempts)
            query = sa.select(entries.c.url).where(entries.c.url.in_(chunk), finished)
            done.update(connection.scalars(query))
            done.update(connection.scalars(sa.select(pages.c.url).where(pages.c.url.in_(chunk))))
    return [url for url in wanted if url not in done]


def record_entry(
    store: Store, feed: Feed, url: str, state: EntryState, problem: str | None = None
) -> None:
    """What became of an article address a feed listed (a failure counts one attempt)."""
    table = schema.feed_entries
    with store.engine.begin() as connection:
        take_turn(connection)
        row = connection.execute(sa.select(table).where(table.c.url == url)).first()
        attempts = (row.attempts if row else 0) + (state == "failed")
        values = {"feed_id": feed.id, "state": state, "attempts": attempts, "problem": problem}
        if row is None:
            connection.execute(
                sa.insert(table).values(url=url, first_seen=datetime.now(UTC), **values)
            )
        else:
            connection.execute(sa.update(table).where(table.c.url == url).values(**values))
